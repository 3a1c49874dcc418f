package eval

import (
	"math"
	"path"
	"strings"
)

// stdlib holds the standard-library modules netsum provides itself.
// Modules registered with RegisterModule take precedence.
var stdlib = map[string]ModuleFunc{}

func setupStdlib() {
	stdlib["sys"] = sysModule
	stdlib["os"] = osModule
	stdlib["os.path"] = osPathModule
	stdlib["posixpath"] = osPathModule
	stdlib["math"] = mathModule
	stdlib["typing"] = typingModule
	stdlib["typing_extensions"] = typingModule
	stdlib["abc"] = abcModule
	stdlib["__future__"] = func(th *Thread) (*Module, error) { return NewModule("__future__"), nil }
	stdlib["importlib"] = importlibModule
}

// stdStream is sys.stdout / sys.stderr: writes go to Options.Print.
type stdStream struct{ name string }

func (s *stdStream) String() string { return "<" + s.name + ">" }
func (s *stdStream) Type() string   { return "TextIOWrapper" }
func (s *stdStream) Attr(th *Thread, name string) (Value, error) {
	switch name {
	case "write":
		return NewBuiltin("write", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "write() takes exactly one argument")
			}
			s, err := th.str(args[0])
			if err != nil {
				return nil, err
			}
			th.write(s)
			return Int(len(s)), nil
		}), nil
	case "flush", "close":
		return NewBuiltin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil }), nil
	case "isatty":
		return NewBuiltin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return False, nil }), nil
	case "encoding":
		return String("utf-8"), nil
	}
	return nil, nil
}
func (s *stdStream) AttrNames() []string { return []string{"encoding", "flush", "isatty", "write"} }

// versionInfo is sys.version_info: a tuple with named fields.
type versionInfo struct{ Tuple }

func (v versionInfo) Attr(th *Thread, name string) (Value, error) {
	i := map[string]int{"major": 0, "minor": 1, "micro": 2, "releaselevel": 3, "serial": 4}
	if k, ok := i[name]; ok {
		return v.Tuple[k], nil
	}
	return nil, nil
}
func (v versionInfo) AttrNames() []string {
	return []string{"major", "micro", "minor", "releaselevel", "serial"}
}
func (v versionInfo) GetItem(th *Thread, key Value) (Value, error) { return th.GetItem(v.Tuple, key) }
func (v versionInfo) Iterate(th *Thread) (Iterator, error)         { return &sliceIter{elems: v.Tuple}, nil }
func (v versionInfo) Binary(th *Thread, op Op, y Value, right bool) (Value, error) {
	if right {
		return th.Compare(flipCmp(op), v.Tuple, y)
	}
	if t, ok := y.(versionInfo); ok {
		y = t.Tuple
	}
	switch op {
	case opEq, opNe, opLt, opLe, opGt, opGe:
		return th.Compare(op, v.Tuple, y)
	}
	return nil, nil
}

func flipCmp(op Op) Op {
	switch op {
	case opLt:
		return opGt
	case opGt:
		return opLt
	case opLe:
		return opGe
	case opGe:
		return opLe
	}
	return op
}

func sysModule(th *Thread) (*Module, error) {
	m := NewModule("sys")
	argv := th.opts.Argv
	if argv == nil {
		argv = []string{th.mainFile}
	}
	av := make([]Value, len(argv))
	for i, a := range argv {
		av[i] = String(a)
	}
	m.Set("argv", NewList(av))
	m.Set("version_info", versionInfo{Tuple{Int(3), Int(11), Int(0), String("final"), Int(0)}})
	m.Set("version", String("3.11.0 (netsum sandbox)"))
	m.Set("hexversion", Int(0x030b00f0))
	m.Set("platform", String("linux"))
	m.Set("byteorder", String("little"))
	m.Set("maxsize", Int(math.MaxInt64))
	m.Set("path", NewList(nil))
	m.Set("modules", NewDict())
	m.Set("executable", String("python3"))
	m.Set("stdout", &stdStream{"stdout"})
	m.Set("stderr", &stdStream{"stderr"})
	m.Set("stdin", &sandboxModule{name: "sys.stdin"})
	m.Set("flags", NewOpaque(nil, "sys", "sys.flags"))
	m.SetFunc("exit", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return nil, &nativeError{cls: SystemExit, msg: exitMsg(args)}
	})
	m.SetFunc("setrecursionlimit", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })
	m.SetFunc("getrecursionlimit", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return Int(th.maxDepth), nil })
	m.SetFunc("getsizeof", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return Int(64), nil })
	m.SetFunc("exc_info", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if n := len(th.excStack); n > 0 {
			e := th.excStack[n-1].Exception
			return Tuple{e.Class, e, None}, nil
		}
		return Tuple{None, None, None}, nil
	})
	return m, nil
}

