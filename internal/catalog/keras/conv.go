package keras

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Convolutions: Conv1D/2D/3D here; transposed, separable, depthwise and
// locally connected layers in conv_extra.go.
//
// Output lengths follow conv_utils.conv_output_length (Keras 1.1.1
// keras/utils/np_utils.py, Keras 2 and tf.keras keras/utils/conv_utils.py)
// and compute_conv_output_shape (Keras 3 keras/src/ops/operation_utils.py):
// valid ceil((L-k_eff+1)/s), same and causal ceil(L/s), full
// ceil((L+k_eff-1)/s), with k_eff = k+(k-1)(d-1); an unknown length stays
// unknown.

func init() {
	Register(
		// AtrousConvolution1D/2D: Keras 1 classes, Keras 2 legacy functions
		// returning Conv1D/Conv2D(dilation_rate=atrous_rate); AtrousConv1D/2D
		// are their Keras 1 and 2 short aliases.
		&Spec{Class: "Conv1D", Aliases: []string{"Convolution1D", "AtrousConvolution1D", "AtrousConv1D"}, Family: "conv", Infer: convInfer(1)},
		&Spec{Class: "Conv2D", Aliases: []string{"Convolution2D", "AtrousConvolution2D", "AtrousConv2D"}, Family: "conv", Infer: convInfer(2)},
		&Spec{Class: "Conv3D", Aliases: []string{"Convolution3D"}, Family: "conv", Infer: convInfer(3)},
	)
}

// kernelNames names the kernel dims of an n-d convolution for explain.
func kernelNames(n int) []string {
	switch n {
	case 1:
		return []string{"kernel_len"}
	case 2:
		return []string{"kernel_h", "kernel_w"}
	}
	return []string{"kernel_d", "kernel_h", "kernel_w"}
}

