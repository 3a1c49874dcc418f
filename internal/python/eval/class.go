package eval

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

// Class is a Python class, defined either by Python code (class C(B): ...)
// or by Go (NewClass). Python classes may inherit from Go classes and the
// other way round; attribute lookup follows the C3 method resolution order.
type Class struct {
	name   string
	module string
	bases  []*Class
	mro    []*Class
	dict   StrDict

	// OnNew, if set, runs when an instance of this class or of a subclass
	// is created, before __init__; Go classes use it to set Instance.Native
	// so that their methods work even if a Python subclass never calls
	// super().__init__(). The nearest OnNew in the MRO runs.
	OnNew func(th *Thread, inst *Instance) error

	// ctor, for built-in types (int, str, list, ...), replaces instance
	// creation when the class itself is called.
	ctor func(th *Thread, cls *Class, args Tuple, kwargs []KV) (Value, error)

	// native marks built-in value types whose instances are not *Instance.
	native bool

	cache    map[string]Value
	cacheVer uint64
	exc      bool // a subclass of BaseException
	gocls    bool // made by NewClass: shared between threads, immutable from Python
}

func (c *Class) goDefined() bool { return c.gocls }

// classVersion is bumped whenever a class namespace changes after creation;
// it invalidates every class's attribute cache.
var classVersion atomic.Uint64

// NewClass returns a new class with the given name and bases (object when
// none). Add attributes with Set, SetMethod and SetProperty.
func NewClass(name string, bases ...*Class) *Class {
	c := &Class{name: name, module: "builtins", gocls: true}
	if len(bases) == 0 && ObjectClass != nil {
		bases = []*Class{ObjectClass}
	}
	c.bases = bases
	mro, err := c3(c)
	if err != nil {
		panic(err)
	}
	c.mro = mro
	for _, b := range bases {
		if b.exc {
			c.exc = true
		}
	}
	return c
}

// newClassChecked is NewClass for Python class statements.
func newClassChecked(name string, bases []*Class) (*Class, error) {
	c := &Class{name: name, module: "__main__", bases: bases}
	mro, err := c3(c)
	if err != nil {
		return nil, err
	}
	c.mro = mro
	for _, b := range bases {
		if b.exc {
			c.exc = true
		}
	}
	return c, nil
}

func (c *Class) String() string {
	if c.module == "builtins" || c.module == "" {
		return fmt.Sprintf("<class '%s'>", c.name)
	}
	return fmt.Sprintf("<class '%s.%s'>", c.module, c.name)
}

// Type returns "type".
func (c *Class) Type() string { return "type" }

// Name returns the class name.
func (c *Class) Name() string { return c.name }

// Module returns the module the class was defined in.
func (c *Class) Module() string { return c.module }

// SetModule sets the module name shown by repr and __module__.
func (c *Class) SetModule(m string) *Class { c.module = m; return c }

// Bases returns the direct base classes.
func (c *Class) Bases() []*Class { return c.bases }

// MRO returns the method resolution order, c first.
func (c *Class) MRO() []*Class { return c.mro }

// Set sets a class attribute.
func (c *Class) Set(name string, v Value) *Class {
	c.dict.Set(name, v)
	classVersion.Add(1)
	return c
}

// SetMethod adds a Go method: fn receives the instance as args[0].
func (c *Class) SetMethod(name string, fn BuiltinFunc) *Class {
	return c.Set(name, NewMethod(name, fn))
}

// SetProperty adds a read-only (set == nil) or read-write property.
func (c *Class) SetProperty(name string, get func(th *Thread, self Value) (Value, error), set func(th *Thread, self, v Value) error) *Class {
	p := &Property{name: name}
	if get != nil {
		p.fget = NewBuiltin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return get(th, args[0])
		})
	}
	if set != nil {
		p.fset = NewBuiltin(name, func(th *Thread, args Tuple, kwargs []KV) (Value, error) {
			return None, set(th, args[0], args[1])
		})
	}
	return c.Set(name, p)
}

// Own returns an attribute defined in c itself (not inherited).
func (c *Class) Own(name string) (Value, bool) { return c.dict.Get(name) }

// OwnNames lists the attributes defined in c itself, in definition order.
func (c *Class) OwnNames() []string { return c.dict.Keys() }

// Lookup finds an attribute along the MRO.
func (c *Class) Lookup(name string) (Value, bool) {
	if c.gocls {
		// Go classes are shared between threads: no cache.
		for _, k := range c.mro {
			if x, ok := k.dict.Get(name); ok {
				return x, true
			}
		}
		return nil, false
	}
	if v := classVersion.Load(); c.cacheVer != v || c.cache == nil {
		c.cache = make(map[string]Value, 8)
		c.cacheVer = v
	} else if x, ok := c.cache[name]; ok {
		return x, x != nil
	}
	for _, k := range c.mro {
		if x, ok := k.dict.Get(name); ok {
			c.cache[name] = x
			return x, true
		}
	}
	c.cache[name] = nil
	return nil, false
}