// osModule is a harmless subset of os: path manipulation, an in-memory
// environ that starts empty (reads give their default; writes stay inside
// the run), and no-op makedirs. Everything else is a sandbox error.
func osModule(th *Thread) (*Module, error) {
	m := NewModule("os")
	p, ok := th.modules["os.path"]
	if !ok {
		pm, err := osPathModule(th)
		if err != nil {
			return nil, err
		}
		pm.native = true
		th.modules["os.path"] = pm
		p = pm
	}
	m.Set("path", p)
	if th.environ == nil {
		th.environ = NewDict()
	}
	m.Set("environ", th.environ)
	m.Set("sep", String("/"))
	m.Set("linesep", String("\n"))
	m.Set("pathsep", String(":"))
	m.Set("curdir", String("."))
	m.Set("pardir", String(".."))
	m.Set("name", String("posix"))
	m.Set("devnull", String("/dev/null"))
	m.SetFunc("getenv", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var key Value
		var def Value = None
		if err := UnpackArgs("getenv", args, kwargs, "key", &key, "default?", &def); err != nil {
			return nil, err
		}
		if v, ok, _ := th.environ.Get(th, key); ok {
			return v, nil
		}
		return def, nil
	})
	m.SetFunc("putenv", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })
	for _, name := range []string{"makedirs", "mkdir"} {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })
	}
	m.SetFunc("cpu_count", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return Int(1), nil })
	m.SetFunc("getpid", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return Int(1), nil })
	m.Missing = func(th *Thread, m *Module, name string) (Value, error) {
		if strings.HasPrefix(name, "_") {
			return nil, NewError(AttributeError, "module 'os' has no attribute '%s'", name)
		}
		full := "os." + name
		return NewBuiltin(full, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return nil, sandboxError(full + "()")
		}), nil
	}
	return m, nil
}

func osPathModule(th *Thread) (*Module, error) {
	m := NewModule("os.path")
	strs := func(name string, args Tuple) ([]string, error) {
		out := make([]string, len(args))
		for i, a := range args {
			s, err := AsString(a)
			if err != nil {
				return nil, NewError(TypeError, "%s() argument must be str, not %s", name, typeName(a))
			}
			out[i] = s
		}
		return out, nil
	}
	one := func(name string, f func(string) Value) {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "%s() takes exactly one argument", name)
			}
			if o, ok := args[0].(*Opaque); ok {
				return o.derive(th, "."+name+"()"), nil
			}
			s, err := strs(name, args)
			if err != nil {
				return nil, err
			}
			return f(s[0]), nil
		})
	}
	m.SetFunc("join", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		for _, a := range args {
			if o, ok := a.(*Opaque); ok {
				return o.derive(th, " joined"), nil
			}
		}
		s, err := strs("join", args)
		if err != nil {
			return nil, err
		}
		out := ""
		for _, p := range s {
			switch {
			case strings.HasPrefix(p, "/"):
				out = p
			case out == "" || strings.HasSuffix(out, "/"):
				out += p
			default:
				out += "/" + p
			}
		}
		return String(out), nil
	})
	one("basename", func(s string) Value { return String(s[strings.LastIndexByte(s, '/')+1:]) })
	one("dirname", func(s string) Value {
		i := strings.LastIndexByte(s, '/')
		if i < 0 {
			return String("")
		}
		d := strings.TrimRight(s[:i+1], "/")
		if d == "" {
			d = "/"
		}
		return String(d)
	})
	one("split", func(s string) Value {
		i := strings.LastIndexByte(s, '/')
		head := strings.TrimRight(s[:i+1], "/")
		if head == "" && i >= 0 {
			head = "/"
		}
		return Tuple{String(head), String(s[i+1:])}
	})
	one("splitext", func(s string) Value {
		base := s[strings.LastIndexByte(s, '/')+1:]
		i := strings.LastIndexByte(base, '.')
		if i <= 0 {
			return Tuple{String(s), String("")}
		}
		cut := len(s) - len(base) + i
		return Tuple{String(s[:cut]), String(s[cut:])}
	})
	one("normpath", func(s string) Value { return String(path.Clean(s)) })
	one("abspath", func(s string) Value {
		if strings.HasPrefix(s, "/") {
			return String(path.Clean(s))
		}
		return String(path.Clean("/" + s))
	})
	one("realpath", func(s string) Value { return String(path.Clean(s)) })
	one("expanduser", func(s string) Value { return String(s) })
	one("expandvars", func(s string) Value { return String(s) })
	one("isabs", func(s string) Value { return Bool(strings.HasPrefix(s, "/")) })
	for _, name := range []string{"exists", "isfile", "isdir", "islink", "lexists"} {
		one(name, func(string) Value { return False }) // nothing exists in the sandbox
	}
	m.Set("sep", String("/"))
	return m, nil
}

