package eval

import (
	"math"
	"strconv"
	"strings"
	"sync"
)

// Built-in classes. They are shared by all threads and cannot be modified
// from Python.
var (
	ObjectClass    *Class
	TypeClass      *Class
	NoneClass      *Class
	BoolClass      *Class
	IntClass       *Class
	FloatClass     *Class
	StrClass       *Class
	BytesClass     *Class
	TupleClass     *Class
	ListClass      *Class
	DictClass      *Class
	SetClass       *Class
	FrozenSetClass *Class
	RangeClass     *Class
	SliceClass     *Class
	FunctionClass  *Class
	BuiltinClass   *Class
	MethodClass    *Class
	ModuleClass    *Class
	PropertyClass  *Class
	StaticClass    *Class
	ClassMethodCls *Class
	SuperClass     *Class
	GeneratorClass *Class
	EllipsisClass  *Class
	NotImplClass   *Class
)

var (
	objectInit    *Builtin
	objectNew     *Builtin
	objectSetattr *Builtin
	objectDelattr *Builtin
	objectEq      *Builtin
	objectHash    *Builtin
	objectStr     *Builtin
	objectFormat  *Builtin
)

var synthClasses sync.Map // type name -> *Class, for Go values without HasClass

// classOf returns the class of any value.
func classOf(v Value) *Class {
	switch x := v.(type) {
	case *Instance:
		return x.Class
	case NoneType:
		return NoneClass
	case Bool:
		return BoolClass
	case Int:
		return IntClass
	case Float:
		return FloatClass
	case String:
		return StrClass
	case Bytes:
		return BytesClass
	case Tuple:
		return TupleClass
	case *List:
		return ListClass
	case *Dict:
		return DictClass
	case *Set:
		if x.frozen {
			return FrozenSetClass
		}
		return SetClass
	case *Range:
		return RangeClass
	case *Slice:
		return SliceClass
	case *Class:
		return TypeClass
	case *Function:
		return FunctionClass
	case *Builtin:
		return BuiltinClass
	case *BoundMethod:
		return MethodClass
	case *Module:
		return ModuleClass
	case *Property:
		return PropertyClass
	case *StaticMethod:
		return StaticClass
	case *ClassMethod:
		return ClassMethodCls
	case *superObj:
		return SuperClass
	case *Generator:
		return GeneratorClass
	case ellipsisType:
		return EllipsisClass
	case notImplementedType:
		return NotImplClass
	case HasClass:
		return x.Class()
	case nil:
		return NoneClass
	}
	name := v.Type()
	if c, ok := synthClasses.Load(name); ok {
		return c.(*Class)
	}
	c := NewClass(name)
	c.native = true
	actual, _ := synthClasses.LoadOrStore(name, c)
	return actual.(*Class)
}

// ClassOf returns the Python class of v (type(v)).
func ClassOf(v Value) *Class { return classOf(v) }

func typeName(v Value) string {
	if v == nil {
		return "NoneType"
	}
	if i, ok := v.(*Instance); ok {
		return i.Class.name
	}
	return v.Type()
}

// IsInstance reports whether v is an instance of cls (or a subclass).
func IsInstance(v Value, cls *Class) bool {
	c := classOf(v)
	if c.IsSubclass(cls) {
		return true
	}
	// bool is an int; int is accepted where float is expected by nothing here
	return false
}

func nativeClass(name string, base *Class) *Class {
	var c *Class
	if base != nil {
		c = NewClass(name, base)
	} else {
		c = NewClass(name)
	}
	c.native = true
	return c
}

func init() {
	ObjectClass = NewClass("object")
	TypeClass = nativeClass("type", nil)
	NoneClass = nativeClass("NoneType", nil)
	IntClass = nativeClass("int", nil)
	BoolClass = nativeClass("bool", IntClass)
	FloatClass = nativeClass("float", nil)
	StrClass = nativeClass("str", nil)
	BytesClass = nativeClass("bytes", nil)
	TupleClass = nativeClass("tuple", nil)
	ListClass = nativeClass("list", nil)
	DictClass = nativeClass("dict", nil)
	SetClass = nativeClass("set", nil)
	FrozenSetClass = nativeClass("frozenset", nil)
	RangeClass = nativeClass("range", nil)
	SliceClass = nativeClass("slice", nil)
	FunctionClass = nativeClass("function", nil)
	BuiltinClass = nativeClass("builtin_function_or_method", nil)
	MethodClass = nativeClass("method", nil)
	ModuleClass = nativeClass("module", nil)
	PropertyClass = nativeClass("property", nil)
	StaticClass = nativeClass("staticmethod", nil)
	ClassMethodCls = nativeClass("classmethod", nil)
	SuperClass = nativeClass("super", nil)
	GeneratorClass = nativeClass("generator", nil)
	EllipsisClass = nativeClass("ellipsis", nil)
	NotImplClass = nativeClass("NotImplementedType", nil)
	setupExceptions()
}

