package torch

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/graph"
)

// The classes below follow torch 1.13's torch/nn/modules: sparse.py
// (EmbeddingBag), rnn.py (the cells), distance.py, fold.py, pooling.py
// (MaxUnpool, LPPool), padding.py, pixelshuffle.py, channelshuffle.py.

func gluOutput(c Config, in []int64) ([]int64, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("glu does not support scalars because halving size must be even")
	}
	dim := num(c, "dim", -1)
	d, err := normDim(dim, len(in))
	if err != nil {
		return nil, err
	}
	if in[d] >= 0 && in[d]%2 != 0 {
		return nil, fmt.Errorf("Halving dimension must be even, but dimension %d is size %d", d, in[d])
	}
	out := append([]int64(nil), in...)
	if out[d] >= 0 {
		out[d] /= 2
	}
	return out, nil
}

func normDim(dim int64, n int) (int, error) {
	lo, hi := int64(-n), int64(n-1)
	if n == 0 {
		lo, hi = -1, 0
	}
	if dim < lo || dim > hi {
		return 0, fmt.Errorf("Dimension out of range (expected to be in range of [%d, %d], but got %d)", lo, hi, dim)
	}
	if dim < 0 {
		dim += int64(n)
	}
	return int(dim), nil
}

// classDims is the spatial rank in a class name ("ReflectionPad3d" → 3).
func classDims(class string) int {
	for d := 1; d <= 3; d++ {
		if strings.HasSuffix(class, fmt.Sprintf("%dd", d)) {
			return d
		}
	}
	return 0
}

// PadSizes normalizes a padding module's padding (an int, or a tuple of
// 2·dims ints, last dim first) to 2·dims ints.
func PadSizes(c Config, dims int) ([]int64, error) {
	switch v := c["padding"].(type) {
	case int64:
		out := make([]int64, 2*dims)
		for i := range out {
			out[i] = v
		}
		return out, nil
	case []int64:
		if len(v)%2 != 0 {
			return nil, fmt.Errorf("Padding length must be divisible by 2")
		}
		if len(v) != 2*dims {
			return nil, fmt.Errorf("Padding length too large")
		}
		return v, nil
	case []any:
		out := make([]int64, 0, len(v))
		for _, e := range v {
			n, ok := e.(int64)
			if !ok {
				return nil, fmt.Errorf("padding must be ints")
			}
			out = append(out, n)
		}
		if len(out)%2 != 0 {
			return nil, fmt.Errorf("Padding length must be divisible by 2")
		}
		if len(out) != 2*dims {
			return nil, fmt.Errorf("Padding length too large")
		}
		return out, nil
	}
	return nil, fmt.Errorf("padding must be an int or a tuple of ints")
}

func padOutput(class string) func(c Config, in []int64) ([]int64, error) {
	dims := classDims(class)
	reflect := strings.HasPrefix(class, "Reflection")
	return func(c Config, in []int64) ([]int64, error) {
		p, err := PadSizes(c, dims)
		if err != nil {
			return nil, err
		}
		if len(in) != dims+1 && len(in) != dims+2 {
			return nil, fmt.Errorf("%s: expected %dD or %dD input, but got input of size: %v", class, dims+1, dims+2, in)
		}
		out := append([]int64(nil), in...)
		for i := 0; i < dims; i++ {
			d := len(out) - 1 - i
			if out[d] < 0 {
				continue
			}
			l, r := p[2*i], p[2*i+1]
			if reflect && (l >= in[d] || r >= in[d]) {
				return nil, fmt.Errorf("Argument #%d: Padding size should be less than the corresponding input dimension, but got: padding (%d, %d) at dimension %d of input %d", 4+2*i, l, r, d, len(in))
			}
			out[d] += l + r
			if out[d] <= 0 {
				return nil, fmt.Errorf("%s: input size %v with padding %v gives a non-positive output size", class, in, p)
			}
		}
		return out, nil
	}
}