func mathModule(th *Thread) (*Module, error) {
	m := NewModule("math")
	m.Set("pi", Float(math.Pi))
	m.Set("e", Float(math.E))
	m.Set("tau", Float(2*math.Pi))
	m.Set("inf", Float(math.Inf(1)))
	m.Set("nan", Float(math.NaN()))
	f1 := func(name string, f func(float64) float64, domain func(float64) bool) {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "math.%s() takes exactly one argument (%d given)", name, len(args))
			}
			if o, ok := args[0].(*Opaque); ok {
				return o.derive(th, ""), nil
			}
			x, err := AsFloat(args[0])
			if err != nil {
				return nil, err
			}
			if domain != nil && !domain(x) {
				return nil, NewError(ValueError, "math domain error")
			}
			return Float(f(x)), nil
		})
	}
	pos := func(x float64) bool { return x > 0 }
	nonneg := func(x float64) bool { return x >= 0 }
	f1("sqrt", math.Sqrt, nonneg)
	f1("exp", math.Exp, nil)
	f1("log2", math.Log2, pos)
	f1("log10", math.Log10, pos)
	f1("log1p", math.Log1p, func(x float64) bool { return x > -1 })
	f1("sin", math.Sin, nil)
	f1("cos", math.Cos, nil)
	f1("tan", math.Tan, nil)
	f1("asin", math.Asin, nil)
	f1("acos", math.Acos, nil)
	f1("atan", math.Atan, nil)
	f1("sinh", math.Sinh, nil)
	f1("cosh", math.Cosh, nil)
	f1("tanh", math.Tanh, nil)
	f1("fabs", math.Abs, nil)
	f1("erf", math.Erf, nil)
	f1("erfc", math.Erfc, nil)
	f1("gamma", math.Gamma, nil)
	f1("lgamma", func(x float64) float64 { v, _ := math.Lgamma(x); return v }, nil)
	f1("degrees", func(x float64) float64 { return x * 180 / math.Pi }, nil)
	f1("radians", func(x float64) float64 { return x * math.Pi / 180 }, nil)
	f1("expm1", math.Expm1, nil)
	toInt := func(name string, f func(float64) float64) {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "math.%s() takes exactly one argument (%d given)", name, len(args))
			}
			if i, ok := toIntOK(args[0]); ok {
				return Int(i), nil
			}
			if o, ok := args[0].(*Opaque); ok {
				return o.derive(th, ""), nil
			}
			x, err := AsFloat(args[0])
			if err != nil {
				return nil, err
			}
			r := f(x)
			if math.IsInf(r, 0) || math.IsNaN(r) || math.Abs(r) >= 9.2e18 {
				return nil, NewError(OverflowError, "cannot convert float %s to integer", Float(x))
			}
			return Int(int64(r)), nil
		})
	}
	toInt("ceil", math.Ceil)
	toInt("floor", math.Floor)
	toInt("trunc", math.Trunc)
	m.SetFunc("log", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, NewError(TypeError, "log expected 1 or 2 arguments")
		}
		x, err := AsFloat(args[0])
		if err != nil {
			return nil, err
		}
		if x <= 0 {
			return nil, NewError(ValueError, "math domain error")
		}
		r := math.Log(x)
		if len(args) == 2 {
			b, err := AsFloat(args[1])
			if err != nil {
				return nil, err
			}
			if b <= 0 || b == 1 {
				return nil, NewError(ValueError, "math domain error")
			}
			r /= math.Log(b)
		}
		return Float(r), nil
	})
	m.SetFunc("pow", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x, y float64
		if err := UnpackArgs("pow", args, kwargs, "x", &x, "y", &y); err != nil {
			return nil, err
		}
		return Float(math.Pow(x, y)), nil
	})
	m.SetFunc("atan2", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var y, x float64
		if err := UnpackArgs("atan2", args, kwargs, "y", &y, "x", &x); err != nil {
			return nil, err
		}
		return Float(math.Atan2(y, x)), nil
	})
	m.SetFunc("hypot", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		s := 0.0
		for _, a := range args {
			x, err := AsFloat(a)
			if err != nil {
				return nil, err
			}
			s += x * x
		}
		return Float(math.Sqrt(s)), nil
	})
	m.SetFunc("copysign", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x, y float64
		if err := UnpackArgs("copysign", args, kwargs, "x", &x, "y", &y); err != nil {
			return nil, err
		}
		return Float(math.Copysign(x, y)), nil
	})
	m.SetFunc("fmod", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var x, y float64
		if err := UnpackArgs("fmod", args, kwargs, "x", &x, "y", &y); err != nil {
			return nil, err
		}
		return Float(math.Mod(x, y)), nil
	})
	for _, name := range []string{"isnan", "isinf", "isfinite"} {
		name := name
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			var x float64
			if err := UnpackArgs(name, args, kwargs, "x", &x); err != nil {
				return nil, err
			}
			switch name {
			case "isnan":
				return Bool(math.IsNaN(x)), nil
			case "isinf":
				return Bool(math.IsInf(x, 0)), nil
			}
			return Bool(!math.IsNaN(x) && !math.IsInf(x, 0)), nil
		})
	}
	m.SetFunc("isclose", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var a, b float64
		rel, abs := 1e-9, 0.0
		if err := UnpackArgs("isclose", args, kwargs, "a", &a, "b", &b, "rel_tol?", &rel, "abs_tol?", &abs); err != nil {
			return nil, err
		}
		return Bool(a == b || math.Abs(a-b) <= math.Max(rel*math.Max(math.Abs(a), math.Abs(b)), abs)), nil
	})
	m.SetFunc("gcd", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var g int64
		for _, a := range args {
			x, err := AsInt(a)
			if err != nil {
				return nil, err
			}
			if x < 0 {
				x = -x
			}
			for x != 0 {
				g, x = x, g%x
			}
		}
		return Int(g), nil
	})
	m.SetFunc("factorial", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var n int64
		if err := UnpackArgs("factorial", args, kwargs, "n", &n); err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, NewError(ValueError, "factorial() not defined for negative values")
		}
		r := Value(Int(1))
		for i := int64(2); i <= n; i++ {
			var err error
			if r, err = th.Binary(opMul, r, Int(i)); err != nil {
				return nil, err
			}
		}
		return r, nil
	})
	m.SetFunc("comb", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var n, k int64
		if err := UnpackArgs("comb", args, kwargs, "n", &n, "k", &k); err != nil {
			return nil, err
		}
		if k < 0 || n < 0 {
			return nil, NewError(ValueError, "must be non-negative integers")
		}
		if k > n {
			return Int(0), nil
		}
		r := int64(1)
		for i := int64(1); i <= k; i++ {
			v, err := intBinary(opMul, r, n-k+i)
			if err != nil {
				return nil, err
			}
			r = int64(v.(Int)) / i
		}
		return Int(r), nil
	})
	m.SetFunc("prod", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var it Value
		var start Value = Int(1)
		if err := UnpackArgs("prod", args, kwargs, "iterable", &it, "start?", &start); err != nil {
			return nil, err
		}
		items, err := th.collect(it, -1)
		if err != nil {
			return nil, err
		}
		acc := start
		for _, x := range items {
			if acc, err = th.Binary(opMul, acc, x); err != nil {
				return nil, err
			}
		}
		return acc, nil
	})
	m.SetFunc("fsum", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "fsum() takes exactly one argument")
		}
		items, err := th.collect(args[0], -1)
		if err != nil {
			return nil, err
		}
		s := 0.0
		for _, x := range items {
			f, err := AsFloat(x)
			if err != nil {
				return nil, err
			}
			s += f
		}
		return Float(s), nil
	})
	return m, nil
}

