package eval

import (
	"hash/maphash"
	"math"
	"math/bits"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/python/syntax"
)

// dunder names of binary operators: normal and reflected.
var binDunder = map[Op][2]string{
	syntax.Add: {"__add__", "__radd__"}, syntax.Sub: {"__sub__", "__rsub__"},
	syntax.Mul: {"__mul__", "__rmul__"}, syntax.Div: {"__truediv__", "__rtruediv__"},
	syntax.FloorDiv: {"__floordiv__", "__rfloordiv__"}, syntax.Mod: {"__mod__", "__rmod__"},
	syntax.Pow: {"__pow__", "__rpow__"}, syntax.MatMul: {"__matmul__", "__rmatmul__"},
	syntax.LShift: {"__lshift__", "__rlshift__"}, syntax.RShift: {"__rshift__", "__rrshift__"},
	syntax.BitAnd: {"__and__", "__rand__"}, syntax.BitOr: {"__or__", "__ror__"},
	syntax.BitXor: {"__xor__", "__rxor__"},
	syntax.Eq:     {"__eq__", "__eq__"}, syntax.Ne: {"__ne__", "__ne__"},
	syntax.Lt: {"__lt__", "__gt__"}, syntax.Le: {"__le__", "__ge__"},
	syntax.Gt: {"__gt__", "__lt__"}, syntax.Ge: {"__ge__", "__le__"},
}

var inplaceDunder = map[Op]string{
	syntax.Add: "__iadd__", syntax.Sub: "__isub__", syntax.Mul: "__imul__", syntax.Div: "__itruediv__",
	syntax.FloorDiv: "__ifloordiv__", syntax.Mod: "__imod__", syntax.Pow: "__ipow__", syntax.MatMul: "__imatmul__",
	syntax.LShift: "__ilshift__", syntax.RShift: "__irshift__", syntax.BitAnd: "__iand__", syntax.BitOr: "__ior__",
	syntax.BitXor: "__ixor__",
}

