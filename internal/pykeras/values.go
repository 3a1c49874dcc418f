package pykeras

import (
	"fmt"
	"math"
	"strings"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// toConfig converts a Python value to the JSON-like values layer configs
// hold: int64, float64, string, bool, nil, []any, map[string]any. Layers
// become {"class_name", "config"} (for wrappers); functions, activations
// and other Keras objects become their names or serialized forms.
func toConfig(th *eval.Thread, v eval.Value) any {
	return eval.ToGo(v, eval.ToGoOptions{Dicts: true, Other: func(v eval.Value, conv func(eval.Value) any) (any, bool) {
		return kerasToConfig(th, v, conv)
	}})
}

// kerasToConfig converts the Keras objects toConfig knows beyond plain
// values.
func kerasToConfig(th *eval.Thread, v eval.Value, conv func(eval.Value) any) (any, bool) {
	switch x := v.(type) {
	case *TensorShape:
		return conv(x.tuple()), true
	case *Tensor:
		if x.kind == kNumpy && x.vals != nil {
			out := make([]any, len(x.vals))
			for i, f := range x.vals {
				out[i] = numberAny(f)
			}
			if len(x.g.Shape) == 0 && len(out) == 1 {
				return out[0], true
			}
			return out, true
		}
		return x.String(), true
	case *dtypeValue:
		return x.name, true
	case *record:
		return x.serialize(), true
	case *eval.Instance:
		if lo := layerOf(x); lo != nil {
			return lo.serialize(th), true
		}
		if r, ok := x.Native.(*record); ok {
			return r.serialize(), true
		}
		return x.Class.Name(), true
	}
	if n, ok := callableName(v); ok {
		return n, true
	}
	return nil, false
}

// callableName is the name of a function, method or class.
func callableName(v eval.Value) (string, bool) {
	switch x := v.(type) {
	case *eval.Builtin:
		return x.Name(), true
	case *eval.Function:
		return x.Name(), true
	case *eval.BoundMethod:
		return x.Name(), true
	case *eval.Class:
		return x.Name(), true
	}
	return "", false
}

func numberAny(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

// fromConfig converts a config value back to Python.
func fromConfig(v any) eval.Value { return eval.FromGo(v) }

// shapeArg reads a shape without its batch dim from a Python value: an
// int (a 1-D shape), a tuple or list of ints and None, or a TensorShape.
func shapeArg(th *eval.Thread, name string, v eval.Value) (graph.Shape, error) {
	switch x := v.(type) {
	case eval.Int:
		return graph.Shape{int64(x)}, nil
	case *TensorShape:
		return x.dims.Clone(), nil
	case *Tensor:
		if x.kind == kNumpy && x.vals != nil && len(x.g.Shape) <= 1 {
			out := make(graph.Shape, len(x.vals))
			for i, f := range x.vals {
				out[i] = int64(f)
			}
			return out, nil
		}
	}
	items, err := th.Collect(v)
	if err != nil {
		return nil, eval.NewError(eval.TypeError, "%s: expected a shape tuple, got %s", name, v.Type())
	}
	out := make(graph.Shape, len(items))
	for i, it := range items {
		d, err := dimArg(it)
		if err != nil {
			return nil, eval.NewError(eval.TypeError, "%s: %v", name, err)
		}
		out[i] = d
	}
	return out, nil
}

// dimArg reads one dim: an int or None (-1).
func dimArg(v eval.Value) (int64, error) {
	switch x := v.(type) {
	case eval.NoneType:
		return graph.Unknown, nil
	case eval.Int:
		if x < 0 {
			return 0, fmt.Errorf("negative dimension %d", x)
		}
		return int64(x), nil
	case eval.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case eval.Float:
		if float64(x) == math.Trunc(float64(x)) && x >= 0 {
			return int64(x), nil
		}
	case *Tensor:
		if x.vals != nil && len(x.vals) == 1 {
			return int64(x.vals[0]), nil
		}
		if len(x.g.Shape) == 0 {
			return graph.Unknown, nil
		}
	case *eval.Opaque:
		return 0, fmt.Errorf("dimension is an unknown value: %s", x.Describe())
	}
	return 0, fmt.Errorf("dimension %s is not an integer", eval.Repr(v))
}

// dimValue is one dim as Python: an int or None.
func dimValue(d int64) eval.Value {
	if d < 0 {
		return eval.None
	}
	return eval.Int(d)
}

// shapeTuple is a shape as a Python tuple with None for unknown dims.
func shapeTuple(s graph.Shape) eval.Tuple {
	out := make(eval.Tuple, len(s))
	for i, d := range s {
		out[i] = dimValue(d)
	}
	return out
}

// kwarg returns the value of keyword name, if given.
func kwarg(kwargs []eval.KV, name string) (eval.Value, bool) {
	for _, kv := range kwargs {
		if kv.Name == name {
			return kv.Value, true
		}
	}
	return nil, false
}

// dropKwargs removes the named keywords.
func dropKwargs(kwargs []eval.KV, names ...string) []eval.KV {
	out := kwargs[:0:0]
	for _, kv := range kwargs {
		keep := true
		for _, n := range names {
			if kv.Name == n {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// isNone reports whether v is None (or absent).
func isNone(v eval.Value) bool {
	if v == nil {
		return true
	}
	_, ok := v.(eval.NoneType)
	return ok
}

// strList reads a list of names: a string or a list of strings.
func strList(th *eval.Thread, v eval.Value) []string {
	if s, ok := v.(eval.String); ok {
		return []string{string(s)}
	}
	items, err := th.Collect(v)
	if err != nil {
		return nil
	}
	var out []string
	for _, it := range items {
		out = append(out, nameOf(it))
	}
	return out
}

// nameOf is a short name for a Keras object given as an argument: a string
// as is, a function or class by its name, a record by its class name.
func nameOf(v eval.Value) string {
	if n, ok := callableName(v); ok {
		return n
	}
	switch x := v.(type) {
	case eval.String:
		return string(x)
	case *record:
		return x.class
	case *eval.Instance:
		if r, ok := x.Native.(*record); ok {
			return r.class
		}
		return x.Class.Name()
	case eval.NoneType:
		return "None"
	}
	return strings.TrimSpace(v.String())
}
