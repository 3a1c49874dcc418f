// Package torch is the catalog of torch.nn layers: which parameters and
// buffers a module registers (names, shapes) and the shape of its output,
// as torch 1.13 computes them (torch/nn/modules/*.py). Configs are the
// module's constructor arguments, normalized: tuples as []int64 with one
// entry per spatial dim, ints as int64.
//
// It imports catalog and graph only.
package torch

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Config is a module's constructor arguments.
type Config = catalog.Config

// Error is an error torch raises as another exception class than
// RuntimeError (ValueError, IndexError, AssertionError).
type Error struct {
	Kind string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func errKind(kind, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Param is one parameter or buffer a module registers.
type Param struct {
	Name   string
	Shape  []int64
	Buffer bool
	DType  string // "float32" unless set
	// Factors names the numbers behind each dim of Shape, in torch's
	// words (a Conv2d weight is out_channels · in_channels · kernel_h ·
	// kernel_w; an LSTM's weight_ih_l0 is gates·hidden_size · input_size):
	// len(Factors) == len(Shape), and each dim is the product of its
	// factors. explain reads them (graph.Weight.Factors).
	Factors [][]graph.Factor
}

// fd is a dim made of named factors given as name, value pairs:
// fd("gates", 4, "hidden_size", 64).
func fd(nv ...any) []graph.Factor {
	var out []graph.Factor
	for i := 0; i+1 < len(nv); i += 2 {
		out = append(out, graph.Factor{Name: nv[i].(string), Value: nv[i+1].(int64)})
	}
	return out
}

// fds is one factor per dim, named.
func fds(names []string, shape []int64) [][]graph.Factor {
	out := make([][]graph.Factor, len(shape))
	for i, d := range shape {
		out[i] = fd(names[i], d)
	}
	return out
}

// kernelNames names the kernel dims of a dims-D convolution or pool.
func kernelNames(dims int) []string {
	switch dims {
	case 1:
		return []string{"kernel_len"}
	case 2:
		return []string{"kernel_h", "kernel_w"}
	case 3:
		return []string{"kernel_d", "kernel_h", "kernel_w"}
	}
	out := make([]string, dims)
	for i := range out {
		out[i] = fmt.Sprintf("kernel_%d", i)
	}
	return out
}

// Spec describes one module class.
type Spec struct {
	Family string // conv, linear, norm, activation, pool, recurrent, ...
	// Params lists the parameters and buffers, in registration order.
	Params func(c Config) ([]Param, error)
	// Output computes the output shape from the first input's shape; nil
	// means the output has the input's shape.
	Output func(c Config, in []int64) ([]int64, error)
}

var specs = map[string]*Spec{}

// Lookup returns the spec of a torch.nn class, or nil.
func Lookup(class string) *Spec { return specs[class] }

// Classes lists the catalogued class names.
func Classes() []string {
	out := make([]string, 0, len(specs))
	for k := range specs {
		out = append(out, k)
	}
	return out
}

func ints(c Config, key string, n int, def int64) []int64 {
	v, ok := c[key]
	if n < 0 && (!ok || v == nil) {
		return nil
	}
	if !ok || v == nil {
		out := make([]int64, n)
		for i := range out {
			out[i] = def
		}
		return out
	}
	if l, ok := v.([]int64); ok && (n < 0 || len(l) == n) {
		return append([]int64(nil), l...)
	}
	if l, ok := v.([]int64); ok && len(l) == 1 {
		v = l[0]
	}
	l, err := catalog.IntList(v, n)
	if err != nil {
		if n < 0 {
			return nil
		}
		out := make([]int64, n)
		for i := range out {
			out[i] = def
		}
		return out
	}
	return l
}

func num(c Config, key string, def int64) int64 {
	v, err := c.Int(def, key)
	if err != nil {
		return def
	}
	return v
}

func flag(c Config, key string, def bool) bool {
	v, err := c.Bool(def, key)
	if err != nil {
		return def
	}
	return v
}

// ConvOut is torch's output length of a convolution along one axis:
// floor((in + 2p - d(k-1) - 1)/s) + 1.
func ConvOut(in, k, s, p, d int64) (int64, error) {
	if in < 0 {
		return -1, nil
	}
	if s <= 0 {
		return 0, fmt.Errorf("stride must be positive, got %d", s)
	}
	n := in + 2*p - d*(k-1) - 1
	if n < 0 {
		return 0, fmt.Errorf("input size %d (padded %d) is smaller than the kernel size %d", in, in+2*p, d*(k-1)+1)
	}
	return n/s + 1, nil
}

// PoolOut is torch's pooling output length (ceil_mode included).
func PoolOut(in, k, s, p, d int64, ceil bool) (int64, error) {
	if in < 0 {
		return -1, nil
	}
	if s == 0 {
		return 0, fmt.Errorf("stride should not be zero")
	}
	if s < 0 {
		return 0, fmt.Errorf("stride should be greater than zero, but got %d", s)
	}
	if 2*p > k {
		return 0, fmt.Errorf("pad should be at most half of kernel size, but got pad=%d and kernel_size=%d", p, k)
	}
	n := in + 2*p - d*(k-1) - 1
	if n < 0 {
		return 0, fmt.Errorf("output size is too small (input %d, kernel %d)", in, k)
	}
	var out int64
	if ceil {
		out = (n+s-1)/s + 1
		if (out-1)*s >= in+p {
			out--
		}
	} else {
		out = n/s + 1
	}
	return out, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// ConvTransposeOut is (in-1)s - 2p + d(k-1) + output_padding + 1.
func ConvTransposeOut(in, k, s, p, d, op int64) int64 {
	if in < 0 {
		return -1
	}
	return (in-1)*s - 2*p + d*(k-1) + op + 1
}

func checkRank(class string, in []int64, dims int) error {
	if len(in) != dims+2 && len(in) != dims+1 {
		fn := strings.ToLower(class)
		if strings.HasPrefix(class, "ConvTranspose") {
			fn = fmt.Sprintf("conv_transpose%dd", dims)
		}
		return fmt.Errorf("Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s", dims+1, dims+2, fn, list(in))
	}
	return nil
}

// list prints a shape as torch does in errors: [1, 3, 8, 8].
func list(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func joinX(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, " x ")
}

func convSpec(dims int, transpose bool) *Spec {
	class := fmt.Sprintf("Conv%dd", dims)
	if transpose {
		class = fmt.Sprintf("ConvTranspose%dd", dims)
	}
	return &Spec{Family: "conv",
		Params: func(c Config) ([]Param, error) {
			in, out, g := num(c, "in_channels", 0), num(c, "out_channels", 0), num(c, "groups", 1)
			if g <= 0 || in%g != 0 {
				return nil, fmt.Errorf("in_channels must be divisible by groups")
			}
			if out%g != 0 {
				return nil, fmt.Errorf("out_channels must be divisible by groups")
			}
			k := ints(c, "kernel_size", dims, 1)
			var w []int64
			var names []string
			if transpose {
				w = append([]int64{in, out / g}, k...)
				names = []string{"in_channels", "out_channels"}
				if g != 1 {
					names[1] = "out_channels_per_group"
				}
			} else {
				w = append([]int64{out, in / g}, k...)
				names = []string{"out_channels", "in_channels"}
				if g != 1 {
					names[1] = "in_channels_per_group"
				}
			}
			names = append(names, kernelNames(dims)...)
			ps := []Param{{Name: "weight", Shape: w, Factors: fds(names, w)}}
			if flag(c, "bias", true) {
				ps = append(ps, Param{Name: "bias", Shape: []int64{out}, Factors: fds([]string{"out_channels"}, []int64{out})})
			}
			return ps, nil
		},
		Output: func(c Config, in []int64) ([]int64, error) {
			if err := checkRank(class, in, dims); err != nil {
				return nil, err
			}
			chIdx := len(in) - dims - 1
			k := ints(c, "kernel_size", dims, 1)
			s := ints(c, "stride", dims, 1)
			d := ints(c, "dilation", dims, 1)
			if ic := num(c, "in_channels", 0); in[chIdx] >= 0 && in[chIdx] != ic {
				ps, _ := specs[class].Params(c)
				w := list(ps[0].Shape)
				batched := append([]int64(nil), in...)
				if chIdx == 0 {
					batched = append([]int64{1}, in...)
				}
				if transpose {
					return nil, fmt.Errorf("Given transposed=1, weight of size %s, expected input%s to have %d channels, but got %d channels instead", w, list(batched), ic, in[chIdx])
				}
				return nil, fmt.Errorf("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d channels instead", num(c, "groups", 1), w, list(batched), ic, in[chIdx])
			}
			if pm, _ := c["padding_mode"].(string); !transpose && (pm == "reflect" || pm == "circular") {
				if ps, _ := c["padding"].(string); ps == "" {
					// F.pad of the input before the convolution (reflect:
					// reflection_pad's own check).
					p := ints(c, "padding", dims, 0)
					var pads []int64
					for i := dims - 1; i >= 0; i-- {
						pads = append(pads, p[i], p[i])
					}
					if pm == "reflect" {
						if _, err := padOutput(fmt.Sprintf("ReflectionPad%dd", dims))(Config{"padding": pads}, in); err != nil {
							return nil, err
						}
					} else {
						for i := 0; i < dims; i++ {
							if x := in[chIdx+1+i]; x >= 0 && p[i] > x {
								return nil, fmt.Errorf("Padding value causes wrapping around more than once.")
							}
						}
					}
				}
			}
			if !transpose {
				p := ints(c, "padding", dims, 0)
				if ps, _ := c["padding"].(string); ps != "" {
					p = make([]int64, dims)
				}
				padded, eff := make([]int64, dims), make([]int64, dims)
				small := false
				for i := 0; i < dims; i++ {
					x := in[chIdx+1+i]
					if ps, _ := c["padding"].(string); ps == "same" {
						x += d[i] * (k[i] - 1)
					}
					padded[i], eff[i] = x+2*p[i], d[i]*(k[i]-1)+1
					if in[chIdx+1+i] >= 0 && padded[i] < eff[i] {
						small = true
					}
				}
				if small {
					return nil, fmt.Errorf("Calculated padded input size per channel: (%s). Kernel size: (%s). Kernel size can't be greater than actual input size", joinX(padded), joinX(eff))
				}
			}
			out := append([]int64(nil), in[:chIdx]...)
			out = append(out, num(c, "out_channels", 0))
			if transpose {
				p := ints(c, "padding", dims, 0)
				op := ints(c, "output_padding", dims, 0)
				for i := 0; i < dims; i++ {
					out = append(out, ConvTransposeOut(in[chIdx+1+i], k[i], s[i], p[i], d[i], op[i]))
				}
				return out, nil
			}
			if ps, _ := c["padding"].(string); ps != "" {
				for i := 0; i < dims; i++ {
					x := in[chIdx+1+i]
					if ps == "same" || x < 0 {
						out = append(out, x)
						continue
					}
					o, err := ConvOut(x, k[i], s[i], 0, d[i])
					if err != nil {
						return nil, fmt.Errorf("%s: %v", class, err)
					}
					out = append(out, o)
				}
				return out, nil
			}
			p := ints(c, "padding", dims, 0)
			for i := 0; i < dims; i++ {
				o, err := ConvOut(in[chIdx+1+i], k[i], s[i], p[i], d[i])
				if err != nil {
					return nil, fmt.Errorf("%s: %v", class, err)
				}
				out = append(out, o)
			}
			return out, nil
		}}
}

func poolSpec(dims int, maxPool bool) *Spec {
	return &Spec{Family: "pool", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) < dims+1 {
			return nil, fmt.Errorf("pooling: input %v has too few dims", in)
		}
		k := ints(c, "kernel_size", dims, 1)
		s := k
		if c["stride"] != nil {
			s = ints(c, "stride", dims, 1)
		}
		p := ints(c, "padding", dims, 0)
		d := ints(c, "dilation", dims, 1)
		if !maxPool {
			d = ints(nil, "", dims, 1)
		}
		ceil := flag(c, "ceil_mode", false)
		out := append([]int64(nil), in[:len(in)-dims]...)
		small := false
		for i := 0; i < dims; i++ {
			x := in[len(in)-dims+i]
			o, err := PoolOut(x, k[i], s[i], p[i], d[i], ceil)
			if err != nil {
				if x < 0 || !strings.HasPrefix(err.Error(), "output size is too small") {
					return nil, err
				}
				small, o = true, floorDiv(x+2*p[i]-d[i]*(k[i]-1)-1, s[i])+1
			}
			if o <= 0 && x >= 0 {
				small = true
			}
			out = append(out, o)
		}
		if small {
			// torch prints (C x spatial...) for both
			ci := len(in) - dims - 1
			if ci < 0 {
				ci = 0
			}
			return nil, fmt.Errorf("Given input size: (%s). Calculated output size: (%s). Output size is too small",
				strings.ReplaceAll(joinX(in[ci:]), " ", ""), strings.ReplaceAll(joinX(out[ci:]), " ", ""))
		}
		return out, nil
	}}
}

func adaptiveSpec(dims int, maxPool bool) *Spec {
	fn := fmt.Sprintf("adaptive_avg_pool%dd", dims)
	if maxPool {
		fn = fmt.Sprintf("adaptive_max_pool%dd", dims)
	}
	return &Spec{Family: "pool", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) < dims+1 {
			return nil, fmt.Errorf("adaptive pooling: input %v has too few dims", in)
		}
		os := c["output_size"]
		out := append([]int64(nil), in[:len(in)-dims]...)
		var list []any
		switch v := os.(type) {
		case []any:
			list = v
		case []int64:
			for _, x := range v {
				list = append(list, x)
			}
		default:
			for i := 0; i < dims; i++ {
				list = append(list, v)
			}
		}
		if len(list) != dims {
			return nil, fmt.Errorf("%s: output_size must be %d", fn, dims)
		}
		for i := 0; i < dims; i++ {
			if i >= len(list) || list[i] == nil {
				out = append(out, in[len(in)-dims+i])
				continue
			}
			n, _ := catalog.AsInt(list[i])
			out = append(out, n)
		}
		return out, nil
	}}
}