func cellSpec(class string, gates int64) *Spec {
	return &Spec{Family: "recurrent",
		Params: func(c Config) ([]Param, error) {
			in, h := num(c, "input_size", 0), num(c, "hidden_size", 0)
			gh := fd("gates", gates, "hidden_size", h)
			ps := []Param{{Name: "weight_ih", Shape: []int64{gates * h, in}, Factors: [][]graph.Factor{gh, fd("input_size", in)}},
				{Name: "weight_hh", Shape: []int64{gates * h, h}, Factors: [][]graph.Factor{gh, fd("hidden_size", h)}}}
			if flag(c, "bias", true) {
				ps = append(ps, Param{Name: "bias_ih", Shape: []int64{gates * h}, Factors: [][]graph.Factor{gh}},
					Param{Name: "bias_hh", Shape: []int64{gates * h}, Factors: [][]graph.Factor{gh}})
			}
			return ps, nil
		},
		Output: func(c Config, in []int64) ([]int64, error) {
			if len(in) != 1 && len(in) != 2 {
				return nil, errKind("AssertionError", "%s: Expected input to be 1-D or 2-D but received %d-D tensor", class, len(in))
			}
			if want := num(c, "input_size", 0); in[len(in)-1] >= 0 && in[len(in)-1] != want {
				return nil, fmt.Errorf("input has inconsistent input_size: got %d expected %d", in[len(in)-1], want)
			}
			out := append([]int64(nil), in...)
			out[len(out)-1] = num(c, "hidden_size", 0)
			return out, nil
		}}
}

func unpoolSpec(dims int) *Spec {
	return &Spec{Family: "pool", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) != dims+1 && len(in) != dims+2 {
			return nil, fmt.Errorf("MaxUnpool%dd: expected %dD or %dD input, got %v", dims, dims+1, dims+2, in)
		}
		k := ints(c, "kernel_size", dims, 1)
		s := k
		if c["stride"] != nil {
			s = ints(c, "stride", dims, 1)
		}
		p := ints(c, "padding", dims, 0)
		out := append([]int64(nil), in[:len(in)-dims]...)
		if os := ints(c, "output_size", -1, 0); os != nil {
			if len(os) != dims && len(os) != dims+1 && len(os) != dims+2 {
				return nil, fmt.Errorf("output_size should be a sequence containing %d or %d elements, but it has a length of '%d'", dims, dims+2, len(os))
			}
			return append(out, os[len(os)-dims:]...), nil
		}
		for i := 0; i < dims; i++ {
			x := in[len(in)-dims+i]
			if x < 0 {
				out = append(out, -1)
				continue
			}
			out = append(out, (x-1)*s[i]-2*p[i]+k[i])
		}
		return out, nil
	}}
}

// UnfoldOutput is nn.Unfold's (N, C·∏k, L) for a 3D or 4D input.
func UnfoldOutput(c Config, in []int64) ([]int64, error) {
	if len(in) != 3 && len(in) != 4 {
		return nil, fmt.Errorf("Input Error: Only 3D or 4D input Tensors are supported (got %dD)", len(in))
	}
	k, d, p, s := ints(c, "kernel_size", 2, 1), ints(c, "dilation", 2, 1), ints(c, "padding", 2, 0), ints(c, "stride", 2, 1)
	n := len(in)
	l := int64(1)
	for i := 0; i < 2; i++ {
		o, err := ConvOut(in[n-2+i], k[i], s[i], p[i], d[i])
		if err != nil {
			return nil, fmt.Errorf("Unfold: %v", err)
		}
		if o < 0 {
			l = -1
		} else if l >= 0 {
			l *= o
		}
	}
	ch := in[n-3]
	if ch >= 0 {
		ch *= k[0] * k[1]
	}
	return append(append([]int64(nil), in[:n-3]...), ch, l), nil
}

// FoldOutput is nn.Fold's (N, C, H, W) for a 2D or 3D input.
func FoldOutput(c Config, in []int64) ([]int64, error) {
	if len(in) != 2 && len(in) != 3 {
		return nil, fmt.Errorf("Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got %dD)", len(in))
	}
	os := ints(c, "output_size", 2, 1)
	k, d, p, s := ints(c, "kernel_size", 2, 1), ints(c, "dilation", 2, 1), ints(c, "padding", 2, 0), ints(c, "stride", 2, 1)
	n := len(in)
	kk := k[0] * k[1]
	ch := in[n-2]
	if ch >= 0 && ch%kk != 0 {
		return nil, fmt.Errorf("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=%d and kernel_size=(%d, %d)", ch, k[0], k[1])
	}
	l := int64(1)
	var blocks []int64
	for i := 0; i < 2; i++ {
		o, err := ConvOut(os[i], k[i], s[i], p[i], d[i])
		if err != nil {
			return nil, fmt.Errorf("Fold: %v", err)
		}
		l *= o
		blocks = append(blocks, o)
	}
	if in[n-1] >= 0 && in[n-1] != l {
		return nil, fmt.Errorf("Given output_size=(%d, %d), kernel_size=(%d, %d), dilation=(%d, %d), padding=(%d, %d), stride=(%d, %d), expected size of input's dimension 2 to match the calculated number of sliding blocks %s = %d, but got input.size(2)=%d.", os[0], os[1], k[0], k[1], d[0], d[1], p[0], p[1], s[0], s[1], strings.ReplaceAll(joinX(blocks), " x ", " * "), l, in[n-1])
	}
	if ch >= 0 {
		ch /= kk
	}
	return append(append(append([]int64(nil), in[:n-2]...), ch), os...), nil
}