// kernelSize reads kernel_size, or the Keras 1 spellings (filter_length;
// nb_row, nb_col; kernel_dim1..3).
func kernelSize(c *Call, n int) ([]int64, error) {
	if c.Cfg.Has("kernel_size") {
		return c.Cfg.Ints(n, nil, "kernel_size")
	}
	var keys [][]string
	switch n {
	case 1:
		keys = [][]string{{"filter_length"}}
	case 2:
		keys = [][]string{{"nb_row"}, {"nb_col"}}
	case 3:
		keys = [][]string{{"kernel_dim1"}, {"kernel_dim2"}, {"kernel_dim3"}}
	}
	out := make([]int64, n)
	for i, k := range keys {
		v, err := c.Cfg.RequireInt(append(k, "kernel_size")...)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// convGeom is the window geometry of a conv or pooling layer.
type convGeom struct {
	kernel, strides, dilation []int64
	padding                   string
	cf                        bool
	what                      string // "kernel" or "pool size", for messages
}

// onesN returns n ones.
func onesN(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func readConvGeom(c *Call, n int) (convGeom, error) {
	g := convGeom{what: "kernel"}
	var err error
	if g.kernel, err = kernelSize(c, n); err != nil {
		return g, err
	}
	if g.strides, err = c.Cfg.Ints(n, onesN(n), "strides", "subsample", "subsample_length"); err != nil {
		return g, err
	}
	if g.dilation, err = c.Cfg.Ints(n, onesN(n), "dilation_rate", "atrous_rate"); err != nil {
		return g, err
	}
	if g.padding, err = padding(c, "valid"); err != nil {
		return g, err
	}
	if g.cf, err = channelsFirst(c); err != nil {
		return g, err
	}
	return g, g.check()
}

// check validates the window numbers.
func (g convGeom) check() error {
	if err := allPositiveInts("kernel_size", g.kernel); err != nil {
		return err
	}
	if err := allPositiveInts("strides", g.strides); err != nil {
		return err
	}
	return allPositiveInts("dilation_rate", g.dilation)
}

// checkStridedDilation rejects strides > 1 together with dilation_rate > 1
// (Keras 3 base_conv.py raises in __init__; TensorFlow's convolution op and
// the Keras 1 TensorFlow backend refuse it when the layer is called).
func (g convGeom) checkStridedDilation() error {
	if maxInt64s(g.strides) > 1 && maxInt64s(g.dilation) > 1 {
		return fmt.Errorf("strides %s > 1 are not supported together with dilation_rate %s > 1", intsTuple(g.strides), intsTuple(g.dilation))
	}
	return nil
}

// allPositiveInts checks that every value of a list argument is > 0.
func allPositiveInts(name string, v []int64) error {
	for _, x := range v {
		if x <= 0 {
			return fmt.Errorf("%s must be positive, got %s", name, intsTuple(v))
		}
	}
	return nil
}

func maxInt64s(v []int64) int64 {
	m := int64(0)
	for i, x := range v {
		if i == 0 || x > m {
			m = x
		}
	}
	return m
}

// intsTuple formats ints like a Python tuple: (2, 2), (3,).
func intsTuple(v []int64) string {
	return graph.Shape(v).String()
}

// outDims applies the window to the spatial dims.
func (g convGeom) outDims(in []int64) ([]int64, error) {
	out := make([]int64, len(in))
	for i := range in {
		var err error
		out[i], err = catalog.ConvOutLen(in[i], g.kernel[i], g.strides[i], g.dilation[i], g.padding)
		if err != nil {
			if strings.Contains(err.Error(), "larger than input") {
				what := g.what
				if what == "" {
					what = "kernel"
				}
				return nil, fmt.Errorf("%s %s larger than input %s with padding=%q", what, dimsX(g.effKernel()), dimsX(in), g.padding)
			}
			return nil, err
		}
	}
	return out, nil
}

func (g convGeom) effKernel() []int64 {
	out := make([]int64, len(g.kernel))
	for i, k := range g.kernel {
		out[i] = k + (k-1)*(g.dilation[i]-1)
	}
	return out
}

// dimsX formats dims as 5x5.
func dimsX(d []int64) string {
	s := ""
	for i, x := range d {
		if i > 0 {
			s += "x"
		}
		s += graph.DimString(x)
	}
	return s
}

// channelsKnown returns the channel count of an input, which must be known
// to build weights.
func channelsKnown(s graph.Shape, cin int64) (int64, error) {
	if cin < 0 {
		return 0, fmt.Errorf("the channel dimension of the input must be known, got shape %s", s)
	}
	return cin, nil
}

// window is what every convolution reads before its own weights: the
// input, the window geometry, the spatial input dims, the input channels
// and use_bias.
type window struct {
	s    graph.Shape
	g    convGeom
	dims []int64
	cin  int64
	bias bool
}

// causal padding: which layers take it.
const (
	noCausal = iota // padding="causal" is an error
	causal1D        // only the 1-D form takes it
)

// readWindow reads an n-d convolution's input (rank n+2, known channels)
// and window; strided dilation is refused.
func readWindow(c *Call, n int, causal int) (*window, error) {
	s, err := c.OneRank(n + 2)
	if err != nil {
		return nil, err
	}
	g, err := readConvGeom(c, n)
	if err != nil {
		return nil, err
	}
	if g.padding == "causal" {
		switch {
		case causal == noCausal:
			return nil, fmt.Errorf("padding=\"causal\" is not supported by %s", c.Layer.Class)
		case causal == causal1D && n != 1:
			return nil, fmt.Errorf("padding=\"causal\" is only for the 1-D form of %s", c.Layer.Class)
		}
	}
	if err := g.checkStridedDilation(); err != nil {
		return nil, err
	}
	dims, cin := spatial(s, n, g.cf)
	if cin, err = channelsKnown(s, cin); err != nil {
		return nil, err
	}
	bias, err := useBias(c)
	if err != nil {
		return nil, err
	}
	return &window{s: s, g: g, dims: dims, cin: cin, bias: bias}, nil
}

// kernelFactors are the window's kernel dims as named factors.
func (w *window) kernelFactors() []D {
	var kd []D
	for i, name := range kernelNames(len(w.g.kernel)) {
		kd = append(kd, F(name, w.g.kernel[i]))
	}
	return kd
}

// unitDim is a weight dim of constant size 1 (the dummy axis of a Keras 1
// Conv1D kernel, the 1x1 of a pointwise kernel).
func unitDim() D { return F("1", 1) }

// convKernelDims gives the kernel dims of an n-d convolution in the layout of
// the dialect: Keras 2+ (k..., in, out); Keras 1 Convolution1D
// (k, 1, in, out) and Keras 1 dim_ordering "th" (out, in, k...)
// (keras@1.1.1:keras/layers/convolutional.py build methods).
func convKernelDims(c *Call, n int, cf bool, kernel []int64, in, out D) []D {
	var k []D
	for i, name := range kernelNames(n) {
		k = append(k, F(name, kernel[i]))
	}
	switch {
	case c.Dialect == graph.Keras1 && n == 1:
		return []D{k[0], unitDim(), in, out}
	case c.Dialect == graph.Keras1 && cf:
		return append([]D{out, in}, k...)
	}
	return append(k, in, out)
}

// addWeightFixedDType adds a weight with a fixed dtype (Keras 3 LoRA weights are
// always float32).
func addWeightFixedDType(c *Call, dtype, name string, trainable bool, dims ...D) {
	before := len(c.Layer.Weights)
	c.AddWeight(name, trainable, dims...)
	if len(c.Layer.Weights) > before {
		c.Layer.Weights[len(c.Layer.Weights)-1].DType = dtype
	}
}

// convLoraRank reads Keras 3 lora_rank (0 when absent).
func convLoraRank(c *Call) (int64, error) {
	r, err := c.Cfg.Int(0, "lora_rank")
	if err != nil {
		return 0, err
	}
	if r < 0 {
		return 0, fmt.Errorf("lora_rank must be positive, got %d", r)
	}
	return r, nil
}

// convFilters reads filters (Keras 2/3) or nb_filter (Keras 1), > 0.
func convFilters(c *Call) (int64, error) {
	f, err := c.Cfg.RequireInt("filters", "nb_filter")
	if err != nil {
		return 0, err
	}
	if f <= 0 {
		return 0, fmt.Errorf("filters must be positive, got %d", f)
	}
	return f, nil
}

// convInfer: kernel (k..., in_channels/groups, filters) + bias (filters)
// (Keras 3 keras/src/layers/convolutional/base_conv.py build; tf.keras
// keras/layers/convolutional/base_conv.py; Keras 1 see kernelDims). With
// Keras 3 lora_rank the kernel is frozen and lora_kernel_a
// (kernel.shape[:-1] + (rank,)) and lora_kernel_b (rank, filters) are added
// (base_conv.py enable_lora).
func convInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		w, err := readWindow(c, n, causal1D)
		if err != nil {
			return err
		}
		filters, err := convFilters(c)
		if err != nil {
			return err
		}
		groups, err := c.Cfg.Int(1, "groups")
		if err != nil {
			return err
		}
		cin := w.cin
		if groups <= 0 || cin%groups != 0 || filters%groups != 0 {
			return fmt.Errorf("groups=%d must divide input channels %d and filters %d", groups, cin, filters)
		}
		out, err := w.g.outDims(w.dims)
		if err != nil {
			return err
		}
		rank, err := convLoraRank(c)
		if err != nil {
			return err
		}
		in := F("in_channels", cin)
		if groups > 1 {
			in = F("in_channels_per_group", cin/groups)
		}
		kd := convKernelDims(c, n, w.g.cf, w.g.kernel, in, F("filters", filters))
		c.AddWeight("kernel", rank == 0, kd...)
		if w.bias {
			c.AddWeight("bias", true, F("filters", filters))
		}
		if rank > 0 {
			a := append(append([]D(nil), kd[:len(kd)-1]...), F("lora_rank", rank))
			addWeightFixedDType(c, "float32", "lora_kernel_a", true, a...)
			addWeightFixedDType(c, "float32", "lora_kernel_b", true, F("lora_rank", rank), F("filters", filters))
		}
		c.SetOut(assemble(w.s[0], out, filters, w.g.cf))
		return nil
	}
}