// Binary applies an arithmetic operator: x op y.
func (th *Thread) Binary(op Op, x, y Value) (Value, error) {
	if v, err := binaryBuiltin(th, op, x, y); v != nil || err != nil {
		return v, err
	}
	if v, err := th.binaryUser(op, x, y); v != nil || err != nil {
		return v, err
	}
	return nil, NewError(TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", op, typeName(x), typeName(y))
}

// binaryUser tries dunder methods, Go operator hooks and opaque values.
func (th *Thread) binaryUser(op Op, x, y Value) (Value, error) {
	if _, ok := x.(*Opaque); ok {
		return x.(*Opaque).derive(th, " "+op.String()+" ..."), nil
	}
	if o, ok := y.(*Opaque); ok {
		return o.derive(th, " "+op.String()+" ..."), nil
	}
	names := binDunder[op]
	// a subclass on the right gets the first try, as in Python
	yFirst := false
	if xi, ok := x.(*Instance); ok {
		if yi, ok := y.(*Instance); ok && yi.Class != xi.Class && yi.Class.IsSubclass(xi.Class) {
			yFirst = true
		}
	}
	try := func(v, other Value, name string, right bool) (Value, error) {
		switch v := v.(type) {
		case *Instance:
			m, ok := v.Class.Lookup(name)
			if !ok {
				return nil, nil
			}
			r, err := th.Call(m, Tuple{v, other}, nil)
			if err != nil {
				return nil, err
			}
			if r == NotImplemented {
				return nil, nil
			}
			return r, nil
		case HasBinary:
			return v.Binary(th, op, other, right)
		}
		return nil, nil
	}
	if yFirst {
		if r, err := try(y, x, names[1], true); r != nil || err != nil {
			return r, err
		}
	}
	if r, err := try(x, y, names[0], false); r != nil || err != nil {
		return r, err
	}
	if !yFirst {
		if r, err := try(y, x, names[1], true); r != nil || err != nil {
			return r, err
		}
	}
	return nil, nil
}

func (th *Thread) inplace(op Op, x, y Value) (Value, error) {
	switch a := x.(type) {
	case *List:
		switch op {
		case syntax.Add:
			items, err := th.collect(y, -1)
			if err != nil {
				return nil, err
			}
			if err := th.alloc(int64(len(items))); err != nil {
				return nil, err
			}
			a.elems = append(a.elems, items...)
			return a, nil
		case syntax.Mul:
			n, err := AsInt(y)
			if err != nil {
				return nil, NewError(TypeError, "can't multiply sequence by non-int of type '%s'", typeName(y))
			}
			elems, err := th.repeat(a.elems, n)
			if err != nil {
				return nil, err
			}
			a.elems = elems
			return a, nil
		}
	case *Dict:
		if op == syntax.BitOr {
			if err := th.dictUpdate(a, y); err != nil {
				return nil, err
			}
			return a, nil
		}
	case *Set:
		if r, err := th.setOp(op, a, y); r != nil || err != nil {
			if err != nil {
				return nil, err
			}
			a.ht = r.(*Set).ht
			return a, nil
		}
	case *Instance:
		if m, ok := a.Class.Lookup(inplaceDunder[op]); ok {
			r, err := th.Call(m, Tuple{a, y}, nil)
			if err != nil {
				return nil, err
			}
			if r != NotImplemented {
				return r, nil
			}
		}
	}
	return th.Binary(op, x, y)
}

func isNumber(v Value) bool {
	switch v.(type) {
	case Int, Float, Bool:
		return true
	}
	return false
}

func toFloat(v Value) (float64, bool) {
	switch v := v.(type) {
	case Int:
		return float64(v), true
	case Float:
		return float64(v), true
	case Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func toIntOK(v Value) (int64, bool) {
	switch v := v.(type) {
	case Int:
		return int64(v), true
	case Bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func overflow(op Op) error {
	return NewError(OverflowError, "integer overflow in %s (netsum uses 64-bit integers)", op)
}

func binaryBuiltin(th *Thread, op Op, x, y Value) (Value, error) {
	a, aok := toIntOK(x)
	b, bok := toIntOK(y)
	if aok && bok {
		return intBinary(op, a, b)
	}
	if isNumber(x) && isNumber(y) {
		fa, _ := toFloat(x)
		fb, _ := toFloat(y)
		return floatBinary(op, fa, fb)
	}
	switch a := x.(type) {
	case String:
		switch op {
		case syntax.Add:
			if b, ok := y.(String); ok {
				if err := th.allocBytes(int64(len(a) + len(b))); err != nil {
					return nil, err
				}
				return a + b, nil
			}
		case syntax.Mul:
			if n, ok := toIntOK(y); ok {
				return th.repeatString(string(a), n)
			}
		case syntax.Mod:
			s, err := th.percentFormat(string(a), y)
			if err != nil {
				return nil, err
			}
			return String(s), nil
		}
	case Bytes:
		switch op {
		case syntax.Add:
			if b, ok := y.(Bytes); ok {
				if err := th.allocBytes(int64(len(a) + len(b))); err != nil {
					return nil, err
				}
				return a + b, nil
			}
		case syntax.Mul:
			if n, ok := toIntOK(y); ok {
				s, err := th.repeatString(string(a), n)
				if err != nil {
					return nil, err
				}
				return Bytes(s.(String)), nil
			}
		}
	case *List:
		switch op {
		case syntax.Add:
			if b, ok := y.(*List); ok {
				if err := th.alloc(int64(len(a.elems) + len(b.elems))); err != nil {
					return nil, err
				}
				out := make([]Value, 0, len(a.elems)+len(b.elems))
				out = append(append(out, a.elems...), b.elems...)
				return NewList(out), nil
			}
		case syntax.Mul:
			if n, ok := toIntOK(y); ok {
				elems, err := th.repeat(a.elems, n)
				if err != nil {
					return nil, err
				}
				return NewList(elems), nil
			}
		}
	case Tuple:
		switch op {
		case syntax.Add:
			if b, ok := y.(Tuple); ok {
				if err := th.alloc(int64(len(a) + len(b))); err != nil {
					return nil, err
				}
				out := make(Tuple, 0, len(a)+len(b))
				return append(append(out, a...), b...), nil
			}
		case syntax.Mul:
			if n, ok := toIntOK(y); ok {
				elems, err := th.repeat(a, n)
				if err != nil {
					return nil, err
				}
				return Tuple(elems), nil
			}
		}
	case *Set:
		if r, err := th.setOp(op, a, y); r != nil || err != nil {
			return r, err
		}
	case *Dict:
		if b, ok := y.(*Dict); ok && op == syntax.BitOr {
			out := NewDict()
			if err := th.dictUpdate(out, a); err != nil {
				return nil, err
			}
			if err := th.dictUpdate(out, b); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
	if op == syntax.Mul {
		if n, ok := toIntOK(x); ok {
			switch b := y.(type) {
			case String, Bytes, *List, Tuple:
				return binaryBuiltin(th, op, b, Int(n))
			}
		}
	}
	return nil, nil
}

func intBinary(op Op, a, b int64) (Value, error) {
	switch op {
	case syntax.Add:
		c := a + b
		if (c > a) != (b > 0) {
			return nil, overflow(op)
		}
		return Int(c), nil
	case syntax.Sub:
		c := a - b
		if (c < a) != (b > 0) {
			return nil, overflow(op)
		}
		return Int(c), nil
	case syntax.Mul:
		if a == 0 || b == 0 {
			return Int(0), nil
		}
		hi, lo := bits.Mul64(uint64(absInt(a)), uint64(absInt(b)))
		neg := (a < 0) != (b < 0)
		if hi != 0 || lo > math.MaxInt64 && !(neg && lo == 1<<63) || a == math.MinInt64 || b == math.MinInt64 {
			return nil, overflow(op)
		}
		if neg {
			return Int(-int64(lo)), nil
		}
		return Int(int64(lo)), nil
	case syntax.Div:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "division by zero")
		}
		return Float(float64(a) / float64(b)), nil
	case syntax.FloorDiv:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "integer division or modulo by zero")
		}
		if a == math.MinInt64 && b == -1 {
			return nil, overflow(op)
		}
		q := a / b
		if (a%b != 0) && ((a < 0) != (b < 0)) {
			q--
		}
		return Int(q), nil
	case syntax.Mod:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "integer division or modulo by zero")
		}
		if b == -1 {
			return Int(0), nil
		}
		m := a % b
		if m != 0 && ((m < 0) != (b < 0)) {
			m += b
		}
		return Int(m), nil
	case syntax.Pow:
		if b < 0 {
			if a == 0 {
				return nil, NewError(ZeroDivisionError, "0.0 cannot be raised to a negative power")
			}
			return Float(math.Pow(float64(a), float64(b))), nil
		}
		r := int64(1)
		base := a
		for e := b; e > 0; e >>= 1 {
			if e&1 == 1 {
				v, err := intBinary(syntax.Mul, r, base)
				if err != nil {
					return nil, overflow(op)
				}
				r = int64(v.(Int))
			}
			if e > 1 {
				v, err := intBinary(syntax.Mul, base, base)
				if err != nil {
					return nil, overflow(op)
				}
				base = int64(v.(Int))
			}
		}
		return Int(r), nil
	case syntax.LShift:
		if b < 0 {
			return nil, NewError(ValueError, "negative shift count")
		}
		if a == 0 {
			return Int(0), nil
		}
		if b >= 63 || (a<<b)>>b != a {
			return nil, overflow(op)
		}
		return Int(a << b), nil
	case syntax.RShift:
		if b < 0 {
			return nil, NewError(ValueError, "negative shift count")
		}
		if b >= 64 {
			if a < 0 {
				return Int(-1), nil
			}
			return Int(0), nil
		}
		return Int(a >> b), nil
	case syntax.BitAnd:
		return Int(a & b), nil
	case syntax.BitOr:
		return Int(a | b), nil
	case syntax.BitXor:
		return Int(a ^ b), nil
	case syntax.MatMul:
		return nil, nil
	}
	return nil, nil
}

func absInt(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func floatBinary(op Op, a, b float64) (Value, error) {
	switch op {
	case syntax.Add:
		return Float(a + b), nil
	case syntax.Sub:
		return Float(a - b), nil
	case syntax.Mul:
		return Float(a * b), nil
	case syntax.Div:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "float division by zero")
		}
		return Float(a / b), nil
	case syntax.FloorDiv:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "float floor division by zero")
		}
		return Float(math.Floor(a / b)), nil
	case syntax.Mod:
		if b == 0 {
			return nil, NewError(ZeroDivisionError, "float modulo")
		}
		m := math.Mod(a, b)
		if m != 0 && (m < 0) != (b < 0) {
			m += b
		}
		return Float(m), nil
	case syntax.Pow:
		if a == 0 && b < 0 {
			return nil, NewError(ZeroDivisionError, "0.0 cannot be raised to a negative power")
		}
		if a < 0 && b != math.Trunc(b) {
			return nil, NewError(ValueError, "complex results are not supported")
		}
		return Float(math.Pow(a, b)), nil
	}
	return nil, nil
}

