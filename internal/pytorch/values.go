package pytorch

import (
	"math"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/python/eval"
	"github.com/netsum/netsum/internal/python/syntax"
)

// Concrete values. A tensor made from known numbers (torch.tensor of
// literals, arange, zeros, ...) carries them, and the operations below
// carry them on, following torch's dtype rules, when every input has
// values; anything else gives the symbolic tensor (shape and dtype only).
// Values are held as float64 and rounded to the dtype after every
// operation (float32 arithmetic is exact this way: +, -, *, / and sqrt of
// float32 operands computed in float64 and rounded once give the float32
// result). Transcendental functions (log, exp, pow, ...) are correctly
// rounded; torch's vectorized kernels (Sleef) may differ in the last bit.
// float16, bfloat16 and complex tensors carry no values.

const (
	// maxValues caps the elements one tensor carries values for.
	maxValues = 1 << 16
	// valueBudget caps the value elements allocated over a run.
	valueBudget = 1 << 24
)

const valueBudgetKey = "netsum/pytorch/values"

// storage is shared by a tensor and its views; an in-place change of one
// of them when views exist drops the values of all (their aliasing is not
// modelled).
type storage struct {
	views int
	dead  bool
}

// values returns the tensor's values, nil when unknown.
func (t *Tensor) values() []float64 {
	if t == nil || t.vals == nil || t.store != nil && t.store.dead {
		return nil
	}
	return t.vals
}

func canHold(dt string) bool {
	switch dt {
	case "bool", "uint8", "int8", "int16", "int32", "int64", "float32", "float64":
		return true
	}
	return false
}

const (
	kBool = iota
	kInt
	kFloat
	kComplex
)

func kind(dt string) int {
	switch {
	case dt == "bool":
		return kBool
	case strings.HasPrefix(dt, "complex"):
		return kComplex
	case isFloat(dt):
		return kFloat
	}
	return kInt
}

func toI64(x float64) int64 {
	if math.IsNaN(x) || x >= 9.223372036854775807e18 || x < -9.223372036854775808e18 {
		return math.MinInt64
	}
	return int64(x)
}

// castVal converts a value to dtype dt: floats round to float32,
// integers truncate toward zero and wrap, bools are 0 or 1.
func castVal(x float64, dt string) float64 {
	switch dt {
	case "bool":
		if x != 0 {
			return 1
		}
		return 0
	case "float32":
		return float64(float32(x))
	case "int64":
		return float64(toI64(x))
	case "int32":
		if math.IsNaN(x) || x >= 1<<31 || x < -(1<<31) {
			return math.MinInt32 // what x86 gives for an out-of-range float
		}
		return float64(int32(toI64(x)))
	case "int16":
		return float64(int16(toI64(x)))
	case "int8":
		return float64(int8(toI64(x)))
	case "uint8":
		return float64(uint8(toI64(x)))
	}
	return x
}

func chargeValues(th *eval.Thread, n int) bool {
	if th == nil {
		return true
	}
	used, _ := th.Local(valueBudgetKey).(*int64)
	if used == nil {
		used = new(int64)
		th.SetLocal(valueBudgetKey, used)
	}
	if *used+int64(n) > valueBudget {
		return false
	}
	*used += int64(n)
	return true
}

// newValued makes a tensor with values (rounded to dt), or the symbolic
// tensor when vals is nil, too big or dt holds no values.
func newValued(th *eval.Thread, shape []int64, dt string, vals []float64) *Tensor {
	t := newTensor(shape, dt)
	if vals == nil || !canHold(t.dtype) || !knownShape(shape) || int64(len(vals)) != numel(shape) || len(vals) > maxValues || !chargeValues(th, len(vals)) {
		return t
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		out[i] = castVal(v, t.dtype)
	}
	t.vals = out
	return t
}

// negativeDim is torch's error for a size below zero.
func negativeDim(s []int64) error {
	for _, d := range s {
		if d < 0 {
			return eval.NewError(eval.RuntimeError, "Trying to create tensor with negative dimension %d: %s", d, listString(s))
		}
	}
	return nil
}

func knownShape(s []int64) bool {
	for _, d := range s {
		if d < 0 {
			return false
		}
	}
	return true
}

