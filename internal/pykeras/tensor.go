package pykeras

import (
	"fmt"
	"math"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// tkind says what a Tensor stands for.
type tkind uint8

const (
	kNumpy    tkind = iota // a numpy array (data not held, except small ones)
	kVariable              // a weight (layer.kernel, K.variable)
	kEager                 // an eager backend tensor (keras.ops.ones, tf.constant)
	kSymbolic              // a symbolic backend tensor without Keras history (inside call(), Keras 1/2 K ops)
	kKeras                 // a Keras tensor: the output of a layer in a graph
)

// Tensor is a tensor or array: a shape (batch dim included for model
// tensors), a dtype and, for Keras tensors, the node that produced it.
type Tensor struct {
	g    *graph.Tensor
	kind tkind
	// vals holds the data of small concrete arrays (np.array([28, 28])).
	vals []float64
	// classes is the number of classes of a label array from a dataset.
	classes int64
	// weight is set for variables.
	weight *graph.Weight
	sess   *Session
}

func newTensor(s *Session, kind tkind, shape graph.Shape, dtype string) *Tensor {
	if dtype == "" {
		dtype = "float32"
	}
	return &Tensor{g: &graph.Tensor{Shape: shape, DType: dtype}, kind: kind, sess: s}
}

// kerasTensor wraps a layer output.
func kerasTensor(s *Session, t *graph.Tensor) *Tensor {
	return &Tensor{g: t, kind: kKeras, sess: s}
}

func (t *Tensor) shape() graph.Shape { return t.g.Shape }
func (t *Tensor) dtype() string      { return t.g.DType }

func (t *Tensor) String() string {
	s := t.shape()
	switch t.kind {
	case kNumpy:
		if t.vals != nil && len(t.vals) <= 16 {
			parts := make([]string, len(t.vals))
			for i, v := range t.vals {
				parts[i] = fmt.Sprint(numberAny(v))
			}
			if len(s) == 0 && len(parts) == 1 {
				return parts[0]
			}
			return "[" + strings.Join(parts, " ") + "]"
		}
		return fmt.Sprintf("<array shape=%s dtype=%s>", s, t.dtype())
	case kVariable:
		name := "variable"
		if t.weight != nil {
			name = t.weight.Name
		}
		return fmt.Sprintf("<Variable path=%s, shape=%s, dtype=%s>", name, s, t.dtype())
	case kKeras:
		name := ""
		if t.g.Node != nil {
			name = t.g.Node.Layer.Name
		}
		if t.sess != nil && t.sess.Dialect == graph.Keras3 {
			return fmt.Sprintf("<KerasTensor shape=%s, dtype=%s, sparse=False, name=%s>", tupleK3(s), t.dtype(), name)
		}
		return fmt.Sprintf("KerasTensor(type_spec=TensorSpec(shape=%s, dtype=tf.%s), name='%s')", s, t.dtype(), name)
	}
	return fmt.Sprintf("Tensor(shape=%s, dtype=%s)", s, t.dtype())
}

func tupleK3(s graph.Shape) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = graph.DimString(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// Type is the Python type name.
func (t *Tensor) Type() string {
	switch t.kind {
	case kNumpy:
		return "ndarray"
	case kVariable:
		return "Variable"
	case kKeras:
		return "KerasTensor"
	}
	return "Tensor"
}

// Class reports the Python class, so isinstance(x, np.ndarray) works.
func (t *Tensor) Class() *eval.Class {
	switch t.kind {
	case kNumpy:
		return ndarrayClass
	case kVariable:
		return variableClass
	case kKeras:
		return kerasTensorClass
	}
	return tensorClass
}

// The tensor classes, made by setup.
var ndarrayClass, variableClass, kerasTensorClass, tensorClass *eval.Class

func setupTensorClasses() {
	ndarrayClass = eval.NewClass("ndarray").SetModule("numpy")
	variableClass = newVariableClass()
	kerasTensorClass = eval.NewClass("KerasTensor").SetModule("keras")
	tensorClass = eval.NewClass("Tensor").SetModule("tensorflow")
}

// newVariableClass is keras.Variable: calling it gives a variable of the
// initializer's shape (keras.Variable(initializer, shape, dtype, trainable,
// ..., name)).
func newVariableClass() *eval.Class {
	c := eval.NewClass("Variable").SetModule("keras")
	c.Set("__new__", eval.NewBuiltin("__new__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		s := sessionOf(th)
		var init, shape, dtype, trainable, name eval.Value = eval.None, eval.None, eval.None, eval.True, eval.None
		var rest []eval.KV
		if err := eval.UnpackArgs("Variable", args[1:], kwargs, "initializer|initial_value?", &init, "shape?", &shape, "dtype?", &dtype,
			"trainable?", &trainable, "autocast?", new(eval.Value), "aggregation?", new(eval.Value), "name?", &name, "**kwargs", &rest); err != nil {
			return nil, err
		}
		var sh graph.Shape
		switch x := init.(type) {
		case *Tensor:
			sh = x.shape().Clone()
		default:
			if !isNone(shape) {
				var err error
				if sh, err = shapeArg(th, "shape", shape); err != nil {
					return nil, err
				}
			} else if a, err := arrayFrom(th, s, init, ""); err == nil {
				sh = a.shape()
			}
		}
		dt := dtypeName(dtype)
		if dt == "" {
			dt = s.floatx
		}
		t, _ := th.Truth(trainable)
		w := &graph.Weight{Name: "variable", Shape: []int64(sh), DType: dt, Trainable: t}
		if !isNone(name) {
			w.Name = nameOf(name)
		}
		return s.variable(w), nil
	}))
	return c
}

// shapeValue is x.shape as the dialect gives it: a tuple for numpy and
// Keras 3, a TensorShape for TensorFlow tensors.
func (t *Tensor) shapeValue() eval.Value {
	if t.kind == kNumpy || t.sess == nil || t.sess.Dialect == graph.Keras3 {
		return shapeTuple(t.shape())
	}
	return &TensorShape{dims: t.shape().Clone()}
}

// Attr implements eval.HasAttrs.
func (t *Tensor) Attr(th *eval.Thread, name string) (eval.Value, error) {
	s := t.shape()
	switch name {
	case "shape":
		return t.shapeValue(), nil
	case "dtype":
		return &dtypeValue{name: t.dtype(), tf: t.kind != kNumpy && t.sess != nil && t.sess.Dialect != graph.Keras3}, nil
	case "ndim":
		return eval.Int(len(s)), nil
	case "name":
		if t.weight != nil {
			return eval.String(t.weight.Name), nil
		}
		if t.g.Node != nil {
			return eval.String(t.g.Node.Layer.Name), nil
		}
		return eval.String("tensor"), nil
	case "get_shape":
		return eval.NewBuiltin("get_shape", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return &TensorShape{dims: t.shape().Clone()}, nil
		}), nil
	case "_keras_shape":
		if t.kind == kKeras || t.kind == kSymbolic {
			return shapeTuple(s), nil
		}
	case "_keras_history":
		if t.kind == kKeras && t.g.Node != nil {
			var layer eval.Value = eval.String(t.g.Node.Layer.Name)
			if t.sess != nil {
				layer = t.sess.opaqueLayer(t.g.Node.Layer)
			}
			return eval.Tuple{layer, eval.Int(t.g.Node.Index), eval.Int(t.g.Index)}, nil
		}
	case "trainable":
		if t.weight != nil {
			return eval.Bool(t.weight.Trainable), nil
		}
	case "_keras_mask":
		return eval.None, nil
	case "numpy", "eval", "value", "read_value":
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			if t.kind == kKeras || t.kind == kSymbolic {
				return nil, eval.NewError(eval.ValueError, "a symbolic tensor has no value (netsum only knows its shape %s)", s)
			}
			out := t.with(kNumpy, s.Clone(), t.dtype())
			out.vals = t.vals
			return out, nil
		}), nil
	case "assign", "assign_add", "assign_sub":
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
			return t, nil
		}), nil
	}
	if m := numpyMethod(t, name); m != nil {
		return m, nil
	}
	return nil, nil
}