func (th *Thread) repeat(elems []Value, n int64) ([]Value, error) {
	if n <= 0 || len(elems) == 0 {
		return nil, nil
	}
	total := int64(len(elems)) * n
	if total/n != int64(len(elems)) || total > 1<<40 {
		return nil, th.alloc(-1)
	}
	if err := th.alloc(total); err != nil {
		return nil, err
	}
	out := make([]Value, 0, total)
	for i := int64(0); i < n; i++ {
		out = append(out, elems...)
	}
	return out, nil
}

func (th *Thread) repeatString(s string, n int64) (Value, error) {
	if n <= 0 || len(s) == 0 {
		return String(""), nil
	}
	total := int64(len(s)) * n
	if total/n != int64(len(s)) || total > 1<<40 {
		return nil, th.alloc(-1)
	}
	if err := th.allocBytes(total); err != nil {
		return nil, err
	}
	return String(strings.Repeat(s, int(n))), nil
}

func (th *Thread) setOp(op Op, a *Set, y Value) (Value, error) {
	b, ok := y.(*Set)
	if !ok {
		return nil, nil
	}
	out := NewSet()
	switch op {
	case syntax.BitOr:
		for _, x := range a.Elems() {
			if err := out.Add(th, x); err != nil {
				return nil, err
			}
		}
		for _, x := range b.Elems() {
			if err := out.Add(th, x); err != nil {
				return nil, err
			}
		}
	case syntax.BitAnd, syntax.Sub:
		for _, x := range a.Elems() {
			has, err := b.Has(th, x)
			if err != nil {
				return nil, err
			}
			if has == (op == syntax.BitAnd) {
				if err := out.Add(th, x); err != nil {
					return nil, err
				}
			}
		}
	case syntax.BitXor:
		for _, x := range a.Elems() {
			if has, _ := b.Has(th, x); !has {
				if err := out.Add(th, x); err != nil {
					return nil, err
				}
			}
		}
		for _, x := range b.Elems() {
			if has, _ := a.Has(th, x); !has {
				if err := out.Add(th, x); err != nil {
					return nil, err
				}
			}
		}
	default:
		return nil, nil
	}
	out.frozen = a.frozen
	return out, nil
}

// Unary applies -x, +x or ~x.
func (th *Thread) Unary(op Op, x Value) (Value, error) {
	switch v := x.(type) {
	case Int:
		switch op {
		case syntax.Neg:
			if v == math.MinInt64 {
				return nil, overflow(op)
			}
			return -v, nil
		case syntax.Plus:
			return v, nil
		case syntax.Invert:
			return ^v, nil
		}
	case Bool:
		return th.Unary(op, boolToInt(v))
	case Float:
		switch op {
		case syntax.Neg:
			return -v, nil
		case syntax.Plus:
			return v, nil
		}
	case *Opaque:
		return v.derive(th, "(unary "+op.String()+")"), nil
	case *Instance:
		name := map[Op]string{syntax.Neg: "__neg__", syntax.Plus: "__pos__", syntax.Invert: "__invert__"}[op]
		if m, ok := v.Class.Lookup(name); ok {
			return th.Call(m, Tuple{v}, nil)
		}
	case HasUnary:
		r, err := v.Unary(th, op)
		if r != nil || err != nil {
			return r, err
		}
	}
	return nil, NewError(TypeError, "bad operand type for unary %s: '%s'", op, typeName(x))
}

func boolToInt(b Bool) Int {
	if b {
		return 1
	}
	return 0
}

// Compare applies a comparison operator.
func (th *Thread) Compare(op Op, x, y Value) (Value, error) {
	switch op {
	case syntax.Is:
		return Bool(same(x, y)), nil
	case syntax.IsNot:
		return Bool(!same(x, y)), nil
	case syntax.In, syntax.NotIn:
		r, err := th.contains(y, x)
		if err != nil {
			return nil, err
		}
		return Bool(r == (op == syntax.In)), nil
	}
	// fast paths
	if a, ok := x.(Int); ok {
		if b, ok := y.(Int); ok {
			return Bool(cmpOrdered(op, a, b)), nil
		}
	}
	if a, ok := x.(String); ok {
		if b, ok := y.(String); ok {
			return Bool(cmpOrdered(op, a, b)), nil
		}
	}
	if isUser(x) || isUser(y) {
		if r, err := th.binaryUser(op, x, y); r != nil || err != nil {
			return r, err
		}
	}
	switch op {
	case syntax.Eq, syntax.Ne:
		eq, err := th.equal(x, y, 0)
		if err != nil {
			return nil, err
		}
		return Bool(eq == (op == syntax.Eq)), nil
	}
	c, err := th.order(x, y, 0)
	if err != nil {
		if _, ok := err.(*orderError); ok {
			return nil, NewError(TypeError, "'%s' not supported between instances of '%s' and '%s'", op, typeName(x), typeName(y))
		}
		return nil, err
	}
	return Bool(cmpOrdered(op, c, 0)), nil
}

