package pickle

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Value is anything a pickle can hold: None, bool, int64, *big.Int,
// float64, string, []byte, Tuple, *List, *Dict, *Set, *Global, *Object, or
// a value made by a policy's callable (a *Tensor, a *Storage, ...).
type Value = any

// None is Python's None.
type None struct{}

// Tuple is an immutable sequence.
type Tuple []Value

// List is a mutable list; it is a pointer so that memo references and
// APPEND see the same list.
type List struct{ Items []Value }

// Set is a set or frozenset, in insertion order.
type Set struct {
	Items  []Value
	Frozen bool
}

// Dict is a dict or collections.OrderedDict, in insertion order.
type Dict struct {
	Keys, Values []Value
	// Ordered is set for collections.OrderedDict.
	Ordered bool
	// Attrs are instance attributes set by BUILD (an OrderedDict's
	// _metadata in a torch state_dict).
	Attrs *Dict
	index map[string]int
}

// NewDict returns an empty dict.
func NewDict() *Dict { return &Dict{index: map[string]int{}} }

// Len is the number of items.
func (d *Dict) Len() int { return len(d.Keys) }

// Set sets d[k] = v, keeping the position of an existing key.
func (d *Dict) Set(k, v Value) error {
	hk, err := hashKey(k)
	if err != nil {
		return err
	}
	if d.index == nil {
		d.index = map[string]int{}
	}
	if i, ok := d.index[hk]; ok {
		d.Values[i] = v
		return nil
	}
	d.index[hk] = len(d.Keys)
	d.Keys = append(d.Keys, k)
	d.Values = append(d.Values, v)
	return nil
}

// Get returns d[k].
func (d *Dict) Get(k Value) (Value, bool) {
	hk, err := hashKey(k)
	if err != nil || d.index == nil {
		return nil, false
	}
	i, ok := d.index[hk]
	if !ok {
		return nil, false
	}
	return d.Values[i], true
}

// hashKey gives hashable values a string identity; unhashable values
// (lists, dicts, sets) are an error, as in Python.
func hashKey(v Value) (string, error) {
	var b strings.Builder
	if err := writeKey(&b, v, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeKey(b *strings.Builder, v Value, depth int) error {
	if depth > 32 {
		return fmt.Errorf("dict key nested too deeply")
	}
	switch x := v.(type) {
	case None:
		b.WriteString("N")
	case bool:
		// True == 1 in Python; keep them apart only by value.
		if x {
			b.WriteString("i1")
		} else {
			b.WriteString("i0")
		}
	case int64:
		b.WriteString("i")
		b.WriteString(strconv.FormatInt(x, 10))
	case *big.Int:
		b.WriteString("i")
		b.WriteString(x.String())
	case float64:
		if x == float64(int64(x)) {
			b.WriteString("i")
			b.WriteString(strconv.FormatInt(int64(x), 10))
		} else {
			b.WriteString("f")
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		}
	case string:
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(x)))
		b.WriteByte(':')
		b.WriteString(x)
	case []byte:
		b.WriteString("b")
		b.WriteString(strconv.Itoa(len(x)))
		b.WriteByte(':')
		b.Write(x)
	case Tuple:
		b.WriteString("t(")
		for _, e := range x {
			if err := writeKey(b, e, depth+1); err != nil {
				return err
			}
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *Global:
		b.WriteString("g")
		b.WriteString(x.Module + " " + x.Name)
	default:
		if h, ok := v.(interface{ HashKey() string }); ok {
			b.WriteString("o")
			b.WriteString(h.HashKey())
			return nil
		}
		return fmt.Errorf("unhashable dict key of type %s", TypeName(v))
	}
	return nil
}

// Global is a module-level name a policy allowed (a class or function).
type Global struct {
	Module, Name string
}

func (g *Global) String() string { return g.Module + "." + g.Name }

// Object is an instance a policy allowed to be created without running
// code: its class, the arguments it was created with and its state.
type Object struct {
	Class *Global
	Args  Tuple
	State Value
}

// TypeName names the Python type of v, for error messages.
func TypeName(v Value) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case None:
		return "None"
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case Tuple:
		return "tuple"
	case *List:
		return "list"
	case *Dict:
		if x.Ordered {
			return "OrderedDict"
		}
		return "dict"
	case *Set:
		if x.Frozen {
			return "frozenset"
		}
		return "set"
	case *Global:
		return x.String()
	case *Object:
		return x.Class.String()
	}
	if n, ok := v.(interface{ TypeName() string }); ok {
		return n.TypeName()
	}
	return fmt.Sprintf("%T", v)
}

// Int returns v as an int64 (bools count, as in Python).
func Int(v Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case *big.Int:
		if x.IsInt64() {
			return x.Int64(), true
		}
	}
	return 0, false
}

// Str returns v as a string; bytes are accepted when ASCII (Python 2
// pickles loaded with encoding="bytes" give bytes for str).
func Str(v Value) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		for _, c := range x {
			if c >= 0x80 {
				return "", false
			}
		}
		return string(x), true
	}
	return "", false
}

// Seq returns the items of a tuple or list.
func Seq(v Value) ([]Value, bool) {
	switch x := v.(type) {
	case Tuple:
		return x, true
	case *List:
		return x.Items, true
	}
	return nil, false
}

// Ints returns a tuple or list of ints (a torch.Size, a stride).
func Ints(v Value) ([]int64, bool) {
	items, ok := Seq(v)
	if !ok {
		return nil, false
	}
	out := make([]int64, len(items))
	for i, it := range items {
		n, ok := Int(it)
		if !ok {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// Brief describes v in a few words for notes: "dict (3 items)", "int 12".
func Brief(v Value) string {
	switch x := v.(type) {
	case None:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case *big.Int:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64)
	case string:
		if len(x) > 40 {
			return strconv.Quote(x[:37] + "...")
		}
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("bytes (%d)", len(x))
	case Tuple:
		return fmt.Sprintf("tuple (%d items)", len(x))
	case *List:
		return fmt.Sprintf("list (%d items)", len(x.Items))
	case *Dict:
		return fmt.Sprintf("%s (%d items)", TypeName(x), x.Len())
	case *Set:
		return fmt.Sprintf("%s (%d items)", TypeName(x), len(x.Items))
	}
	if b, ok := v.(interface{ Brief() string }); ok {
		return b.Brief()
	}
	return TypeName(v)
}