// AttrNames lists the attributes for "did you mean".
func (t *Tensor) AttrNames() []string {
	return []string{"shape", "dtype", "ndim", "name", "get_shape", "numpy", "reshape", "astype", "T", "size"}
}

// with returns a new tensor of the same session.
func (t *Tensor) with(kind tkind, shape graph.Shape, dtype string) *Tensor {
	return newTensor(t.sess, kind, shape, dtype)
}

// Len implements len() for arrays with a known first dim.
func (t *Tensor) Len() int {
	s := t.shape()
	if len(s) == 0 || s[0] < 0 {
		return 0
	}
	return int(s[0])
}

// Truth refuses symbolic tensors as conditions.
func (t *Tensor) Truth(th *eval.Thread) (bool, error) {
	if t.vals != nil && len(t.vals) == 1 {
		return t.vals[0] != 0, nil
	}
	if t.kind == kNumpy {
		if n := numel(t.shape()); n == 0 {
			return false, nil
		}
		return false, eval.NewError(eval.ValueError, "the truth value of an array with more than one element is ambiguous (netsum knows only its shape %s)", t.shape())
	}
	return false, eval.NewError(eval.TypeError, "using a symbolic tensor as a Python bool is not allowed (shape %s)", t.shape())
}

// Iterate iterates over the first axis of arrays of known length.
func (t *Tensor) Iterate(th *eval.Thread) (eval.Iterator, error) {
	s := t.shape()
	if len(s) == 0 {
		return nil, eval.NewError(eval.TypeError, "iteration over a 0-d array")
	}
	if t.kind == kKeras || t.kind == kSymbolic {
		return nil, eval.NewError(eval.TypeError, "iterating over a symbolic tensor is not allowed (shape %s)", s)
	}
	if s[0] < 0 {
		return nil, eval.NewError(eval.TypeError, "cannot iterate over an array of unknown length (shape %s)", s)
	}
	if s[0] > 1_000_000 {
		return nil, eval.NewError(eval.ValueError, "netsum does not iterate over the %d rows of an array of shape %s (it holds no data)", s[0], s)
	}
	return &rowIter{t: t, n: s[0]}, nil
}

