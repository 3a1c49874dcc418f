package onnx

import (
	"fmt"
	"math"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Generators: Constant, ConstantOfShape, Range, EyeLike, the Random*
// operators, Bernoulli, Multinomial, the window functions, MelWeightMatrix,
// DFT and STFT.

func registerGenerator() {
	register("generator", "", constant, "Constant")
	register("generator", "", constantOfShape, "ConstantOfShape")
	register("generator", "", rangeOp, "Range")
	register("generator", "", likeOp(true), "EyeLike")
	register("generator", "", likeOp(false), "RandomUniformLike", "RandomNormalLike", "Bernoulli")
	register("generator", "", randomOp, "RandomUniform", "RandomNormal")
	register("generator", "", multinomial, "Multinomial")
	register("generator", "", window, "HannWindow", "HammingWindow", "BlackmanWindow")
	register("generator", "", melWeightMatrix, "MelWeightMatrix")
	register("generator", "", dft, "DFT")
	register("generator", "", stft, "STFT")
}

func constant(c *Ctx) error {
	for _, a := range c.attrs {
		switch a.Name {
		case "value":
			t := a.T
			if t == nil {
				return fmt.Errorf("attribute value holds no tensor")
			}
			c.setTensor(0, t.DataType, knownDims(t.Dims...))
			c.setData(0, c.e.tensorData(t))
			c.Out[0].Init = true
			return nil
		case "sparse_value":
			if a.Sparse == nil || a.Sparse.Values == nil {
				return fmt.Errorf("attribute sparse_value holds no tensor")
			}
			c.setTensor(0, a.Sparse.Values.DataType, knownDims(a.Sparse.Dims...))
			return nil
		case "value_float":
			c.setTensor(0, pb.Float, nil)
			c.setData(0, &Data{Dims: []int64{}, Float: true, Floats: []float64{float64(a.F)}})
			return nil
		case "value_floats":
			c.setTensor(0, pb.Float, knownDims(int64(len(a.Floats))))
			if len(a.Floats) <= pb.MaxValues {
				d := &Data{Dims: []int64{int64(len(a.Floats))}, Float: true}
				for _, f := range a.Floats {
					d.Floats = append(d.Floats, float64(f))
				}
				c.setData(0, d)
			}
			return nil
		case "value_int":
			c.setTensor(0, pb.Int64, nil)
			c.setData(0, intData([]int64{}, a.I))
			return nil
		case "value_ints":
			c.setTensor(0, pb.Int64, knownDims(int64(len(a.Ints))))
			if len(a.Ints) <= pb.MaxValues {
				c.setData(0, intData([]int64{int64(len(a.Ints))}, a.Ints...))
			}
			return nil
		case "value_string":
			c.setTensor(0, pb.String, nil)
			return nil
		case "value_strings":
			c.setTensor(0, pb.String, knownDims(int64(len(a.Strings))))
			return nil
		}
	}
	return fmt.Errorf("no value attribute")
}

func constantOfShape(c *Ctx) error {
	elem := pb.Float
	var fill *Data
	if a := c.attr("value"); a != nil && a.T != nil {
		elem = a.T.DataType
		fill = c.e.tensorData(a.T)
	}
	sh, ok := c.shapeInput(0)
	if !ok {
		if s, ok := c.shape(0); ok && len(s) == 1 && s[0].IsKnown() {
			c.setRank(0, elem, int(s[0].V))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
	out := make([]Dim, len(sh))
	for i, e := range sh {
		if e.K && e.V < 0 {
			return fmt.Errorf("negative dim %d in the shape", e.V)
		}
		out[i] = e.Dim()
	}
	c.setTensor(0, elem, out)
	if shapeKnown(out) {
		n := pb.NumElements(dimsOf(out))
		if n >= 0 && n <= pb.MaxValues {
			d := &Data{Dims: dimsOf(out), Float: elem.IsFloat()}
			for i := int64(0); i < n; i++ {
				switch {
				case d.Float:
					v := 0.0
					if fill != nil && fill.Float && len(fill.Floats) > 0 {
						v = fill.Floats[0]
					}
					d.Floats = append(d.Floats, v)
				default:
					v := KV(0)
					if fill != nil && !fill.Float && len(fill.Ints) > 0 {
						v = fill.Ints[0]
					}
					d.Ints = append(d.Ints, v)
				}
			}
			c.setData(0, d)
		}
	}
	return nil
}

func rangeOp(c *Ctx) error {
	elem := c.elem(0)
	for i := 0; i < 3; i++ {
		if r := c.rank(i); r > 0 {
			return fmt.Errorf("input %d must be a scalar", i)
		}
	}
	s, ok1 := c.valueData(0).Num()
	l, ok2 := c.valueData(1).Num()
	d, ok3 := c.valueData(2).Num()
	if !ok1 || !ok2 || !ok3 || len(s) != 1 || len(l) != 1 || len(d) != 1 {
		c.setRank(0, elem, 1)
		if c.valueData(0) != nil && c.valueData(1) != nil && c.valueData(2) != nil && !c.valueData(0).Float {
			// Symbolic bounds: range(0, N, 1) has N elements.
			a, b, st := c.valueData(0).Ints, c.valueData(1).Ints, c.valueData(2).Ints
			if len(a) == 1 && len(b) == 1 && len(st) == 1 && a[0].K && a[0].V == 0 && st[0].K && st[0].V == 1 && !b[0].K && b[0].S != "" {
				c.setTensor(0, elem, []Dim{Sym(b[0].S)})
			}
		}
		return nil
	}
	if d[0] == 0 {
		return fmt.Errorf("delta is 0")
	}
	n := math.Ceil((l[0] - s[0]) / d[0])
	if n < 0 || math.IsNaN(n) {
		n = 0
	}
	if n > 1<<62 {
		c.setRank(0, elem, 1)
		return nil
	}
	c.setTensor(0, elem, knownDims(int64(n)))
	if n <= pb.MaxValues {
		out := &Data{Dims: []int64{int64(n)}, Float: elem.IsFloat()}
		for i := 0; i < int(n); i++ {
			v := s[0] + float64(i)*d[0]
			if out.Float {
				out.Floats = append(out.Floats, v)
			} else {
				out.Ints = append(out.Ints, KV(int64(v)))
			}
		}
		c.setData(0, out)
	}
	return nil
}

func likeOp(eye bool) OpFunc {
	return func(c *Ctx) error {
		elem := c.elem(0)
		if c.hasAttr("dtype") {
			elem = pb.DataType(c.int("dtype", 0))
		}
		if s, ok := c.shape(0); ok {
			if eye && len(s) != 2 {
				return fmt.Errorf("input must have rank 2, has %d", len(s))
			}
			c.setTensor(0, elem, append([]Dim(nil), s...))
		} else {
			c.setElem(0, elem)
		}
		return nil
	}
}

func randomOp(c *Ctx) error {
	elem := pb.DataType(c.int("dtype", int64(pb.Float)))
	s, ok := c.ints("shape")
	if !ok {
		return fmt.Errorf("attribute shape is required")
	}
	for _, d := range s {
		if d < 0 {
			return fmt.Errorf("negative dim %d", d)
		}
	}
	c.setTensor(0, elem, knownDims(s...))
	return nil
}

func multinomial(c *Ctx) error {
	elem := pb.DataType(c.int("dtype", int64(pb.Int32)))
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) != 2 {
		return fmt.Errorf("input must have rank 2")
	}
	c.setTensor(0, elem, []Dim{s[0], Known(c.int("sample_size", 1))})
	return nil
}

func window(c *Ctx) error {
	elem := pb.DataType(c.int("output_datatype", int64(pb.Float)))
	if v, ok := c.knownInts(0); ok && len(v) == 1 {
		c.setTensor(0, elem, knownDims(v[0]))
		return nil
	}
	c.setRank(0, elem, 1)
	return nil
}

func melWeightMatrix(c *Ctx) error {
	elem := pb.DataType(c.int("output_datatype", int64(pb.Float)))
	bins, ok1 := c.knownInts(0)
	dftLen, ok2 := c.knownInts(1)
	if ok1 && ok2 && len(bins) == 1 && len(dftLen) == 1 {
		c.setTensor(0, elem, knownDims(dftLen[0]/2+1, bins[0]))
		return nil
	}
	c.setRank(0, elem, 2)
	return nil
}

func dft(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok {
		c.setElem(0, elem)
		return nil
	}
	if len(s) < 2 {
		return fmt.Errorf("input must have rank >= 2")
	}
	out := append([]Dim(nil), s...)
	out[len(out)-1] = Known(2)
	var axis int64 = 1
	axisKnown := true
	if c.Opset >= 20 {
		axis = -2
		if c.has(2) {
			v, ok := c.knownInts(2)
			if ok && len(v) == 1 {
				axis = v[0]
			} else {
				axisKnown = false
			}
		}
	} else {
		axis = c.int("axis", 1)
	}
	if !axisKnown {
		c.setRank(0, elem, len(s))
		return nil
	}
	ax, err := normAxis(axis, len(s))
	if err != nil {
		return err
	}
	n := s[ax]
	if c.has(1) {
		if v, ok := c.knownInts(1); ok && len(v) == 1 {
			n = Known(v[0])
		} else {
			n = Unk
		}
	}
	if c.int("onesided", 0) != 0 {
		if n.IsKnown() {
			n = Known(n.V/2 + 1)
		} else {
			n = Unk
		}
	}
	out[ax] = n
	c.setTensor(0, elem, out)
	return nil
}

func stft(c *Ctx) error {
	elem := c.elem(0)
	s, ok := c.shape(0)
	if !ok || len(s) != 3 {
		c.setRank(0, elem, 4)
		return nil
	}
	step, ok1 := c.knownInts(1)
	frameLen := Unk
	if v, ok := c.knownInts(3); ok && len(v) == 1 {
		frameLen = Known(v[0])
	} else if w, ok := c.shape(2); ok && len(w) == 1 {
		frameLen = w[0]
	}
	frames := Unk
	if ok1 && len(step) == 1 && step[0] > 0 && frameLen.IsKnown() && s[1].IsKnown() {
		frames = Known((s[1].V-frameLen.V)/step[0] + 1)
	}
	bins := frameLen
	if c.int("onesided", 1) != 0 && frameLen.IsKnown() {
		bins = Known(frameLen.V/2 + 1)
	} else if c.int("onesided", 1) != 0 {
		bins = Unk
	}
	c.setTensor(0, elem, []Dim{s[0], frames, bins, Known(2)})
	return nil
}