// typingForm is a typing construct (List, Optional[int], TypeVar("T"),
// ...): it can be subscripted, called and used as a base class, and means
// nothing at run time.
type typingForm struct{ name string }

func (t *typingForm) String() string { return "typing." + t.name }
func (t *typingForm) Type() string   { return "typing" }
func (t *typingForm) GetItem(th *Thread, key Value) (Value, error) {
	return &typingForm{name: t.name + "[...]"}, nil
}
func (t *typingForm) Name() string { return t.name }
func (t *typingForm) Call(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	switch t.name {
	case "cast":
		if len(args) == 2 {
			return args[1], nil
		}
	case "overload", "final", "runtime_checkable", "no_type_check":
		if len(args) == 1 {
			return args[0], nil
		}
	case "NewType":
		return NewBuiltin("NewType", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) == 1 {
				return args[0], nil
			}
			return None, nil
		}), nil
	case "get_type_hints":
		return NewDict(), nil
	}
	// typing.OrderedDict() and friends make the collections type.
	if n, ok := map[string]string{"OrderedDict": "OrderedDict", "DefaultDict": "defaultdict", "Counter": "Counter",
		"Deque": "deque"}[strings.TrimSuffix(t.name, "[...]")]; ok {
		c, err := th.Import("collections")
		if err != nil {
			return nil, err
		}
		f, err := th.GetAttr(c, n)
		if err != nil {
			return nil, err
		}
		return th.Call(f, args, kwargs)
	}
	return &typingForm{name: t.name + "(...)"}, nil
}
func (t *typingForm) Binary(th *Thread, op Op, y Value, right bool) (Value, error) {
	if op == opBitOr {
		return &typingForm{name: "Union"}, nil
	}
	return nil, nil
}