var runtimeOnce sync.Once

// setupRuntime fills in what only running Python code needs: the methods
// of the built-in classes, the builtins and the standard-library modules.
// The class objects above exist from init (other packages subclass them
// and raise the exceptions); the rest waits for the first NewThread, so
// that a process that links the interpreter but runs no Python code
// (netsum on a model JSON) does not build it at start-up.
func setupRuntime() {
	runtimeOnce.Do(func() {
		setupObject()
		setupCtors()
		setupStrMethods()
		setupListMethods()
		setupDictMethods()
		setupSetMethods()
		setupMiscMethods()
		setupBuiltins()
		setupCollections()
		setupExtraClasses()
		setupStdlib()
		setupStdlibExtra()
		setupStdlibMore()
	})
}

func setupObject() {
	objectInit = NewMethod("__init__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return None, nil
	})
	objectNew = NewBuiltin("__new__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 0 {
			return nil, NewError(TypeError, "object.__new__(): not enough arguments")
		}
		cls, ok := args[0].(*Class)
		if !ok {
			return nil, NewError(TypeError, "object.__new__(X): X is not a type object (%s)", typeName(args[0]))
		}
		inst := &Instance{Class: cls}
		for _, k := range cls.mro {
			if k.OnNew != nil {
				if err := k.OnNew(th, inst); err != nil {
					return nil, err
				}
				break
			}
		}
		return inst, nil
	})
	objectSetattr = NewMethod("__setattr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 3 {
			return nil, NewError(TypeError, "__setattr__ expected 2 arguments")
		}
		name, ok := args[1].(String)
		if !ok {
			return nil, NewError(TypeError, "attribute name must be string")
		}
		if inst, ok := args[0].(*Instance); ok {
			return None, th.setInstanceAttr(inst, string(name), args[2])
		}
		return None, th.SetAttr(args[0], string(name), args[2])
	})
	objectDelattr = NewMethod("__delattr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__delattr__ expected 1 argument")
		}
		name, _ := args[1].(String)
		if inst, ok := args[0].(*Instance); ok {
			if !inst.attrs.Delete(string(name)) {
				return nil, NewError(AttributeError, "'%s' object has no attribute '%s'", inst.Class.name, name)
			}
			return None, nil
		}
		return None, th.DelAttr(args[0], string(name))
	})
	objectEq = NewMethod("__eq__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__eq__ expected 1 argument")
		}
		if same(args[0], args[1]) {
			return True, nil
		}
		return NotImplemented, nil
	})
	objectHash = NewMethod("__hash__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		h, _ := Hash(nil, args[0])
		return Int(int64(h >> 1)), nil
	})
	ObjectClass.Set("__init__", objectInit)
	ObjectClass.Set("__new__", &StaticMethod{fn: objectNew})
	ObjectClass.Set("__setattr__", objectSetattr)
	ObjectClass.Set("__delattr__", objectDelattr)
	ObjectClass.Set("__eq__", objectEq)
	ObjectClass.Set("__hash__", objectHash)
	ObjectClass.SetMethod("__ne__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__ne__ expected 1 argument")
		}
		eq, err := th.equal(args[0], args[1], 0)
		if err != nil {
			return nil, err
		}
		return Bool(!eq), nil
	})
	ObjectClass.SetMethod("__repr__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		return String(defaultRepr(args[0])), nil
	})
	objectStr = NewMethod("__str__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		s, err := th.repr(args[0])
		return String(s), err
	})
	ObjectClass.Set("__str__", objectStr)
	ObjectClass.SetMethod("__getattribute__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 2 {
			return nil, NewError(TypeError, "__getattribute__ expected 1 argument")
		}
		name, _ := args[1].(String)
		if inst, ok := args[0].(*Instance); ok {
			if v, ok := inst.attrs.Get(string(name)); ok {
				return v, nil
			}
			if m, ok := inst.Class.Lookup(string(name)); ok {
				return bind(m, inst, inst.Class), nil
			}
			return nil, NewError(AttributeError, "'%s' object has no attribute '%s'", inst.Class.name, name)
		}
		return th.GetAttr(args[0], string(name))
	})
	ObjectClass.Set("__init_subclass__", &ClassMethod{fn: NewBuiltin("__init_subclass__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) { return None, nil })})
	objectFormat = NewMethod("__format__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		s, err := th.str(args[0])
		if err != nil {
			return nil, err
		}
		spec := ""
		if len(args) > 1 {
			spec = args[1].String()
		}
		out, err := formatString(s, spec)
		return String(out), err
	})
	ObjectClass.Set("__format__", objectFormat)
	ObjectClass.SetMethod("__dir__", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		names := th.dir(args[0])
		out := make([]Value, len(names))
		for i, n := range names {
			out[i] = String(n)
		}
		return NewList(out), nil
	})
}

