package eval

import (
	"errors"
	"sort"
)

func asEval(err error, target **EvalError) bool     { return errors.As(err, target) }
func asNative(err error, target **nativeError) bool { return errors.As(err, target) }
func itoa(i int) string                             { return Int(i).String() }
func attrError(v Value, name string, names []string) error {
	return NewError(AttributeError, "'%s' object has no attribute '%s'%s", typeName(v), name, didYouMean(name, names))
}

// GetAttr returns v.name.
func (th *Thread) GetAttr(v Value, name string) (Value, error) {
	switch x := v.(type) {
	case *Instance:
		return th.instanceAttr(x, name)
	case *Module:
		return th.moduleAttr(x, name)
	case *Class:
		return th.classAttr(x, name)
	case *Opaque:
		if x.path != "" {
			sub := x.path + "." + name
			if _, isAlias := resolveAlias(sub); isAlias || th.moduleFunc(sub) != nil {
				return th.Import(sub)
			}
		}
		return x.derive(th, "."+name), nil
	case *superObj:
		return th.superAttr(x, name)
	case *Function:
		return th.functionAttr(x, name)
	case HasAttrs:
		r, err := x.Attr(th, name)
		if err != nil || r != nil {
			return r, err
		}
		if cls := classOf(v); cls != nil {
			if m, ok := cls.Lookup(name); ok {
				return bind(m, v, cls), nil
			}
		}
		return nil, attrError(v, name, x.AttrNames())
	}
	cls := classOf(v)
	if cls != nil {
		if m, ok := cls.Lookup(name); ok {
			return bind(m, v, cls), nil
		}
	}
	switch name {
	case "__class__":
		return cls, nil
	case "__name__":
		if c, ok := v.(Callable); ok {
			return String(c.Name()), nil
		}
	case "__doc__":
		return None, nil
	}
	var names []string
	if cls != nil {
		names = cls.attrNames()
	}
	return nil, attrError(v, name, names)
}

// getMethod looks up recv.name for a call; for Python methods found on the
// class it returns the plain function and recv as self, which avoids
// allocating a bound method.
func (th *Thread) getMethod(recv Value, name string) (fn, self Value, err error) {
	if inst, ok := recv.(*Instance); ok {
		if m, ok := inst.Class.Lookup(name); ok {
			switch m := m.(type) {
			case *Function:
				if _, shadow := inst.attrs.Get(name); !shadow {
					return m, inst, nil
				}
			case *Builtin:
				if m.method {
					if _, shadow := inst.attrs.Get(name); !shadow {
						return m, inst, nil
					}
				}
			}
		}
	}
	switch recv.(type) {
	case String, *List, *Dict:
		if m, ok := classOf(recv).dict.Get(name); ok {
			if b, ok := m.(*Builtin); ok && b.method {
				return b, recv, nil
			}
		}
	}
	v, err := th.GetAttr(recv, name)
	return v, nil, err
}

// bind applies the descriptor protocol to a class attribute m accessed
// through instance (or value) self of class cls.
func bind(m Value, self Value, cls *Class) Value {
	switch m := m.(type) {
	case *Function:
		return &BoundMethod{Self: self, Fn: m}
	case *Builtin:
		if m.method {
			return &BoundMethod{Self: self, Fn: m}
		}
	case *ClassMethod:
		return &BoundMethod{Self: cls, Fn: m.fn}
	case *StaticMethod:
		return m.fn
	}
	return m
}

func (th *Thread) instanceAttr(x *Instance, name string) (Value, error) {
	m, found := x.Class.Lookup(name)
	if found {
		if p, ok := m.(*Property); ok {
			if p.fget == nil {
				return nil, NewError(AttributeError, "property '%s' of '%s' object has no getter", name, x.Class.name)
			}
			return th.Call(p.fget, Tuple{x}, nil)
		}
		if d, ok := m.(*Instance); ok {
			if get, ok := d.Class.Lookup("__get__"); ok {
				return th.Call(get, Tuple{d, x, x.Class}, nil)
			}
		}
	}
	if v, ok := x.attrs.Get(name); ok {
		return v, nil
	}
	if found {
		return bind(m, x, x.Class), nil
	}
	switch name {
	case "__class__":
		return x.Class, nil
	case "__dict__":
		d := x.attrs.toDict()
		return d, nil
	}
	if ga, ok := x.Class.Lookup("__getattr__"); ok {
		return th.Call(ga, Tuple{x, String(name)}, nil)
	}
	names := append([]string(nil), x.attrs.Keys()...)
	names = append(names, x.Class.attrNames()...)
	return nil, NewError(AttributeError, "'%s' object has no attribute '%s'%s", x.Class.name, name, didYouMean(name, names))
}

