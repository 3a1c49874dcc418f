package pytorch

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// Tensor is a symbolic torch tensor: a shape and a dtype, no data. A
// Parameter is a Tensor with param set; its pointer is its identity (a
// parameter shared by two modules is one weight).
type Tensor struct {
	shape        []int64
	dtype        string
	param        bool
	requiresGrad bool
	// vals are the known values (values.go), row-major; nil when unknown.
	vals  []float64
	store *storage
	// from is the tensor's provenance (dataflow.go): the module-call
	// outputs it was computed from; nil for a graph input or a constant.
	from *prov
	// factors names the numbers behind each dim of a parameter or buffer
	// a catalogued module created (catalog/torch Param.Factors).
	factors [][]graph.Factor
}

func newTensor(shape []int64, dtype string) *Tensor {
	if dtype == "" {
		dtype = "float32"
	}
	return &Tensor{shape: append([]int64{}, shape...), dtype: dtype}
}

// Shape returns the tensor's shape.
func (t *Tensor) Shape() []int64 { return t.shape }

func (t *Tensor) String() string {
	if v := t.values(); v != nil && !t.param {
		return valueString(t)
	}
	if t.param {
		return fmt.Sprintf("Parameter containing:\ntensor(shape=%s)", sizeString(t.shape))
	}
	return fmt.Sprintf("tensor(shape=%s, dtype=torch.%s)", sizeString(t.shape), t.dtype)
}

func (t *Tensor) Type() string {
	if t.param {
		return "Parameter"
	}
	return "Tensor"
}

// Class implements eval.HasClass.
func (t *Tensor) Class() *eval.Class {
	if t.param {
		return parameterClass
	}
	return tensorClass
}

func sizeString(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "torch.Size([" + strings.Join(parts, ", ") + "])"
}

func (t *Tensor) Truth(th *eval.Thread) (bool, error) {
	switch n := numel(t.shape); {
	case n == 1:
		if v := t.values(); v != nil {
			return v[0] != 0, nil
		}
		return false, unknownValue()
	case n == 0:
		return false, eval.NewError(eval.RuntimeError, "Boolean value of Tensor with no values is ambiguous")
	}
	return false, eval.NewError(eval.RuntimeError, "Boolean value of Tensor with more than one value is ambiguous")
}

func (t *Tensor) Len() int {
	if len(t.shape) == 0 {
		return 0
	}
	return int(t.shape[0])
}

type tensorIter struct {
	t *Tensor
	i int64
}

func (it *tensorIter) Next(th *eval.Thread) (eval.Value, bool, error) {
	if len(it.t.shape) == 0 || it.i >= it.t.shape[0] {
		return nil, false, nil
	}
	it.i++
	v, err := it.t.GetItem(th, eval.Int(it.i-1))
	return v, err == nil, err
}

func (t *Tensor) Iterate(th *eval.Thread) (eval.Iterator, error) {
	if len(t.shape) == 0 {
		return nil, eval.NewError(eval.TypeError, "iteration over a 0-d tensor")
	}
	return &tensorIter{t: t}, nil
}

func numel(s []int64) int64 {
	n := int64(1)
	for _, d := range s {
		n *= d
	}
	return n
}

func sizeTuple(s []int64) eval.Value {
	out := make(eval.Tuple, len(s))
	for i, d := range s {
		out[i] = eval.Int(d)
	}
	return &Size{out}
}

// Size is torch.Size: a tuple of ints.
type Size struct{ eval.Tuple }

func (s *Size) String() string {
	parts := make([]string, len(s.Tuple))
	for i, d := range s.Tuple {
		parts[i] = d.String()
	}
	return "torch.Size([" + strings.Join(parts, ", ") + "])"
}
func (s *Size) Type() string { return "Size" }

// sizeClass makes torch.Size a tuple for isinstance.
var sizeClass = eval.NewClass("Size", eval.ClassOf(eval.Tuple{})).SetModule("torch")