func typingModule(th *Thread) (*Module, error) {
	m := NewModule("typing")
	m.Set("TYPE_CHECKING", False)
	m.Set("Text", StrClass)
	for _, n := range []string{"Any", "List", "Dict", "Tuple", "Optional", "Union", "Callable", "Sequence",
		"Iterable", "Iterator", "Mapping", "MutableMapping", "Type", "TypeVar", "Generic", "Set", "FrozenSet",
		"Literal", "ClassVar", "Final", "Protocol", "NoReturn", "Generator", "Deque", "DefaultDict",
		"OrderedDict", "Counter", "AnyStr", "cast", "overload", "final", "NewType", "Hashable", "Sized",
		"Collection", "Container", "Awaitable", "Coroutine", "AsyncIterator", "Annotated", "ParamSpec",
		"Concatenate", "TypeAlias", "Self", "runtime_checkable", "no_type_check", "get_type_hints",
		"SupportsInt", "SupportsFloat", "MutableSequence", "KeysView", "ValuesView", "ItemsView", "TypedDict"} {
		m.Set(n, &typingForm{name: n})
	}
	m.Missing = func(th *Thread, m *Module, name string) (Value, error) {
		return &typingForm{name: name}, nil
	}
	return m, nil
}

func abcModule(th *Thread) (*Module, error) {
	m := NewModule("abc")
	abc := NewClass("ABC").SetModule("abc")
	m.Set("ABC", abc)
	m.Set("ABCMeta", NewClass("ABCMeta", TypeClass).SetModule("abc"))
	identity := func(name string) {
		m.SetFunc(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "%s() takes exactly one argument", name)
			}
			return args[0], nil
		})
	}
	identity("abstractmethod")
	identity("abstractclassmethod")
	identity("abstractstaticmethod")
	m.SetFunc("abstractproperty", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return th.Call(PropertyClass, args, kwargs)
	})
	return m, nil
}

func importlibModule(th *Thread) (*Module, error) {
	m := NewModule("importlib")
	m.SetFunc("import_module", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		var name string
		var pkg Value
		if err := UnpackArgs("import_module", args, kwargs, "name", &name, "package?", &pkg); err != nil {
			return nil, err
		}
		if strings.HasPrefix(name, ".") {
			p, _ := pkg.(String)
			level := len(name) - len(strings.TrimLeft(name, "."))
			parts := strings.Split(string(p), ".")
			if level-1 > len(parts) {
				return nil, NewError(ImportError, "attempted relative import beyond top-level package")
			}
			base := strings.Join(parts[:len(parts)-(level-1)], ".")
			name = strings.TrimPrefix(base+"."+name[level:], ".")
		}
		return th.Import(name)
	})
	m.SetFunc("reload", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "reload() takes exactly one argument")
		}
		return args[0], nil
	})
	return m, nil
}