func isUser(v Value) bool {
	switch v.(type) {
	case *Instance, *Opaque, HasBinary:
		return true
	}
	return false
}

func cmpOrdered[T int | Int | String | float64](op Op, a, b T) bool {
	switch op {
	case syntax.Eq:
		return a == b
	case syntax.Ne:
		return a != b
	case syntax.Lt:
		return a < b
	case syntax.Le:
		return a <= b
	case syntax.Gt:
		return a > b
	case syntax.Ge:
		return a >= b
	}
	return false
}

// same reports whether x is y.
func same(x, y Value) bool {
	switch a := x.(type) {
	case NoneType, ellipsisType, notImplementedType:
		return x == y
	case Bool:
		b, ok := y.(Bool)
		return ok && a == b
	case Int:
		b, ok := y.(Int)
		return ok && a == b
	case Float:
		b, ok := y.(Float)
		return ok && a == b
	case String:
		b, ok := y.(String)
		return ok && a == b
	case Bytes:
		b, ok := y.(Bytes)
		return ok && a == b
	case Tuple:
		b, ok := y.(Tuple)
		return ok && len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
	}
	tx, ty := reflect.TypeOf(x), reflect.TypeOf(y)
	if tx != ty || !tx.Comparable() {
		return false
	}
	return x == y
}

type orderError struct{}

func (*orderError) Error() string { return "unordered" }

// order compares x and y: -1, 0, +1.
func (th *Thread) order(x, y Value, depth int) (int, error) {
	if depth > maxNesting {
		return 0, NewError(RecursionError, "maximum recursion depth exceeded in comparison")
	}
	if isNumber(x) && isNumber(y) {
		a, aok := toIntOK(x)
		b, bok := toIntOK(y)
		if aok && bok {
			return cmp3(a, b), nil
		}
		fa, _ := toFloat(x)
		fb, _ := toFloat(y)
		if math.IsNaN(fa) || math.IsNaN(fb) {
			return 2, nil // no ordering: all comparisons false
		}
		return cmp3(fa, fb), nil
	}
	switch a := x.(type) {
	case String:
		if b, ok := y.(String); ok {
			return strings.Compare(string(a), string(b)), nil
		}
	case Bytes:
		if b, ok := y.(Bytes); ok {
			return strings.Compare(string(a), string(b)), nil
		}
	case Tuple:
		if b, ok := y.(Tuple); ok {
			return th.orderSeq(a, b, depth)
		}
	case *List:
		if b, ok := y.(*List); ok {
			return th.orderSeq(a.elems, b.elems, depth)
		}
	case *Set:
		if b, ok := y.(*Set); ok {
			sub := func(p, q *Set) bool {
				for _, e := range p.Elems() {
					if h, _ := q.Has(th, e); !h {
						return false
					}
				}
				return true
			}
			switch {
			case a.Len() == b.Len() && sub(a, b):
				return 0, nil
			case a.Len() < b.Len() && sub(a, b):
				return -1, nil
			case a.Len() > b.Len() && sub(b, a):
				return 1, nil
			}
			return 2, nil
		}
	}
	return 0, &orderError{}
}