type rowIter struct {
	t    *Tensor
	i, n int64
}

func (it *rowIter) Next(th *eval.Thread) (eval.Value, bool, error) {
	if it.i >= it.n {
		return nil, false, nil
	}
	v, err := it.t.index(th, eval.Int(it.i))
	it.i++
	return v, err == nil, err
}

// GetItem implements indexing and slicing.
func (t *Tensor) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	return t.index(th, key)
}

// SetItem accepts item assignment on arrays (the data is not kept).
func (t *Tensor) SetItem(th *eval.Thread, key, v eval.Value) error {
	if t.kind == kKeras || t.kind == kSymbolic {
		return eval.NewError(eval.TypeError, "symbolic tensors do not support item assignment")
	}
	t.vals = nil
	return nil
}

func (t *Tensor) index(th *eval.Thread, key eval.Value) (eval.Value, error) {
	items, ok := key.(eval.Tuple)
	if !ok {
		items = eval.Tuple{key}
	}
	s := t.shape()
	consumed := 0
	for _, it := range items {
		switch it.(type) {
		case eval.NoneType:
		case *eval.Slice, eval.Int, eval.Bool, *Tensor, *eval.List:
			consumed++
		default:
			if it != eval.Ellipsis {
				return nil, eval.NewError(eval.TypeError, "unsupported index %s", eval.Repr(it))
			}
		}
	}
	if consumed > len(s) {
		return nil, eval.NewError(eval.IndexError, "too many indices for an array of shape %s", s)
	}
	var out graph.Shape
	dim := 0
	var scalarIndex []int64 // for value arrays
	for _, it := range items {
		switch k := it.(type) {
		case eval.NoneType:
			out = append(out, 1)
		case *eval.Slice:
			n := s[dim]
			if n < 0 {
				out = append(out, graph.Unknown)
			} else {
				_, _, _, count, err := k.Indices(int(n))
				if err != nil {
					return nil, err
				}
				out = append(out, int64(count))
			}
			dim++
		case eval.Int, eval.Bool:
			i, _ := eval.AsInt(k)
			n := s[dim]
			if n >= 0 && (i >= n || i < -n) {
				return nil, eval.NewError(eval.IndexError, "index %d is out of bounds for axis %d with size %d", i, dim, n)
			}
			if i < 0 && n >= 0 {
				i += n
			}
			scalarIndex = append(scalarIndex, i)
			dim++
		case *Tensor:
			// An index array replaces the dim by its own shape.
			out = append(out, k.shape()...)
			dim++
		case *eval.List:
			out = append(out, int64(k.Len()))
			dim++
		default: // Ellipsis
			for j := 0; j < len(s)-consumed; j++ {
				out = append(out, s[dim])
				dim++
			}
		}
	}
	for ; dim < len(s); dim++ {
		out = append(out, s[dim])
	}
	if t.vals != nil && len(s) == 1 && len(scalarIndex) == 1 && len(out) == 0 && scalarIndex[0] < int64(len(t.vals)) {
		return scalarValue(t.vals[scalarIndex[0]], t.dtype()), nil
	}
	if t.vals != nil && len(s) == 1 && len(out) == 1 && len(items) == 1 {
		if sl, ok := items[0].(*eval.Slice); ok {
			if start, _, step, count, err := sl.Indices(len(t.vals)); err == nil {
				r := t.with(t.kind, out, t.dtype())
				r.vals = make([]float64, count)
				for i := 0; i < count; i++ {
					r.vals[i] = t.vals[start+i*step]
				}
				return r, nil
			}
		}
	}
	if t.kind == kNumpy {
		r := t.with(kNumpy, out, t.dtype())
		r.classes = t.classes
		return r, nil
	}
	return t.sess.opResult(th, opGetItem, []*Tensor{t}, out, t.dtype(), nil)
}