func initMore() {
	specs["EmbeddingBag"] = &Spec{Family: "embedding", Params: specs["Embedding"].Params, Output: func(c Config, in []int64) ([]int64, error) {
		d := num(c, "embedding_dim", 0)
		switch len(in) {
		case 2:
			return []int64{in[0], d}, nil
		case 1:
			n, ok := c["num_offsets"].(int64)
			if !ok {
				return nil, errKind("ValueError", "offsets has to be a 1D Tensor but got None")
			}
			if flag(c, "include_last_offset", false) {
				n--
			}
			return []int64{n, d}, nil
		}
		return nil, errKind("ValueError", "input has to be 1D or 2D Tensor, but got Tensor of dimension %d", len(in))
	}}
	specs["RNNCell"] = cellSpec("RNNCell", 1)
	specs["LSTMCell"] = cellSpec("LSTMCell", 4)
	specs["GRUCell"] = cellSpec("GRUCell", 3)
	specs["CosineSimilarity"] = &Spec{Family: "merge", Output: func(c Config, in []int64) ([]int64, error) {
		d, err := normDim(num(c, "dim", 1), len(in))
		if err != nil {
			return nil, err
		}
		return append(append([]int64(nil), in[:d]...), in[d+1:]...), nil
	}}
	specs["PairwiseDistance"] = &Spec{Family: "merge", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) == 0 {
			return nil, fmt.Errorf("pairwise_distance: input must have at least 1 dim")
		}
		out := append([]int64(nil), in[:len(in)-1]...)
		if flag(c, "keepdim", false) {
			out = append(out, 1)
		}
		return out, nil
	}}
	specs["Unfold"] = &Spec{Family: "reshape", Output: UnfoldOutput}
	specs["Fold"] = &Spec{Family: "reshape", Output: FoldOutput}
	for d := 1; d <= 3; d++ {
		specs[fmt.Sprintf("MaxUnpool%dd", d)] = unpoolSpec(d)
	}
	specs["LPPool1d"] = poolSpec(1, false)
	specs["LPPool2d"] = poolSpec(2, false)
	specs["PixelUnshuffle"] = &Spec{Family: "reshape", Output: func(c Config, in []int64) ([]int64, error) {
		r := num(c, "downscale_factor", 1)
		n := len(in)
		if n < 3 {
			return nil, fmt.Errorf("pixel_unshuffle expects input to have at least 3 dimensions, but got input with %d dimension(s)", n)
		}
		if r <= 0 {
			return nil, fmt.Errorf("pixel_unshuffle expects a positive downscale_factor, but got %d", r)
		}
		if in[n-2]%r != 0 || in[n-1]%r != 0 {
			return nil, fmt.Errorf("pixel_unshuffle expects height and width to be divisible by downscale_factor, but input.size(-2)=%d, input.size(-1)=%d is not divisible by %d", in[n-2], in[n-1], r)
		}
		out := append([]int64(nil), in...)
		out[n-3] *= r * r
		out[n-2] /= r
		out[n-1] /= r
		return out, nil
	}}
	specs["ChannelShuffle"] = &Spec{Family: "reshape", Output: func(c Config, in []int64) ([]int64, error) {
		g := num(c, "groups", 1)
		if len(in) < 3 {
			return nil, fmt.Errorf("channel_shuffle expects input to have at least 3 dimensions, but got input with %d dimension(s)", len(in))
		}
		if g <= 0 || in[1]%g != 0 {
			return nil, fmt.Errorf("Number of channels must be divisible by groups. Got %d channels and %d groups.", in[1], g)
		}
		return append([]int64(nil), in...), nil
	}}
	specs["Dropout1d"] = &Spec{Family: "dropout"}
	specs["SyncBatchNorm"] = &Spec{Family: "norm", Params: func(c Config) ([]Param, error) { return normParams(c, "num_features", true) },
		Output: func(c Config, in []int64) ([]int64, error) {
			if len(in) < 2 {
				return nil, errKind("ValueError", "expected at least 2D input (got %dD input)", len(in))
			}
			if n := num(c, "num_features", 0); in[1] >= 0 && in[1] != n {
				return nil, fmt.Errorf("running_mean should contain %d elements not %d", in[1], n)
			}
			return append([]int64(nil), in...), nil
		}}
	specs["CrossMapLRN2d"] = &Spec{Family: "norm", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) != 4 {
			return nil, fmt.Errorf("CrossMapLRN2d: Expected input to be 4D, got %dD instead.", len(in))
		}
		return append([]int64(nil), in...), nil
	}}
	for d := 2; d <= 3; d++ {
		specs[fmt.Sprintf("FractionalMaxPool%dd", d)] = fractionalSpec(d)
	}
	for _, n := range []string{"L1Loss", "MSELoss", "NLLLoss", "NLLLoss2d", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss",
		"KLDivLoss", "SmoothL1Loss", "HuberLoss", "PoissonNLLLoss", "GaussianNLLLoss", "HingeEmbeddingLoss", "MultiLabelMarginLoss",
		"SoftMarginLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss", "MarginRankingLoss", "MultiMarginLoss",
		"TripletMarginLoss", "TripletMarginWithDistanceLoss", "CTCLoss"} {
		specs[n] = &Spec{Family: "loss", Output: lossOutput(n)}
	}
	for _, n := range []string{"Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer", "TransformerDecoderLayer"} {
		// Made of catalogued modules (torch/nn/modules/transformer.py).
		specs[n] = &Spec{Family: "attention"}
	}
}