func cmp3[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (th *Thread) orderSeq(a, b []Value, depth int) (int, error) {
	for i := 0; i < len(a) && i < len(b); i++ {
		eq, err := th.equal(a[i], b[i], depth+1)
		if err != nil {
			return 0, err
		}
		if !eq {
			return th.order(a[i], b[i], depth+1)
		}
	}
	return cmp3(int64(len(a)), int64(len(b))), nil
}

// less reports x < y, for sorting.
func (th *Thread) less(x, y Value) (bool, error) {
	if a, ok := x.(Int); ok {
		if b, ok := y.(Int); ok {
			return a < b, nil
		}
	}
	r, err := th.Compare(syntax.Lt, x, y)
	if err != nil {
		return false, err
	}
	return th.truth(r)
}

const maxNesting = 200

// Equal reports x == y as Python's == would for containers and keys.
func (th *Thread) Equal(x, y Value) (bool, error) { return th.equal(x, y, 0) }

func (th *Thread) equal(x, y Value, depth int) (bool, error) {
	if depth > maxNesting {
		return false, NewError(RecursionError, "maximum recursion depth exceeded in comparison")
	}
	if isNumber(x) && isNumber(y) {
		a, aok := toIntOK(x)
		b, bok := toIntOK(y)
		if aok && bok {
			return a == b, nil
		}
		fa, _ := toFloat(x)
		fb, _ := toFloat(y)
		return fa == fb, nil
	}
	switch a := x.(type) {
	case NoneType, ellipsisType, notImplementedType:
		return x == y, nil
	case String:
		b, ok := y.(String)
		return ok && a == b, nil
	case Bytes:
		b, ok := y.(Bytes)
		return ok && a == b, nil
	case Tuple:
		b, ok := y.(Tuple)
		if !ok {
			return false, nil
		}
		return th.equalSeq(a, b, depth)
	case *List:
		b, ok := y.(*List)
		if !ok {
			return false, nil
		}
		return th.equalSeq(a.elems, b.elems, depth)
	case *Dict:
		b, ok := y.(*Dict)
		if !ok || a.Len() != b.Len() {
			return false, nil
		}
		for _, e := range a.ht.entries {
			if e.deleted {
				continue
			}
			v, found, err := b.Get(th, e.key)
			if err != nil || !found {
				return false, err
			}
			if eq, err := th.equal(e.value, v, depth+1); err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case *Set:
		b, ok := y.(*Set)
		if !ok || a.Len() != b.Len() {
			return false, nil
		}
		for _, e := range a.Elems() {
			if h, err := b.Has(th, e); err != nil || !h {
				return false, err
			}
		}
		return true, nil
	case *Slice:
		b, ok := y.(*Slice)
		if !ok {
			return false, nil
		}
		return th.equalSeq([]Value{a.Start, a.Stop, a.Step}, []Value{b.Start, b.Stop, b.Step}, depth)
	case *Range:
		b, ok := y.(*Range)
		if !ok {
			return false, nil
		}
		na, nb := a.len64(), b.len64()
		return na == nb && (na == 0 || a.Start == b.Start && (na == 1 || a.Step == b.Step)), nil
	}
	if same(x, y) {
		return true, nil
	}
	if isUser(x) || isUser(y) {
		if _, ok := x.(*Opaque); ok {
			return false, nil
		}
		if _, ok := y.(*Opaque); ok {
			return false, nil
		}
		if !hasUserEq(x) && !hasUserEq(y) {
			return false, nil
		}
		r, err := th.binaryUser(syntax.Eq, x, y)
		if err != nil || r == nil {
			return false, err
		}
		return th.truth(r)
	}
	return false, nil
}

func hasUserEq(v Value) bool {
	switch v := v.(type) {
	case *Instance:
		m, ok := v.Class.Lookup("__eq__")
		return ok && m != objectEq
	case HasHash:
		return true
	}
	return false
}

func (th *Thread) equalSeq(a, b []Value, depth int) (bool, error) {
	if len(a) != len(b) {
		return false, nil
	}
	for i := range a {
		if eq, err := th.equal(a[i], b[i], depth+1); err != nil || !eq {
			return false, err
		}
	}
	return true, nil
}

// keysEqual compares dict keys and set members.
func keysEqual(th *Thread, x, y Value) (bool, error) {
	switch a := x.(type) {
	case String:
		if b, ok := y.(String); ok {
			return a == b, nil
		}
	case Int:
		if b, ok := y.(Int); ok {
			return a == b, nil
		}
	}
	if th == nil {
		th = &Thread{maxSteps: DefaultMaxSteps, maxDepth: DefaultMaxDepth, maxAlloc: DefaultMaxAlloc}
	}
	return th.equal(x, y, 0)
}

var hashSeed = maphash.MakeSeed()

// Hash returns the hash of a hashable value, or a TypeError.
func Hash(th *Thread, v Value) (uint64, error) {
	switch x := v.(type) {
	case String:
		return maphash.String(hashSeed, string(x)), nil
	case Int:
		return hashInt(int64(x)), nil
	case Bool:
		return hashInt(int64(boolToInt(x))), nil
	case Float:
		f := float64(x)
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return hashInt(int64(f)), nil
		}
		return math.Float64bits(f) * 0x9E3779B97F4A7C15, nil
	case NoneType:
		return 0x6e6f6e65, nil
	case Bytes:
		return maphash.String(hashSeed, string(x)) ^ 0xb, nil
	case Tuple:
		h := uint64(0x345678)
		for _, e := range x {
			eh, err := Hash(th, e)
			if err != nil {
				return 0, err
			}
			h = (h ^ eh) * 1000003
		}
		return h, nil
	case *Set:
		if x.frozen {
			var h uint64
			for _, e := range x.ht.entries {
				if !e.deleted {
					h ^= e.hash
				}
			}
			return h, nil
		}
		return 0, NewError(TypeError, "unhashable type: 'set'")
	case *List, *Dict:
		return 0, NewError(TypeError, "unhashable type: '%s'", v.Type())
	case *Instance:
		if m, ok := x.Class.Lookup("__hash__"); ok && m != objectHash && th != nil {
			if m == None {
				return 0, NewError(TypeError, "unhashable type: '%s'", x.Class.name)
			}
			r, err := th.Call(m, Tuple{x}, nil)
			if err != nil {
				return 0, err
			}
			i, err := AsInt(r)
			if err != nil {
				return 0, NewError(TypeError, "__hash__ method should return an integer")
			}
			return hashInt(i), nil
		}
		if d, ok := x.Native.(*Dict); ok && d != nil {
			return 0, NewError(TypeError, "unhashable type: '%s'", x.Class.name)
		}
	case HasHash:
		return x.Hash()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return hashInt(int64(rv.Pointer())), nil
	}
	if rv.Type().Comparable() {
		return maphash.Comparable(hashSeed, v), nil
	}
	return 0, NewError(TypeError, "unhashable type: '%s'", typeName(v))
}

func hashInt(i int64) uint64 {
	u := uint64(i)
	u ^= u >> 33
	u *= 0xff51afd7ed558ccd
	u ^= u >> 33
	return u
}

// Truth returns bool(v); values that cannot decide (unknown values from
// unavailable modules, symbolic tensors) give an error.
func (th *Thread) Truth(v Value) (bool, error) { return th.truth(v) }

func (th *Thread) truth(v Value) (bool, error) {
	switch x := v.(type) {
	case Bool:
		return bool(x), nil
	case NoneType:
		return false, nil
	case Int:
		return x != 0, nil
	case Float:
		return x != 0, nil
	case String:
		return len(x) > 0, nil
	case Bytes:
		return len(x) > 0, nil
	case Tuple:
		return len(x) > 0, nil
	case *List:
		return len(x.elems) > 0, nil
	case *Dict:
		return x.Len() > 0, nil
	case *Set:
		return x.Len() > 0, nil
	case *Range:
		return x.len64() > 0, nil
	case *Opaque:
		return false, x.useError("as a condition")
	case *Instance:
		if m, ok := x.Class.Lookup("__bool__"); ok {
			r, err := th.Call(m, Tuple{x}, nil)
			if err != nil {
				return false, err
			}
			b, ok := r.(Bool)
			if !ok {
				return false, NewError(TypeError, "__bool__ should return bool, returned %s", typeName(r))
			}
			return bool(b), nil
		}
		if m, ok := x.Class.Lookup("__nonzero__"); ok {
			r, err := th.Call(m, Tuple{x}, nil)
			if err != nil {
				return false, err
			}
			return th.truth(r)
		}
		if m, ok := x.Class.Lookup("__len__"); ok {
			r, err := th.Call(m, Tuple{x}, nil)
			if err != nil {
				return false, err
			}
			n, err := AsInt(r)
			return n != 0, err
		}
		return true, nil
	case HasTruth:
		return x.Truth(th)
	case HasLen:
		return x.Len() > 0, nil
	}
	return true, nil
}

// contains reports whether x is in container c.
func (th *Thread) contains(c, x Value) (bool, error) {
	switch c := c.(type) {
	case String:
		s, ok := x.(String)
		if !ok {
			return false, NewError(TypeError, "'in <string>' requires string as left operand, not %s", typeName(x))
		}
		return strings.Contains(string(c), string(s)), nil
	case Bytes:
		if s, ok := x.(Bytes); ok {
			return strings.Contains(string(c), string(s)), nil
		}
		if i, ok := x.(Int); ok {
			return strings.IndexByte(string(c), byte(i)) >= 0, nil
		}
		return false, NewError(TypeError, "a bytes-like object is required, not '%s'", typeName(x))
	case *Dict:
		_, ok, err := c.Get(th, x)
		return ok, err
	case *Set:
		return c.Has(th, x)
	case Tuple:
		return th.seqContains(c, x)
	case *List:
		return th.seqContains(c.elems, x)
	case *Range:
		i, ok := toIntOK(x)
		if !ok {
			if f, ok := x.(Float); ok && float64(f) == math.Trunc(float64(f)) {
				i = int64(f)
			} else {
				return false, nil
			}
		}
		n := c.len64()
		if n == 0 {
			return false, nil
		}
		d := i - c.Start
		if d%c.Step != 0 {
			return false, nil
		}
		k := d / c.Step
		return k >= 0 && k < n, nil
	case *Opaque:
		return false, c.useError("with 'in'")
	case *Instance:
		if m, ok := c.Class.Lookup("__contains__"); ok {
			r, err := th.Call(m, Tuple{c, x}, nil)
			if err != nil {
				return false, err
			}
			return th.truth(r)
		}
	}
	it, err := th.Iterate(c)
	if err != nil {
		return false, NewError(TypeError, "argument of type '%s' is not iterable", typeName(c))
	}
	for {
		v, ok, err := it.Next(th)
		if err != nil || !ok {
			return false, err
		}
		if err := th.step(); err != nil {
			return false, err
		}
		if eq, err := th.equal(v, x, 0); err != nil || eq {
			return eq, err
		}
	}
}

func (th *Thread) seqContains(elems []Value, x Value) (bool, error) {
	for _, e := range elems {
		if same(e, x) {
			return true, nil
		}
		if eq, err := th.equal(e, x, 0); err != nil || eq {
			return eq, err
		}
	}
	if err := th.charge(int64(len(elems))); err != nil {
		return false, err
	}
	return false, nil
}

// ---- indexing ----

func indexError(what string) error {
	return NewError(IndexError, "%s index out of range", what)
}

func normIndex(i int64, n int) (int, bool) {
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, false
	}
	return int(i), true
}