// viewOf is a view of x (reshape, permute, slice, ...): it shares x's
// storage, and has vals (already in x's dtype) when x has values.
func viewOf(x *Tensor, shape []int64, vals []float64) *Tensor {
	t := newTensor(shape, x.dtype)
	if vals != nil && x.values() != nil && knownShape(shape) && int64(len(vals)) == numel(shape) {
		if x.store == nil {
			x.store = &storage{}
		}
		x.store.views++
		t.store = x.store
		t.vals = vals
	}
	return t
}

// setValues changes a tensor in place (nil: its values become unknown).
func (t *Tensor) setValues(vals []float64) {
	if t.store != nil && t.store.views > 0 {
		t.store.dead = true
		t.store = nil
	}
	t.vals = nil
	if vals != nil && canHold(t.dtype) && int64(len(vals)) == numel(t.shape) {
		out := make([]float64, len(vals))
		for i, v := range vals {
			out[i] = castVal(v, t.dtype)
		}
		t.vals = out
	}
}

func strides(shape []int64) []int64 {
	st := make([]int64, len(shape))
	s := int64(1)
	for i := len(shape) - 1; i >= 0; i-- {
		st[i] = s
		s *= shape[i]
	}
	return st
}

// gather reads vals at base plus one offset per dimension, row-major.
func gather(vals []float64, base int64, dims [][]int64) []float64 {
	n := 1
	for _, d := range dims {
		n *= len(d)
	}
	out := make([]float64, 0, n)
	var rec func(d int, off int64)
	rec = func(d int, off int64) {
		if d == len(dims) {
			out = append(out, vals[off])
			return
		}
		for _, o := range dims[d] {
			rec(d+1, off+o)
		}
	}
	if n > 0 {
		rec(0, base)
	}
	return out
}

// positions lists the flat positions gather would read.
func positions(base int64, dims [][]int64) []int64 {
	var out []int64
	var rec func(d int, off int64)
	rec = func(d int, off int64) {
		if d == len(dims) {
			out = append(out, off)
			return
		}
		for _, o := range dims[d] {
			rec(d+1, off+o)
		}
	}
	rec(0, base)
	return out
}

// stepDim lists the offsets of n steps. A dimension longer than
// maxValues belongs to a tensor with no elements (values are capped), so
// it gathers nothing.
func stepDim(n, stride int64) []int64 {
	if n < 0 || n > maxValues {
		return nil
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i) * stride
	}
	return out
}

// broadcastVals expands vals of shape in to shape out.
func broadcastVals(vals []float64, in, out []int64) []float64 {
	if vals == nil {
		return nil
	}
	if len(in) == len(out) {
		same := true
		for i := range in {
			same = same && in[i] == out[i]
		}
		if same {
			return vals
		}
	}
	if numel(out) > maxValues {
		return nil
	}
	st := strides(in)
	dims := make([][]int64, len(out))
	for i := range out {
		j := i - (len(out) - len(in))
		s := int64(0)
		if j >= 0 && in[j] != 1 {
			s = st[j]
		}
		dims[i] = stepDim(out[i], s)
	}
	return gather(vals, 0, dims)
}

// permuteVals reorders vals of shape to the dimension order perm.
func permuteVals(vals []float64, shape []int64, perm []int64) []float64 {
	if vals == nil {
		return nil
	}
	st := strides(shape)
	dims := make([][]int64, len(perm))
	for i, p := range perm {
		dims[i] = stepDim(shape[p], st[p])
	}
	return gather(vals, 0, dims)
}

// ---- dtype promotion (torch.result_type) ----

var dtRank = map[string]int{"bool": 0, "uint8": 1, "int8": 2, "int16": 3, "int32": 4, "int64": 5, "float16": 6, "bfloat16": 7,
	"float32": 8, "float64": 9, "complex64": 10, "complex128": 11}

func promote(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	ka, kb := kind(a), kind(b)
	if ka != kb {
		if ka > kb {
			a, b, ka, kb = b, a, kb, ka
		}
		// b is of the higher category
		if kb == kComplex && ka == kFloat && a == "float64" {
			return "complex128"
		}
		return b
	}
	if (a == "uint8" && b == "int8") || (a == "int8" && b == "uint8") {
		return "int16"
	}
	if (a == "float16" && b == "bfloat16") || (a == "bfloat16" && b == "float16") {
		return "float32"
	}
	if dtRank[a] > dtRank[b] {
		return a
	}
	return b
}

