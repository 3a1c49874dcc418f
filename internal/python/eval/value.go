package eval

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

// Value is a Python value. Every value has a str() form and a type name;
// everything else a value can do is expressed by the optional interfaces
// below (HasAttrs, Callable, HasBinary, ...), which Go-implemented values
// such as symbolic tensors implement as needed.
type Value interface {
	// String returns str(v).
	String() string
	// Type returns the name of v's type, as type(v).__name__.
	Type() string
}

// Op is an operator, as in syntax.Add, syntax.MatMul, syntax.Lt.
type Op = syntax.Op

// KV is one keyword argument.
type KV struct {
	Name  string
	Value Value
}

// Optional interfaces for Go-implemented values.
type (
	// HasAttrs is a value with attributes (v.name). Attr returns (nil, nil)
	// when there is no such attribute; AttrNames lists them for "did you
	// mean" suggestions and dir().
	HasAttrs interface {
		Value
		Attr(th *Thread, name string) (Value, error)
		AttrNames() []string
	}

	// HasSetAttr is a value whose attributes can be assigned (v.name = x).
	HasSetAttr interface {
		Value
		SetAttr(th *Thread, name string, v Value) error
	}

	// Callable is a value that can be called.
	Callable interface {
		Value
		Name() string
		Call(th *Thread, args Tuple, kwargs []KV) (Value, error)
	}

	// HasBinary is a value with binary operators: arithmetic (syntax.Add
	// ... syntax.BitXor) and comparisons (syntax.Eq ... syntax.Ge). right
	// is true when the value is the right operand. Returning (nil, nil)
	// means "not implemented", and the other operand is tried.
	HasBinary interface {
		Value
		Binary(th *Thread, op Op, other Value, right bool) (Value, error)
	}

	// HasUnary is a value with unary operators (syntax.Neg, syntax.Plus,
	// syntax.Invert). (nil, nil) means not implemented.
	HasUnary interface {
		Value
		Unary(th *Thread, op Op) (Value, error)
	}

	// HasGetItem is a value that can be indexed: v[key]. The key may be an
	// Int, a *Slice, a Tuple (v[a, b]), Ellipsis, None, ...
	HasGetItem interface {
		Value
		GetItem(th *Thread, key Value) (Value, error)
	}

	// HasSetItem is a value whose items can be assigned: v[key] = x.
	HasSetItem interface {
		Value
		SetItem(th *Thread, key, v Value) error
	}

	// HasLen is a value with a length.
	HasLen interface {
		Value
		Len() int
	}

	// Iterable is a value that can be iterated.
	Iterable interface {
		Value
		Iterate(th *Thread) (Iterator, error)
	}

	// HasTruth is a value with its own truth value (bool(v)); values
	// without it are true, or their length decides.
	HasTruth interface {
		Value
		Truth(th *Thread) (bool, error)
	}

	// HasHash is a hashable value with value equality; by default
	// pointers hash by identity.
	HasHash interface {
		Value
		Hash() (uint64, error)
	}

	// HasRepr is a value whose repr() differs from its str().
	HasRepr interface {
		Value
		Repr() string
	}

	// HasClass is a Go value that reports its Python class, for type() and
	// isinstance().
	HasClass interface {
		Value
		Class() *Class
	}
)

// Iterator yields the values of an iteration. Next returns ok=false at the
// end.
type Iterator interface {
	Next(th *Thread) (v Value, ok bool, err error)
}

// ---- None, bools, numbers ----

// NoneType is the type of None.
type NoneType struct{}

// None is Python's None.
var None = NoneType{}

func (NoneType) String() string { return "None" }
func (NoneType) Type() string   { return "NoneType" }

// Bool is a Python bool.
type Bool bool

// True and False.
const (
	True  = Bool(true)
	False = Bool(false)
)

func (b Bool) String() string {
	if b {
		return "True"
	}
	return "False"
}
func (Bool) Type() string { return "bool" }

// Int is a Python int, limited to 64 bits: arithmetic that overflows is an
// OverflowError.
type Int int64

func (i Int) String() string { return strconv.FormatInt(int64(i), 10) }
func (Int) Type() string     { return "int" }

// Float is a Python float.
type Float float64

func (f Float) String() string { return formatFloatRepr(float64(f)) }
func (Float) Type() string     { return "float" }

// formatFloatRepr formats like Python's repr(float).
func formatFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Python writes 1e-05 and 1e+16: exponent with at least 2 digits
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = exp[1:]
		if len(exp) < 2 {
			exp = "0" + exp
		}
		return mant + "e" + string(sign) + exp
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// String is a Python str (UTF-8 in Go; indexing counts code points).
type String string

func (s String) String() string { return string(s) }
func (String) Type() string     { return "str" }

// Repr returns the quoted form of s.
func (s String) Repr() string { return quoteString(string(s)) }

// Bytes is a Python bytes value.
type Bytes string

func (b Bytes) String() string { return "b" + quoteBytes(string(b)) }
func (Bytes) Type() string     { return "bytes" }

// ellipsisType is the type of Ellipsis.
type ellipsisType struct{}

// Ellipsis is Python's ... value.
var Ellipsis = ellipsisType{}

func (ellipsisType) String() string { return "Ellipsis" }
func (ellipsisType) Type() string   { return "ellipsis" }

type notImplementedType struct{}

// NotImplemented is Python's NotImplemented.
var NotImplemented = notImplementedType{}

func (notImplementedType) String() string { return "NotImplemented" }
func (notImplementedType) Type() string   { return "NotImplementedType" }

// ---- tuples ----

// Tuple is a Python tuple.
type Tuple []Value

func (t Tuple) String() string { return Repr(t) }
func (Tuple) Type() string     { return "tuple" }
func (t Tuple) Len() int       { return len(t) }

// Cell is a closure variable shared between frames.
type Cell struct{ v Value }

func (c *Cell) String() string { return "<cell>" }
func (*Cell) Type() string     { return "cell" }

// unbound marks an unassigned local slot.
type unboundType struct{}

func (unboundType) String() string { return "<unbound>" }
func (unboundType) Type() string   { return "unbound" }

// ---- quoting ----

func quoteString(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func quoteBytes(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}