// GetItem returns x[key].
func (th *Thread) GetItem(x, key Value) (Value, error) {
	switch c := x.(type) {
	case *List:
		if i, ok := key.(Int); ok {
			j, ok := normIndex(int64(i), len(c.elems))
			if !ok {
				return nil, indexError("list")
			}
			return c.elems[j], nil
		}
		if s, ok := key.(*Slice); ok {
			elems, err := th.sliceElems(c.elems, s)
			return NewList(elems), err
		}
		if i, ok := toIntOK(key); ok {
			return th.GetItem(x, Int(i))
		}
		return nil, NewError(TypeError, "list indices must be integers or slices, not %s", typeName(key))
	case Tuple:
		if i, ok := toIntOK(key); ok {
			j, ok := normIndex(i, len(c))
			if !ok {
				return nil, indexError("tuple")
			}
			return c[j], nil
		}
		if s, ok := key.(*Slice); ok {
			elems, err := th.sliceElems(c, s)
			return Tuple(elems), err
		}
		return nil, NewError(TypeError, "tuple indices must be integers or slices, not %s", typeName(key))
	case *Dict:
		v, ok, err := c.Get(th, key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, th.keyError(key)
		}
		return v, nil
	case String:
		if i, ok := toIntOK(key); ok {
			if isASCII(string(c)) {
				j, ok := normIndex(i, len(c))
				if !ok {
					return nil, indexError("string")
				}
				return c[j : j+1], nil
			}
			rs := []rune(string(c))
			j, ok := normIndex(i, len(rs))
			if !ok {
				return nil, indexError("string")
			}
			return String(rs[j]), nil
		}
		if s, ok := key.(*Slice); ok {
			return th.sliceString(string(c), s)
		}
		return nil, NewError(TypeError, "string indices must be integers")
	case Bytes:
		if i, ok := toIntOK(key); ok {
			j, ok := normIndex(i, len(c))
			if !ok {
				return nil, indexError("index")
			}
			return Int(c[j]), nil
		}
		if s, ok := key.(*Slice); ok {
			start, _, step, n, err := s.Indices(len(c))
			if err != nil {
				return nil, err
			}
			b := make([]byte, 0, n)
			for k := 0; k < n; k++ {
				b = append(b, c[start+k*step])
			}
			return Bytes(b), nil
		}
	case *Range:
		if i, ok := toIntOK(key); ok {
			n := c.len64()
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return nil, indexError("range object")
			}
			return c.at(i), nil
		}
		if s, ok := key.(*Slice); ok {
			start, _, step, n, err := s.Indices(c.Len())
			if err != nil {
				return nil, err
			}
			st := c.Start + int64(start)*c.Step
			return &Range{Start: st, Stop: st + int64(n)*c.Step*int64(step), Step: c.Step * int64(step)}, nil
		}
	case *Opaque:
		return c.derive(th, "[...]"), nil
	case *Instance:
		if m, ok := c.Class.Lookup("__getitem__"); ok {
			return th.Call(m, Tuple{c, key}, nil)
		}
	case *Class:
		if m, ok := c.Lookup("__class_getitem__"); ok {
			if cm, ok := m.(*ClassMethod); ok {
				m = cm.fn
			}
			return th.Call(m, Tuple{c, key}, nil)
		}
		return c, nil // list[int], MyGeneric[T]: typing only
	case HasGetItem:
		return c.GetItem(th, key)
	}
	return nil, NewError(TypeError, "'%s' object is not subscriptable", typeName(x))
}