func combineCategories(higher, lower string) string {
	switch {
	case higher == "":
		return lower
	case kind(higher) == kComplex:
		return higher
	case lower != "" && kind(lower) == kComplex:
		if kind(higher) == kFloat {
			if higher == "float64" {
				return "complex128"
			}
			return "complex64"
		}
		return lower
	case kind(higher) == kFloat:
		return higher
	case higher == "bool" || lower != "" && kind(lower) == kFloat:
		return promote(higher, lower)
	}
	return higher
}

// operand is a tensor or a Python number (wrapped) in an operation.
type operand struct {
	t       *Tensor
	wrapped bool
}

// resultType is torch.result_type: dimensioned tensors first, then
// zero-dim tensors, then Python numbers, each only when of a higher
// category.
func resultType(ops ...operand) string {
	var dimR, zeroR, wrapR string
	for _, o := range ops {
		dt := o.t.dtype
		switch {
		case o.wrapped:
			if kind(dt) == kFloat {
				dt = "float32"
			} else if kind(dt) == kComplex {
				dt = "complex64"
			}
			wrapR = promote(wrapR, dt)
		case len(o.t.shape) == 0:
			zeroR = promote(zeroR, dt)
		default:
			dimR = promote(dimR, dt)
		}
	}
	return combineCategories(dimR, combineCategories(zeroR, wrapR))
}

// scalarOperand wraps a Python number.
func scalarOperand(v eval.Value) (operand, bool) {
	switch x := v.(type) {
	case eval.Bool:
		f := 0.0
		if x {
			f = 1
		}
		return operand{&Tensor{dtype: "bool", vals: []float64{f}}, true}, true
	case eval.Int:
		return operand{&Tensor{dtype: "int64", vals: []float64{float64(x)}}, true}, true
	case eval.Float:
		return operand{&Tensor{dtype: "float64", vals: []float64{float64(x)}}, true}, true
	}
	return operand{}, false
}

// toOperand accepts a tensor or a Python number.
func toOperand(v eval.Value) (operand, bool) {
	if t, ok := v.(*Tensor); ok {
		return operand{t: t}, true
	}
	return scalarOperand(v)
}

// ---- elementwise binary operations ----

func isCompare(op eval.Op) bool {
	switch op {
	case syntax.Lt, syntax.Gt, syntax.Le, syntax.Ge, syntax.Eq, syntax.Ne:
		return true
	}
	return false
}

