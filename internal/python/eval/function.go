package eval

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

// BuiltinFunc is the Go implementation of a callable. Methods (NewMethod,
// Class.SetMethod) receive the instance as args[0].
type BuiltinFunc func(th *Thread, args Tuple, kwargs []KV) (Value, error)

// Builtin is a Go-implemented function or method.
type Builtin struct {
	name   string
	fn     BuiltinFunc
	method bool
}

// NewBuiltin returns a Go function callable from Python.
func NewBuiltin(name string, fn BuiltinFunc) *Builtin { return &Builtin{name: name, fn: fn} }

// NewMethod returns a Go method: stored in a class, it binds to instances
// like a Python function does, and fn receives the instance as args[0].
func NewMethod(name string, fn BuiltinFunc) *Builtin {
	safe := func(th *Thread, args Tuple, kwargs []KV) (v Value, err error) {
		if len(args) == 0 {
			return nil, NewError(TypeError, "unbound method %s() needs an argument", name)
		}
		defer func() {
			// A method called on the wrong kind of object (list.append(5),
			// Counter.most_common(3)) or with too few arguments.
			if r := recover(); r != nil {
				if re, ok := r.(runtime.Error); ok {
					v, err = nil, NewError(TypeError, "%s(): bad arguments for %s object (%v)", name, typeName(args[0]), re)
					return
				}
				panic(r)
			}
		}()
		return fn(th, args, kwargs)
	}
	return &Builtin{name: name, fn: safe, method: true}
}

func (b *Builtin) String() string {
	if b.method {
		return fmt.Sprintf("<method '%s'>", b.name)
	}
	return fmt.Sprintf("<built-in function %s>", b.name)
}

// Type returns "builtin_function_or_method".
func (*Builtin) Type() string { return "builtin_function_or_method" }

// Name returns the function name.
func (b *Builtin) Name() string { return b.name }

// Call calls the Go function.
func (b *Builtin) Call(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	return b.fn(th, args, kwargs)
}

// Function is a function defined in Python (def or lambda).
type Function struct {
	def       *syntax.Function
	module    *Module
	defaults  []Value // per parameter; nil when it has none
	freevars  []*Cell
	classCell *Cell // the class whose body defined the function, for super()
	qualname  string
	attrs     StrDict
}

func (f *Function) String() string { return fmt.Sprintf("<function %s>", f.qualname) }

// Type returns "function".
func (*Function) Type() string { return "function" }

// Name returns the function name.
func (f *Function) Name() string { return f.def.Name }

// Pos returns where the function was defined.
func (f *Function) Pos() syntax.Pos { return f.def.DefPos }

// Params returns the parameter names in slot order.
func (f *Function) Params() []string {
	out := make([]string, len(f.def.Params))
	for i, p := range f.def.Params {
		out[i] = p.Name
	}
	return out
}

// Call runs the function.
func (f *Function) Call(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	return th.callFunction(f, args, kwargs)
}

func callableName(v Value) string {
	switch v := v.(type) {
	case *Function:
		return v.qualname
	case Callable:
		return v.Name()
	case *Class:
		return v.name
	}
	return v.Type()
}

// bindArgs binds arguments to the function's parameter slots.
func (th *Thread) bindArgs(f *Function, args Tuple, kwargs []KV, locals []Value) error {
	def := f.def
	np := def.NumParams
	n := len(args)
	if n > np {
		if def.VarArgs < 0 {
			return th.argCountError(f, n, kwargs)
		}
		if err := th.alloc(int64(n - np)); err != nil {
			return err
		}
		extra := make(Tuple, n-np)
		copy(extra, args[np:])
		locals[def.VarArgs] = extra
		n = np
	} else if def.VarArgs >= 0 {
		locals[def.VarArgs] = Tuple{}
	}
	copy(locals, args[:n])
	var kw *Dict
	if def.VarKwargs >= 0 {
		kw = NewDict()
		locals[def.VarKwargs] = kw
	}
	nkw := np + def.NumKwOnly
	for _, a := range kwargs {
		i := def.NumPosOnly
		for ; i < nkw; i++ {
			if def.Params[i].Name == a.Name {
				break
			}
		}
		if i < nkw {
			if locals[i] != nil {
				return NewError(TypeError, "%s() got multiple values for argument '%s'", f.def.Name, a.Name)
			}
			locals[i] = a.Value
			continue
		}
		if kw == nil {
			names := make([]string, 0, nkw)
			for _, p := range def.Params[def.NumPosOnly:nkw] {
				names = append(names, p.Name)
			}
			return NewError(TypeError, "%s() got an unexpected keyword argument '%s'%s", f.def.Name, a.Name, didYouMean(a.Name, names))
		}
		if _, dup, _ := kw.Get(nil, String(a.Name)); dup {
			return NewError(TypeError, "%s() got multiple values for keyword argument '%s'", f.def.Name, a.Name)
		}
		kw.SetString(a.Name, a.Value)
	}
	if n < nkw || len(kwargs) > 0 {
		var missing []string
		for i := 0; i < nkw; i++ {
			if locals[i] != nil {
				continue
			}
			if d := f.defaults[i]; d != nil {
				locals[i] = d
				continue
			}
			missing = append(missing, "'"+def.Params[i].Name+"'")
		}
		if len(missing) > 0 {
			kind := "positional"
			if def.Params[indexOfMissing(def, locals)].Kind == syntax.KwOnly {
				kind = "keyword-only"
			}
			s := ""
			if len(missing) > 1 {
				s = "s"
			}
			return NewError(TypeError, "%s() missing %d required %s argument%s: %s", f.def.Name, len(missing), kind, s, joinAnd(missing))
		}
	}
	return nil
}

func indexOfMissing(def *syntax.Function, locals []Value) int {
	for i := 0; i < def.NumParams+def.NumKwOnly; i++ {
		if locals[i] == nil {
			return i
		}
	}
	return 0
}

func joinAnd(items []string) string {
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}

func (th *Thread) argCountError(f *Function, n int, kwargs []KV) error {
	def := f.def
	required := 0
	for i := 0; i < def.NumParams; i++ {
		if f.defaults[i] == nil {
			required++
		}
	}
	want := fmt.Sprint(def.NumParams)
	if required != def.NumParams {
		want = fmt.Sprintf("from %d to %d", required, def.NumParams)
	}
	s := "s"
	if def.NumParams == 1 && required == def.NumParams {
		s = ""
	}
	was := "were"
	if n == 1 {
		was = "was"
	}
	return NewError(TypeError, "%s() takes %s positional argument%s but %d %s given", def.Name, want, s, n, was)
}
