// Package catalog holds what every framework's layer catalog shares: a
// config reader that accepts every historical spelling of an argument, the
// shape arithmetic of convolutions and pooling, and weight factor helpers.
// It imports graph and diag.
package catalog

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Config reads a layer's configuration. Values are JSON-like: nil, bool,
// int64/int/float64 numbers, string, []any, map[string]any.
type Config map[string]any

// Lookup returns the value of the first key present with a non-nil value.
func (c Config) Lookup(keys ...string) (any, string, bool) {
	for _, k := range keys {
		if v, ok := c[k]; ok && v != nil {
			return v, k, true
		}
	}
	return nil, "", false
}

// Has reports whether any of keys is present with a non-nil value.
func (c Config) Has(keys ...string) bool {
	_, _, ok := c.Lookup(keys...)
	return ok
}

// AsInt converts a JSON-like number to int64; floats must be integral.
func AsInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) > 1<<62 {
			return 0, false
		}
		return int64(x), true
	case bool:
		return 0, false
	}
	return 0, false
}

// AsFloat converts a JSON-like number to float64.
func AsFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// Int reads an integer; def is returned when no key is present.
func (c Config) Int(def int64, keys ...string) (int64, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		return def, nil
	}
	if l, isList := v.([]any); isList && len(l) == 1 {
		v = l[0]
	}
	n, ok := AsInt(v)
	if !ok {
		return 0, fmt.Errorf("%s: expected an integer, got %s", k, Repr(v))
	}
	return n, nil
}

// RequireInt reads an integer that must be present.
func (c Config) RequireInt(keys ...string) (int64, error) {
	if !c.Has(keys...) {
		return 0, fmt.Errorf("missing required argument %s", keys[0])
	}
	return c.Int(0, keys...)
}

// Float reads a number.
func (c Config) Float(def float64, keys ...string) (float64, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		return def, nil
	}
	f, ok := AsFloat(v)
	if !ok {
		return 0, fmt.Errorf("%s: expected a number, got %s", k, Repr(v))
	}
	return f, nil
}

// Bool reads a boolean.
func (c Config) Bool(def bool, keys ...string) (bool, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		if n, isInt := AsInt(v); isInt && (n == 0 || n == 1) {
			return n == 1, nil
		}
		return false, fmt.Errorf("%s: expected true or false, got %s", k, Repr(v))
	}
	return b, nil
}

// String reads a string.
func (c Config) String(def string, keys ...string) (string, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: expected a string, got %s", k, Repr(v))
	}
	return s, nil
}

// Ints reads an integer or a list of integers and returns n values (an
// integer is repeated n times). A list of another length is an error.
func (c Config) Ints(n int, def []int64, keys ...string) ([]int64, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		if def == nil {
			return nil, nil
		}
		return append([]int64(nil), def...), nil
	}
	out, err := IntList(v, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", k, err)
	}
	return out, nil
}

// IntList converts an int or list of ints to n ints (n < 0: any length).
func IntList(v any, n int) ([]int64, error) {
	if x, ok := AsInt(v); ok {
		if n < 0 {
			return []int64{x}, nil
		}
		out := make([]int64, n)
		for i := range out {
			out[i] = x
		}
		return out, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected an integer or a list of integers, got %s", Repr(v))
	}
	if n >= 0 && len(l) != n {
		return nil, fmt.Errorf("expected %d integers, got %s", n, Repr(v))
	}
	out := make([]int64, len(l))
	for i, e := range l {
		x, ok := AsInt(e)
		if !ok {
			return nil, fmt.Errorf("expected integers, got %s", Repr(v))
		}
		out[i] = x
	}
	return out, nil
}

// Shape reads a shape list where null means unknown (-1).
func (c Config) Shape(keys ...string) ([]int64, bool, error) {
	v, k, ok := c.Lookup(keys...)
	if !ok {
		return nil, false, nil
	}
	s, err := ShapeList(v)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %v", k, err)
	}
	return s, true, nil
}

// ShapeList converts a list of ints or nulls (or a single int) to a shape.
func ShapeList(v any) ([]int64, error) {
	if x, ok := AsInt(v); ok {
		return []int64{x}, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected a shape (list of integers or null), got %s", Repr(v))
	}
	out := make([]int64, len(l))
	for i, e := range l {
		if e == nil {
			out[i] = -1
			continue
		}
		x, ok := AsInt(e)
		if !ok || x < -1 {
			return nil, fmt.Errorf("expected a shape (list of integers or null), got %s", Repr(v))
		}
		out[i] = x
	}
	return out, nil
}

// Repr formats a JSON-like value the way Python would print it.
func Repr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return "'" + x + "'"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("%.1f", x)
		}
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Repr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = "'" + k + "': " + Repr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