// Class implements eval.HasClass.
func (s *Size) Class() *eval.Class { return sizeClass }
func (s *Size) Len() int           { return len(s.Tuple) }
func (s *Size) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	v, err := th.GetItem(s.Tuple, key)
	if tu, ok := v.(eval.Tuple); ok && err == nil {
		return &Size{tu}, nil
	}
	return v, err
}
func (s *Size) Iterate(th *eval.Thread) (eval.Iterator, error) { return th.Iterate(s.Tuple) }
func (s *Size) Equal(th *eval.Thread, o eval.Value) bool {
	eq, _ := th.Equal(s.Tuple, o)
	return eq
}
func (s *Size) Binary(th *eval.Thread, op eval.Op, y eval.Value, right bool) (eval.Value, error) {
	if o, ok := y.(*Size); ok {
		y = o.Tuple
	}
	if right {
		return th.Binary(op, y, s.Tuple)
	}
	return th.Binary(op, s.Tuple, y)
}
func (s *Size) Attr(th *eval.Thread, name string) (eval.Value, error) {
	if name == "numel" {
		return eval.NewBuiltin("numel", func(th *eval.Thread, args eval.Tuple, kw []eval.KV) (eval.Value, error) {
			n := int64(1)
			for _, d := range s.Tuple {
				i, _ := eval.AsInt(d)
				n *= i
			}
			return eval.Int(n), nil
		}), nil
	}
	return th.GetAttr(s.Tuple, name)
}

func normDim(d, n int64) (int64, error) {
	if n == 0 && (d == 0 || d == -1) {
		return 0, nil
	}
	if d < -n || d >= n {
		return 0, eval.NewError(eval.IndexError, "Dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, d)
	}
	if d < 0 {
		d += n
	}
	return d, nil
}

// intsOf reads a shape given as *args ints or one tuple/list/Size.
func intsOf(args eval.Tuple) ([]int64, error) {
	if len(args) == 1 {
		switch v := args[0].(type) {
		case eval.Tuple, *eval.List, *Size:
			if s, ok := v.(*Size); ok {
				args = s.Tuple
			} else if l, ok := v.(*eval.List); ok {
				args = l.Elems()
			} else {
				args = v.(eval.Tuple)
			}
		}
	}
	out := make([]int64, len(args))
	for i, a := range args {
		if t, ok := a.(*Tensor); ok && len(t.shape) == 0 {
			v := t.values()
			if v == nil {
				return nil, eval.NewError(eval.TypeError, "a tensor's value is not known to netsum (it computes shapes only)")
			}
			if kind(t.dtype) > kInt {
				return nil, eval.NewError(eval.TypeError, "expected int in shape, got a %s tensor", t.dtype)
			}
			out[i] = int64(v[0])
			continue
		}
		n, err := eval.AsInt(a)
		if err != nil {
			return nil, eval.NewError(eval.TypeError, "expected int in shape, got %s", a.Type())
		}
		out[i] = n
	}
	return out, nil
}

func reshape(in []int64, want []int64) ([]int64, error) {
	out := append([]int64(nil), want...)
	infer := -1
	known := int64(1)
	for i, d := range out {
		if d == -1 {
			if infer >= 0 {
				return nil, eval.NewError(eval.RuntimeError, "only one dimension can be inferred")
			}
			infer = i
			continue
		}
		known *= d
	}
	total := numel(in)
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return nil, eval.NewError(eval.RuntimeError, "shape '%s' is invalid for input of size %d", listString(want), total)
		}
		out[infer] = total / known
	} else if known != total {
		return nil, eval.NewError(eval.RuntimeError, "shape '%s' is invalid for input of size %d", listString(want), total)
	}
	return out, nil
}