// scalarValue is an array element as a Python number.
func scalarValue(f float64, dtype string) eval.Value {
	if strings.HasPrefix(dtype, "int") || strings.HasPrefix(dtype, "uint") || dtype == "bool" {
		return eval.Int(int64(f))
	}
	return eval.Float(f)
}

// Binary implements arithmetic and comparisons with broadcasting.
func (t *Tensor) Binary(th *eval.Thread, op eval.Op, other eval.Value, right bool) (eval.Value, error) {
	var o *Tensor
	switch x := other.(type) {
	case *Tensor:
		o = x
	case eval.Int, eval.Float, eval.Bool:
		f, _ := eval.AsFloat(x)
		o = t.with(kNumpy, graph.Shape{}, scalarDType(x))
		o.vals = []float64{f}
	case eval.Tuple, *eval.List:
		arr, err := arrayFrom(th, t.sess, other, "")
		if err != nil {
			return nil, nil
		}
		o = arr
	default:
		if op == syntax.Eq || op == syntax.Ne {
			return eval.Bool((op == syntax.Ne) != (other == eval.Value(t))), nil
		}
		return nil, nil
	}
	if (op == syntax.Eq || op == syntax.Ne) && (t.kind == kKeras || o.kind == kKeras) && t.sess != nil && t.sess.Dialect != graph.Keras3 && t.sess.Dialect != graph.TFKeras {
		// Keras 1/2 tensors compare by identity.
		return eval.Bool((op == syntax.Ne) != (other == eval.Value(t))), nil
	}
	x, y := t, o
	if right {
		x, y = o, t
	}
	spec, ok := binarySpecs[op]
	if !ok {
		return nil, nil
	}
	out, err := broadcast(x.shape(), y.shape())
	if err != nil {
		return nil, eval.NewError(eval.ValueError, "operands could not be broadcast together with shapes %s %s", x.shape(), y.shape())
	}
	dt := x.dtype()
	if x.kind == kNumpy && len(x.shape()) == 0 && y.kind != kNumpy {
		dt = y.dtype()
	}
	switch op {
	case syntax.Eq, syntax.Ne, syntax.Lt, syntax.Le, syntax.Gt, syntax.Ge:
		dt = "bool"
	case syntax.Div:
		if !strings.HasPrefix(dt, "float") {
			dt = "float64"
			if x.kind != kNumpy || y.kind != kNumpy {
				dt = "float32"
			}
		}
	}
	if x.kind == kNumpy && y.kind == kNumpy {
		r := t.with(kNumpy, out, dt)
		if x.vals != nil && y.vals != nil {
			r.vals = elementwise(op, x.vals, y.vals, numel(out))
		}
		r.classes = t.classes
		return r, nil
	}
	return t.sess.opResult(th, spec, []*Tensor{x, y}, out, dt, nil)
}

func scalarDType(v eval.Value) string {
	switch v.(type) {
	case eval.Float:
		return "float64"
	case eval.Bool:
		return "bool"
	}
	return "int64"
}

// elementwise computes a small op on concrete values with broadcasting of
// scalars only.
func elementwise(op eval.Op, a, b []float64, n int64) []float64 {
	if n < 0 || n > 1<<16 {
		return nil
	}
	get := func(v []float64, i int64) (float64, bool) {
		switch {
		case len(v) == 1:
			return v[0], true
		case int64(len(v)) == n:
			return v[i], true
		}
		return 0, false
	}
	out := make([]float64, n)
	for i := int64(0); i < n; i++ {
		x, ok1 := get(a, i)
		y, ok2 := get(b, i)
		if !ok1 || !ok2 {
			return nil
		}
		switch op {
		case syntax.Add:
			out[i] = x + y
		case syntax.Sub:
			out[i] = x - y
		case syntax.Mul:
			out[i] = x * y
		case syntax.Div:
			out[i] = x / y
		case syntax.FloorDiv:
			out[i] = math.Floor(x / y)
		case syntax.Mod:
			out[i] = math.Mod(x, y)
		case syntax.Pow:
			out[i] = math.Pow(x, y)
		default:
			return nil
		}
	}
	return out
}