// normOutput checks a BatchNorm/InstanceNorm input: its rank and its
// channel count.
func normOutput(class string, dims int) func(c Config, in []int64) ([]int64, error) {
	instance := strings.HasPrefix(class, "Instance")
	return func(c Config, in []int64) ([]int64, error) {
		var want string
		ok := false
		switch {
		case instance:
			ok = len(in) == dims+1 || len(in) == dims+2
			want = fmt.Sprintf("%dD or %dD", dims+1, dims+2)
		case dims == 1:
			ok = len(in) == 2 || len(in) == 3
			want = "2D or 3D"
		default:
			ok = len(in) == dims+2
			want = fmt.Sprintf("%dD", dims+2)
		}
		if !ok {
			return nil, errKind("ValueError", "expected %s input (got %dD input)", want, len(in))
		}
		n := num(c, "num_features", 0)
		ch := in[1]
		if instance {
			ch = in[len(in)-dims-1]
		}
		if ch >= 0 && ch != n {
			track, affine := flag(c, "track_running_stats", !instance), flag(c, "affine", !instance)
			if instance {
				// instance norm is batch norm over N·C channels
				b := int64(1)
				if len(in) == dims+2 {
					b = in[0]
				}
				ch, n = b*ch, b*n
			}
			switch {
			case track:
				return nil, fmt.Errorf("running_mean should contain %d elements not %d", ch, n)
			case affine:
				return nil, fmt.Errorf("weight should contain %d elements not %d", ch, n)
			}
		}
		return append([]int64(nil), in...), nil
	}
}