func (th *Thread) classAttr(c *Class, name string) (Value, error) {
	if m, ok := c.Lookup(name); ok {
		switch m := m.(type) {
		case *ClassMethod:
			return &BoundMethod{Self: c, Fn: m.fn}, nil
		case *StaticMethod:
			return m.fn, nil
		}
		return m, nil
	}
	switch name {
	case "__name__", "__qualname__":
		return String(c.name), nil
	case "__module__":
		return String(c.module), nil
	case "__bases__":
		out := make(Tuple, len(c.bases))
		for i, b := range c.bases {
			out[i] = b
		}
		return out, nil
	case "__mro__":
		out := make(Tuple, len(c.mro))
		for i, b := range c.mro {
			out[i] = b
		}
		return out, nil
	case "__dict__":
		d := c.dict.toDict()
		d.frozen = "class __dict__ is read-only"
		return d, nil
	case "__class__":
		return TypeClass, nil
	case "__doc__":
		return None, nil
	case "mro":
		return NewBuiltin("mro", func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			out := make([]Value, len(c.mro))
			for i, b := range c.mro {
				out[i] = b
			}
			return NewList(out), nil
		}), nil
	case "__subclasses__":
		return NewBuiltin("__subclasses__", func(*Thread, Tuple, []KV) (Value, error) { return NewList(nil), nil }), nil
	}
	return nil, NewError(AttributeError, "type object '%s' has no attribute '%s'%s", c.name, name, didYouMean(name, c.attrNames()))
}

func (th *Thread) functionAttr(f *Function, name string) (Value, error) {
	if v, ok := f.attrs.Get(name); ok {
		return v, nil
	}
	switch name {
	case "__name__":
		return String(f.def.Name), nil
	case "__qualname__":
		return String(f.qualname), nil
	case "__module__":
		return String(f.module.name), nil
	case "__doc__":
		return None, nil
	case "__defaults__":
		var out Tuple
		for _, d := range f.defaults {
			if d != nil {
				out = append(out, d)
			}
		}
		if out == nil {
			return None, nil
		}
		return out, nil
	case "__dict__":
		return f.attrs.toDict(), nil
	case "__class__":
		return classOf(f), nil
	case "__wrapped__":
	}
	return nil, NewError(AttributeError, "'function' object has no attribute '%s'", name)
}

func (th *Thread) superAttr(s *superObj, name string) (Value, error) {
	var cls *Class
	switch self := s.self.(type) {
	case *Class:
		cls = self
	default:
		cls = classOf(self)
	}
	if cls == nil {
		return nil, NewError(TypeError, "super(): bad receiver")
	}
	m, owner, ok := lookupAfter(cls, s.cls, name)
	if !ok {
		if name == "__init__" {
			return objectInit, nil
		}
		return nil, NewError(AttributeError, "'super' object has no attribute '%s'", name)
	}
	_ = owner
	if _, isClass := s.self.(*Class); isClass {
		switch m := m.(type) {
		case *ClassMethod:
			return &BoundMethod{Self: s.self, Fn: m.fn}, nil
		case *StaticMethod:
			return m.fn, nil
		}
		return m, nil
	}
	if p, ok := m.(*Property); ok {
		if p.fget == nil {
			return nil, NewError(AttributeError, "unreadable attribute '%s'", name)
		}
		return th.Call(p.fget, Tuple{s.self}, nil)
	}
	return bind(m, s.self, cls), nil
}