func defaultRepr(v Value) string {
	if i, ok := v.(*Instance); ok {
		mod := i.Class.module
		if mod == "" || mod == "builtins" {
			return "<" + i.Class.name + " object>"
		}
		return "<" + mod + "." + i.Class.name + " object>"
	}
	return v.String()
}

func setupCtors() {
	TypeClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		if len(args) == 1 && len(kwargs) == 0 {
			return classOf(args[0]), nil
		}
		if len(args) != 3 {
			return nil, NewError(TypeError, "type() takes 1 or 3 arguments")
		}
		name, ok := args[0].(String)
		if !ok {
			return nil, NewError(TypeError, "type.__new__() argument 1 must be str")
		}
		bases := []*Class{}
		items, err := th.collect(args[1], -1)
		if err != nil {
			return nil, err
		}
		for _, b := range items {
			c, ok := b.(*Class)
			if !ok {
				return nil, NewError(TypeError, "bases must be types")
			}
			bases = append(bases, c)
		}
		if len(bases) == 0 {
			bases = []*Class{ObjectClass}
		}
		c, err := newClassChecked(string(name), bases)
		if err != nil {
			return nil, err
		}
		if d, ok := args[2].(*Dict); ok {
			for _, kv := range d.Items() {
				if k, ok := kv[0].(String); ok {
					c.dict.Set(string(k), kv[1])
				}
			}
		}
		if f := th.topFrame(); f != nil {
			c.module = f.module.name
		}
		return c, nil
	}
	NoneClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) { return None, nil }
	IntClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x, base Value = Int(0), nil
		if err := UnpackArgs("int", args, kwargs, "x?", &x, "base?", &base); err != nil {
			return nil, err
		}
		return th.toInt(x, base)
	}
	BoolClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = False
		if err := UnpackArgs("bool", args, kwargs, "x?", &x); err != nil {
			return nil, err
		}
		t, err := th.truth(x)
		return Bool(t), err
	}
	FloatClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = Float(0)
		if err := UnpackArgs("float", args, kwargs, "x?", &x); err != nil {
			return nil, err
		}
		return th.toFloat(x)
	}
	StrClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = String("")
		var enc, errs Value
		if err := UnpackArgs("str", args, kwargs, "object?", &x, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		if b, ok := x.(Bytes); ok && enc != nil {
			return String(b), nil
		}
		s, err := th.str(x)
		return String(s), err
	}
	BytesClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = Bytes("")
		var enc, errs Value
		if err := UnpackArgs("bytes", args, kwargs, "source?", &x, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		switch v := x.(type) {
		case String:
			return Bytes(v), nil
		case Bytes:
			return v, nil
		case Int:
			if v < 0 {
				return nil, NewError(ValueError, "negative count")
			}
			if err := th.alloc(int64(v)); err != nil {
				return nil, err
			}
			return Bytes(make([]byte, v)), nil
		}
		items, err := th.collect(x, -1)
		if err != nil {
			return nil, err
		}
		b := make([]byte, len(items))
		for i, it := range items {
			n, err := AsInt(it)
			if err != nil || n < 0 || n > 255 {
				return nil, NewError(ValueError, "bytes must be in range(0, 256)")
			}
			b[i] = byte(n)
		}
		return Bytes(b), nil
	}
	TupleClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = Tuple{}
		if err := UnpackArgs("tuple", args, kwargs, "iterable?", &x); err != nil {
			return nil, err
		}
		if t, ok := x.(Tuple); ok {
			return t, nil
		}
		items, err := th.collect(x, -1)
		if err != nil {
			return nil, err
		}
		return Tuple(append([]Value(nil), items...)), nil
	}
	ListClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var x Value = Tuple{}
		if err := UnpackArgs("list", args, kwargs, "iterable?", &x); err != nil {
			return nil, err
		}
		items, err := th.collect(x, -1)
		if err != nil {
			return nil, err
		}
		if err := th.alloc(int64(len(items))); err != nil {
			return nil, err
		}
		return NewList(append([]Value(nil), items...)), nil
	}
	DictClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		d := NewDict()
		if err := th.dictInit(d, args, kwargs); err != nil {
			return nil, err
		}
		return d, nil
	}
	SetClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		return th.makeSet(args, kwargs, false)
	}
	FrozenSetClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		return th.makeSet(args, kwargs, true)
	}
	RangeClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		return makeRange(args, kwargs, "range")
	}
	SliceClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		s := &Slice{Start: None, Stop: None, Step: None}
		switch len(args) {
		case 1:
			s.Stop = args[0]
		case 2:
			s.Start, s.Stop = args[0], args[1]
		case 3:
			s.Start, s.Stop, s.Step = args[0], args[1], args[2]
		default:
			return nil, NewError(TypeError, "slice expected 1 to 3 arguments, got %d", len(args))
		}
		return s, nil
	}
	ObjectClass.ctor = nil
	PropertyClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		var fget, fset, fdel, doc Value = None, None, None, None
		if err := UnpackArgs("property", args, kwargs, "fget?", &fget, "fset?", &fset, "fdel?", &fdel, "doc?", &doc); err != nil {
			return nil, err
		}
		p := &Property{}
		if fget != None {
			p.fget = fget
			p.name = callableName(fget)
		}
		if fset != None {
			p.fset = fset
		}
		if fdel != None {
			p.fdel = fdel
		}
		return p, nil
	}
	PropertyClass.SetMethod("setter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		p, ok := args[0].(*Property)
		if !ok || len(args) != 2 {
			return nil, NewError(TypeError, "setter() takes exactly one argument")
		}
		return &Property{name: p.name, fget: p.fget, fset: args[1], fdel: p.fdel}, nil
	})
	PropertyClass.SetMethod("getter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		p, ok := args[0].(*Property)
		if !ok || len(args) != 2 {
			return nil, NewError(TypeError, "getter() takes exactly one argument")
		}
		return &Property{name: p.name, fget: args[1], fset: p.fset, fdel: p.fdel}, nil
	})
	PropertyClass.SetMethod("deleter", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
		p, ok := args[0].(*Property)
		if !ok || len(args) != 2 {
			return nil, NewError(TypeError, "deleter() takes exactly one argument")
		}
		return &Property{name: p.name, fget: p.fget, fset: p.fset, fdel: args[1]}, nil
	})
	PropertyClass.SetProperty("fget", func(th *Thread, self Value) (Value, error) {
		if p := self.(*Property); p.fget != nil {
			return p.fget, nil
		}
		return None, nil
	}, nil)
	StaticClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "staticmethod expected 1 argument")
		}
		return &StaticMethod{fn: args[0]}, nil
	}
	ClassMethodCls.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		if len(args) != 1 {
			return nil, NewError(TypeError, "classmethod expected 1 argument")
		}
		return &ClassMethod{fn: args[0]}, nil
	}
	SuperClass.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
		return th.makeSuper(args)
	}
	for _, c := range []*Class{FunctionClass, BuiltinClass, MethodClass, ModuleClass, GeneratorClass, EllipsisClass, NotImplClass} {
		name := c.name
		c.ctor = func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error) {
			return nil, NewError(TypeError, "cannot create '%s' instances", name)
		}
	}
	// list and dict subclasses keep their contents in Instance.Native.
	ListClass.OnNew = func(th *Thread, inst *Instance) error { inst.Native = NewList(nil); return nil }
	DictClass.OnNew = func(th *Thread, inst *Instance) error { inst.Native = NewDict(); return nil }
}