func normParams(c Config, featureKey string, bufs bool) ([]Param, error) {
	n := num(c, featureKey, 0)
	var ps []Param
	fs := func() [][]graph.Factor { return fds([]string{featureKey}, []int64{n}) }
	if flag(c, "affine", true) && flag(c, "elementwise_affine", true) {
		ps = append(ps, Param{Name: "weight", Shape: []int64{n}, Factors: fs()}, Param{Name: "bias", Shape: []int64{n}, Factors: fs()})
	}
	if bufs && flag(c, "track_running_stats", true) {
		ps = append(ps, Param{Name: "running_mean", Shape: []int64{n}, Buffer: true, Factors: fs()},
			Param{Name: "running_var", Shape: []int64{n}, Buffer: true, Factors: fs()},
			Param{Name: "num_batches_tracked", Shape: []int64{}, Buffer: true, DType: "int64"})
	}
	return ps, nil
}

func rnnParams(mode string) func(c Config) ([]Param, error) {
	return func(c Config) ([]Param, error) {
		m := mode
		if m == "RNNBase" {
			m, _ = c["mode"].(string)
		}
		gates := map[string]int64{"LSTM": 4, "GRU": 3, "RNN": 1, "RNN_TANH": 1, "RNN_RELU": 1}[m]
		if gates == 0 {
			return nil, errKind("ValueError", "Unrecognized RNN mode: %s", m)
		}
		in, h, layers := num(c, "input_size", 0), num(c, "hidden_size", 0), num(c, "num_layers", 1)
		proj := num(c, "proj_size", 0)
		bias := flag(c, "bias", true)
		dirs := int64(1)
		if flag(c, "bidirectional", false) {
			dirs = 2
		}
		realH := h
		if proj > 0 {
			realH = proj
		}
		var ps []Param
		for l := int64(0); l < layers; l++ {
			for d := int64(0); d < dirs; d++ {
				suf := fmt.Sprintf("_l%d", l)
				if d == 1 {
					suf += "_reverse"
				}
				lin := in
				gh := fd("gates", gates, "hidden_size", h)
				hname := "hidden_size"
				if proj > 0 {
					hname = "proj_size"
				}
				linF := fd("input_size", in)
				if l > 0 {
					lin = realH * dirs
					linF = fd(hname, realH)
					if dirs == 2 {
						linF = fd("directions", dirs, hname, realH)
					}
				}
				ps = append(ps, Param{Name: "weight_ih" + suf, Shape: []int64{gates * h, lin}, Factors: [][]graph.Factor{gh, linF}},
					Param{Name: "weight_hh" + suf, Shape: []int64{gates * h, realH}, Factors: [][]graph.Factor{gh, fd(hname, realH)}})
				if bias {
					ps = append(ps, Param{Name: "bias_ih" + suf, Shape: []int64{gates * h}, Factors: [][]graph.Factor{gh}},
						Param{Name: "bias_hh" + suf, Shape: []int64{gates * h}, Factors: [][]graph.Factor{gh}})
				}
				if proj > 0 {
					ps = append(ps, Param{Name: "weight_hr" + suf, Shape: []int64{proj, h}, Factors: fds([]string{"proj_size", "hidden_size"}, []int64{proj, h})})
				}
			}
		}
		return ps, nil
	}
}