func fractionalSpec(dims int) *Spec {
	return &Spec{Family: "pool", Output: func(c Config, in []int64) ([]int64, error) {
		if len(in) != dims+1 && len(in) != dims+2 {
			return nil, fmt.Errorf("fractional_max_pool%dd(): Expected %dD or %dD tensor, but got: %s", dims, dims+1, dims+2, list(in))
		}
		out := append([]int64(nil), in[:len(in)-dims]...)
		if os := ints(c, "output_size", dims, 0); c["output_size"] != nil {
			return append(out, os...), nil
		}
		var ratios []float64
		switch r := c["output_ratio"].(type) {
		case float64:
			for i := 0; i < dims; i++ {
				ratios = append(ratios, r)
			}
		case []any:
			for _, e := range r {
				f, ok := e.(float64)
				if !ok {
					if n, isInt := e.(int64); isInt {
						f = float64(n)
					}
				}
				ratios = append(ratios, f)
			}
		}
		if len(ratios) != dims {
			return nil, errKind("ValueError", "FractionalMaxPool%dd requires specifying either an output size, or a pooling ratio", dims)
		}
		for i, r := range ratios {
			if r <= 0 || r >= 1 {
				return nil, errKind("ValueError", "output_ratio must be between 0 and 1 (got %v)", c["output_ratio"])
			}
			x := in[len(in)-dims+i]
			if x >= 0 {
				x = int64(float64(x) * r)
			}
			out = append(out, x)
		}
		return out, nil
	}}
}

// lossOutput is a loss's output shape: a scalar unless reduction='none';
// then the per-element shape (the input's), or per sample for the losses
// that reduce over classes or features.
func lossOutput(class string) func(c Config, in []int64) ([]int64, error) {
	return func(c Config, in []int64) ([]int64, error) {
		if r, _ := c["reduction"].(string); r != "none" {
			return []int64{}, nil
		}
		switch class {
		case "CrossEntropyLoss", "NLLLoss", "NLLLoss2d", "MultiMarginLoss":
			if len(in) < 2 {
				return []int64{}, nil
			}
			return append(append([]int64(nil), in[:1]...), in[2:]...), nil
		case "MultiLabelSoftMarginLoss", "MultiLabelMarginLoss":
			if len(in) < 2 {
				return []int64{}, nil
			}
			return []int64{in[0]}, nil
		case "CosineEmbeddingLoss", "TripletMarginLoss", "TripletMarginWithDistanceLoss":
			if len(in) == 0 {
				return nil, fmt.Errorf("%s: input must have at least 1 dim", class)
			}
			return append([]int64(nil), in[:len(in)-1]...), nil
		case "CTCLoss":
			if len(in) == 3 {
				return []int64{in[1]}, nil
			}
			return []int64{}, nil
		}
		return append([]int64(nil), in...), nil
	}
}
