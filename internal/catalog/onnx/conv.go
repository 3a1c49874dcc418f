package onnx

import (
	"fmt"
	"math"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Convolution and pooling: Conv, ConvInteger, QLinearConv, DeformConv,
// ConvTranspose, MaxPool, AveragePool, LpPool, the Global* pools,
// MaxRoiPool, RoiAlign and MaxUnpool.

func registerConv() {
	register("conv", "", convOp(0, 1, 0), "Conv")
	register("conv", "", convOp(0, 1, pb.Int32), "ConvInteger")
	register("conv", "", convOp(0, 3, -7), "QLinearConv")
	register("conv", "", convOp(0, 1, 0), "DeformConv")
	register("conv", "", convTranspose, "ConvTranspose")
	register("conv", "", pool, "MaxPool", "AveragePool", "LpPool")
	register("conv", "", globalPool, "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool")
	register("conv", "", roiPool, "MaxRoiPool")
	register("conv", "", roiAlign, "RoiAlign")
	register("conv", "", maxUnpool, "MaxUnpool")
}

// convOp infers Conv-like operators: x at input xi, weights at wi. elem
// is the output type: 0 = x's, > 0 a fixed type, < 0 the type of input
// -elem.
func convOp(xi, wi int, elem pb.DataType) OpFunc {
	return func(c *Ctx) error {
		et := elem
		switch {
		case elem == 0:
			et = c.elem(xi)
		case elem < 0:
			et = c.elem(int(-elem))
		}
		return convPool(c, et, xi, wi, true, false)
	}
}

// convPool is onnx's convPoolShapeInference: the output is [N, C or M,
// spatial...] with the windows' positions per spatial dim.
func convPool(c *Ctx, elem pb.DataType, xi, wi int, dilation, requireKernel bool) error {
	c.setElem(0, elem)
	in, ok := c.shape(xi)
	if !ok {
		return nil
	}
	var ws []Dim
	if !requireKernel {
		w, ok := c.shape(wi)
		if !ok {
			c.setRank(0, elem, len(in))
			return nil
		}
		ws = w
	}
	if len(in) < 2 {
		return fmt.Errorf("input must have at least 2 dims, has %d", len(in))
	}
	n := len(in) - 2
	dil := ones(n)
	if v, has := c.ints("dilations"); has && dilation {
		if len(v) != n {
			return fmt.Errorf("dilations has %d values for %d spatial dims", len(v), n)
		}
		dil = v
	}
	strides := ones(n)
	if v, has := c.ints("strides"); has {
		if len(v) != n {
			return fmt.Errorf("strides has %d values for %d spatial dims", len(v), n)
		}
		strides = v
	}
	var kernel []int64
	if v, has := c.ints("kernel_shape"); has {
		if len(v) != n {
			return fmt.Errorf("kernel_shape has %d values for %d spatial dims", len(v), n)
		}
		kernel = v
	} else if requireKernel {
		return fmt.Errorf("attribute kernel_shape is required")
	} else {
		for _, d := range ws[min(2, len(ws)):] {
			if !d.IsKnown() {
				out := make([]Dim, len(in))
				out[0] = in[0]
				out[1] = Unk
				if len(ws) > 0 {
					out[1] = ws[0]
				}
				for i := 2; i < len(out); i++ {
					out[i] = Unk
				}
				c.setTensor(0, elem, out)
				return nil
			}
			kernel = append(kernel, d.V)
		}
		if len(kernel) != n {
			return fmt.Errorf("weights have %d spatial dims, input %d", len(kernel), n)
		}
	}
	for i := range kernel {
		if strides[i] <= 0 || dil[i] <= 0 || kernel[i] <= 0 {
			return fmt.Errorf("kernel %v, strides %v and dilations %v must be positive", kernel, strides, dil)
		}
	}
	eff := make([]int64, n)
	for i := range eff {
		eff[i] = (kernel[i]-1)*dil[i] + 1
	}
	pads := make([]int64, 2*n)
	autoPad := c.str("auto_pad", "NOTSET")
	if v, has := c.ints("pads"); has {
		if len(v) != 2*n {
			return fmt.Errorf("pads has %d values for %d spatial dims", len(v), n)
		}
		pads = v
	} else if c.hasAttr("auto_pad") && autoPad != "VALID" && autoPad != "NOTSET" {
		for i := 0; i < n; i++ {
			residual := int64(0)
			if strides[i] > 1 {
				if !in[2+i].IsKnown() {
					continue
				}
				residual = in[2+i].V % strides[i]
			}
			total := eff[i] - residual
			if residual == 0 {
				total = eff[i] - strides[i]
			}
			total = max(total, 0)
			small, big := total/2, total-total/2
			if autoPad == "SAME_UPPER" {
				pads[i], pads[i+n] = small, big
			} else if autoPad == "SAME_LOWER" {
				pads[i], pads[i+n] = big, small
			}
		}
	}
	ceil := c.int("ceil_mode", 0) == 1
	out := make([]Dim, 0, len(in))
	out = append(out, in[0])
	if requireKernel {
		out = append(out, in[1])
	} else {
		if len(ws) < 1 {
			return fmt.Errorf("weights have rank 0")
		}
		out = append(out, ws[0])
	}
	for i := 0; i < n; i++ {
		d := in[2+i]
		if !d.IsKnown() {
			out = append(out, Unk)
			continue
		}
		size := d.V + pads[i] + pads[i+n]
		var pos int64
		if ceil {
			pos = int64(math.Ceil(float64(size-eff[i]) / float64(strides[i])))
			// The last window must start inside the input or left padding.
			if pos*strides[i] >= d.V+pads[i] {
				pos--
			}
		} else {
			pos = floorDiv(size-eff[i], strides[i])
		}
		if pos+1 < 0 {
			return fmt.Errorf("spatial dim %d: kernel %d larger than padded input %d", i, eff[i], size)
		}
		out = append(out, Known(1+pos))
	}
	c.setTensor(0, elem, out)
	if c.nOut() > 1 {
		c.setTensor(1, pb.Int64, append([]Dim(nil), out...))
	}
	return nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ones(n int) []int64 {
	v := make([]int64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

func pool(c *Ctx) error {
	dil := c.Node.OpType == "MaxPool"
	if err := convPool(c, c.elem(0), 0, 1, dil, true); err != nil {
		return err
	}
	if c.Node.OpType == "MaxPool" && c.nOut() > 1 {
		if t := c.out(0); t != nil {
			t2 := t.Clone()
			t2.Elem = pb.Int64
			c.set(1, t2)
		}
	}
	return nil
}

func globalPool(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) < 2 {
		return fmt.Errorf("input must have at least 2 dims")
	}
	out := []Dim{s[0], s[1]}
	for range s[2:] {
		out = append(out, Known(1))
	}
	c.setTensor(0, elem, out)
	return nil
}

func convTranspose(c *Ctx) error {
	elem := c.elem(0)
	c.setElem(0, elem)
	in, ok1 := c.shape(0)
	w, ok2 := c.shape(1)
	if !ok1 || !ok2 || len(in) < 2 {
		return nil
	}
	n := len(in) - 2
	group := c.int("group", 1)
	get := func(name string, def []int64) ([]int64, bool) {
		v, has := c.ints(name)
		if !has {
			return def, true
		}
		return v, len(v) == n
	}
	dil, ok := get("dilations", ones(n))
	if !ok {
		return nil
	}
	strides, ok := get("strides", ones(n))
	if !ok {
		return nil
	}
	var kernel []int64
	if v, has := c.ints("kernel_shape"); has {
		if len(v) != n {
			return nil
		}
		kernel = v
	} else {
		for _, d := range w[min(2, len(w)):] {
			if !d.IsKnown() {
				return nil
			}
			kernel = append(kernel, d.V)
		}
	}
	if len(kernel) != n || len(w) < 2 {
		return nil
	}
	eff := make([]int64, n)
	for i := range eff {
		eff[i] = (kernel[i]-1)*dil[i] + 1
	}
	pads := make([]int64, 2*n)
	autoPad := c.str("auto_pad", "NOTSET")
	if v, has := c.ints("pads"); has {
		if len(v) != 2*n {
			return fmt.Errorf("pads has %d values for %d spatial dims", len(v), n)
		}
		pads = v
	} else if c.hasAttr("auto_pad") && autoPad != "VALID" {
		for i := 0; i < n; i++ {
			total := max(eff[i]-strides[i], 0)
			small, big := total/2, total-total/2
			if autoPad == "SAME_UPPER" {
				pads[i], pads[i+n] = small, big
			} else if autoPad == "SAME_LOWER" {
				pads[i], pads[i+n] = big, small
			}
		}
	}
	outPad, ok := get("output_padding", make([]int64, n))
	if !ok {
		return nil
	}
	out := []Dim{in[0], mulDim(w[1], Known(group))}
	if os, has := c.ints("output_shape"); has {
		if len(os) != n {
			return nil
		}
		for i := 0; i < n; i++ {
			if in[2+i].IsKnown() && os[i] < in[2+i].V {
				return nil
			}
			out = append(out, Known(os[i]))
		}
		c.setTensor(0, elem, out)
		return nil
	}
	for i := 0; i < n; i++ {
		if !in[2+i].IsKnown() {
			out = append(out, Unk)
			continue
		}
		v := strides[i]*(in[2+i].V-1) + outPad[i] + eff[i] - pads[i] - pads[i+n]
		out = append(out, Known(v))
	}
	c.setTensor(0, elem, out)
	return nil
}

func roiPool(c *Ctx) error {
	elem := c.elem(0)
	c.setElem(0, elem)
	in, ok1 := c.shape(0)
	rois, ok2 := c.shape(1)
	if !ok1 || !ok2 {
		return nil
	}
	if len(in) < 2 || len(rois) != 2 {
		return fmt.Errorf("input must have rank >= 2 and rois rank 2")
	}
	ps, has := c.ints("pooled_shape")
	if !has || len(ps) != len(in)-2 || len(ps) < 2 {
		return fmt.Errorf("pooled_shape must be given for each spatial dim")
	}
	c.setTensor(0, elem, []Dim{rois[0], in[1], Known(ps[0]), Known(ps[1])})
	return nil
}

func roiAlign(c *Ctx) error {
	elem := c.elem(0)
	in, ok1 := c.shape(0)
	rois, ok2 := c.shape(1)
	idx, ok3 := c.shape(2)
	n, ch := Unk, Unk
	if ok2 && len(rois) == 2 {
		n = rois[0]
	}
	if ok3 && len(idx) == 1 && !n.IsKnown() {
		n = idx[0]
	}
	if ok1 && len(in) == 4 {
		ch = in[1]
	}
	c.setTensor(0, elem, []Dim{n, ch, Known(c.int("output_height", 1)), Known(c.int("output_width", 1))})
	return nil
}

func maxUnpool(c *Ctx) error {
	elem := c.elem(0)
	c.setElem(0, elem)
	in, ok := c.shape(0)
	if !ok {
		return nil
	}
	if len(in) < 2 {
		return fmt.Errorf("input must have at least 2 dims")
	}
	if c.has(2) {
		if v, ok := c.knownInts(2); ok {
			c.setTensor(0, elem, knownDims(v...))
		} else {
			c.setRank(0, elem, len(in))
		}
		return nil
	}
	n := len(in) - 2
	kernel, has := c.ints("kernel_shape")
	if !has || len(kernel) != n {
		return fmt.Errorf("kernel_shape must be given for each spatial dim")
	}
	strides := ones(n)
	if v, has := c.ints("strides"); has && len(v) == n {
		strides = v
	}
	pads := make([]int64, 2*n)
	if v, has := c.ints("pads"); has && len(v) == 2*n {
		pads = v
	}
	ch := Unk
	if is, ok := c.shape(1); ok && len(is) > 1 {
		ch = is[1]
	}
	out := []Dim{in[0], ch}
	for i := 0; i < n; i++ {
		if !in[2+i].IsKnown() {
			out = append(out, Unk)
			continue
		}
		out = append(out, Known(strides[i]*(in[2+i].V-1)+kernel[i]-pads[i]-pads[i+n]))
	}
	c.setTensor(0, elem, out)
	return nil
}