// topFrame returns the innermost Python frame.
func (th *Thread) topFrame() *frame {
	if n := len(th.stack); n > 0 {
		return th.stack[n-1]
	}
	return nil
}

func (th *Thread) makeSuper(args Tuple) (Value, error) {
	switch len(args) {
	case 2:
		c, ok := args[0].(*Class)
		if !ok {
			return nil, NewError(TypeError, "super() argument 1 must be type, not %s", typeName(args[0]))
		}
		return &superObj{cls: c, self: args[1]}, nil
	case 1:
		c, ok := args[0].(*Class)
		if !ok {
			return nil, NewError(TypeError, "super() argument 1 must be type")
		}
		return &superObj{cls: c, self: c}, nil
	case 0:
		fr := th.topFrame()
		if fr == nil || fr.fn == nil || fr.fn.classCell == nil {
			return nil, NewError(RuntimeError, "super(): no arguments (use super() inside a method)")
		}
		cls, ok := fr.fn.classCell.v.(*Class)
		if !ok {
			return nil, NewError(RuntimeError, "super(): __class__ cell not set")
		}
		if fr.fn.def.NumParams+fr.fn.def.NumKwOnly == 0 && fr.fn.def.VarArgs < 0 {
			return nil, NewError(RuntimeError, "super(): no arguments")
		}
		var self Value
		if fr.fn.def.NumParams > 0 {
			self = fr.locals[0]
		} else if fr.fn.def.VarArgs >= 0 {
			if t, ok := fr.locals[fr.fn.def.VarArgs].(Tuple); ok && len(t) > 0 {
				self = t[0]
			}
		}
		if c, ok := self.(*Cell); ok {
			self = c.v
		}
		if self == nil {
			return nil, NewError(RuntimeError, "super(): arg[0] deleted")
		}
		return &superObj{cls: cls, self: self}, nil
	}
	return nil, NewError(TypeError, "super() takes at most 2 arguments")
}