func (th *Thread) keyError(key Value) error {
	return &nativeError{cls: KeyError, msg: Repr(key), args: Tuple{key}}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (th *Thread) sliceElems(elems []Value, s *Slice) ([]Value, error) {
	start, _, step, n, err := s.Indices(len(elems))
	if err != nil {
		return nil, err
	}
	if err := th.alloc(int64(n)); err != nil {
		return nil, err
	}
	out := make([]Value, n)
	for k := 0; k < n; k++ {
		out[k] = elems[start+k*step]
	}
	return out, nil
}

func (th *Thread) sliceString(s string, sl *Slice) (Value, error) {
	if isASCII(s) {
		start, _, step, n, err := sl.Indices(len(s))
		if err != nil {
			return nil, err
		}
		if step == 1 {
			return String(s[start : start+n]), nil
		}
		b := make([]byte, n)
		for k := 0; k < n; k++ {
			b[k] = s[start+k*step]
		}
		return String(b), nil
	}
	rs := []rune(s)
	start, _, step, n, err := sl.Indices(len(rs))
	if err != nil {
		return nil, err
	}
	out := make([]rune, n)
	for k := 0; k < n; k++ {
		out[k] = rs[start+k*step]
	}
	return String(out), nil
}

// SetItem performs x[key] = v.
func (th *Thread) SetItem(x, key, v Value) error {
	switch c := x.(type) {
	case *List:
		if i, ok := toIntOK(key); ok {
			j, ok := normIndex(i, len(c.elems))
			if !ok {
				return NewError(IndexError, "list assignment index out of range")
			}
			c.elems[j] = v
			return nil
		}
		if s, ok := key.(*Slice); ok {
			items, err := th.collect(v, -1)
			if err != nil {
				return err
			}
			start, stop, step, n, err := s.Indices(len(c.elems))
			if err != nil {
				return err
			}
			if step == 1 {
				if stop < start {
					stop = start
				}
				if err := th.alloc(int64(len(items))); err != nil {
					return err
				}
				rest := append([]Value(nil), c.elems[stop:]...)
				c.elems = append(append(c.elems[:start], items...), rest...)
				return nil
			}
			if len(items) != n {
				return NewError(ValueError, "attempt to assign sequence of size %d to extended slice of size %d", len(items), n)
			}
			for k := 0; k < n; k++ {
				c.elems[start+k*step] = items[k]
			}
			return nil
		}
		return NewError(TypeError, "list indices must be integers or slices, not %s", typeName(key))
	case *Dict:
		return c.Set(th, key, v)
	case *Opaque:
		return nil
	case *Instance:
		if m, ok := c.Class.Lookup("__setitem__"); ok {
			_, err := th.Call(m, Tuple{c, key, v}, nil)
			return err
		}
	case HasSetItem:
		return c.SetItem(th, key, v)
	}
	return NewError(TypeError, "'%s' object does not support item assignment", typeName(x))
}

// DelItem performs del x[key].
func (th *Thread) DelItem(x, key Value) error {
	switch c := x.(type) {
	case *List:
		if i, ok := toIntOK(key); ok {
			j, ok := normIndex(i, len(c.elems))
			if !ok {
				return NewError(IndexError, "list assignment index out of range")
			}
			c.elems = append(c.elems[:j], c.elems[j+1:]...)
			return nil
		}
		if s, ok := key.(*Slice); ok {
			start, _, step, n, err := s.Indices(len(c.elems))
			if err != nil {
				return err
			}
			del := map[int]bool{}
			for k := 0; k < n; k++ {
				del[start+k*step] = true
			}
			out := c.elems[:0]
			for i, e := range c.elems {
				if !del[i] {
					out = append(out, e)
				}
			}
			c.elems = out
			return nil
		}
	case *Dict:
		ok, err := c.Delete(th, key)
		if err != nil {
			return err
		}
		if !ok {
			return th.keyError(key)
		}
		return nil
	case *Opaque:
		return nil
	case *Instance:
		if m, ok := c.Class.Lookup("__delitem__"); ok {
			_, err := th.Call(m, Tuple{c, key}, nil)
			return err
		}
	}
	return NewError(TypeError, "'%s' object does not support item deletion", typeName(x))
}

// ---- iteration ----

type sliceIter struct {
	elems []Value
	i     int
}

func (it *sliceIter) Next(*Thread) (Value, bool, error) {
	if it.i >= len(it.elems) {
		return nil, false, nil
	}
	v := it.elems[it.i]
	it.i++
	return v, true, nil
}

type listIter struct {
	l *List
	i int
}

func (it *listIter) Next(*Thread) (Value, bool, error) {
	if it.i >= len(it.l.elems) {
		return nil, false, nil
	}
	v := it.l.elems[it.i]
	it.i++
	return v, true, nil
}

type rangeIter struct {
	r *Range
	i int64
	n int64
}

func (it *rangeIter) Next(*Thread) (Value, bool, error) {
	if it.i >= it.n {
		return nil, false, nil
	}
	v := it.r.at(it.i)
	it.i++
	return v, true, nil
}

type stringIter struct {
	s string
	i int
}

func (it *stringIter) Next(*Thread) (Value, bool, error) {
	if it.i >= len(it.s) {
		return nil, false, nil
	}
	r, n := utf8.DecodeRuneInString(it.s[it.i:])
	v := String(it.s[it.i : it.i+n])
	_ = r
	it.i += n
	return v, true, nil
}

type dictIter struct {
	d *Dict
	i int
	n int
}

func (it *dictIter) Next(*Thread) (Value, bool, error) {
	if it.d.ht.live != it.n {
		return nil, false, NewError(RuntimeError, "dictionary changed size during iteration")
	}
	for it.i < len(it.d.ht.entries) {
		e := &it.d.ht.entries[it.i]
		it.i++
		if !e.deleted {
			return e.key, true, nil
		}
	}
	return nil, false, nil
}

type userIter struct {
	obj  Value
	next Value
}

func (it *userIter) Next(th *Thread) (Value, bool, error) {
	v, err := th.Call(it.next, Tuple{it.obj}, nil)
	if err != nil {
		var ee *EvalError
		if asEval(err, &ee) && ee.Exception != nil && ee.Exception.Class.IsSubclass(StopIteration) {
			return nil, false, nil
		}
		var ne *nativeError
		if asNative(err, &ne) && ne.cls.IsSubclass(StopIteration) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return v, true, nil
}

type getitemIter struct {
	obj Value
	m   Value
	i   int64
}

func (it *getitemIter) Next(th *Thread) (Value, bool, error) {
	v, err := th.Call(it.m, Tuple{it.obj, Int(it.i)}, nil)
	if err != nil {
		var ee *EvalError
		if asEval(err, &ee) && ee.Exception != nil && ee.Exception.Class.IsSubclass(IndexError) {
			return nil, false, nil
		}
		var ne *nativeError
		if asNative(err, &ne) && ne.cls.IsSubclass(IndexError) {
			return nil, false, nil
		}
		return nil, false, err
	}
	it.i++
	return v, true, nil
}

type emptyIter struct{}

func (emptyIter) Next(*Thread) (Value, bool, error) { return nil, false, nil }

// Iterate returns an iterator over x.
func (th *Thread) Iterate(x Value) (Iterator, error) {
	switch c := x.(type) {
	case *List:
		return &listIter{l: c}, nil
	case Tuple:
		return &sliceIter{elems: c}, nil
	case *Range:
		return &rangeIter{r: c, n: c.len64()}, nil
	case String:
		return &stringIter{s: string(c)}, nil
	case Bytes:
		elems := make([]Value, len(c))
		for i := range elems {
			elems[i] = Int(c[i])
		}
		return &sliceIter{elems: elems}, nil
	case *Dict:
		return &dictIter{d: c, n: c.ht.live}, nil
	case *Set:
		return &sliceIter{elems: c.Elems()}, nil
	case *Generator:
		return c, nil
	case *Opaque:
		return emptyIter{}, nil
	case *Instance:
		if m, ok := c.Class.Lookup("__iter__"); ok {
			it, err := th.Call(m, Tuple{c}, nil)
			if err != nil {
				return nil, err
			}
			if it == x {
				if nx, ok := c.Class.Lookup("__next__"); ok {
					return &userIter{obj: c, next: nx}, nil
				}
				if nx, ok := c.Class.Lookup("next"); ok {
					return &userIter{obj: c, next: nx}, nil
				}
				return nil, NewError(TypeError, "iter() returned non-iterator of type '%s'", typeName(it))
			}
			if ii, ok := it.(*Instance); ok {
				nx, ok := ii.Class.Lookup("__next__")
				if !ok {
					nx, ok = ii.Class.Lookup("next")
				}
				if ok {
					return &userIter{obj: ii, next: nx}, nil
				}
			}
			return th.Iterate(it)
		}
		if m, ok := c.Class.Lookup("__getitem__"); ok {
			return &getitemIter{obj: c, m: m}, nil
		}
	case *Class:
		if members, ok := c.Lookup("_member_list_"); ok {
			if t, ok := members.(Tuple); ok {
				return &sliceIter{elems: t}, nil
			}
		}
	case Iterable:
		return c.Iterate(th)
	case *iterValue:
		return c, nil
	}
	return nil, NewError(TypeError, "'%s' object is not iterable", typeName(x))
}

// collect returns the elements of an iterable; limit >= 0 stops after that
// many elements.
func (th *Thread) collect(x Value, limit int) ([]Value, error) {
	switch c := x.(type) {
	case Tuple:
		return c, nil
	case *List:
		return c.elems, nil
	case *Range:
		n := c.len64()
		if limit >= 0 && n > int64(limit) {
			n = int64(limit)
		}
		if err := th.alloc(n); err != nil {
			return nil, err
		}
		if err := th.charge(n); err != nil {
			return nil, err
		}
		out := make([]Value, n)
		for i := range out {
			out[i] = c.at(int64(i))
		}
		return out, nil
	}
	it, err := th.Iterate(x)
	if err != nil {
		return nil, err
	}
	var out []Value
	for limit < 0 || len(out) < limit {
		v, ok, err := it.Next(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := th.step(); err != nil {
			return nil, err
		}
		if err := th.alloc(1); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Collect returns the elements of an iterable value as a slice (do not
// modify it).
func (th *Thread) Collect(x Value) ([]Value, error) { return th.collect(x, -1) }

// Len returns len(x).
func (th *Thread) Len(x Value) (int, error) {
	switch c := x.(type) {
	case String:
		if isASCII(string(c)) {
			return len(c), nil
		}
		return utf8.RuneCountInString(string(c)), nil
	case Bytes:
		return len(c), nil
	case Tuple:
		return len(c), nil
	case *List:
		return len(c.elems), nil
	case *Dict:
		return c.Len(), nil
	case *Set:
		return c.Len(), nil
	case *Range:
		n := c.len64()
		if n > math.MaxInt32*2 {
			return 0, NewError(OverflowError, "range too large")
		}
		return int(n), nil
	case *Opaque:
		return 0, c.useError("with len()")
	case *Instance:
		if m, ok := c.Class.Lookup("__len__"); ok {
			r, err := th.Call(m, Tuple{c}, nil)
			if err != nil {
				return 0, err
			}
			n, err := AsInt(r)
			if err != nil {
				return 0, NewError(TypeError, "'%s' object cannot be interpreted as an integer", typeName(r))
			}
			if n < 0 {
				return 0, NewError(ValueError, "__len__() should return >= 0")
			}
			return int(n), nil
		}
	case HasLen:
		return c.Len(), nil
	}
	return 0, NewError(TypeError, "object of type '%s' has no len()", typeName(x))
}
