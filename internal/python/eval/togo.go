package eval

// ToGoMaxDepth bounds how deeply ToGo descends into nested containers;
// a value nested deeper (or a list that contains itself) becomes nil.
const ToGoMaxDepth = 32

// ToGoOptions say how ToGo converts what is not a plain value.
type ToGoOptions struct {
	// Dicts converts dicts to map[string]any (a key that is not a string
	// by its str()); without it a dict is converted by Other or becomes
	// its str().
	Dicts bool
	// Other converts any other value (a module's own types); ok false
	// means its str(). conv converts a value nested in it, one level
	// deeper, with the same options.
	Other func(v Value, conv func(Value) any) (out any, ok bool)
}

// ToGo converts a Python value to the JSON-like Go values layer configs
// hold (the inverse of FromGo): None (or a nil Value) becomes nil, bool,
// int64, float64 and string stay what they are, tuples and lists become
// []any; dicts and other values as opt says, else their str().
func ToGo(v Value, opt ToGoOptions) any {
	return opt.toGo(v, 0)
}

func (opt *ToGoOptions) toGo(v Value, depth int) any {
	if depth > ToGoMaxDepth {
		return nil
	}
	switch x := v.(type) {
	case nil, NoneType:
		return nil
	case Bool:
		return bool(x)
	case Int:
		return int64(x)
	case Float:
		return float64(x)
	case String:
		return string(x)
	case Tuple:
		return opt.slice(x, depth)
	case *List:
		return opt.slice(x.Elems(), depth)
	case *Dict:
		if opt.Dicts {
			out := map[string]any{}
			for _, kv := range x.Items() {
				k, ok := kv[0].(String)
				if !ok {
					k = String(kv[0].String())
				}
				out[string(k)] = opt.toGo(kv[1], depth+1)
			}
			return out
		}
	}
	if opt.Other != nil {
		if out, ok := opt.Other(v, func(e Value) any { return opt.toGo(e, depth+1) }); ok {
			return out
		}
	}
	return v.String()
}

func (opt *ToGoOptions) slice(elems []Value, depth int) []any {
	out := make([]any, len(elems))
	for i, e := range elems {
		out[i] = opt.toGo(e, depth+1)
	}
	return out
}