func listString(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// broadcast is torch's broadcasting of two shapes.
func broadcast(a, b []int64) ([]int64, error) {
	n := len(a)
	if len(b) > n {
		n = len(b)
	}
	out := make([]int64, n)
	for i := 0; i < n; i++ {
		x, y := int64(1), int64(1)
		if j := len(a) - n + i; j >= 0 {
			x = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			y = b[j]
		}
		switch {
		case x == y, y == 1:
			out[i] = x
		case x == 1:
			out[i] = y
		default:
			return nil, eval.NewError(eval.RuntimeError, "The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension %d", x, y, i)
		}
	}
	return out, nil
}

func isScalar(v eval.Value) bool {
	switch v.(type) {
	case eval.Int, eval.Float, eval.Bool:
		return true
	}
	return false
}

func (t *Tensor) Binary(th *eval.Thread, op eval.Op, y eval.Value, right bool) (eval.Value, error) {
	return dfPass(eval.Tuple{t, y}, nil)(t.binary(th, op, y, right))
}

func (t *Tensor) binary(th *eval.Thread, op eval.Op, y eval.Value, right bool) (eval.Value, error) {
	if op == syntax.MatMul {
		u, ok := y.(*Tensor)
		if !ok {
			return nil, nil
		}
		if right {
			return matmul(u, t)
		}
		return matmul(t, u)
	}
	switch op {
	case syntax.Add, syntax.Sub, syntax.Mul, syntax.Div, syntax.FloorDiv, syntax.Mod, syntax.Pow,
		syntax.Lt, syntax.Gt, syntax.Le, syntax.Ge, syntax.Eq, syntax.Ne,
		syntax.BitAnd, syntax.BitOr, syntax.BitXor, syntax.LShift, syntax.RShift:
	default:
		return nil, nil
	}
	o, ok := toOperand(y)
	if !ok {
		if eval.IsOpaque(y) && !isCompare(op) {
			return newTensor(t.shape, t.dtype), nil
		}
		return nil, nil
	}
	a, b := operand{t: t}, o
	if right {
		a, b = b, a
	}
	return elementwise(th, op, a, b)
}

func isFloat(dt string) bool { return strings.HasPrefix(dt, "float") || dt == "bfloat16" }

func (t *Tensor) Unary(th *eval.Thread, op eval.Op) (eval.Value, error) {
	return dfPass(eval.Tuple{t}, nil)(t.unary(th, op))
}

func (t *Tensor) unary(th *eval.Thread, op eval.Op) (eval.Value, error) {
	switch op {
	case syntax.Neg:
		return unaryValue(th, "neg", t)
	case syntax.Invert:
		if t.dtype == "bool" {
			return unaryValue(th, "logical_not", t)
		}
		if kind(t.dtype) != kInt {
			return nil, eval.NewError(eval.TypeError, "~ (operator.invert) is only implemented on integer and Boolean-type tensors")
		}
		v := t.values()
		if v == nil {
			return newTensor(t.shape, t.dtype), nil
		}
		out := make([]float64, len(v))
		for i, e := range v {
			out[i] = float64(^int64(e))
		}
		return newValued(th, t.shape, t.dtype, out), nil
	}
	return newValued(th, t.shape, t.dtype, t.values()), nil
}

func matmul(a, b *Tensor) (eval.Value, error) {
	x, y := a.shape, b.shape
	if len(x) == 0 || len(y) == 0 {
		return nil, eval.NewError(eval.RuntimeError, "both arguments to matmul need to be at least 1D")
	}
	xv, yv := len(x) == 1, len(y) == 1
	if xv {
		x = []int64{1, x[0]}
	}
	if yv {
		y = []int64{y[0], 1}
	}
	if x[len(x)-1] != y[len(y)-2] {
		return nil, eval.NewError(eval.RuntimeError, "mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)", x[len(x)-2], x[len(x)-1], y[len(y)-2], y[len(y)-1])
	}
	batch, err := broadcast(x[:len(x)-2], y[:len(y)-2])
	if err != nil {
		return nil, err
	}
	out := append(batch, x[len(x)-2], y[len(y)-1])
	if xv {
		out = append(out[:len(out)-2], out[len(out)-1])
	}
	if yv {
		out = out[:len(out)-1]
	}
	return newTensor(out, a.dtype), nil
}

// indexPlan is what t[key] selects: the output shape and, when the
// positions are known, one list of offsets per gathered dimension.
type indexPlan struct {
	shape []int64
	base  int64
	dims  [][]int64
	ok    bool
}

func (t *Tensor) plan(th *eval.Thread, key eval.Value) (*indexPlan, error) {
	var keys eval.Tuple
	if tu, ok := key.(eval.Tuple); ok {
		keys = tu
	} else {
		keys = eval.Tuple{key}
	}
	for i, k := range keys {
		if l, ok := k.(*eval.List); ok {
			v, err := tensorFn(false)(th, eval.Tuple{l}, nil)
			if err != nil {
				return nil, err
			}
			keys[i] = v
		}
	}
	// count consumed dims
	consumed := 0
	advanced, intAdvanced := 0, 0
	for _, k := range keys {
		if k == eval.None || k == eval.Ellipsis {
			continue
		}
		if kt, ok := k.(*Tensor); ok {
			advanced++
			if kt.dtype == "bool" || kt.dtype == "uint8" {
				consumed += len(kt.shape)
				continue
			}
			intAdvanced++
		}
		consumed++
	}
	if consumed > len(t.shape) {
		return nil, eval.NewError(eval.IndexError, "too many indices for tensor of dimension %d", len(t.shape))
	}
	st := strides(t.shape)
	// offsets are only listed for a tensor with values (bounded sizes)
	p := &indexPlan{ok: (advanced <= 1 || advanced == intAdvanced) && t.values() != nil}
	// several index tensors are broadcast together (advIndex)
	type advIndex struct {
		t          *Tensor
		d          int
		spos, dpos int
	}
	var advs []advIndex
	step := func(n, stride int64) []int64 {
		if !p.ok {
			return nil
		}
		return stepDim(n, stride)
	}
	d := 0
	for _, k := range keys {
		switch k := k.(type) {
		case eval.NoneType:
			p.shape = append(p.shape, 1)
			p.dims = append(p.dims, []int64{0})
		case eval.Int, eval.Bool:
			i, _ := eval.AsInt(k)
			if t.shape[d] < 0 {
				// a size netsum does not know
				p.ok = false
				d++
				continue
			}
			if i < -t.shape[d] || i >= t.shape[d] {
				return nil, eval.NewError(eval.IndexError, "index %d is out of bounds for dimension %d with size %d", i, d, t.shape[d])
			}
			if i < 0 {
				i += t.shape[d]
			}
			p.base += i * st[d]
			d++
		case *eval.Slice:
			if t.shape[d] < 0 {
				p.shape = append(p.shape, -1)
				p.ok = false
				d++
				continue
			}
			start, n, step, err := sliceRange(k, t.shape[d])
			if err != nil {
				return nil, err
			}
			p.shape = append(p.shape, n)
			if p.ok && n > maxValues {
				// only a tensor without elements has such a dimension
				p.dims = append(p.dims, nil)
			} else if p.ok {
				o := make([]int64, n)
				for j := range o {
					o[j] = (start + int64(j)*step) * st[d]
				}
				p.dims = append(p.dims, o)
			}
			d++
		case *Tensor:
			v := k.values()
			if k.dtype == "bool" || k.dtype == "uint8" {
				nd := len(k.shape)
				for j := 0; j < nd; j++ {
					if k.shape[j] != t.shape[d+j] && k.shape[j] >= 0 && t.shape[d+j] >= 0 {
						return nil, eval.NewError(eval.IndexError, "The shape of the mask [%s] at index %d does not match the shape of the indexed tensor [%s] at index %d", joinInts(k.shape), j, joinInts(t.shape), d+j)
					}
				}
				if v == nil {
					p.shape = append(p.shape, -1)
					p.ok = false
				} else {
					var o []int64
					ms := strides(k.shape)
					for f, e := range v {
						if e == 0 {
							continue
						}
						off, r := int64(0), int64(f)
						for j := 0; j < nd; j++ {
							off += r / ms[j] * st[d+j]
							r %= ms[j]
						}
						o = append(o, off)
					}
					p.shape = append(p.shape, int64(len(o)))
					if o == nil {
						o = []int64{}
					}
					p.dims = append(p.dims, o)
				}
				d += nd
				continue
			}
			if kind(k.dtype) != kInt {
				return nil, eval.NewError(eval.IndexError, "tensors used as indices must be long, int, byte or bool tensors")
			}
			if intAdvanced > 1 && advanced == intAdvanced {
				advs = append(advs, advIndex{k, d, len(p.shape), len(p.dims)})
				d++
				continue
			}
			p.shape = append(p.shape, k.shape...)
			if v == nil {
				p.ok = false
			} else {
				o := make([]int64, len(v))
				for j, e := range v {
					i := int64(e)
					if t.shape[d] < 0 {
						p.ok = false
						break
					}
					if i < -t.shape[d] || i >= t.shape[d] {
						return nil, eval.NewError(eval.IndexError, "index %d is out of bounds for dimension %d with size %d", i, d, t.shape[d])
					}
					if i < 0 {
						i += t.shape[d]
					}
					o[j] = i * st[d]
				}
				p.dims = append(p.dims, o)
			}
			d++
		default:
			if k == eval.Ellipsis {
				n := len(t.shape) - consumed
				for j := 0; j < n; j++ {
					p.shape = append(p.shape, t.shape[d])
					p.dims = append(p.dims, step(t.shape[d], st[d]))
					d++
				}
				continue
			}
			return nil, eval.NewError(eval.TypeError, "netsum cannot index a tensor with %s", k.Type())
		}
	}
	for ; d < len(t.shape); d++ {
		p.shape = append(p.shape, t.shape[d])
		p.dims = append(p.dims, step(t.shape[d], st[d]))
	}
	if len(advs) > 0 {
		bs := advs[0].t.shape
		for _, a := range advs[1:] {
			var err error
			if bs, err = broadcast(bs, a.t.shape); err != nil {
				return nil, eval.NewError(eval.IndexError, "shape mismatch: indexing tensors could not be broadcast together with shapes %s, %s", listString(advs[0].t.shape), listString(a.t.shape))
			}
		}
		// adjacent index tensors put their dimensions in place, separated
		// ones first
		spos, dpos := advs[0].spos, advs[0].dpos
		if advs[len(advs)-1].spos != spos {
			spos, dpos = 0, 0
		}
		p.shape = append(p.shape[:spos], append(append([]int64(nil), bs...), p.shape[spos:]...)...)
		n := numel(bs)
		var comb []int64
		if n >= 0 && n <= maxValues && knownShape(bs) {
			comb = make([]int64, n)
		}
		for _, a := range advs {
			bv := broadcastVals(a.t.values(), a.t.shape, bs)
			if bv == nil || comb == nil || t.shape[a.d] < 0 {
				comb = nil
				break
			}
			for j, e := range bv {
				i := int64(e)
				if i < -t.shape[a.d] || i >= t.shape[a.d] {
					return nil, eval.NewError(eval.IndexError, "index %d is out of bounds for dimension %d with size %d", i, a.d, t.shape[a.d])
				}
				if i < 0 {
					i += t.shape[a.d]
				}
				comb[j] += i * st[a.d]
			}
		}
		if comb == nil {
			p.ok = false
		} else if p.ok {
			p.dims = append(p.dims[:dpos], append([][]int64{comb}, p.dims[dpos:]...)...)
		}
	}
	return p, nil
}

func joinInts(s []int64) string {
	l := listString(s)
	return l[1 : len(l)-1]
}

// GetItem implements indexing: ints, slices, None, Ellipsis, tuples,
// index and mask tensors, lists.
func (t *Tensor) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	return dfPass(eval.Tuple{t, key}, nil)(t.getItem(th, key))
}

