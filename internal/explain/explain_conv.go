package explain

import (
	"github.com/netsum/netsum/internal/graph"
)

// Convolutions and pooling.

// conv explains Conv, ConvTranspose, SeparableConv, DepthwiseConv and
// LocallyConnected layers.
func (c *ctx) conv() {
	n := len(c.in) - 2
	if c.in == nil || n < 1 || n > 3 {
		c.generic()
		return
	}
	cf := c.channelsFirst()
	inDims, cin := spatial(c.in, n, cf)
	outDims, cout := spatial(c.out, n, cf)
	kernel := c.kernelSize(n)
	strides, _ := c.cfg.Ints(n, onesN(n), "strides", "subsample", "subsample_length")
	dilation, _ := c.cfg.Ints(n, onesN(n), "dilation_rate", "atrous_rate")
	if len(strides) != n {
		strides = onesN(n)
	}
	if len(dilation) != n {
		dilation = onesN(n)
	}
	pad := c.padding()
	win := c.window(kernel)
	filters, _ := c.factor("", "filters")
	dm, _ := c.factor("", "depth_multiplier")
	switch c.kind {
	case "conv":
		c.does("does.conv", "filters", filters, "win", win, "cin", cin)
	case "convT":
		c.does("does.convT", "filters", filters, "win", win)
	case "separable":
		c.does("does.separable", "filters", filters, "win", win, "dm", dm)
	case "depthwise":
		c.does("does.depthwise", "cin", cin, "win", win, "dm", dm)
	case "locally":
		c.does("does.locally", "win", win, "positions", prodKnown(outDims))
	}
	c.shape(c.windowParams(win, strides, dilation, pad))
	if c.kind == "convT" {
		c.transposedLines(n, inDims, outDims, kernel, strides, dilation, pad)
	} else {
		c.windowLines(n, inDims, outDims, kernel, strides, dilation, pad)
	}
	switch c.kind {
	case "depthwise":
		c.shape(c.l.T("len.channels.depthwise", "in", graph.DimString(cin), "out", graph.DimString(cout), "dm", dm))
	default:
		c.shape(c.l.T("len.channels.conv", "in", graph.DimString(cin), "out", graph.DimString(cout)))
	}
	// Notes: the kernel per filter, one bias per filter, input dependence.
	bias := c.hasBias()
	switch c.kind {
	case "conv", "convT":
		groups, _ := c.cfg.Int(1, "groups")
		per := cin
		if groups > 1 {
			per = cin / groups
		}
		kf := dimsDot(kernel) + "·" + itoa(per)
		k := prodKnown(kernel) * per
		if bias {
			c.note("note.conv.kernel", "k", k, "win", win, "cin", per, "kformula", kf, "filters", filters, "total", (k+1)*filters)
			c.note("note.bias.filter", "n", filters)
		} else {
			c.note("note.conv.kernel.nobias", "k", k, "win", win, "cin", per, "kformula", kf, "filters", filters, "total", k*filters)
			c.note("note.nobias")
		}
		if groups > 1 {
			c.note("note.groups", "groups", groups, "cin", cin, "per", per)
		}
	case "separable":
		c.note("note.separable", "win", win, "cin", cin, "dm", dm, "filters", filters)
		if bias {
			c.note("note.bias.filter", "n", filters)
		} else {
			c.note("note.nobias")
		}
	case "depthwise":
		c.note("note.depthwise", "win", win, "dm", dm)
		if bias {
			c.note("note.bias.channel", "n", cin*dm)
		} else {
			c.note("note.nobias")
		}
	case "locally":
		c.note("note.locally", "positions", prodKnown(outDims))
		if !bias {
			c.note("note.nobias")
		}
	}
	c.note("note.dep.channels", "cin", cin)
}

// convLSTMLines explains the spatial lengths of a ConvLSTM: the input
// convolution of each step decides them.
func (c *ctx) convLSTMLines(n int, kernel []int64) {
	if c.out == nil || len(c.in) != n+3 {
		return
	}
	cf := c.channelsFirst()
	step := append(graph.Shape{c.in[0]}, c.in[2:]...)
	outStep := c.out
	if len(c.out) == n+3 {
		outStep = append(graph.Shape{c.out[0]}, c.out[2:]...)
	}
	inDims, _ := spatial(step, n, cf)
	outDims, _ := spatial(outStep, n, cf)
	strides, _ := c.cfg.Ints(n, onesN(n), "strides", "subsample")
	dilation, _ := c.cfg.Ints(n, onesN(n), "dilation_rate")
	if len(strides) != n {
		strides = onesN(n)
	}
	if len(dilation) != n {
		dilation = onesN(n)
	}
	pad := c.padding()
	c.shape(c.windowParams(c.window(kernel), strides, dilation, pad))
	c.windowLines(n, inDims, outDims, kernel, strides, dilation, pad)
}

func (c *ctx) pool() {
	n := len(c.in) - 2
	if c.in == nil || n < 1 || n > 3 {
		c.generic()
		return
	}
	cf := c.channelsFirst()
	inDims, ch := spatial(c.in, n, cf)
	outDims, _ := spatial(c.out, n, cf)
	size, err := c.cfg.Ints(n, nil, "pool_size", "pool_length")
	if err != nil || len(size) != n {
		size = []int64{2, 2, 2}[:n]
	}
	strides, err := c.cfg.Ints(n, size, "strides", "stride")
	if err != nil || len(strides) != n {
		strides = size
	}
	pad := c.padding()
	win := c.window(size)
	c.does("does."+c.kind, "win", win, "in", sample(c.in), "out", sample(c.out))
	c.shape(c.windowParams(win, strides, onesN(n), pad))
	c.windowLines(n, inDims, outDims, size, strides, onesN(n), pad)
	c.shape(c.l.T("len.channels.same", "n", graph.DimString(ch)))
	if !equalInts(size, strides) {
		c.note("note.pool.strides", "win", win, "strides", dimsX(strides))
	}
}

func (c *ctx) globalPool() {
	if c.in == nil || len(c.in) < 3 {
		c.generic()
		return
	}
	n := len(c.in) - 2
	cf := c.channelsFirst()
	dims, ch := spatial(c.in, n, cf)
	c.does("does."+c.kind, "where", dimsX(dims), "ch", graph.DimString(ch), "in", sample(c.in), "out", sample(c.out))
}
