package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

func init() {
	Register(
		&Spec{Class: "Conv1D", Aliases: []string{"Convolution1D"}, Family: "conv", Infer: convInfer(1)},
		&Spec{Class: "Conv2D", Aliases: []string{"Convolution2D", "AtrousConvolution2D"}, Family: "conv", Infer: convInfer(2)},
		&Spec{Class: "Conv3D", Aliases: []string{"Convolution3D"}, Family: "conv", Infer: convInfer(3)},
	)
}

var spatialNames = []string{"kernel_h", "kernel_w", "kernel_d"}

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
}

func readConvGeom(c *Call, n int) (convGeom, error) {
	var g convGeom
	var err error
	if g.kernel, err = kernelSize(c, n); err != nil {
		return g, err
	}
	ones := make([]int64, n)
	for i := range ones {
		ones[i] = 1
	}
	if g.strides, err = c.Cfg.Ints(n, ones, "strides", "subsample", "subsample_length"); err != nil {
		return g, err
	}
	if g.dilation, err = c.Cfg.Ints(n, ones, "dilation_rate", "atrous_rate"); err != nil {
		return g, err
	}
	if g.padding, err = padding(c, "valid"); err != nil {
		return g, err
	}
	if g.cf, err = channelsFirst(c); err != nil {
		return g, err
	}
	for i := 0; i < n; i++ {
		if g.kernel[i] <= 0 {
			return g, fmt.Errorf("kernel_size must be positive, got %v", g.kernel)
		}
	}
	return g, nil
}

// outDims applies the window to the spatial dims.
func (g convGeom) outDims(in []int64) ([]int64, error) {
	out := make([]int64, len(in))
	for i := range in {
		var err error
		out[i], err = catalog.ConvOutLen(in[i], g.kernel[i], g.strides[i], g.dilation[i], g.padding)
		if err != nil {
			return nil, fmt.Errorf("kernel %s larger than input %s with padding=%q", dimsX(g.effKernel()), dimsX(in), g.padding)
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

func convInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		filters, err := c.Cfg.RequireInt("filters", "nb_filter")
		if err != nil {
			return err
		}
		g, err := readConvGeom(c, n)
		if err != nil {
			return err
		}
		if g.padding == "causal" && n != 1 {
			return fmt.Errorf("padding=\"causal\" is only for Conv1D")
		}
		groups, err := c.Cfg.Int(1, "groups")
		if err != nil {
			return err
		}
		dims, cin := spatial(s, n, g.cf)
		if cin < 0 {
			return fmt.Errorf("the channel dimension of the input must be known, got shape %s", s)
		}
		if groups <= 0 || cin%groups != 0 || filters%groups != 0 {
			return fmt.Errorf("groups=%d must divide input channels %d and filters %d", groups, cin, filters)
		}
		out, err := g.outDims(dims)
		if err != nil {
			return err
		}
		bias, err := useBias(c)
		if err != nil {
			return err
		}
		var kd []D
		for i, name := range kernelNames(n) {
			kd = append(kd, F(name, g.kernel[i]))
		}
		if groups > 1 {
			kd = append(kd, F("in_channels_per_group", cin/groups))
		} else {
			kd = append(kd, F("in_channels", cin))
		}
		kd = append(kd, F("filters", filters))
		c.AddWeight("kernel", true, kd...)
		if bias {
			c.AddWeight("bias", true, F("filters", filters))
		}
		c.SetOut(assemble(s[0], out, filters, g.cf))
		return nil
	}
}