func (t *Tensor) getItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	p, err := t.plan(th, key)
	if err != nil {
		return nil, err
	}
	v := t.values()
	if v == nil || !p.ok || numel(p.shape) > maxValues {
		return newTensor(p.shape, t.dtype), nil
	}
	return viewOf(t, p.shape, gather(v, p.base, p.dims)), nil
}

// SetItem is t[key] = v: values are updated when everything is known, and
// dropped otherwise.
func (t *Tensor) SetItem(th *eval.Thread, key, v eval.Value) error {
	err := t.setItem(th, key, v)
	if err == nil {
		dfInPlace(t, eval.Tuple{t, key, v})
	}
	return err
}

func (t *Tensor) setItem(th *eval.Thread, key, v eval.Value) error {
	p, err := t.plan(th, key)
	if err != nil {
		return err
	}
	tv := t.values()
	if tv == nil {
		return nil
	}
	o, ok := toOperand(v)
	if !ok || !p.ok || numel(p.shape) > maxValues {
		t.setValues(nil)
		return nil
	}
	if _, err := broadcast(p.shape, o.t.shape); err != nil {
		return eval.NewError(eval.RuntimeError, "shape mismatch: value tensor of shape %s cannot be broadcast to indexing result of shape %s", listString(o.t.shape), listString(p.shape))
	}
	src := broadcastVals(o.t.values(), o.t.shape, p.shape)
	if src == nil {
		t.setValues(nil)
		return nil
	}
	out := append([]float64(nil), tv...)
	for i, pos := range positions(p.base, p.dims) {
		out[pos] = castVal(src[i], t.dtype)
	}
	t.setValues(out)
	return nil
}

// sliceRange is a slice's start, length and step over n elements.
func sliceRange(s *eval.Slice, n int64) (int64, int64, int64, error) {
	get := func(v eval.Value, def int64) (int64, error) {
		if v == nil || v == eval.None {
			return def, nil
		}
		if t, ok := v.(*Tensor); ok {
			if tv := t.values(); len(tv) == 1 && kind(t.dtype) <= kInt {
				return int64(tv[0]), nil
			}
			return 0, unknownValue()
		}
		return eval.AsInt(v)
	}
	step, err := get(s.Step, 1)
	if err != nil {
		return 0, 0, 0, err
	}
	if step <= 0 {
		return 0, 0, 0, eval.NewError(eval.ValueError, "step must be greater than zero")
	}
	start, err := get(s.Start, 0)
	if err != nil {
		return 0, 0, 0, err
	}
	stop, err := get(s.Stop, n)
	if err != nil {
		return 0, 0, 0, err
	}
	if start < 0 {
		start += n
	}
	if stop < 0 {
		stop += n
	}
	start = max(0, min(start, n))
	stop = max(0, min(stop, n))
	if stop <= start {
		return start, 0, step, nil
	}
	return start, (stop - start + step - 1) / step, step, nil
}
