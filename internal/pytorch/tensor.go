package pytorch

import (
	"fmt"
	"strings"

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
	if numel(t.shape) == 1 {
		return false, eval.NewError(eval.TypeError, "the value of a tensor is not known to netsum (it computes shapes only)")
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
	return newTensor(it.t.shape[1:], it.t.dtype), true, nil
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
func (s *Size) Len() int     { return len(s.Tuple) }
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
			return nil, eval.NewError(eval.TypeError, "a tensor's value is not known to netsum (it computes shapes only)")
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
	case syntax.Add, syntax.Sub, syntax.Mul, syntax.Div, syntax.FloorDiv, syntax.Mod, syntax.Pow:
	case syntax.Lt, syntax.Gt, syntax.Le, syntax.Ge:
		if isScalar(y) {
			return newTensor(t.shape, "bool"), nil
		}
		if u, ok := y.(*Tensor); ok {
			s, err := broadcast(t.shape, u.shape)
			if err != nil {
				return nil, err
			}
			return newTensor(s, "bool"), nil
		}
		return nil, nil
	default:
		return nil, nil
	}
	if isScalar(y) {
		dt := t.dtype
		if _, f := y.(eval.Float); f && !isFloat(dt) {
			dt = "float32"
		}
		if op == syntax.Div && !isFloat(dt) {
			dt = "float32"
		}
		return newTensor(t.shape, dt), nil
	}
	u, ok := y.(*Tensor)
	if !ok {
		if eval.IsOpaque(y) {
			return newTensor(t.shape, t.dtype), nil
		}
		return nil, nil
	}
	s, err := broadcast(t.shape, u.shape)
	if err != nil {
		return nil, err
	}
	dt := t.dtype
	if !isFloat(dt) && isFloat(u.dtype) {
		dt = u.dtype
	}
	return newTensor(s, dt), nil
}

func isFloat(dt string) bool { return strings.HasPrefix(dt, "float") || dt == "bfloat16" }

func (t *Tensor) Unary(th *eval.Thread, op eval.Op) (eval.Value, error) {
	return newTensor(t.shape, t.dtype), nil
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

// GetItem implements indexing: ints, slices, None, Ellipsis, tuples.
func (t *Tensor) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	var keys eval.Tuple
	if tu, ok := key.(eval.Tuple); ok {
		keys = tu
	} else {
		keys = eval.Tuple{key}
	}
	// count consumed dims
	consumed := 0
	for _, k := range keys {
		if k != eval.None && k != eval.Ellipsis {
			consumed++
		}
	}
	var out []int64
	d := 0
	for _, k := range keys {
		switch k := k.(type) {
		case eval.NoneType:
			out = append(out, 1)
		case eval.Int, eval.Bool:
			if d >= len(t.shape) {
				return nil, eval.NewError(eval.IndexError, "too many indices for tensor of dimension %d", len(t.shape))
			}
			i, _ := eval.AsInt(k)
			if i < -t.shape[d] || i >= t.shape[d] {
				return nil, eval.NewError(eval.IndexError, "index %d is out of bounds for dimension %d with size %d", i, d, t.shape[d])
			}
			d++
		case *eval.Slice:
			if d >= len(t.shape) {
				return nil, eval.NewError(eval.IndexError, "too many indices for tensor of dimension %d", len(t.shape))
			}
			out = append(out, sliceLen(k, t.shape[d]))
			d++
		case *Tensor:
			if k.dtype == "bool" {
				return newTensor([]int64{-1}, t.dtype), nil
			}
			out = append(out, k.shape...)
			d++
		default:
			if k == eval.Ellipsis {
				n := len(t.shape) - consumed
				for j := 0; j < n; j++ {
					out = append(out, t.shape[d])
					d++
				}
				continue
			}
			return nil, eval.NewError(eval.TypeError, "netsum cannot index a tensor with %s", k.Type())
		}
	}
	out = append(out, t.shape[min(d, len(t.shape)):]...)
	return newTensor(out, t.dtype), nil
}

func (t *Tensor) SetItem(th *eval.Thread, key, v eval.Value) error { return nil }

func sliceLen(s *eval.Slice, n int64) int64 {
	get := func(v eval.Value, def int64) int64 {
		if v == nil || v == eval.None {
			return def
		}
		i, err := eval.AsInt(v)
		if err != nil {
			return def
		}
		return i
	}
	step := get(s.Step, 1)
	if step <= 0 {
		return 0
	}
	start, stop := get(s.Start, 0), get(s.Stop, n)
	if start < 0 {
		start += n
	}
	if stop < 0 {
		stop += n
	}
	start = max(0, min(start, n))
	stop = max(0, min(stop, n))
	if stop <= start {
		return 0
	}
	return (stop - start + step - 1) / step
}
