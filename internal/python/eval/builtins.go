package eval

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// builtins holds the built-in names visible to every module.
var builtins StrDict

// forbiddenBuiltins names builtins that do not exist but whose absence is
// a sandbox decision worth explaining.
var forbiddenBuiltins = map[string]string{}

// iterValue is an iterator as a Python value (iter(), map(), zip(), ...).
type iterValue struct {
	it   Iterator
	name string
}

func (v *iterValue) String() string { return "<" + v.Type() + " object>" }
func (v *iterValue) Type() string {
	if v.name != "" {
		return v.name
	}
	return "iterator"
}
func (v *iterValue) Next(th *Thread) (Value, bool, error) { return v.it.Next(th) }

type funcIter func(th *Thread) (Value, bool, error)

func (f funcIter) Next(th *Thread) (Value, bool, error) { return f(th) }

func builtin(name string, fn BuiltinFunc) {
	builtins.Set(name, NewBuiltin(name, fn))
}

func forbidden(name, what string) {
	builtin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return nil, sandboxError(what)
	})
}

func setupBuiltins() {
	for _, c := range []*Class{ObjectClass, TypeClass, BoolClass, IntClass, FloatClass, StrClass, BytesClass,
		TupleClass, ListClass, DictClass, SetClass, FrozenSetClass, RangeClass, SliceClass, PropertyClass,
		StaticClass, ClassMethodCls, SuperClass} {
		builtins.Set(c.name, c)
	}
	for _, c := range exceptionClasses() {
		builtins.Set(c.name, c)
	}
	builtins.Set("IOError", OSError)
	builtins.Set("EnvironmentError", OSError)
	builtins.Set("StandardError", Exception) // Python 2
	builtins.Set("unicode", StrClass)        // Python 2
	builtins.Set("basestring", StrClass)
	builtins.Set("long", IntClass)
	builtins.Set("xrange", NewBuiltin("xrange", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return makeRange(args, kwargs, "xrange")
	}))
	builtins.Set("Ellipsis", Ellipsis)
	builtins.Set("NotImplemented", NotImplemented)
	builtins.Set("__debug__", True)

	forbidden("open", "open()")
	forbidden("file", "file()")
	forbidden("input", "input()")
	forbidden("raw_input", "raw_input()")
	forbidden("eval", "eval()")
	forbidden("exec", "exec()")
	forbidden("execfile", "execfile()")
	forbidden("compile", "compile()")
	forbidden("__import__", "__import__() (use an import statement)")
	forbidden("breakpoint", "breakpoint()")
	forbidden("help", "help()")
	forbidden("memoryview", "memoryview()")
	forbidden("reload", "reload()")
	for _, name := range []string{"exit", "quit"} {
		builtin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return nil, &nativeError{cls: SystemExit, msg: exitMsg(args)}
		})
	}

	builtin("len", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 || len(kwargs) > 0 {
			return nil, NewError(TypeError, "len() takes exactly one argument (%d given)", len(args))
		}
		n, err := th.Len(args[0])
		return Int(n), err
	})
	builtin("print", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		sep, end := " ", "\n"
		var file Value = None
		var flush bool
		var sepv, endv Value = None, None
		if err := UnpackArgs("print", nil, kwargs, "sep?", &sepv, "end?", &endv, "file?", &file, "flush?", &flush); err != nil {
			return nil, err
		}
		if s, ok := sepv.(String); ok {
			sep = string(s)
		}
		if s, ok := endv.(String); ok {
			end = string(s)
		}
		var b strings.Builder
		for i, a := range args {
			if i > 0 {
				b.WriteString(sep)
			}
			s, err := th.str(a)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
		}
		b.WriteString(end)
		if _, ok := file.(*stdStream); !ok && file != None {
			if IsOpaque(file) {
				return None, nil
			}
			w, err := th.GetAttr(file, "write")
			if err != nil {
				return nil, err
			}
			_, err = th.Call(w, Tuple{String(b.String())}, nil)
			return None, err
		}
		th.write(b.String())
		return None, nil
	})
	builtin("repr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "repr() takes exactly one argument (%d given)", len(args))
		}
		s, err := th.repr(args[0])
		return String(s), err
	})
	builtin("ascii", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "ascii() takes exactly one argument (%d given)", len(args))
		}
		s, err := th.repr(args[0])
		return String(s), err
	})
	builtin("format", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var v Value
		spec := ""
		if err := UnpackArgs("format", args, kwargs, "value", &v, "format_spec?", &spec); err != nil {
			return nil, err
		}
		s, err := th.format(v, spec)
		return String(s), err
	})
	builtin("isinstance", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "isinstance expected 2 arguments, got %d", len(args))
		}
		r, err := isinstance(args[0], args[1], 0)
		return Bool(r), err
	})
	builtin("issubclass", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "issubclass expected 2 arguments, got %d", len(args))
		}
		c, ok := args[0].(*Class)
		if !ok {
			if IsOpaque(args[0]) {
				return False, nil
			}
			return nil, NewError(TypeError, "issubclass() arg 1 must be a class")
		}
		r, err := issubclass(c, args[1], 0)
		return Bool(r), err
	})
	builtin("hasattr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "hasattr expected 2 arguments, got %d", len(args))
		}
		name, err := AsString(args[1])
		if err != nil {
			return nil, NewError(TypeError, "hasattr(): attribute name must be string")
		}
		ok, err := th.HasAttr(args[0], name)
		return Bool(ok), err
	})
	builtin("getattr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 2 || len(args) > 3 {
			return nil, NewError(TypeError, "getattr expected 2 or 3 arguments, got %d", len(args))
		}
		name, err := AsString(args[1])
		if err != nil {
			return nil, NewError(TypeError, "getattr(): attribute name must be string")
		}
		v, err := th.GetAttr(args[0], name)
		if err != nil && len(args) == 3 {
			if ok, _ := th.HasAttr(args[0], name); !ok {
				return args[2], nil
			}
		}
		return v, err
	})
	builtin("setattr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 3 {
			return nil, NewError(TypeError, "setattr expected 3 arguments, got %d", len(args))
		}
		name, err := AsString(args[1])
		if err != nil {
			return nil, NewError(TypeError, "setattr(): attribute name must be string")
		}
		return None, th.SetAttr(args[0], name, args[2])
	})
	builtin("delattr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "delattr expected 2 arguments, got %d", len(args))
		}
		name, err := AsString(args[1])
		if err != nil {
			return nil, NewError(TypeError, "delattr(): attribute name must be string")
		}
		return None, th.DelAttr(args[0], name)
	})
	builtin("callable", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "callable() takes exactly one argument")
		}
		switch x := args[0].(type) {
		case *Function, *Builtin, *BoundMethod, *Class, *Opaque:
			return True, nil
		case *Instance:
			_, ok := x.Class.Lookup("__call__")
			return Bool(ok), nil
		case Callable:
			return True, nil
		}
		return False, nil
	})
	builtin("hash", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "hash() takes exactly one argument")
		}
		h, err := Hash(th, args[0])
		return Int(int64(h >> 1)), err
	})
	builtin("id", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "id() takes exactly one argument")
		}
		h, err := Hash(nil, args[0])
		if err != nil {
			h = uint64(len(args[0].String()))
		}
		return Int(int64(h >> 1)), nil
	})
	builtin("dir", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var names []string
		if len(args) == 0 {
			if fr := th.topFrame(); fr != nil {
				names = append(names, fr.module.members.Keys()...)
			}
		} else {
			names = th.dir(args[0])
		}
		out := make([]Value, len(names))
		for i, n := range names {
			out[i] = String(n)
		}
		return NewList(out), nil
	})
	builtin("globals", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		fr := th.topFrame()
		if fr == nil {
			return NewDict(), nil
		}
		d := fr.module.members.toDict()
		d.frozen = "globals() is read-only in netsum's sandbox"
		return d, nil
	})
	locals := func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		fr := th.topFrame()
		if fr == nil {
			return NewDict(), nil
		}
		var d *Dict
		switch {
		case fr.fn != nil:
			d = NewDict()
			for i, name := range fr.fn.def.Locals {
				v := fr.locals[i]
				if c, ok := v.(*Cell); ok {
					v = c.v
				}
				if v != nil {
					d.SetString(name, v)
				}
			}
		case fr.ns != nil:
			d = fr.ns.toDict()
		default:
			d = fr.module.members.toDict()
		}
		d.frozen = "locals() is read-only in netsum's sandbox"
		return d, nil
	}
	builtin("locals", locals)
	builtin("vars", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return locals(th, args, kwargs)
		}
		if len(args) != 1 {
			return nil, NewError(TypeError, "vars expected at most 1 argument")
		}
		switch x := args[0].(type) {
		case *Instance:
			return x.attrs.toDict(), nil
		case *Module:
			return x.members.toDict(), nil
		}
		return th.GetAttr(args[0], "__dict__")
	})
	builtin("abs", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "abs() takes exactly one argument")
		}
		switch x := args[0].(type) {
		case Int:
			if x < 0 {
				return th.Unary(syntaxNeg, x)
			}
			return x, nil
		case Bool:
			return boolToInt(x), nil
		case Float:
			return Float(math.Abs(float64(x))), nil
		case *Instance:
			if m, ok := x.Class.Lookup("__abs__"); ok {
				return th.Call(m, Tuple{x}, nil)
			}
		case *Opaque:
			return x.derive(th, ".abs()"), nil
		}
		return nil, NewError(TypeError, "bad operand type for abs(): '%s'", typeName(args[0]))
	})
	builtin("divmod", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "divmod expected 2 arguments, got %d", len(args))
		}
		q, err := th.Binary(syntaxFloorDiv, args[0], args[1])
		if err != nil {
			return nil, err
		}
		r, err := th.Binary(syntaxMod, args[0], args[1])
		if err != nil {
			return nil, err
		}
		return Tuple{q, r}, nil
	})
	builtin("pow", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x, y, mod Value
		if err := UnpackArgs("pow", args, kwargs, "base", &x, "exp", &y, "mod?", &mod); err != nil {
			return nil, err
		}
		if mod != nil && mod != None {
			b, err1 := AsInt(x)
			e, err2 := AsInt(y)
			m, err3 := AsInt(mod)
			if err1 != nil || err2 != nil || err3 != nil || e < 0 || m == 0 {
				return nil, NewError(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
			}
			r, base := int64(1), ((b%m)+m)%m
			for ; e > 0; e >>= 1 {
				if e&1 == 1 {
					r = mulmod(r, base, m)
				}
				base = mulmod(base, base, m)
			}
			return Int(r), nil
		}
		return th.Binary(syntaxPow, x, y)
	})
	builtin("round", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x, nd Value
		if err := UnpackArgs("round", args, kwargs, "number", &x, "ndigits?", &nd); err != nil {
			return nil, err
		}
		if inst, ok := x.(*Instance); ok {
			if m, ok := inst.Class.Lookup("__round__"); ok {
				a := Tuple{inst}
				if nd != nil {
					a = append(a, nd)
				}
				return th.Call(m, a, nil)
			}
		}
		if i, ok := toIntOK(x); ok && (nd == nil || nd == None) {
			return Int(i), nil
		}
		f, err := AsFloat(x)
		if err != nil {
			return nil, NewError(TypeError, "type %s doesn't define __round__ method", typeName(x))
		}
		if nd == nil || nd == None {
			r := math.RoundToEven(f)
			if math.IsInf(r, 0) || math.IsNaN(r) {
				return nil, NewError(OverflowError, "cannot convert float infinity to integer")
			}
			if math.Abs(r) >= 9.2e18 {
				return nil, NewError(OverflowError, "int too large (netsum uses 64-bit integers)")
			}
			return Int(int64(r)), nil
		}
		n, err := AsInt(nd)
		if err != nil {
			return nil, err
		}
		if _, isInt := toIntOK(x); isInt {
			if n >= 0 {
				return x, nil
			}
			p := math.Pow(10, float64(-n))
			return Int(int64(math.RoundToEven(f/p) * p)), nil
		}
		if n > 300 || n < -300 {
			return Float(f), nil
		}
		p := math.Pow(10, float64(n))
		return Float(math.RoundToEven(f*p) / p), nil
	})
	builtin("chr", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var i int64
		if err := UnpackArgs("chr", args, kwargs, "i", &i); err != nil {
			return nil, err
		}
		if i < 0 || i > utf8.MaxRune {
			return nil, NewError(ValueError, "chr() arg not in range(0x110000)")
		}
		return String(string(rune(i))), nil
	})
	builtins.Set("unichr", builtins.vals[len(builtins.vals)-1])
	builtin("ord", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "ord() takes exactly one argument")
		}
		switch x := args[0].(type) {
		case String:
			if utf8.RuneCountInString(string(x)) != 1 {
				return nil, NewError(TypeError, "ord() expected a character, but string of length %d found", utf8.RuneCountInString(string(x)))
			}
			r, _ := utf8.DecodeRuneInString(string(x))
			return Int(r), nil
		case Bytes:
			if len(x) != 1 {
				return nil, NewError(TypeError, "ord() expected a character")
			}
			return Int(x[0]), nil
		}
		return nil, NewError(TypeError, "ord() expected string of length 1, but %s found", typeName(args[0]))
	})
	for _, b := range []struct {
		name, prefix string
		base         int
	}{{"hex", "0x", 16}, {"oct", "0o", 8}, {"bin", "0b", 2}} {
		b := b
		builtin(b.name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			var i int64
			if err := UnpackArgs(b.name, args, kwargs, "number", &i); err != nil {
				return nil, err
			}
			s, err := formatInt(i, "#"+map[int]string{16: "x", 8: "o", 2: "b"}[b.base])
			return String(s), err
		})
	}
	builtin("iter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "iter() takes exactly one argument here")
		}
		switch x := args[0].(type) {
		case *iterValue, *Generator:
			return x, nil
		case *Instance:
			if m, ok := x.Class.Lookup("__iter__"); ok {
				return th.Call(m, Tuple{x}, nil)
			}
		}
		it, err := th.Iterate(args[0])
		if err != nil {
			return nil, err
		}
		return &iterValue{it: it}, nil
	})
	builtin("next", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, NewError(TypeError, "next expected 1 or 2 arguments, got %d", len(args))
		}
		var it Iterator
		switch x := args[0].(type) {
		case *iterValue:
			it = x
		case *Generator:
			it = x
		case *Instance:
			nx, ok := x.Class.Lookup("__next__")
			if !ok {
				nx, ok = x.Class.Lookup("next")
			}
			if !ok {
				return nil, NewError(TypeError, "'%s' object is not an iterator", x.Class.name)
			}
			v, err := th.Call(nx, Tuple{x}, nil)
			if err != nil && len(args) == 2 && isStopIteration(err) {
				return args[1], nil
			}
			return v, err
		case *Opaque:
			return x.derive(th, ".next()"), nil
		default:
			return nil, NewError(TypeError, "'%s' object is not an iterator", typeName(args[0]))
		}
		v, ok, err := it.Next(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			if len(args) == 2 {
				return args[1], nil
			}
			return nil, NewError(StopIteration, "")
		}
		return v, nil
	})
	builtin("enumerate", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x Value
		var start int64
		if err := UnpackArgs("enumerate", args, kwargs, "iterable", &x, "start?", &start); err != nil {
			return nil, err
		}
		it, err := th.Iterate(x)
		if err != nil {
			return nil, err
		}
		i := start
		return &iterValue{name: "enumerate", it: funcIter(func(th *Thread) (Value, bool, error) {
			v, ok, err := it.Next(th)
			if !ok || err != nil {
				return nil, ok, err
			}
			r := Tuple{Int(i), v}
			i++
			return r, true, nil
		})}, nil
	})
	builtin("zip", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		strict := false
		if err := UnpackArgs("zip", nil, kwargs, "strict?", &strict); err != nil {
			return nil, err
		}
		its := make([]Iterator, len(args))
		for i, a := range args {
			it, err := th.Iterate(a)
			if err != nil {
				return nil, NewError(TypeError, "zip argument #%d must support iteration", i+1)
			}
			its[i] = it
		}
		return &iterValue{name: "zip", it: funcIter(func(th *Thread) (Value, bool, error) {
			if len(its) == 0 {
				return nil, false, nil
			}
			t := make(Tuple, len(its))
			for i, it := range its {
				v, ok, err := it.Next(th)
				if err != nil || !ok {
					return nil, false, err
				}
				t[i] = v
			}
			return t, true, nil
		})}, nil
	})
	builtin("map", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 2 {
			return nil, NewError(TypeError, "map() must have at least two arguments")
		}
		fn := args[0]
		its := make([]Iterator, len(args)-1)
		for i, a := range args[1:] {
			it, err := th.Iterate(a)
			if err != nil {
				return nil, err
			}
			its[i] = it
		}
		return &iterValue{name: "map", it: funcIter(func(th *Thread) (Value, bool, error) {
			t := make(Tuple, len(its))
			for i, it := range its {
				v, ok, err := it.Next(th)
				if err != nil || !ok {
					return nil, false, err
				}
				t[i] = v
			}
			v, err := th.Call(fn, t, nil)
			return v, err == nil, err
		})}, nil
	})
	builtin("filter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "filter expected 2 arguments, got %d", len(args))
		}
		fn := args[0]
		it, err := th.Iterate(args[1])
		if err != nil {
			return nil, err
		}
		return &iterValue{name: "filter", it: funcIter(func(th *Thread) (Value, bool, error) {
			for {
				v, ok, err := it.Next(th)
				if err != nil || !ok {
					return nil, false, err
				}
				if err := th.step(); err != nil {
					return nil, false, err
				}
				keep := v
				if fn != None {
					if keep, err = th.Call(fn, Tuple{v}, nil); err != nil {
						return nil, false, err
					}
				}
				t, err := th.truth(keep)
				if err != nil {
					return nil, false, err
				}
				if t {
					return v, true, nil
				}
			}
		})}, nil
	})
	builtin("reversed", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "reversed expected 1 argument, got %d", len(args))
		}
		if inst, ok := args[0].(*Instance); ok {
			if m, ok := inst.Class.Lookup("__reversed__"); ok {
				return th.Call(m, Tuple{inst}, nil)
			}
		}
		if r, ok := args[0].(*Range); ok {
			n := r.len64()
			return &Range{Start: r.Start + (n-1)*r.Step, Stop: r.Start - r.Step, Step: -r.Step}, nil
		}
		if _, ok := args[0].(*Dict); ok {
			return nil, NewError(TypeError, "'dict' object is not reversible")
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		out := make([]Value, len(items))
		for i, v := range items {
			out[len(items)-1-i] = v
		}
		return &iterValue{name: "reversed", it: &sliceIter{elems: out}}, nil
	})
	builtin("sorted", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x Value
		var key Value = None
		reverse := false
		if err := UnpackArgs("sorted", args, kwargs, "iterable", &x, "key?", &key, "reverse?", &reverse); err != nil {
			return nil, err
		}
		items, err := th.collect(x, -1)
		if err != nil {
			return nil, err
		}
		out, err := th.sortValues(items, key, reverse)
		if err != nil {
			return nil, err
		}
		return NewList(out), th.alloc(int64(len(out)))
	})
	for _, name := range []string{"min", "max"} {
		name := name
		builtin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			var key, def Value
			if err := UnpackArgs(name, nil, kwargs, "key?", &key, "default?", &def); err != nil {
				return nil, err
			}
			var items []Value
			if len(args) == 1 {
				var err error
				if items, err = th.collect(args[0], -1); err != nil {
					return nil, err
				}
			} else if len(args) == 0 {
				return nil, NewError(TypeError, "%s expected at least 1 argument, got 0", name)
			} else {
				items = args
			}
			if len(items) == 0 {
				if def != nil {
					return def, nil
				}
				return nil, NewError(ValueError, "%s() arg is an empty sequence", name)
			}
			best := items[0]
			bestKey := best
			if key != nil && key != None {
				k, err := th.Call(key, Tuple{best}, nil)
				if err != nil {
					return nil, err
				}
				bestKey = k
			}
			for _, it := range items[1:] {
				k := it
				if key != nil && key != None {
					var err error
					if k, err = th.Call(key, Tuple{it}, nil); err != nil {
						return nil, err
					}
				}
				var better bool
				var err error
				if name == "min" {
					better, err = th.less(k, bestKey)
				} else {
					better, err = th.less(bestKey, k)
				}
				if err != nil {
					return nil, err
				}
				if better {
					best, bestKey = it, k
				}
			}
			return best, nil
		})
	}
	builtin("sum", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x Value
		var start Value = Int(0)
		if err := UnpackArgs("sum", args, kwargs, "iterable", &x, "start?", &start); err != nil {
			return nil, err
		}
		if _, ok := start.(String); ok {
			return nil, NewError(TypeError, "sum() can't sum strings [use ''.join(seq) instead]")
		}
		it, err := th.Iterate(x)
		if err != nil {
			return nil, err
		}
		acc := start
		for {
			v, ok, err := it.Next(th)
			if err != nil {
				return nil, err
			}
			if !ok {
				return acc, nil
			}
			if err := th.step(); err != nil {
				return nil, err
			}
			if acc, err = th.Binary(opAdd, acc, v); err != nil {
				return nil, err
			}
		}
	})
	for _, name := range []string{"any", "all"} {
		name := name
		builtin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
			}
			it, err := th.Iterate(args[0])
			if err != nil {
				return nil, err
			}
			for {
				v, ok, err := it.Next(th)
				if err != nil {
					return nil, err
				}
				if !ok {
					return Bool(name == "all"), nil
				}
				if err := th.step(); err != nil {
					return nil, err
				}
				t, err := th.truth(v)
				if err != nil {
					return nil, err
				}
				if t == (name == "any") {
					return Bool(t), nil
				}
			}
		})
	}
	builtin("reduce", reduceFn)
	builtin("cmp", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "cmp expected 2 arguments")
		}
		c, err := th.order(args[0], args[1], 0)
		if err != nil {
			return nil, NewError(TypeError, "cannot compare %s and %s", typeName(args[0]), typeName(args[1]))
		}
		return Int(c), nil
	})
	builtin("intern", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "intern() takes exactly one argument")
		}
		return args[0], nil
	})
}

