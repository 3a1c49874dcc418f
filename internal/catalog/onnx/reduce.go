package onnx

import (
	"fmt"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Reductions: Reduce* (axes as an attribute, or as an input from opset
// 13 for ReduceSum and 18 for the others), ArgMax, ArgMin, TopK.

func registerReduce() {
	register("reduce", "", reduce(13), "ReduceSum")
	register("reduce", "", reduce(18), "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
		"ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare")
	register("reduce", "", argReduce, "ArgMax", "ArgMin")
	register("reduce", "", topK, "TopK")
}

func reduce(inputFrom int64) OpFunc {
	return func(c *Ctx) error {
		elem := c.elem(0)
		s, ok := c.shape(0)
		keep := c.int("keepdims", 1) != 0
		axes, given, known := c.axesInput(1, inputFrom)
		if !ok {
			c.setElem(0, elem)
			return nil
		}
		if !known {
			if keep {
				c.setRank(0, elem, len(s))
			} else {
				c.setElem(0, elem)
			}
			return nil
		}
		if given && len(axes) == 0 && c.has(1) && c.int("noop_with_empty_axes", 0) != 0 {
			c.sameAs(0, 0)
			return nil
		}
		red := make([]bool, len(s))
		if !given || len(axes) == 0 {
			if c.int("noop_with_empty_axes", 0) != 0 && (c.Opset >= inputFrom) {
				c.sameAs(0, 0)
				return nil
			}
			for i := range red {
				red[i] = true
			}
		} else {
			for _, a := range axes {
				i, err := normAxis(a, len(s))
				if err != nil {
					return err
				}
				red[i] = true
			}
		}
		var out []Dim
		for i, d := range s {
			switch {
			case !red[i]:
				out = append(out, d)
			case keep:
				out = append(out, Known(1))
			}
		}
		c.setTensor(0, elem, out)
		if d := c.data(0); d != nil && !d.Float && len(d.Dims) == 1 && red[0] {
			op := map[string]string{"ReduceSum": "Add", "ReduceProd": "Mul", "ReduceMax": "Max", "ReduceMin": "Min"}[c.Node.OpType]
			if op != "" && len(d.Ints) > 0 {
				acc := d.Ints[0]
				for _, v := range d.Ints[1:] {
					acc = binaryElt(op, acc, v)
				}
				c.setData(0, &Data{Dims: dimsOf(out), Ints: []Elt{acc}})
			}
		}
		return nil
	}
}

func argReduce(c *Ctx) error {
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, pb.Int64)
		return nil
	}
	ax, err := normAxis(c.int("axis", 0), len(s))
	if err != nil {
		return err
	}
	keep := c.int("keepdims", 1) != 0
	var out []Dim
	for i, d := range s {
		switch {
		case i != ax:
			out = append(out, d)
		case keep:
			out = append(out, Known(1))
		}
	}
	c.setTensor(0, pb.Int64, out)
	return nil
}

func topK(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		c.setElem(1, pb.Int64)
		return nil
	}
	ax, err := normAxis(c.int("axis", -1), len(s))
	if err != nil {
		return err
	}
	k := Unk
	if c.Opset < 10 && c.Domain == "" {
		k = Known(c.int("k", 0))
	} else if v, ok := c.knownInts(1); ok && len(v) == 1 {
		if v[0] < 0 {
			return fmt.Errorf("k is negative: %d", v[0])
		}
		k = Known(v[0])
		if s[ax].IsKnown() && v[0] > s[ax].V {
			return fmt.Errorf("k %d larger than the axis' size %d", v[0], s[ax].V)
		}
	}
	out := append([]Dim(nil), s...)
	out[ax] = k
	c.setTensor(0, elem, out)
	c.setTensor(1, pb.Int64, append([]Dim(nil), out...))
	return nil
}