// elementwise applies a binary operator with broadcasting and torch's
// dtype rules.
func elementwise(th *eval.Thread, op eval.Op, a, b operand) (eval.Value, error) {
	shape, err := broadcast(a.t.shape, b.t.shape)
	if err != nil {
		return nil, err
	}
	common := resultType(a, b)
	out := common
	switch op {
	case syntax.Div:
		if kind(common) <= kInt {
			common, out = "float32", "float32"
		}
	case syntax.Sub:
		if a.t.dtype == "bool" && b.t.dtype == "bool" {
			return nil, eval.NewError(eval.RuntimeError, "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
		}
	case syntax.BitAnd, syntax.BitOr, syntax.BitXor, syntax.LShift, syntax.RShift:
		if kind(common) > kInt {
			return nil, eval.NewError(eval.RuntimeError, "\"bitwise_cpu\" not implemented for '%s'", dtypeTitle(common))
		}
	}
	if isCompare(op) {
		out = "bool"
	}
	av, bv := a.t.values(), b.t.values()
	if av == nil || bv == nil || !canHold(common) || numel(shape) > maxValues {
		return newTensor(shape, out), nil
	}
	av, bv = broadcastVals(av, a.t.shape, shape), broadcastVals(bv, b.t.shape, shape)
	res := make([]float64, len(av))
	isInt := kind(common) <= kInt
	for i := range av {
		x, y := castVal(av[i], common), castVal(bv[i], common)
		var r float64
		var err error
		switch {
		case isInt:
			r, err = intOp(op, int64(x), int64(y))
		case op == syntax.Pow && b.wrapped:
			r = powScalar(x, y, common)
		default:
			r = floatOp(op, x, y)
		}
		if err != nil {
			return nil, err
		}
		res[i] = r
	}
	return newValued(th, shape, out, res), nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func intOp(op eval.Op, x, y int64) (float64, error) {
	switch op {
	case syntax.Add:
		return float64(x + y), nil
	case syntax.Sub:
		return float64(x - y), nil
	case syntax.Mul:
		return float64(x * y), nil
	case syntax.FloorDiv, syntax.Mod:
		if y == 0 {
			return 0, eval.NewError(eval.RuntimeError, "ZeroDivisionError")
		}
		q, r := x/y, x%y
		if r != 0 && (r < 0) != (y < 0) {
			q--
			r += y
		}
		if op == syntax.Mod {
			return float64(r), nil
		}
		return float64(q), nil
	case syntax.Pow:
		if y < 0 {
			if x == 1 {
				return 1, nil
			}
			if x == -1 {
				if y%2 == 0 {
					return 1, nil
				}
				return -1, nil
			}
			return 0, eval.NewError(eval.RuntimeError, "Integers to negative integer powers are not allowed.")
		}
		r := int64(1)
		for b := x; y > 0; y >>= 1 {
			if y&1 == 1 {
				r *= b
			}
			b *= b
		}
		return float64(r), nil
	case syntax.BitAnd:
		return float64(x & y), nil
	case syntax.BitOr:
		return float64(x | y), nil
	case syntax.BitXor:
		return float64(x ^ y), nil
	case syntax.LShift:
		if y < 0 || y >= 64 {
			return 0, nil
		}
		return float64(x << uint(y)), nil
	case syntax.RShift:
		if y < 0 || y >= 64 {
			if x < 0 {
				return -1, nil
			}
			return 0, nil
		}
		return float64(x >> uint(y)), nil
	}
	return compare(op, float64(x), float64(y)), nil
}

func compare(op eval.Op, x, y float64) float64 {
	switch op {
	case syntax.Lt:
		return b2f(x < y)
	case syntax.Gt:
		return b2f(x > y)
	case syntax.Le:
		return b2f(x <= y)
	case syntax.Ge:
		return b2f(x >= y)
	case syntax.Eq:
		return b2f(x == y)
	case syntax.Ne:
		return b2f(x != y)
	}
	return math.NaN()
}

func floatOp(op eval.Op, x, y float64) float64 {
	switch op {
	case syntax.Add:
		return x + y
	case syntax.Sub:
		return x - y
	case syntax.Mul:
		return x * y
	case syntax.Div:
		return x / y
	case syntax.FloorDiv:
		return floorDiv(x, y)
	case syntax.Mod:
		if y == 0 {
			return math.NaN()
		}
		m := math.Mod(x, y)
		if m != 0 && (y < 0) != (m < 0) {
			m += y
		}
		return m
	case syntax.Pow:
		return math.Pow(x, y)
	}
	return compare(op, x, y)
}

// powScalar is torch's tensor ** number for floats: exponents 3 and -2
// are multiplications in the tensor's dtype, -0.5 is 1/sqrt, as its
// kernel computes them.
func powScalar(x, y float64, dt string) float64 {
	switch y {
	case 3:
		return castVal(x*x, dt) * x
	case -2:
		return 1 / castVal(x*x, dt)
	case -0.5:
		return 1 / castVal(math.Sqrt(x), dt)
	}
	return math.Pow(x, y)
}

// floorDiv is torch's (and Python's) floor division of floats.
func floorDiv(a, b float64) float64 {
	if b == 0 {
		return a / b
	}
	mod := math.Mod(a, b)
	div := (a - mod) / b
	if mod != 0 && (b < 0) != (mod < 0) {
		div--
	}
	if div == 0 {
		return math.Copysign(0, a/b)
	}
	f := math.Floor(div)
	if div-f > 0.5 {
		f++
	}
	return f
}

func dtypeTitle(dt string) string {
	switch dt {
	case "int64":
		return "Long"
	case "int32":
		return "Int"
	case "int16":
		return "Short"
	case "int8":
		return "Char"
	case "uint8":
		return "Byte"
	case "bool":
		return "Bool"
	case "float32":
		return "Float"
	case "float64":
		return "Double"
	case "float16":
		return "Half"
	case "bfloat16":
		return "BFloat16"
	}
	return dt
}

// ---- Python values ----

func pyScalar(dt string, v float64) eval.Value {
	switch kind(dt) {
	case kBool:
		return eval.Bool(v != 0)
	case kInt:
		return eval.Int(int64(v))
	}
	return eval.Float(v)
}

// unknownValue is the error for a tensor whose values netsum does not
// know, asked for one.
func unknownValue() error {
	return eval.NewError(eval.TypeError, "the value of a tensor is not known to netsum (it computes shapes only)")
}

func (t *Tensor) item(th *eval.Thread) (eval.Value, error) {
	if n := numel(t.shape); n != 1 {
		return nil, eval.NewError(eval.RuntimeError, "a Tensor with %d elements cannot be converted to Scalar", n)
	}
	v := t.values()
	if v == nil {
		return nil, unknownValue()
	}
	return pyScalar(t.dtype, v[0]), nil
}

func (t *Tensor) tolist(th *eval.Thread) (eval.Value, error) {
	v := t.values()
	if len(t.shape) == 0 {
		return pyScalar(t.dtype, v[0]), nil
	}
	// the lists made: a tensor without elements may still have many
	lists := int64(1)
	for _, d := range t.shape[:len(t.shape)-1] {
		lists *= max(d, 1)
		if lists > maxValues {
			return nil, eval.NewError(eval.RuntimeError, "tolist(): a tensor of shape %s makes too many lists for netsum", listString(t.shape))
		}
	}
	if err := th.Alloc(16 * (lists + int64(len(v)))); err != nil {
		return nil, err
	}
	var rec func(d int, off int64) eval.Value
	st := strides(t.shape)
	rec = func(d int, off int64) eval.Value {
		out := make([]eval.Value, t.shape[d])
		for i := range out {
			o := off + int64(i)*st[d]
			if d == len(t.shape)-1 {
				out[i] = pyScalar(t.dtype, v[o])
			} else {
				out[i] = rec(d+1, o)
			}
		}
		return eval.NewList(out)
	}
	return rec(0, 0), nil
}

// tensorNumber is int(t), float(t): one element with a known value.
func tensorNumber(th *eval.Thread, args eval.Tuple, asFloat bool) (eval.Value, error) {
	if len(args) != 1 {
		return nil, eval.NewError(eval.TypeError, "expected one argument")
	}
	t, ok := args[0].(*Tensor)
	if !ok {
		return nil, eval.NewError(eval.TypeError, "expected a tensor")
	}
	if numel(t.shape) != 1 {
		return nil, eval.NewError(eval.ValueError, "only one element tensors can be converted to Python scalars")
	}
	v := t.values()
	if v == nil {
		return nil, unknownValue()
	}
	if asFloat {
		return eval.Float(v[0]), nil
	}
	if math.IsNaN(v[0]) || math.IsInf(v[0], 0) {
		return nil, eval.NewError(eval.ValueError, "cannot convert float NaN to integer")
	}
	return eval.Int(toI64(v[0])), nil
}

func setupTensorNumbers() {
	tensorClass.SetMethod("__int__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return tensorNumber(th, args, false)
	})
	tensorClass.SetMethod("__float__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return tensorNumber(th, args, true)
	})
	tensorClass.SetMethod("__index__", func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		if len(args) == 1 {
			if t, ok := args[0].(*Tensor); ok && kind(t.dtype) > kInt {
				return nil, eval.NewError(eval.TypeError, "only integer tensors of a single element can be converted to an index")
			}
		}
		return tensorNumber(th, args, false)
	})
}