// Unary implements -x, +x, ~x.
func (t *Tensor) Unary(th *eval.Thread, op eval.Op) (eval.Value, error) {
	switch op {
	case syntax.Plus:
		return t, nil
	case syntax.Neg, syntax.Invert:
		if t.kind == kNumpy {
			r := t.with(kNumpy, t.shape().Clone(), t.dtype())
			if t.vals != nil && op == syntax.Neg {
				r.vals = make([]float64, len(t.vals))
				for i, v := range t.vals {
					r.vals[i] = -v
				}
			}
			return r, nil
		}
		spec := opNeg
		if op == syntax.Invert {
			spec = opInvert
		}
		return t.sess.opResult(th, spec, []*Tensor{t}, t.shape().Clone(), t.dtype(), nil)
	}
	return nil, nil
}

// broadcast applies numpy broadcasting to two shapes; unknown dims (-1)
// take the other operand's size unless it is 1.
func broadcast(a, b graph.Shape) (graph.Shape, error) {
	n := max(len(a), len(b))
	out := make(graph.Shape, n)
	for i := 0; i < n; i++ {
		x, y := int64(1), int64(1)
		if j := len(a) - n + i; j >= 0 {
			x = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			y = b[j]
		}
		switch {
		case x == y:
			out[i] = x
		case x == 1:
			out[i] = y
		case y == 1:
			out[i] = x
		case x < 0:
			out[i] = y
		case y < 0:
			out[i] = x
		default:
			return nil, fmt.Errorf("incompatible")
		}
	}
	return out, nil
}

// numel is the number of elements, -1 if unknown.
func numel(s graph.Shape) int64 {
	n := int64(1)
	for _, d := range s {
		if d < 0 {
			return -1
		}
		n *= d
	}
	return n
}

// TensorShape is TensorFlow's shape value (x.shape in tf.keras and
// Keras 1/2): indexable, iterable, with as_list().
type TensorShape struct{ dims graph.Shape }

func (s *TensorShape) String() string {
	if s.dims == nil {
		return "<unknown>"
	}
	return s.dims.String()
}

// Type returns "TensorShape".
func (*TensorShape) Type() string { return "TensorShape" }

// Repr is TensorShape([None, 28, 28, 1]).
func (s *TensorShape) Repr() string {
	parts := make([]string, len(s.dims))
	for i, d := range s.dims {
		parts[i] = graph.DimString(d)
	}
	return "TensorShape([" + strings.Join(parts, ", ") + "])"
}

func (s *TensorShape) tuple() eval.Tuple { return shapeTuple(s.dims) }

// Len is the rank.
func (s *TensorShape) Len() int { return len(s.dims) }

// Iterate yields the dims.
func (s *TensorShape) Iterate(th *eval.Thread) (eval.Iterator, error) {
	return th.Iterate(s.tuple())
}

// GetItem returns a dim or a TensorShape slice.
func (s *TensorShape) GetItem(th *eval.Thread, key eval.Value) (eval.Value, error) {
	v, err := th.GetItem(s.tuple(), key)
	if err != nil {
		return nil, err
	}
	if t, ok := v.(eval.Tuple); ok {
		d, _ := shapeArg(th, "shape", t)
		return &TensorShape{dims: d}, nil
	}
	return v, nil
}

// Binary compares with tuples, lists and shapes, and concatenates with +.
func (s *TensorShape) Binary(th *eval.Thread, op eval.Op, other eval.Value, right bool) (eval.Value, error) {
	var o eval.Value = other
	if x, ok := other.(*TensorShape); ok {
		o = x.tuple()
	} else if l, ok := other.(*eval.List); ok {
		o = eval.Tuple(l.Elems())
	}
	switch op {
	case syntax.Eq, syntax.Ne:
		eq, err := th.Equal(s.tuple(), o)
		if err != nil {
			return nil, err
		}
		return eval.Bool(eq == (op == syntax.Eq)), nil
	case syntax.Add:
		if t, ok := o.(eval.Tuple); ok {
			var joined eval.Tuple
			if right {
				joined = append(append(joined, t...), s.tuple()...)
			} else {
				joined = append(append(joined, s.tuple()...), t...)
			}
			d, err := shapeArg(th, "shape", joined)
			if err != nil {
				return nil, err
			}
			return &TensorShape{dims: d}, nil
		}
	}
	return nil, nil
}