func makeRange(args Tuple, kwargs []KV, name string) (Value, error) {
	if len(kwargs) > 0 {
		return nil, NewError(TypeError, "%s() takes no keyword arguments", name)
	}
	var vals [3]int64
	for i, a := range args {
		if i >= 3 {
			break
		}
		n, err := AsInt(a)
		if err != nil {
			return nil, err
		}
		vals[i] = n
	}
	switch len(args) {
	case 1:
		return &Range{Start: 0, Stop: vals[0], Step: 1}, nil
	case 2:
		return &Range{Start: vals[0], Stop: vals[1], Step: 1}, nil
	case 3:
		if vals[2] == 0 {
			return nil, NewError(ValueError, "%s() arg 3 must not be zero", name)
		}
		return &Range{Start: vals[0], Stop: vals[1], Step: vals[2]}, nil
	}
	return nil, NewError(TypeError, "%s expected at most 3 arguments, got %d", name, len(args))
}

func (th *Thread) makeSet(args Tuple, kwargs []KV, frozen bool) (Value, error) {
	var x Value = Tuple{}
	if err := UnpackArgs("set", args, kwargs, "iterable?", &x); err != nil {
		return nil, err
	}
	s := NewSet()
	items, err := th.collect(x, -1)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := s.Add(th, it); err != nil {
			return nil, err
		}
	}
	s.frozen = frozen
	return s, nil
}

// AsInt converts an Int or Bool (or an integral Float) to int64.
func AsInt(v Value) (int64, error) {
	switch x := v.(type) {
	case Int:
		return int64(x), nil
	case Bool:
		return int64(boolToInt(x)), nil
	case *Opaque:
		return 0, x.useError("as an integer")
	case *Instance:
		if n, ok := x.Native.(Int); ok {
			return int64(n), nil
		}
	}
	return 0, NewError(TypeError, "'%s' object cannot be interpreted as an integer", typeName(v))
}

// AsFloat converts a number to float64.
func AsFloat(v Value) (float64, error) {
	if f, ok := toFloat(v); ok {
		return f, nil
	}
	if o, ok := v.(*Opaque); ok {
		return 0, o.useError("as a number")
	}
	return 0, NewError(TypeError, "must be real number, not %s", typeName(v))
}

// AsString returns the Go string of a str value.
func AsString(v Value) (string, error) {
	switch x := v.(type) {
	case String:
		return string(x), nil
	case *Opaque:
		return "", x.useError("as a string")
	}
	return "", NewError(TypeError, "expected str, got %s", typeName(v))
}