// valueString prints a tensor with values roughly as torch does.
func valueString(t *Tensor) string {
	v := t.values()
	allInt := true
	for _, e := range v {
		if e != math.Trunc(e) || math.IsInf(e, 0) {
			allInt = false
		}
	}
	num := func(e float64) string {
		switch kind(t.dtype) {
		case kBool:
			if e != 0 {
				return "True"
			}
			return "False"
		case kInt:
			return strconv.FormatInt(int64(e), 10)
		}
		if allInt {
			return strconv.FormatFloat(e, 'f', 0, 64) + "."
		}
		return strconv.FormatFloat(e, 'f', 4, 64)
	}
	var b strings.Builder
	b.WriteString("tensor(")
	const limit = 1000
	var rec func(d int, off int64)
	st := strides(t.shape)
	rec = func(d int, off int64) {
		if d == len(t.shape) {
			b.WriteString(num(v[off]))
			return
		}
		b.WriteString("[")
		for i := int64(0); i < t.shape[d]; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > limit {
				b.WriteString("...")
				break
			}
			rec(d+1, off+i*st[d])
		}
		b.WriteString("]")
	}
	rec(0, 0)
	switch t.dtype {
	case "int64", "float32", "bool":
	default:
		b.WriteString(", dtype=torch." + t.dtype)
	}
	b.WriteString(")")
	return b.String()
}