func exitMsg(args Tuple) string {
	if len(args) == 0 {
		return ""
	}
	return Repr(args[0])
}

func isStopIteration(err error) bool {
	var ee *EvalError
	if asEval(err, &ee) && ee.Exception != nil {
		return ee.Exception.Class.IsSubclass(StopIteration)
	}
	var ne *nativeError
	return asNative(err, &ne) && ne.cls.IsSubclass(StopIteration)
}

func reduceFn(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	if len(args) < 2 || len(args) > 3 {
		return nil, NewError(TypeError, "reduce expected 2 or 3 arguments, got %d", len(args))
	}
	items, err := th.collect(args[1], -1)
	if err != nil {
		return nil, err
	}
	var acc Value
	if len(args) == 3 {
		acc = args[2]
	} else {
		if len(items) == 0 {
			return nil, NewError(TypeError, "reduce() of empty iterable with no initial value")
		}
		acc, items = items[0], items[1:]
	}
	for _, it := range items {
		if acc, err = th.Call(args[0], Tuple{acc, it}, nil); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

func mulmod(a, b, m int64) int64 {
	if m < 0 {
		m = -m
	}
	var r int64
	a %= m
	for b > 0 {
		if b&1 == 1 {
			r = (r + a) % m
		}
		a = (a * 2) % m
		b >>= 1
	}
	return r
}

func isinstance(v, cls Value, depth int) (bool, error) {
	if depth > maxNesting {
		return false, NewError(RecursionError, "maximum recursion depth exceeded in isinstance")
	}
	switch c := cls.(type) {
	case *Class:
		if IsInstance(v, c) {
			return true, nil
		}
		if c == FloatClass {
			return false, nil
		}
		return false, nil
	case Tuple:
		for _, x := range c {
			if ok, err := isinstance(v, x, depth+1); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Opaque, *typingForm:
		return false, nil
	}
	if cb, ok := cls.(interface{ BaseClass() *Class }); ok {
		return IsInstance(v, cb.BaseClass()), nil
	}
	return false, NewError(TypeError, "isinstance() arg 2 must be a type or tuple of types, not %s", typeName(cls))
}

func issubclass(c *Class, cls Value, depth int) (bool, error) {
	if depth > maxNesting {
		return false, NewError(RecursionError, "maximum recursion depth exceeded in issubclass")
	}
	switch x := cls.(type) {
	case *Class:
		return c.IsSubclass(x), nil
	case Tuple:
		for _, e := range x {
			if ok, err := issubclass(c, e, depth+1); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Opaque, *typingForm:
		return false, nil
	}
	return false, NewError(TypeError, "issubclass() arg 2 must be a class or tuple of classes")
}

var _ = fmt.Sprint