func rnnOutput(c Config, in []int64) ([]int64, error) {
	h := num(c, "hidden_size", 0)
	if p := num(c, "proj_size", 0); p > 0 {
		h = p
	}
	if flag(c, "bidirectional", false) {
		h *= 2
	}
	if len(in) != 2 && len(in) != 3 {
		return nil, fmt.Errorf("input must have 2 or 3 dimensions, got %d", len(in))
	}
	if want := num(c, "input_size", 0); in[len(in)-1] >= 0 && in[len(in)-1] != want {
		return nil, fmt.Errorf("input.size(-1) must be equal to input_size. Expected %d, got %d", want, in[len(in)-1])
	}
	out := append([]int64(nil), in...)
	out[len(out)-1] = h
	return out, nil
}

func init() {
	for d := 1; d <= 3; d++ {
		specs[fmt.Sprintf("Conv%dd", d)] = convSpec(d, false)
		specs[fmt.Sprintf("ConvTranspose%dd", d)] = convSpec(d, true)
		specs[fmt.Sprintf("MaxPool%dd", d)] = poolSpec(d, true)
		specs[fmt.Sprintf("AvgPool%dd", d)] = poolSpec(d, false)
		specs[fmt.Sprintf("AdaptiveAvgPool%dd", d)] = adaptiveSpec(d, false)
		specs[fmt.Sprintf("AdaptiveMaxPool%dd", d)] = adaptiveSpec(d, true)
		specs[fmt.Sprintf("BatchNorm%dd", d)] = &Spec{Family: "norm", Params: func(c Config) ([]Param, error) { return normParams(c, "num_features", true) },
			Output: normOutput(fmt.Sprintf("BatchNorm%dd", d), d)}
		specs[fmt.Sprintf("InstanceNorm%dd", d)] = &Spec{Family: "norm", Output: normOutput(fmt.Sprintf("InstanceNorm%dd", d), d), Params: func(c Config) ([]Param, error) {
			c2 := Config{"num_features": c["num_features"], "affine": flag(c, "affine", false), "track_running_stats": flag(c, "track_running_stats", false)}
			return normParams(c2, "num_features", true)
		}}
		specs[fmt.Sprintf("Dropout%dd", d)] = &Spec{Family: "dropout"}
	}
	specs["Linear"] = &Spec{Family: "linear",
		Params: func(c Config) ([]Param, error) {
			in, out := num(c, "in_features", 0), num(c, "out_features", 0)
			ps := []Param{{Name: "weight", Shape: []int64{out, in}, Factors: fds([]string{"out_features", "in_features"}, []int64{out, in})}}
			if flag(c, "bias", true) {
				ps = append(ps, Param{Name: "bias", Shape: []int64{out}, Factors: fds([]string{"out_features"}, []int64{out})})
			}
			return ps, nil
		},
		Output: func(c Config, in []int64) ([]int64, error) {
			if len(in) == 0 {
				return nil, fmt.Errorf("both arguments to matmul need to be at least 1D, but they are 0D and 2D")
			}
			f := num(c, "in_features", 0)
			if last := in[len(in)-1]; last >= 0 && last != f {
				return nil, fmt.Errorf("mat1 and mat2 shapes cannot be multiplied (%sx%d and %dx%d)", lead(in), last, f, num(c, "out_features", 0))
			}
			out := append([]int64(nil), in...)
			out[len(out)-1] = num(c, "out_features", 0)
			return out, nil
		}}
	specs["Bilinear"] = &Spec{Family: "linear", Params: func(c Config) ([]Param, error) {
		o := num(c, "out_features", 0)
		w := []int64{o, num(c, "in1_features", 0), num(c, "in2_features", 0)}
		ps := []Param{{Name: "weight", Shape: w, Factors: fds([]string{"out_features", "in1_features", "in2_features"}, w)}}
		if flag(c, "bias", true) {
			ps = append(ps, Param{Name: "bias", Shape: []int64{o}, Factors: fds([]string{"out_features"}, []int64{o})})
		}
		return ps, nil
	}, Output: func(c Config, in []int64) ([]int64, error) {
		out := append([]int64(nil), in...)
		out[len(out)-1] = num(c, "out_features", 0)
		return out, nil
	}}
	specs["LayerNorm"] = &Spec{Family: "norm", Params: func(c Config) ([]Param, error) {
		shape := ints(c, "normalized_shape", -1, 0)
		if !flag(c, "elementwise_affine", true) {
			return nil, nil
		}
		names := make([]string, len(shape))
		for i := range names {
			names[i] = "normalized_shape"
		}
		return []Param{{Name: "weight", Shape: shape, Factors: fds(names, shape)}, {Name: "bias", Shape: shape, Factors: fds(names, shape)}}, nil
	}, Output: func(c Config, in []int64) ([]int64, error) {
		shape := ints(c, "normalized_shape", -1, 0)
		ok := len(in) >= len(shape)
		for i := 0; ok && i < len(shape); i++ {
			if x := in[len(in)-len(shape)+i]; x >= 0 && x != shape[i] {
				ok = false
			}
		}
		if !ok {
			return nil, fmt.Errorf("Given normalized_shape=%s, expected input with shape [*, %s], but got input of size%s", list(shape), strings.Trim(list(shape), "[]"), list(in))
		}
		return append([]int64(nil), in...), nil
	}}
	specs["GroupNorm"] = &Spec{Family: "norm", Params: func(c Config) ([]Param, error) {
		if g, n := num(c, "num_groups", 1), num(c, "num_channels", 0); g <= 0 || n%g != 0 {
			return nil, fmt.Errorf("num_channels must be divisible by num_groups")
		}
		return normParams(Config{"num_channels": c["num_channels"], "affine": c["affine"]}, "num_channels", false)
	}, Output: func(c Config, in []int64) ([]int64, error) {
		g := num(c, "num_groups", 1)
		if len(in) < 2 {
			return nil, fmt.Errorf("Expected at least 2 dimensions for input tensor but received %d", len(in))
		}
		if in[1] >= 0 && in[1]%g != 0 {
			return nil, fmt.Errorf("Expected number of channels in input to be divisible by num_groups, but got input of shape %s and num_groups=%d", list(in), g)
		}
		if n := num(c, "num_channels", 0); in[1] >= 0 && in[1] != n && flag(c, "affine", true) {
			return nil, fmt.Errorf("Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [%d] and input of shape %s", n, list(in))
		}
		return append([]int64(nil), in...), nil
	}}
	specs["LocalResponseNorm"] = &Spec{Family: "norm"}
	specs["Embedding"] = &Spec{Family: "embedding", Params: func(c Config) ([]Param, error) {
		w := []int64{num(c, "num_embeddings", 0), num(c, "embedding_dim", 0)}
		return []Param{{Name: "weight", Shape: w, Factors: fds([]string{"num_embeddings", "embedding_dim"}, w)}}, nil
	}, Output: func(c Config, in []int64) ([]int64, error) {
		return append(append([]int64(nil), in...), num(c, "embedding_dim", 0)), nil
	}}
	specs["PReLU"] = &Spec{Family: "activation", Params: func(c Config) ([]Param, error) {
		n := num(c, "num_parameters", 1)
		return []Param{{Name: "weight", Shape: []int64{n}, Factors: fds([]string{"num_parameters"}, []int64{n})}}, nil
	}, Output: func(c Config, in []int64) ([]int64, error) {
		if n := num(c, "num_parameters", 1); n != 1 {
			ch := int64(1)
			if len(in) >= 2 {
				ch = in[1]
			} else if len(in) == 1 {
				ch = in[0]
			}
			if ch >= 0 && ch != n {
				return nil, fmt.Errorf("Mismatch of parameter numbers and input channel size. Found parameter numbers = %d and channel size = %d.", n, ch)
			}
		}
		return append([]int64(nil), in...), nil
	}}
	for _, m := range []string{"LSTM", "GRU", "RNN", "RNNBase"} {
		specs[m] = &Spec{Family: "recurrent", Params: rnnParams(m), Output: rnnOutput}
	}
	for _, a := range []string{"ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh",
		"Hardswish", "Hardsigmoid", "Hardtanh", "Softplus", "Softsign", "Tanhshrink", "Threshold", "LogSigmoid",
		"Softmax", "LogSoftmax", "Softmin", "Softmax2d", "GLU", "Hardshrink", "Softshrink", "RReLU"} {
		specs[a] = &Spec{Family: "activation"}
	}
	specs["GLU"].Output = gluOutput
	specs["Softmax2d"].Output = func(c Config, in []int64) ([]int64, error) {
		if len(in) != 3 && len(in) != 4 {
			return nil, errKind("AssertionError", "Softmax2d requires a 3D or 4D tensor as input")
		}
		return append([]int64(nil), in...), nil
	}
	for _, a := range []string{"Dropout", "AlphaDropout", "FeatureAlphaDropout", "Identity"} {
		specs[a] = &Spec{Family: "dropout"}
	}
	specs["Flatten"] = &Spec{Family: "reshape", Output: func(c Config, in []int64) ([]int64, error) {
		return FlattenShape(in, num(c, "start_dim", 1), num(c, "end_dim", -1))
	}}
	specs["Unflatten"] = &Spec{Family: "reshape"}
	specs["Upsample"] = &Spec{Family: "resize"}
	specs["PixelShuffle"] = &Spec{Family: "reshape", Output: func(c Config, in []int64) ([]int64, error) {
		r := num(c, "upscale_factor", 1)
		if len(in) < 3 {
			return nil, fmt.Errorf("PixelShuffle: input %v", in)
		}
		out := append([]int64(nil), in...)
		n := len(in)
		if r <= 0 {
			return nil, fmt.Errorf("pixel_shuffle expects a positive upscale_factor, but got %d", r)
		}
		if in[n-3] >= 0 && in[n-3]%(r*r) != 0 {
			return nil, fmt.Errorf("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=%d is not divisible by %d", in[n-3], r*r)
		}
		out[n-3] = in[n-3] / (r * r)
		out[n-2] *= r
		out[n-1] *= r
		return out, nil
	}}
	for _, p := range []string{"ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d"} {
		specs[p] = &Spec{Family: "pad", Output: padOutput(p)}
	}
	specs["MultiheadAttention"] = &Spec{Family: "attention", Params: func(c Config) ([]Param, error) {
		e := num(c, "embed_dim", 0)
		if h := num(c, "num_heads", 1); h <= 0 || e%h != 0 {
			return nil, fmt.Errorf("embed_dim must be divisible by num_heads")
		}
		kd, vd := num(c, "kdim", e), num(c, "vdim", e)
		var ps []Param
		three := fd("projections", int64(3), "embed_dim", e)
		if kd == e && vd == e {
			ps = []Param{{Name: "in_proj_weight", Shape: []int64{3 * e, e}, Factors: [][]graph.Factor{three, fd("embed_dim", e)}}}
		} else {
			// torch registers in_proj_weight as None and three separate
			// projections (_qkv_same_embed_dim False).
			ps = []Param{{Name: "q_proj_weight", Shape: []int64{e, e}, Factors: fds([]string{"embed_dim", "embed_dim"}, []int64{e, e})},
				{Name: "k_proj_weight", Shape: []int64{e, kd}, Factors: fds([]string{"embed_dim", "kdim"}, []int64{e, kd})},
				{Name: "v_proj_weight", Shape: []int64{e, vd}, Factors: fds([]string{"embed_dim", "vdim"}, []int64{e, vd})}}
		}
		if flag(c, "bias", true) {
			ps = append(ps, Param{Name: "in_proj_bias", Shape: []int64{3 * e}, Factors: [][]graph.Factor{three}})
		}
		if flag(c, "add_bias_kv", false) {
			kv := [][]graph.Factor{nil, nil, fd("embed_dim", e)}
			ps = append(ps, Param{Name: "bias_k", Shape: []int64{1, 1, e}, Factors: kv}, Param{Name: "bias_v", Shape: []int64{1, 1, e}, Factors: kv})
		}
		return ps, nil
	}}
	initMore()
}

func lead(in []int64) string {
	var n int64 = 1
	for _, d := range in[:len(in)-1] {
		n *= d
	}
	return fmt.Sprint(n)
}

// FlattenShape is torch.flatten's output shape.
func FlattenShape(in []int64, start, end int64) ([]int64, error) {
	n := int64(len(in))
	if n == 0 {
		return []int64{1}, nil
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if start < 0 || start >= n || end < 0 || end >= n {
		bad := start
		if start >= 0 && start < n {
			bad = end
		}
		if bad < 0 {
			bad -= n // the value as given
		}
		return nil, errKind("IndexError", "Dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, bad)
	}
	if start > end {
		return nil, fmt.Errorf("flatten() has invalid args: start_dim cannot come after end_dim")
	}
	out := append([]int64(nil), in[:start]...)
	p := int64(1)
	for _, d := range in[start : end+1] {
		if d < 0 {
			p = -1
			break
		}
		p *= d
	}
	out = append(out, p)
	return append(out, in[end+1:]...), nil
}

// Norm reports whether class is a normalization layer.
func Norm(class string) bool { return strings.Contains(class, "Norm") }