// lookupAfter finds name in the MRO of cls after class after (for super).
func lookupAfter(cls, after *Class, name string) (Value, *Class, bool) {
	mro := cls.mro
	i := 0
	for ; i < len(mro); i++ {
		if mro[i] == after {
			break
		}
	}
	for i++; i < len(mro); i++ {
		if x, ok := mro[i].dict.Get(name); ok {
			return x, mro[i], true
		}
	}
	return nil, nil, false
}

// IsSubclass reports whether c is base or derives from it.
func (c *Class) IsSubclass(base *Class) bool {
	if c == base {
		return true
	}
	for _, k := range c.mro {
		if k == base {
			return true
		}
	}
	return false
}

func (c *Class) attrNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range c.mro {
		for _, n := range k.dict.Keys() {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// c3 computes the C3 linearization of c.
func c3(c *Class) ([]*Class, error) {
	if len(c.bases) <= 1 {
		// one base (or none): the MRO is the class, then its base's MRO
		var base []*Class
		if len(c.bases) == 1 {
			base = c.bases[0].mro
		}
		out := make([]*Class, 1, 1+len(base))
		out[0] = c
		return append(out, base...), nil
	}
	var seqs [][]*Class
	for _, b := range c.bases {
		seqs = append(seqs, append([]*Class(nil), b.mro...))
	}
	seqs = append(seqs, append([]*Class(nil), c.bases...))
	out := []*Class{c}
	for {
		nonEmpty := seqs[:0]
		for _, s := range seqs {
			if len(s) > 0 {
				nonEmpty = append(nonEmpty, s)
			}
		}
		seqs = nonEmpty
		if len(seqs) == 0 {
			return out, nil
		}
		var cand *Class
		for _, s := range seqs {
			h := s[0]
			inTail := false
			for _, t := range seqs {
				for _, x := range t[1:] {
					if x == h {
						inTail = true
					}
				}
			}
			if !inTail {
				cand = h
				break
			}
		}
		if cand == nil {
			var names []string
			for _, b := range c.bases {
				names = append(names, b.name)
			}
			return nil, NewError(TypeError, "Cannot create a consistent method resolution order (MRO) for bases %s", strings.Join(names, ", "))
		}
		out = append(out, cand)
		for i, s := range seqs {
			if s[0] == cand {
				seqs[i] = s[1:]
			}
		}
	}
}

// Instance is an instance of a class (a Python class or a Go class made
// with NewClass). Native is free for the Go code behind a Go class.
type Instance struct {
	Class  *Class
	Native any
	attrs  StrDict
}

func (i *Instance) String() string {
	return fmt.Sprintf("<%s object>", i.Class.name)
}

// Type returns the class name.
func (i *Instance) Type() string { return i.Class.name }

// Attr returns an attribute stored on the instance itself (no class
// lookup, no properties).
func (i *Instance) Attr(name string) (Value, bool) { return i.attrs.Get(name) }

// SetAttrDirect stores an attribute on the instance, bypassing
// __setattr__ (like object.__setattr__).
func (i *Instance) SetAttrDirect(name string, v Value) { i.attrs.Set(name, v) }

// DeleteAttr removes an instance attribute.
func (i *Instance) DeleteAttr(name string) bool { return i.attrs.Delete(name) }

// AttrNames lists the instance's own attributes in assignment order.
func (i *Instance) AttrNames() []string { return i.attrs.Keys() }

// Property is a property descriptor (@property, or Class.SetProperty).
type Property struct {
	name             string
	fget, fset, fdel Value
}

func (p *Property) String() string { return "<property object>" }
func (*Property) Type() string     { return "property" }

// StaticMethod wraps a function defined with @staticmethod.
type StaticMethod struct{ fn Value }

func (s *StaticMethod) String() string { return "<staticmethod object>" }
func (*StaticMethod) Type() string     { return "staticmethod" }

// ClassMethod wraps a function defined with @classmethod.
type ClassMethod struct{ fn Value }

func (s *ClassMethod) String() string { return "<classmethod object>" }
func (*ClassMethod) Type() string     { return "classmethod" }

// BoundMethod is a method bound to its receiver.
type BoundMethod struct {
	Self Value
	Fn   Value
}

func (b *BoundMethod) String() string {
	return fmt.Sprintf("<bound method %s of %s>", callableName(b.Fn), shortRepr(b.Self))
}
func (*BoundMethod) Type() string { return "method" }

// Name returns the method name.
func (b *BoundMethod) Name() string { return callableName(b.Fn) }

// Call calls the method with the receiver prepended.
func (b *BoundMethod) Call(th *Thread, args Tuple, kwargs []KV) (Value, error) {
	full := make(Tuple, len(args)+1)
	full[0] = b.Self
	copy(full[1:], args)
	return th.Call(b.Fn, full, kwargs)
}

// superObj is the value of super().
type superObj struct {
	cls  *Class // the class whose successors are searched
	self Value  // instance or class
}

func (s *superObj) String() string {
	return fmt.Sprintf("<super: <class '%s'>, <%s object>>", s.cls.name, typeName(s.self))
}
func (*superObj) Type() string { return "super" }

func shortRepr(v Value) string {
	s := Repr(v)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
