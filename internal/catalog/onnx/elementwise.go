package onnx

import (
	"fmt"
	"math"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Elementwise operators: unary maps, broadcasting binary and variadic
// operators, comparisons, Where, Clip, Cast. Small known contents are
// computed (constant folding), so shape arithmetic on Shape outputs
// stays exact and symbolic dims keep their names.

func registerElementwise() {
	register("elementwise", "", unary,
		"Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Ceil", "Cos", "Cosh", "Erf", "Exp",
		"Floor", "Log", "Neg", "Reciprocal", "Relu", "Round", "Sigmoid", "Sign", "Sin", "Sinh", "Softplus",
		"Softsign", "Sqrt", "Tan", "Tanh", "Elu", "Selu", "LeakyRelu", "ThresholdedRelu", "HardSigmoid",
		"HardSwish", "Celu", "Mish", "Gelu", "Shrink", "Softmax", "LogSoftmax", "Hardmax", "LRN",
		"MeanVarianceNormalization", "LpNormalization", "CumSum", "BitwiseNot", "Trilu", "PRelu",
		"ReverseSequence", "Swish")
	register("elementwise", "", identity, "Identity")
	register("elementwise", "", notOp, "Not")
	register("elementwise", "", boolUnary, "IsInf", "IsNaN")
	register("elementwise", "", binary, "Add", "Sub", "Mul", "Div", "Pow", "Mod", "BitShift",
		"BitwiseAnd", "BitwiseOr", "BitwiseXor")
	register("elementwise", "", logical, "And", "Or", "Xor")
	register("elementwise", "", logical, "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual")
	register("elementwise", "", variadic, "Sum", "Max", "Min", "Mean")
	register("elementwise", "", where, "Where")
	register("elementwise", "", clip, "Clip")
	register("elementwise", "", cast, "Cast")
	register("elementwise", "", castLike, "CastLike")
	register("elementwise", "", dropout, "Dropout")
}

func unary(c *Ctx) error {
	c.sameAs(0, 0)
	if (c.Node.OpType == "Neg" || c.Node.OpType == "Abs") && !c.isWeight(0) {
		if d := c.data(0); d != nil {
			c.setData(0, mapData(d, func(v int64) (int64, bool) {
				if c.Node.OpType == "Neg" {
					return -v, v != math.MinInt64
				}
				if v < 0 {
					return -v, v != math.MinInt64
				}
				return v, true
			}, func(f float64) float64 {
				if c.Node.OpType == "Neg" {
					return -f
				}
				return math.Abs(f)
			}))
		}
	}
	return nil
}

func identity(c *Ctx) error {
	c.sameAs(0, 0)
	c.setData(0, c.data(0))
	return nil
}

func notOp(c *Ctx) error {
	c.sameAs(0, 0)
	if d := c.data(0); d != nil && !d.Float {
		c.setData(0, mapData(d, func(v int64) (int64, bool) { return b2i(v == 0), true }, nil))
	}
	return nil
}

func boolUnary(c *Ctx) error {
	if s, ok := c.shape(0); ok {
		c.setTensor(0, pb.Bool, append([]Dim(nil), s...))
	} else {
		c.setElem(0, pb.Bool)
	}
	return nil
}

func mapData(d *Data, fi func(int64) (int64, bool), ff func(float64) float64) *Data {
	out := &Data{Dims: d.Dims, Float: d.Float}
	if d.Float {
		if ff == nil {
			return nil
		}
		out.Floats = make([]float64, len(d.Floats))
		for i, v := range d.Floats {
			out.Floats[i] = ff(v)
		}
		return out
	}
	out.Ints = make([]Elt, len(d.Ints))
	for i, v := range d.Ints {
		if v.K {
			r, ok := fi(v.V)
			if ok {
				out.Ints[i] = KV(r)
			}
		}
	}
	return out
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// legacyBroadcast reports whether a binary op follows opset < 7 rules,
// where the output has the first input's shape.
func legacyBroadcast(c *Ctx) bool { return c.Domain == "" && c.Opset < 7 && c.Opset > 0 }

// broadcastOut sets output 0 to the broadcast of inputs idx with element
// type elem; it reports whether all input shapes were known.
func broadcastOut(c *Ctx, elem pb.DataType, idx ...int) (bool, error) {
	var shapes [][]Dim
	for _, i := range idx {
		s, ok := c.shape(i)
		if !ok {
			c.setElem(0, elem)
			return false, nil
		}
		shapes = append(shapes, s)
	}
	out, err := broadcast(shapes...)
	if err != nil {
		return false, err
	}
	c.setTensor(0, elem, out)
	return true, nil
}

func binary(c *Ctx) error {
	elem := c.elem(0)
	if legacyBroadcast(c) {
		c.sameAs(0, 0)
	} else if _, err := broadcastOut(c, elem, 0, 1); err != nil {
		return err
	}
	if elem == 0 && c.out(0) != nil {
		c.out(0).Elem = c.elem(1)
	}
	if !c.isWeight(0) && !c.isWeight(1) {
		c.setData(0, foldBinary(c.Node.OpType, c.data(0), c.data(1), elem.IsFloat()))
	}
	return nil
}

func logical(c *Ctx) error {
	if legacyBroadcast(c) {
		if s, ok := c.shape(0); ok {
			c.setTensor(0, pb.Bool, append([]Dim(nil), s...))
		} else {
			c.setElem(0, pb.Bool)
		}
	} else if _, err := broadcastOut(c, pb.Bool, 0, 1); err != nil {
		return err
	}
	c.setData(0, foldBinary(c.Node.OpType, c.data(0), c.data(1), false))
	return nil
}

func variadic(c *Ctx) error {
	elem := pb.DataType(0)
	idx := make([]int, 0, len(c.In))
	for i := range c.In {
		if c.has(i) {
			idx = append(idx, i)
			if elem == 0 {
				elem = c.elem(i)
			}
		}
	}
	if len(idx) == 0 {
		return fmt.Errorf("no inputs")
	}
	if c.Opset < 8 && c.Domain == "" {
		// Before opset 8, all inputs have one shape.
		for _, i := range idx {
			if s, ok := c.shape(i); ok {
				c.setTensor(0, elem, append([]Dim(nil), s...))
				return nil
			}
		}
		c.setElem(0, elem)
		return nil
	}
	if _, err := broadcastOut(c, elem, idx...); err != nil {
		return err
	}
	for _, i := range idx {
		if c.isWeight(i) {
			return nil
		}
	}
	if c.Node.OpType == "Max" || c.Node.OpType == "Min" || c.Node.OpType == "Sum" {
		d := c.data(idx[0])
		for _, i := range idx[1:] {
			d = foldBinary(c.Node.OpType, d, c.data(i), elem.IsFloat())
		}
		if len(idx) > 1 {
			c.setData(0, d)
		}
	}
	return nil
}

func where(c *Ctx) error {
	elem := c.elem(1)
	if elem == 0 {
		elem = c.elem(2)
	}
	if _, err := broadcastOut(c, elem, 0, 1, 2); err != nil {
		return err
	}
	if c.isWeight(1) || c.isWeight(2) {
		return nil
	}
	cond, a, b := c.data(0), c.data(1), c.data(2)
	if cond != nil && a != nil && b != nil && !cond.Float && a.Float == b.Float {
		c.setData(0, foldN([]*Data{cond, a, b}, a.Float, func(v []Elt) Elt {
			if !v[0].K {
				return Elt{}
			}
			if v[0].V != 0 {
				return v[1]
			}
			return v[2]
		}, func(v []float64) float64 {
			if v[0] != 0 {
				return v[1]
			}
			return v[2]
		}))
	}
	return nil
}

func clip(c *Ctx) error {
	c.sameAs(0, 0)
	return nil
}

func cast(c *Ctx) error {
	to := pb.DataType(c.int("to", 0))
	if a := c.attr("to"); a != nil && a.Kind() == pb.AttrString {
		// Opset 1 spelled the type as a string ("FLOAT").
		to = dtypeByName(a.S)
	}
	if s, ok := c.shape(0); ok {
		c.setTensor(0, to, append([]Dim(nil), s...))
	} else {
		c.setElem(0, to)
	}
	c.setData(0, castData(c.data(0), to))
	return nil
}

func castLike(c *Ctx) error {
	to := c.elem(1)
	if s, ok := c.shape(0); ok {
		c.setTensor(0, to, append([]Dim(nil), s...))
	} else {
		c.setElem(0, to)
	}
	if to != 0 {
		c.setData(0, castData(c.data(0), to))
	}
	return nil
}

func dtypeByName(s string) pb.DataType {
	names := map[string]pb.DataType{
		"FLOAT": pb.Float, "UINT8": pb.Uint8, "INT8": pb.Int8, "UINT16": pb.Uint16, "INT16": pb.Int16,
		"INT32": pb.Int32, "INT64": pb.Int64, "STRING": pb.String, "BOOL": pb.Bool, "FLOAT16": pb.Float16,
		"DOUBLE": pb.Double, "UINT32": pb.Uint32, "UINT64": pb.Uint64, "COMPLEX64": pb.Complex64,
		"COMPLEX128": pb.Complex128, "BFLOAT16": pb.BFloat16,
	}
	return names[s]
}

func castData(d *Data, to pb.DataType) *Data {
	if d == nil {
		return nil
	}
	switch {
	case to.IsFloat():
		f, ok := d.Num()
		if !ok {
			return nil
		}
		return &Data{Dims: d.Dims, Float: true, Floats: append([]float64(nil), f...)}
	case to.IsInt():
		out := &Data{Dims: d.Dims, Ints: make([]Elt, d.N())}
		if d.Float {
			for i, f := range d.Floats {
				if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<62 {
					return nil
				}
				out.Ints[i] = KV(int64(f))
			}
		} else {
			copy(out.Ints, d.Ints)
		}
		if to == pb.Bool {
			for i, v := range out.Ints {
				if v.K {
					out.Ints[i] = KV(b2i(v.V != 0))
				} else {
					out.Ints[i] = Elt{}
				}
			}
		}
		return out
	}
	return nil
}

func dropout(c *Ctx) error {
	c.sameAs(0, 0)
	if c.nOut() > 1 {
		if s, ok := c.shape(0); ok {
			c.setTensor(1, maskType(c), append([]Dim(nil), s...))
		} else {
			c.setElem(1, maskType(c))
		}
	}
	c.setData(0, c.data(0))
	return nil
}

func maskType(c *Ctx) pb.DataType {
	if c.Opset >= 10 || c.Domain != "" {
		return pb.Bool
	}
	return c.elem(0)
}

// broadcastIndex maps a flat index of the output dims to a flat index
// of an input's dims (right-aligned broadcasting).
func broadcastIndex(out []int64, in []int64, flat int) int {
	idx := 0
	stride := 1
	rem := flat
	coords := make([]int, len(out))
	for i := len(out) - 1; i >= 0; i-- {
		coords[i] = rem % int(out[i])
		rem /= int(out[i])
	}
	for i := len(in) - 1; i >= 0; i-- {
		c := coords[len(out)-len(in)+i]
		if in[i] == 1 {
			c = 0
		}
		idx += c * stride
		stride *= int(in[i])
	}
	return idx
}

// broadcastDims computes the output dims of known input dims, or fails.
func broadcastDims(dims ...[]int64) ([]int64, bool) {
	n := 0
	for _, d := range dims {
		n = max(n, len(d))
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = 1
	}
	for _, d := range dims {
		for i, v := range d {
			j := n - len(d) + i
			switch {
			case v == out[j] || v == 1:
			case out[j] == 1:
				out[j] = v
			default:
				return nil, false
			}
		}
	}
	return out, true
}

// foldN computes an elementwise operator over known contents with
// broadcasting; ints and floats do not mix.
func foldN(in []*Data, float bool, fi func([]Elt) Elt, ff func([]float64) float64) *Data {
	dims := make([][]int64, len(in))
	for i, d := range in {
		if d == nil {
			return nil
		}
		dims[i] = d.Dims
	}
	od, ok := broadcastDims(dims...)
	if !ok {
		return nil
	}
	n := pb.NumElements(od)
	if n < 0 || n > pb.MaxValues {
		return nil
	}
	out := &Data{Dims: od, Float: float}
	if float {
		if ff == nil {
			return nil
		}
		out.Floats = make([]float64, n)
		args := make([]float64, len(in))
		for k := 0; k < int(n); k++ {
			for i, d := range in {
				f, ok := d.Num()
				if !ok {
					return nil
				}
				args[i] = f[broadcastIndex(od, d.Dims, k)]
			}
			out.Floats[k] = ff(args)
		}
		return out
	}
	out.Ints = make([]Elt, n)
	args := make([]Elt, len(in))
	for k := 0; k < int(n); k++ {
		for i, d := range in {
			if d.Float {
				return nil
			}
			args[i] = d.Ints[broadcastIndex(od, d.Dims, k)]
		}
		out.Ints[k] = fi(args)
	}
	return out
}

// foldBinary computes a binary elementwise operator on known contents.
// Integer results keep symbolic names where the arithmetic is an
// identity (x + 0, x * 1, x / 1, min/max of equal names).
func foldBinary(op string, a, b *Data, float bool) *Data {
	if a == nil || b == nil {
		return nil
	}
	if a.Float != b.Float {
		if op == "Pow" && !b.Float {
			float = a.Float
		} else {
			return nil
		}
	}
	cmp := op == "Equal" || op == "Greater" || op == "Less" || op == "GreaterOrEqual" || op == "LessOrEqual"
	if a.Float && cmp {
		fa, _ := a.Num()
		fb, _ := b.Num()
		r := foldN([]*Data{{Dims: a.Dims, Float: true, Floats: fa}, {Dims: b.Dims, Float: true, Floats: fb}}, true, nil, func(v []float64) float64 {
			return float64(b2i(compareF(op, v[0], v[1])))
		})
		if r == nil {
			return nil
		}
		out := &Data{Dims: r.Dims, Ints: make([]Elt, len(r.Floats))}
		for i, f := range r.Floats {
			out.Ints[i] = KV(int64(f))
		}
		return out
	}
	if a.Float {
		return foldN([]*Data{a, b}, true, nil, func(v []float64) float64 {
			x, y := v[0], v[1]
			switch op {
			case "Add", "Sum":
				return x + y
			case "Sub":
				return x - y
			case "Mul":
				return x * y
			case "Div":
				return x / y
			case "Pow":
				return math.Pow(x, y)
			case "Max":
				return math.Max(x, y)
			case "Min":
				return math.Min(x, y)
			case "Mod":
				return math.Mod(x, y)
			}
			return math.NaN()
		})
	}
	return foldN([]*Data{a, b}, false, func(v []Elt) Elt {
		return binaryElt(op, v[0], v[1])
	}, nil)
}

func compareF(op string, x, y float64) bool {
	switch op {
	case "Equal":
		return x == y
	case "Greater":
		return x > y
	case "Less":
		return x < y
	case "GreaterOrEqual":
		return x >= y
	case "LessOrEqual":
		return x <= y
	}
	return false
}

func binaryElt(op string, x, y Elt) Elt {
	if !x.K || !y.K {
		switch {
		case (op == "Add" || op == "Sum") && y.K && y.V == 0:
			return x
		case (op == "Add" || op == "Sum") && x.K && x.V == 0:
			return y
		case op == "Sub" && y.K && y.V == 0:
			return x
		case op == "Mul" && y.K && y.V == 1:
			return x
		case op == "Mul" && x.K && x.V == 1:
			return y
		case op == "Div" && y.K && y.V == 1:
			return x
		case (op == "Max" || op == "Min") && !x.K && !y.K && x.S != "" && x.S == y.S:
			return x
		case op == "Equal" && !x.K && !y.K && x.S != "" && x.S == y.S:
			return KV(1)
		}
		return Elt{}
	}
	a, b := x.V, y.V
	switch op {
	case "Add", "Sum":
		if r, ok := addInt(a, b); ok {
			return KV(r)
		}
	case "Sub":
		if b != math.MinInt64 {
			if r, ok := addInt(a, -b); ok {
				return KV(r)
			}
		}
	case "Mul":
		if r, ok := mulInt(a, b); ok {
			return KV(r)
		}
	case "Div":
		if b != 0 && !(a == math.MinInt64 && b == -1) {
			return KV(a / b) // C++ truncation, as onnxruntime
		}
	case "Mod":
		if b != 0 && !(a == math.MinInt64 && b == -1) {
			r := a % b
			if r != 0 && (r < 0) != (b < 0) {
				r += b // fmod=0: the sign follows the divisor
			}
			return KV(r)
		}
	case "Max":
		return KV(max(a, b))
	case "Min":
		return KV(min(a, b))
	case "Pow":
		if b >= 0 && b < 64 {
			r := int64(1)
			for i := int64(0); i < b; i++ {
				var ok bool
				if r, ok = mulInt(r, a); !ok {
					return Elt{}
				}
			}
			return KV(r)
		}
	case "Equal":
		return KV(b2i(a == b))
	case "Greater":
		return KV(b2i(a > b))
	case "Less":
		return KV(b2i(a < b))
	case "GreaterOrEqual":
		return KV(b2i(a >= b))
	case "LessOrEqual":
		return KV(b2i(a <= b))
	case "And":
		return KV(b2i(a != 0 && b != 0))
	case "Or":
		return KV(b2i(a != 0 || b != 0))
	case "Xor":
		return KV(b2i((a != 0) != (b != 0)))
	case "BitwiseAnd":
		return KV(a & b)
	case "BitwiseOr":
		return KV(a | b)
	case "BitwiseXor":
		return KV(a ^ b)
	}
	return Elt{}
}