// SetAttr performs v.name = val.
func (th *Thread) SetAttr(v Value, name string, val Value) error {
	switch x := v.(type) {
	case *Instance:
		if sa, ok := x.Class.Lookup("__setattr__"); ok && sa != objectSetattr {
			_, err := th.Call(sa, Tuple{x, String(name), val}, nil)
			return err
		}
		return th.setInstanceAttr(x, name, val)
	case *Class:
		if x.native || x.goDefined() {
			return NewError(TypeError, "cannot set '%s' attribute of built-in class '%s'", name, x.name)
		}
		x.dict.Set(name, val)
		classVersion.Add(1)
		return nil
	case *Module:
		if x.native {
			x.members.Set(name, val) // per-thread module objects: harmless
			return nil
		}
		x.members.Set(name, val)
		return nil
	case *Function:
		x.attrs.Set(name, val)
		return nil
	case *Opaque:
		return nil
	case HasSetAttr:
		return x.SetAttr(th, name, val)
	}
	return NewError(AttributeError, "'%s' object has no attribute '%s' (cannot set attributes on it)", typeName(v), name)
}

// setInstanceAttr is object.__setattr__.
func (th *Thread) setInstanceAttr(x *Instance, name string, val Value) error {
	if m, ok := x.Class.Lookup(name); ok {
		if p, ok := m.(*Property); ok {
			if p.fset == nil {
				return NewError(AttributeError, "can't set attribute '%s' (property has no setter)", name)
			}
			_, err := th.Call(p.fset, Tuple{x, val}, nil)
			return err
		}
	}
	if name == "__class__" {
		if c, ok := val.(*Class); ok {
			x.Class = c
			return nil
		}
	}
	x.attrs.Set(name, val)
	return nil
}

// DelAttr performs del v.name.
func (th *Thread) DelAttr(v Value, name string) error {
	switch x := v.(type) {
	case *Instance:
		if da, ok := x.Class.Lookup("__delattr__"); ok && da != objectDelattr {
			_, err := th.Call(da, Tuple{x, String(name)}, nil)
			return err
		}
		if m, ok := x.Class.Lookup(name); ok {
			if p, ok := m.(*Property); ok && p.fdel != nil {
				_, err := th.Call(p.fdel, Tuple{x}, nil)
				return err
			}
		}
		if !x.attrs.Delete(name) {
			return NewError(AttributeError, "'%s' object has no attribute '%s'", x.Class.name, name)
		}
		return nil
	case *Class:
		if x.goDefined() {
			return NewError(TypeError, "cannot delete '%s' attribute of built-in class '%s'", name, x.name)
		}
		if !x.dict.Delete(name) {
			return NewError(AttributeError, "type object '%s' has no attribute '%s'", x.name, name)
		}
		classVersion.Add(1)
		return nil
	case *Module:
		if !x.members.Delete(name) {
			return NewError(AttributeError, "module '%s' has no attribute '%s'", x.name, name)
		}
		return nil
	case *Opaque:
		return nil
	}
	return NewError(AttributeError, "'%s' object has no attribute '%s'", typeName(v), name)
}

// HasAttr reports whether v.name exists.
func (th *Thread) HasAttr(v Value, name string) (bool, error) {
	_, err := th.GetAttr(v, name)
	if err == nil {
		return true, nil
	}
	var ne *nativeError
	if errors.As(err, &ne) && ne.cls.IsSubclass(AttributeError) {
		return false, nil
	}
	var ee *EvalError
	if errors.As(err, &ee) && ee.Exception != nil && ee.Exception.Class.IsSubclass(AttributeError) {
		return false, nil
	}
	return false, err
}

// dir lists attribute names.
func (th *Thread) dir(v Value) []string {
	seen := map[string]bool{}
	var out []string
	add := func(names []string) {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	switch x := v.(type) {
	case *Instance:
		add(x.attrs.Keys())
		add(x.Class.attrNames())
	case *Class:
		add(x.attrNames())
	case *Module:
		add(x.members.Keys())
	case HasAttrs:
		add(x.AttrNames())
	}
	if c := classOf(v); c != nil {
		if _, ok := v.(*Instance); !ok {
			if _, ok := v.(*Class); !ok {
				add(c.attrNames())
			}
		}
	}
	sort.Strings(out)
	return out
}

// CallMethod calls recv.name(*args, **kwargs), the way Python code would
// (overrides in Python subclasses win).
func (th *Thread) CallMethod(recv Value, name string, args Tuple, kwargs []KV) (Value, error) {
	fn, self, err := th.getMethod(recv, name)
	if err != nil {
		return nil, err
	}
	if self != nil {
		full := make(Tuple, len(args)+1)
		full[0] = self
		copy(full[1:], args)
		args = full
	}
	return th.Call(fn, args, kwargs)
}
