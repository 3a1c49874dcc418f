package eval

import (
	"fmt"
	"sort"
)

// FromGo converts a JSON-like Go value (as layer configs hold them: nil,
// bool, int, int64, float64, string, []int64, []any, map[string]any) to a
// Python value: lists become tuples, maps dicts with sorted keys. Other
// values become their fmt string.
func FromGo(v any) Value {
	switch x := v.(type) {
	case nil:
		return None
	case bool:
		return Bool(x)
	case int64:
		return Int(x)
	case int:
		return Int(x)
	case float64:
		return Float(x)
	case string:
		return String(x)
	case []int64:
		out := make(Tuple, len(x))
		for i, e := range x {
			out[i] = Int(e)
		}
		return out
	case []any:
		out := make(Tuple, len(x))
		for i, e := range x {
			out[i] = FromGo(e)
		}
		return out
	case map[string]any:
		d := NewDict()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			d.SetString(k, FromGo(x[k]))
		}
		return d
	}
	return String(fmt.Sprint(v))
}