// Attr implements as_list(), rank, ndims and friends.
func (s *TensorShape) Attr(th *eval.Thread, name string) (eval.Value, error) {
	switch name {
	case "rank", "ndims":
		return eval.Int(len(s.dims)), nil
	case "dims":
		return eval.NewList(append([]eval.Value(nil), s.tuple()...)), nil
	}
	fn := func(f func() (eval.Value, error)) (eval.Value, error) {
		return eval.NewBuiltin(name, func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) { return f() }), nil
	}
	switch name {
	case "as_list":
		return fn(func() (eval.Value, error) { return eval.NewList(append([]eval.Value(nil), s.tuple()...)), nil })
	case "num_elements":
		return fn(func() (eval.Value, error) {
			if n := numel(s.dims); n >= 0 {
				return eval.Int(n), nil
			}
			return eval.None, nil
		})
	case "is_fully_defined":
		return fn(func() (eval.Value, error) { return eval.Bool(numel(s.dims) >= 0), nil })
	}
	return nil, nil
}

// AttrNames lists TensorShape attributes.
func (s *TensorShape) AttrNames() []string {
	return []string{"as_list", "rank", "ndims", "dims", "num_elements", "is_fully_defined"}
}

// dtypeValue is a dtype: a string in Keras 3, tf.float32 in TensorFlow,
// np.float32 in numpy (callable).
type dtypeValue struct {
	name string
	tf   bool
}

func (d *dtypeValue) String() string {
	if d.tf {
		return "<dtype: '" + d.name + "'>"
	}
	return d.name
}

// Type is "DType".
func (d *dtypeValue) Type() string { return "DType" }

// Attr gives .name.
func (d *dtypeValue) Attr(th *eval.Thread, name string) (eval.Value, error) {
	switch name {
	case "name", "__name__":
		return eval.String(d.name), nil
	case "is_floating":
		return eval.Bool(strings.HasPrefix(d.name, "float") || d.name == "bfloat16"), nil
	case "is_integer":
		return eval.Bool(strings.HasPrefix(d.name, "int") || strings.HasPrefix(d.name, "uint")), nil
	}
	return nil, nil
}

// AttrNames lists dtype attributes.
func (d *dtypeValue) AttrNames() []string { return []string{"name"} }

// Binary compares dtypes with each other and with strings.
func (d *dtypeValue) Binary(th *eval.Thread, op eval.Op, other eval.Value, right bool) (eval.Value, error) {
	if op != syntax.Eq && op != syntax.Ne {
		return nil, nil
	}
	var o string
	switch x := other.(type) {
	case *dtypeValue:
		o = x.name
	case eval.String:
		o = string(x)
	default:
		return eval.Bool(op == syntax.Ne), nil
	}
	return eval.Bool((d.name == o) == (op == syntax.Eq)), nil
}

// Hash makes dtypes usable as dict keys.
func (d *dtypeValue) Hash() (uint64, error) {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(d.name); i++ {
		h = (h ^ uint64(d.name[i])) * 1099511628211
	}
	return h, nil
}

// Name is the dtype name (for calls).
func (d *dtypeValue) Name() string { return d.name }

// Call converts a number (np.float32(1.5)).
func (d *dtypeValue) Call(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
	if len(args) != 1 {
		return nil, eval.NewError(eval.TypeError, "%s() takes one argument", d.name)
	}
	if t, ok := args[0].(*Tensor); ok {
		r := t.with(t.kind, t.shape().Clone(), d.name)
		r.vals = t.vals
		return r, nil
	}
	f, err := eval.AsFloat(args[0])
	if err != nil {
		return nil, err
	}
	return scalarValue(f, d.name), nil
}

// dtypeName reads a dtype argument: a string, np.float32, tf.float32, a
// Python type (float, int).
func dtypeName(v eval.Value) string {
	switch x := v.(type) {
	case eval.String:
		return normDType(string(x))
	case *dtypeValue:
		return x.name
	case *eval.Class:
		switch x.Name() {
		case "float":
			return "float64"
		case "int":
			return "int64"
		case "bool":
			return "bool"
		}
		return normDType(x.Name())
	case eval.NoneType, nil:
		return ""
	}
	return normDType(nameOf(v))
}

func normDType(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "tf."), "np.")
	switch s {
	case "float":
		return "float64"
	case "int":
		return "int64"
	case "double":
		return "float64"
	case "half":
		return "float16"
	}
	return s
}
