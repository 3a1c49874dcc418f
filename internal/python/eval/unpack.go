package eval

import (
	"fmt"
	"github.com/netsum/netsum/internal/diag"
	"sort"
	"strings"
)

// Unpacker is implemented by Go types that UnpackArgs can fill from a
// Python value.
type Unpacker interface {
	Unpack(v Value) error
}

// UnpackArgs binds positional and keyword arguments to Go variables, in
// the style of starlark-go. pairs alternates parameter specs and pointers:
//
//	var units int
//	var activation eval.Value = eval.None
//	var rest []eval.KV
//	err := eval.UnpackArgs("Dense", args, kwargs,
//		"units", &units,            // required, positional or keyword
//		"activation?", &activation, // optional: keeps its value when absent
//		"input_dim|input_shape?", &in, // aliases: any name may be used as keyword
//		"**kwargs", &rest)           // collects other keywords ("*args" collects extra positionals)
//
// Supported pointers: *Value, *int, *int64, *float64, *bool, *string,
// *Tuple, *[]Value, *[]int, *[]KV (for **), *Callable, *Unpacker, and
// pointers to concrete Value types (*String, *Int, **List, **Dict, ...).
// None is accepted for optional parameters and leaves the variable alone
// (except *Value, which gets None). Unknown keywords are a TypeError with
// a "did you mean" suggestion.
func UnpackArgs(fnName string, args Tuple, kwargs []KV, pairs ...any) error {
	if len(pairs)%2 != 0 {
		panic("UnpackArgs: odd number of pairs")
	}
	type param struct {
		names    []string
		optional bool
		ptr      any
		set      bool
	}
	var params []*param
	var starArgs, starKwargs any
	nOptionalStart := -1
	nPositional := -1 // params after *args are keyword-only
	for i := 0; i < len(pairs); i += 2 {
		spec, ok := pairs[i].(string)
		if !ok {
			panic("UnpackArgs: parameter name must be a string")
		}
		switch {
		case strings.HasPrefix(spec, "**"):
			starKwargs = pairs[i+1]
			continue
		case strings.HasPrefix(spec, "*"):
			starArgs = pairs[i+1]
			nPositional = len(params)
			continue
		}
		p := &param{ptr: pairs[i+1]}
		if strings.HasSuffix(spec, "?") {
			p.optional = true
			spec = spec[:len(spec)-1]
			if nOptionalStart < 0 {
				nOptionalStart = len(params)
			}
		}
		p.names = strings.Split(spec, "|")
		params = append(params, p)
	}
	if nPositional < 0 {
		nPositional = len(params)
	}
	if len(args) > nPositional {
		if starArgs == nil {
			switch len(params) {
			case 0:
				return NewError(TypeError, "%s() takes no positional arguments (%d given)", fnName, len(args))
			}
			return NewError(TypeError, "%s() takes at most %d positional argument%s (%d given)", fnName, nPositional, plural(nPositional), len(args))
		}
		extra := append(Tuple(nil), args[nPositional:]...)
		if err := setStar(starArgs, extra); err != nil {
			return err
		}
		args = args[:nPositional]
	} else if starArgs != nil {
		if err := setStar(starArgs, Tuple{}); err != nil {
			return err
		}
	}
	for i, a := range args {
		p := params[i]
		if err := unpackOne(fnName, p.names[0], a, p.ptr, p.optional); err != nil {
			return err
		}
		p.set = true
	}
	var extraKw []KV
outer:
	for _, kv := range kwargs {
		for _, p := range params {
			for _, n := range p.names {
				if n == kv.Name {
					if p.set {
						return NewError(TypeError, "%s() got multiple values for argument '%s'", fnName, p.names[0])
					}
					if err := unpackOne(fnName, kv.Name, kv.Value, p.ptr, p.optional); err != nil {
						return err
					}
					p.set = true
					continue outer
				}
			}
		}
		if starKwargs != nil {
			extraKw = append(extraKw, kv)
			continue
		}
		var names []string
		for _, p := range params {
			names = append(names, p.names...)
		}
		if len(names) == 0 {
			return NewError(TypeError, "%s() takes no keyword arguments (got '%s')", fnName, kv.Name)
		}
		return NewError(TypeError, "%s() got an unexpected keyword argument '%s'%s", fnName, kv.Name, didYouMean(kv.Name, names))
	}
	if starKwargs != nil {
		switch p := starKwargs.(type) {
		case *[]KV:
			*p = extraKw
		case **Dict:
			d := NewDict()
			for _, kv := range extraKw {
				d.SetString(kv.Name, kv.Value)
			}
			*p = d
		default:
			panic(fmt.Sprintf("UnpackArgs: ** parameter must be *[]KV or **Dict, not %T", starKwargs))
		}
	}
	for _, p := range params {
		if !p.set && !p.optional {
			return NewError(TypeError, "%s() missing required argument '%s'", fnName, p.names[0])
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func setStar(ptr any, t Tuple) error {
	switch p := ptr.(type) {
	case *Tuple:
		*p = t
	case *[]Value:
		*p = t
	default:
		panic(fmt.Sprintf("UnpackArgs: * parameter must be *Tuple, not %T", ptr))
	}
	return nil
}

func unpackOne(fnName, name string, v Value, ptr any, optional bool) error {
	if v == None && optional {
		if p, ok := ptr.(*Value); ok {
			*p = None
		}
		return nil
	}
	bad := func(want string) error {
		if o, ok := v.(*Opaque); ok {
			return o.useError(fmt.Sprintf("as argument '%s' of %s()", name, fnName))
		}
		return NewError(TypeError, "%s() argument '%s' must be %s, not %s", fnName, name, want, typeName(v))
	}
	switch p := ptr.(type) {
	case *Value:
		*p = v
	case *int:
		i, err := AsInt(v)
		if err != nil {
			return bad("int")
		}
		*p = clampInt(i)
	case *int64:
		i, err := AsInt(v)
		if err != nil {
			return bad("int")
		}
		*p = i
	case *float64:
		f, err := AsFloat(v)
		if err != nil {
			return bad("float")
		}
		*p = f
	case *bool:
		b, ok := v.(Bool)
		if !ok {
			if i, ok := v.(Int); ok {
				*p = i != 0
				return nil
			}
			return bad("bool")
		}
		*p = bool(b)
	case *string:
		s, ok := v.(String)
		if !ok {
			return bad("str")
		}
		*p = string(s)
	case *String:
		s, ok := v.(String)
		if !ok {
			return bad("str")
		}
		*p = s
	case *Int:
		i, err := AsInt(v)
		if err != nil {
			return bad("int")
		}
		*p = Int(i)
	case *Tuple:
		switch x := v.(type) {
		case Tuple:
			*p = x
		case *List:
			*p = append(Tuple(nil), x.elems...)
		default:
			return bad("tuple or list")
		}
	case *[]Value:
		switch x := v.(type) {
		case Tuple:
			*p = x
		case *List:
			*p = x.elems
		default:
			return bad("tuple or list")
		}
	case *[]int:
		var items []Value
		switch x := v.(type) {
		case Tuple:
			items = x
		case *List:
			items = x.elems
		case Int:
			*p = []int{int(x)}
			return nil
		default:
			return bad("int or tuple of ints")
		}
		out := make([]int, len(items))
		for i, it := range items {
			n, err := AsInt(it)
			if err != nil {
				return bad("tuple of ints")
			}
			out[i] = clampInt(n)
		}
		*p = out
	case **List:
		l, ok := v.(*List)
		if !ok {
			return bad("list")
		}
		*p = l
	case **Dict:
		d, ok := v.(*Dict)
		if !ok {
			return bad("dict")
		}
		*p = d
	case *Callable:
		c, ok := v.(Callable)
		if !ok {
			return bad("callable")
		}
		*p = c
	case **Instance:
		i, ok := v.(*Instance)
		if !ok {
			return bad("object")
		}
		*p = i
	case **Class:
		c, ok := v.(*Class)
		if !ok {
			return bad("class")
		}
		*p = c
	case Unpacker:
		if err := p.Unpack(v); err != nil {
			return NewError(TypeError, "%s() argument '%s': %v", fnName, name, err)
		}
	default:
		panic(fmt.Sprintf("UnpackArgs: unsupported pointer type %T for %s", ptr, name))
	}
	return nil
}

// didYouMean returns " (did you mean 'x'?)" for the closest of names, or "".
func didYouMean(name string, names []string) string {
	if s := Suggest(name, names); s != "" {
		return " (did you mean '" + s + "'?)"
	}
	return ""
}

// Suggest returns the element of names closest to name by edit distance,
// or "" if none is close.
func Suggest(name string, names []string) string {
	best, bestD := "", 1<<30
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	for _, n := range sorted {
		if n == name || strings.HasPrefix(n, "__") && !strings.HasPrefix(name, "_") {
			continue
		}
		d := diag.EditDistance(strings.ToLower(name), strings.ToLower(n))
		if d < bestD {
			best, bestD = n, d
		}
	}
	limit := (len(name) + 2) / 3
	if limit < 1 {
		limit = 1
	}
	if bestD <= limit {
		return best
	}
	return ""
}