func (th *Thread) toInt(x, base Value) (Value, error) {
	if base != nil && base != None {
		b, err := AsInt(base)
		if err != nil {
			return nil, err
		}
		s, ok := x.(String)
		if !ok {
			return nil, NewError(TypeError, "int() can't convert non-string with explicit base")
		}
		return parseIntString(string(s), int(b))
	}
	switch v := x.(type) {
	case Int:
		return v, nil
	case Bool:
		return boolToInt(v), nil
	case Float:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, NewError(ValueError, "cannot convert float %s to integer", v)
		}
		if f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
			return nil, NewError(OverflowError, "int too large (netsum uses 64-bit integers)")
		}
		return Int(int64(f)), nil
	case String:
		return parseIntString(string(v), 10)
	case Bytes:
		return parseIntString(string(v), 10)
	case *Opaque:
		return nil, v.useError("as an integer")
	case *Instance:
		for _, name := range []string{"__int__", "__index__"} {
			if m, ok := v.Class.Lookup(name); ok {
				return th.Call(m, Tuple{v}, nil)
			}
		}
		if n, ok := v.Native.(Int); ok {
			return n, nil
		}
	case HasClass:
		// Go values whose class defines __int__ (a torch tensor)
		for _, name := range []string{"__int__", "__index__"} {
			if m, ok := v.Class().Lookup(name); ok {
				return th.Call(m, Tuple{v}, nil)
			}
		}
	}
	return nil, NewError(TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", typeName(x))
}

func parseIntString(s string, base int) (Value, error) {
	t := strings.TrimSpace(s)
	t = strings.ReplaceAll(t, "_", "")
	neg := false
	if strings.HasPrefix(t, "-") {
		neg, t = true, t[1:]
	} else if strings.HasPrefix(t, "+") {
		t = t[1:]
	}
	lt := strings.ToLower(t)
	if base == 0 || base == 16 && strings.HasPrefix(lt, "0x") || base == 8 && strings.HasPrefix(lt, "0o") || base == 2 && strings.HasPrefix(lt, "0b") {
		switch {
		case strings.HasPrefix(lt, "0x"):
			base, t = 16, t[2:]
		case strings.HasPrefix(lt, "0o"):
			base, t = 8, t[2:]
		case strings.HasPrefix(lt, "0b"):
			base, t = 2, t[2:]
		case base == 0:
			base = 10
		}
	}
	if base < 2 || base > 36 {
		return nil, NewError(ValueError, "int() base must be >= 2 and <= 36, or 0")
	}
	u, err := strconv.ParseUint(t, base, 64)
	if err != nil || u > 1<<63 || u == 1<<63 && !neg {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange || err == nil {
			return nil, NewError(OverflowError, "int too large (netsum uses 64-bit integers)")
		}
		return nil, NewError(ValueError, "invalid literal for int() with base %d: %s", base, quoteString(s))
	}
	if neg {
		return Int(-int64(u)), nil
	}
	return Int(int64(u)), nil
}

func (th *Thread) toFloat(x Value) (Value, error) {
	switch v := x.(type) {
	case Int:
		return Float(v), nil
	case Bool:
		return Float(boolToInt(v)), nil
	case Float:
		return v, nil
	case String:
		t := strings.ToLower(strings.TrimSpace(string(v)))
		t = strings.ReplaceAll(t, "_", "")
		switch t {
		case "inf", "+inf", "infinity", "+infinity":
			return Float(math.Inf(1)), nil
		case "-inf", "-infinity":
			return Float(math.Inf(-1)), nil
		case "nan", "+nan", "-nan":
			return Float(math.NaN()), nil
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return Float(f), nil
			}
			return nil, NewError(ValueError, "could not convert string to float: %s", quoteString(string(v)))
		}
		return Float(f), nil
	case *Opaque:
		return nil, v.useError("as a number")
	case *Instance:
		if m, ok := v.Class.Lookup("__float__"); ok {
			return th.Call(m, Tuple{v}, nil)
		}
	case HasClass:
		if m, ok := v.Class().Lookup("__float__"); ok {
			return th.Call(m, Tuple{v}, nil)
		}
	}
	return nil, NewError(TypeError, "float() argument must be a string or a real number, not '%s'", typeName(x))
}
