package eval

import (
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

func (th *Thread) eval(fr *frame, e syntax.Expr) (Value, error) {
	switch e := e.(type) {
	case *syntax.Ident:
		if e.Scope == syntax.Local {
			if v := fr.locals[e.Index]; v != nil {
				return v, nil
			}
		}
		return th.lookup(fr, e)
	case *syntax.Literal:
		return literal(e), nil
	case *syntax.CallExpr:
		return th.evalCall(fr, e)
	case *syntax.AttrExpr:
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		v, err := th.GetAttr(x, e.Name)
		if err != nil {
			return nil, th.errorAt(e.NamePos, err)
		}
		return v, nil
	case *syntax.BinaryExpr:
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		y, err := th.eval(fr, e.Y)
		if err != nil {
			return nil, err
		}
		// fast paths
		if a, ok := x.(Int); ok {
			if b, ok := y.(Int); ok {
				switch e.Op {
				case syntax.Add:
					if c := a + b; (c > a) == (b > 0) {
						return c, nil
					}
				case syntax.Sub:
					if c := a - b; (c < a) == (b > 0) {
						return c, nil
					}
				}
			}
		}
		v, err := th.Binary(e.Op, x, y)
		if err != nil {
			return nil, th.errorAt(e.OpPos, err)
		}
		return v, nil
	case *syntax.CompareExpr:
		return th.evalCompare(fr, e)
	case *syntax.IndexExpr:
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		k, err := th.evalKey(fr, e.Key)
		if err != nil {
			return nil, err
		}
		v, err := th.GetItem(x, k)
		if err != nil {
			return nil, th.errorAt(e.LBrack, err)
		}
		return v, nil
	case *syntax.UnaryExpr:
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		if e.Op == syntax.Not {
			t, err := th.truth(x)
			if err != nil {
				return nil, th.errorAt(e.OpPos, err)
			}
			return Bool(!t), nil
		}
		v, err := th.Unary(e.Op, x)
		if err != nil {
			return nil, th.errorAt(e.OpPos, err)
		}
		return v, nil
	case *syntax.BoolExpr:
		x, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		t, err := th.truth(x)
		if err != nil {
			return nil, th.errorAt(e.OpPos, err)
		}
		if t == (e.Op == syntax.Or) {
			return x, nil
		}
		return th.eval(fr, e.Y)
	case *syntax.CondExpr:
		c, err := th.eval(fr, e.Cond)
		if err != nil {
			return nil, err
		}
		t, err := th.truth(c)
		if err != nil {
			return nil, th.errorAt(e.Cond.Span(), err)
		}
		if t {
			return th.eval(fr, e.True)
		}
		return th.eval(fr, e.False)
	case *syntax.TupleExpr:
		elems, err := th.evalElems(fr, e.Elts)
		if err != nil {
			return nil, err
		}
		return Tuple(elems), nil
	case *syntax.ListExpr:
		elems, err := th.evalElems(fr, e.Elts)
		if err != nil {
			return nil, err
		}
		return NewList(elems), nil
	case *syntax.SetExpr:
		elems, err := th.evalElems(fr, e.Elts)
		if err != nil {
			return nil, err
		}
		s := NewSet()
		for _, x := range elems {
			if err := s.Add(th, x); err != nil {
				return nil, th.errorAt(e.LBrace, err)
			}
		}
		return s, nil
	case *syntax.DictExpr:
		d := NewDict()
		for _, it := range e.Items {
			if it.Key == nil {
				m, err := th.eval(fr, it.Value)
				if err != nil {
					return nil, err
				}
				if err := th.dictUpdate(d, m); err != nil {
					return nil, th.errorAt(it.Value.Span(), err)
				}
				continue
			}
			k, err := th.eval(fr, it.Key)
			if err != nil {
				return nil, err
			}
			v, err := th.eval(fr, it.Value)
			if err != nil {
				return nil, err
			}
			if err := d.Set(th, k, v); err != nil {
				return nil, th.errorAt(it.Key.Span(), err)
			}
		}
		return d, nil
	case *syntax.FString:
		s, err := th.evalFString(fr, e.Parts)
		if err != nil {
			return nil, err
		}
		return String(s), nil
	case *syntax.LambdaExpr:
		return th.makeFunction(fr, e.Func)
	case *syntax.Comprehension:
		return th.evalComprehension(fr, e)
	case *syntax.YieldExpr:
		return th.evalYield(fr, e)
	case *syntax.NamedExpr:
		v, err := th.eval(fr, e.Value)
		if err != nil {
			return nil, err
		}
		return v, th.setName(fr, e.Name, v)
	case *syntax.ReprExpr:
		v, err := th.eval(fr, e.X)
		if err != nil {
			return nil, err
		}
		s, err := th.repr(v)
		if err != nil {
			return nil, th.errorAt(e.Tick, err)
		}
		return String(s), nil
	case *syntax.Starred:
		return nil, th.errorAt(e.Star, NewError(SyntaxError, "can't use starred expression here"))
	case *syntax.SliceExpr:
		return th.evalSlice(fr, e)
	case *syntax.BadExpr:
		return nil, th.errorAt(e.At, NewError(SyntaxError, "%s", e.Msg))
	}
	return nil, th.errorAt(e.Span(), NewError(SystemError, "unsupported expression %T", e))
}

func literal(e *syntax.Literal) Value {
	switch e.Kind {
	case syntax.IntLit:
		return Int(e.Int)
	case syntax.FloatLit:
		return Float(e.Float)
	case syntax.StringLit:
		return String(e.Str)
	case syntax.BytesLit:
		return Bytes(e.Str)
	case syntax.TrueLit:
		return True
	case syntax.FalseLit:
		return False
	case syntax.EllipsisLit:
		return Ellipsis
	}
	return None
}

// evalElems evaluates display elements, expanding *x.
func (th *Thread) evalElems(fr *frame, elts []syntax.Expr) ([]Value, error) {
	if len(elts) == 0 {
		return nil, nil
	}
	out := make([]Value, 0, len(elts))
	for _, x := range elts {
		if s, ok := x.(*syntax.Starred); ok {
			v, err := th.eval(fr, s.X)
			if err != nil {
				return nil, err
			}
			items, err := th.collect(v, -1)
			if err != nil {
				return nil, th.errorAt(s.Star, err)
			}
			out = append(out, items...)
			continue
		}
		v, err := th.eval(fr, x)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := th.alloc(int64(len(out))); err != nil {
		return nil, th.errorAt(elts[0].Span(), err)
	}
	return out, nil
}

func (th *Thread) evalKey(fr *frame, k syntax.Expr) (Value, error) {
	switch k := k.(type) {
	case *syntax.SliceExpr:
		return th.evalSlice(fr, k)
	case *syntax.TupleExpr:
		out := make(Tuple, 0, len(k.Elts))
		for _, x := range k.Elts {
			if s, ok := x.(*syntax.Starred); ok {
				v, err := th.eval(fr, s.X)
				if err != nil {
					return nil, err
				}
				items, err := th.collect(v, -1)
				if err != nil {
					return nil, th.errorAt(s.Star, err)
				}
				out = append(out, items...)
				continue
			}
			v, err := th.evalKey(fr, x)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return th.eval(fr, k)
}

func (th *Thread) evalSlice(fr *frame, e *syntax.SliceExpr) (Value, error) {
	s := &Slice{Start: None, Stop: None, Step: None}
	var err error
	if e.Lo != nil {
		if s.Start, err = th.eval(fr, e.Lo); err != nil {
			return nil, err
		}
	}
	if e.Hi != nil {
		if s.Stop, err = th.eval(fr, e.Hi); err != nil {
			return nil, err
		}
	}
	if e.Step != nil {
		if s.Step, err = th.eval(fr, e.Step); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (th *Thread) evalCompare(fr *frame, e *syntax.CompareExpr) (Value, error) {
	x, err := th.eval(fr, e.Operands[0])
	if err != nil {
		return nil, err
	}
	for i, op := range e.Ops {
		y, err := th.eval(fr, e.Operands[i+1])
		if err != nil {
			return nil, err
		}
		r, err := th.Compare(op, x, y)
		if err != nil {
			return nil, th.errorAt(e.Operands[i+1].Span(), err)
		}
		if i == len(e.Ops)-1 {
			return r, nil
		}
		if b, ok := r.(Bool); ok {
			if !b {
				return r, nil
			}
		} else if t, err := th.truth(r); err != nil {
			return nil, th.errorAt(e.StartPos, err)
		} else if !t {
			return r, nil
		}
		x = y
	}
	return True, nil
}

func (th *Thread) evalFString(fr *frame, parts []syntax.FPart) (string, error) {
	var b strings.Builder
	for _, p := range parts {
		if p.Expr == nil {
			b.WriteString(p.Lit)
			continue
		}
		v, err := th.eval(fr, p.Expr)
		if err != nil {
			return "", err
		}
		b.WriteString(p.Self)
		switch p.Conv {
		case 'r', 'a':
			s, err := th.repr(v)
			if err != nil {
				return "", th.errorAt(p.Expr.Span(), err)
			}
			v = String(s)
		case 's':
			s, err := th.str(v)
			if err != nil {
				return "", th.errorAt(p.Expr.Span(), err)
			}
			v = String(s)
		}
		spec := ""
		if len(p.Spec) > 0 {
			if spec, err = th.evalFString(fr, p.Spec); err != nil {
				return "", err
			}
		}
		s, err := th.format(v, spec)
		if err != nil {
			return "", th.errorAt(p.Expr.Span(), err)
		}
		b.WriteString(s)
		if err := th.allocBytes(int64(len(s))); err != nil {
			return "", th.errorAt(p.Expr.Span(), err)
		}
	}
	return b.String(), nil
}

// ---- calls ----

func (th *Thread) evalCall(fr *frame, e *syntax.CallExpr) (Value, error) {
	var fn, self Value
	var err error
	if attr, ok := e.Fn.(*syntax.AttrExpr); ok {
		recv, err := th.eval(fr, attr.X)
		if err != nil {
			return nil, err
		}
		fn, self, err = th.getMethod(recv, attr.Name)
		if err != nil {
			return nil, th.errorAt(attr.NamePos, err)
		}
	} else if fn, err = th.eval(fr, e.Fn); err != nil {
		return nil, err
	}
	var args Tuple
	var kwargs []KV
	off := 0
	if self != nil {
		off = 1
	}
	if e.Simple {
		if n := e.NumPositional + off; n > 0 {
			args = make(Tuple, n)
		}
		if self != nil {
			args[0] = self
		}
		i := off
		for _, a := range e.Args {
			v, err := th.eval(fr, a.Value)
			if err != nil {
				return nil, err
			}
			if a.Name == "" {
				args[i] = v
				i++
			} else {
				if kwargs == nil {
					kwargs = make([]KV, 0, len(e.Args)-e.NumPositional)
				}
				kwargs = append(kwargs, KV{a.Name, v})
			}
		}
	} else {
		if self != nil {
			args = append(args, self)
		}
		for _, a := range e.Args {
			v, err := th.eval(fr, a.Value)
			if err != nil {
				return nil, err
			}
			switch {
			case a.Star == 1:
				items, err := th.collect(v, -1)
				if err != nil {
					return nil, th.errorAt(a.Pos, NewError(TypeError, "argument after * must be an iterable, not %s", typeName(v)))
				}
				args = append(args, items...)
			case a.Star == 2:
				kw, err := th.kwargsFrom(v, kwargs)
				if err != nil {
					return nil, th.errorAt(a.Pos, err)
				}
				kwargs = kw
			case a.Name != "":
				for _, k := range kwargs {
					if k.Name == a.Name {
						return nil, th.errorAt(a.Pos, NewError(TypeError, "%s() got multiple values for keyword argument '%s'", callableName(fn), a.Name))
					}
				}
				kwargs = append(kwargs, KV{a.Name, v})
			default:
				args = append(args, v)
			}
		}
	}
	fr.pos = e.LParen
	v, err := th.Call(fn, args, kwargs)
	if err != nil {
		return nil, th.errorAt(e.LParen, err)
	}
	return v, nil
}

// kwargsFrom appends the items of a **mapping to kwargs.
func (th *Thread) kwargsFrom(v Value, kwargs []KV) ([]KV, error) {
	add := func(k, val Value) error {
		s, ok := k.(String)
		if !ok {
			return NewError(TypeError, "keywords must be strings")
		}
		for _, x := range kwargs {
			if x.Name == string(s) {
				return NewError(TypeError, "got multiple values for keyword argument '%s'", s)
			}
		}
		kwargs = append(kwargs, KV{string(s), val})
		return nil
	}
	switch m := v.(type) {
	case *Dict:
		for _, e := range m.ht.entries {
			if !e.deleted {
				if err := add(e.key, e.value); err != nil {
					return nil, err
				}
			}
		}
		return kwargs, nil
	case *Opaque:
		return kwargs, nil
	case *Instance:
		if d, ok := m.Native.(*Dict); ok {
			return th.kwargsFrom(d, kwargs)
		}
	}
	keysFn, err := th.GetAttr(v, "keys")
	if err != nil {
		return nil, NewError(TypeError, "argument after ** must be a mapping, not %s", typeName(v))
	}
	ks, err := th.Call(keysFn, nil, nil)
	if err != nil {
		return nil, err
	}
	keys, err := th.collect(ks, -1)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		val, err := th.GetItem(v, k)
		if err != nil {
			return nil, err
		}
		if err := add(k, val); err != nil {
			return nil, err
		}
	}
	return kwargs, nil
}

// Call calls fn with the given arguments.
func (th *Thread) Call(fn Value, args Tuple, kwargs []KV) (Value, error) {
	switch f := fn.(type) {
	case *Function:
		return th.callFunction(f, args, kwargs)
	case *Builtin:
		th.steps++
		if th.steps >= th.checkAt {
			if err := th.checkBudget(); err != nil {
				return nil, err
			}
		}
		return f.fn(th, args, kwargs)
	case *BoundMethod:
		full := make(Tuple, len(args)+1)
		full[0] = f.Self
		copy(full[1:], args)
		return th.Call(f.Fn, full, kwargs)
	case *Class:
		return th.instantiate(f, args, kwargs)
	case *Instance:
		m, ok := f.Class.Lookup("__call__")
		if !ok {
			return nil, NewError(TypeError, "'%s' object is not callable", f.Class.name)
		}
		full := make(Tuple, len(args)+1)
		full[0] = f
		copy(full[1:], args)
		return th.Call(m, full, kwargs)
	case *Opaque:
		return f.derive(th, "(...)"), nil
	case Callable:
		th.steps++
		if th.steps >= th.checkAt {
			if err := th.checkBudget(); err != nil {
				return nil, err
			}
		}
		return f.Call(th, args, kwargs)
	}
	return nil, NewError(TypeError, "'%s' object is not callable", typeName(fn))
}

// instantiate creates an instance of cls: cls(*args, **kwargs).
func (th *Thread) instantiate(cls *Class, args Tuple, kwargs []KV) (Value, error) {
	if cls.ctor != nil {
		return cls.ctor(th, cls, args, kwargs)
	}
	for _, k := range cls.mro {
		if k.ctor != nil && k.native {
			// subclass of a built-in type with a constructor of its own
			if k.OnNew == nil {
				break
			}
		}
	}
	var inst *Instance
	if nw, ok := cls.Lookup("__new__"); ok && nw != objectNew {
		fn := nw
		if sm, ok := nw.(*StaticMethod); ok {
			fn = sm.fn
		}
		full := append(Tuple{cls}, args...)
		r, err := th.Call(fn, full, kwargs)
		if err != nil {
			return nil, err
		}
		i, ok := r.(*Instance)
		if !ok || !i.Class.IsSubclass(cls) {
			return r, nil
		}
		inst = i
	} else {
		if err := th.alloc(8); err != nil {
			return nil, err
		}
		inst = &Instance{Class: cls}
		for _, k := range cls.mro {
			if k.OnNew != nil {
				if err := k.OnNew(th, inst); err != nil {
					return nil, err
				}
				break
			}
		}
	}
	init, ok := cls.Lookup("__init__")
	if ok && init != objectInit {
		full := make(Tuple, len(args)+1)
		full[0] = inst
		copy(full[1:], args)
		r, err := th.Call(init, full, kwargs)
		if err != nil {
			return nil, err
		}
		if r != None && r != nil {
			return nil, NewError(TypeError, "__init__() should return None, not '%s'", typeName(r))
		}
	}
	return inst, nil
}

// ---- comprehensions ----

func (th *Thread) evalComprehension(fr *frame, c *syntax.Comprehension) (Value, error) {
	for _, slot := range c.Cells {
		fr.locals[slot] = &Cell{}
	}
	var list []Value
	var set *Set
	var dict *Dict
	switch c.Kind {
	case syntax.SetComp:
		set = NewSet()
	case syntax.DictComp:
		dict = NewDict()
	}
	var loop func(i int) error
	loop = func(i int) error {
		if i == len(c.Clauses) {
			if c.Kind == syntax.DictComp {
				k, err := th.eval(fr, c.Key)
				if err != nil {
					return err
				}
				v, err := th.eval(fr, c.Body)
				if err != nil {
					return err
				}
				if err := dict.Set(th, k, v); err != nil {
					return th.errorAt(c.Key.Span(), err)
				}
				return nil
			}
			v, err := th.eval(fr, c.Body)
			if err != nil {
				return err
			}
			if set != nil {
				if err := set.Add(th, v); err != nil {
					return th.errorAt(c.Body.Span(), err)
				}
				return nil
			}
			if err := th.alloc(1); err != nil {
				return th.errorAt(c.Body.Span(), err)
			}
			list = append(list, v)
			return nil
		}
		cl := c.Clauses[i]
		if cl.Target == nil {
			v, err := th.eval(fr, cl.Cond)
			if err != nil {
				return err
			}
			t, err := th.truth(v)
			if err != nil {
				return th.errorAt(cl.Cond.Span(), err)
			}
			if t {
				return loop(i + 1)
			}
			return nil
		}
		x, err := th.eval(fr, cl.Iter)
		if err != nil {
			return err
		}
		it, err := th.Iterate(x)
		if err != nil {
			return th.errorAt(cl.Iter.Span(), err)
		}
		for {
			v, ok, err := it.Next(th)
			if err != nil {
				return th.errorAt(cl.Iter.Span(), err)
			}
			if !ok {
				return nil
			}
			th.steps++
			if th.steps >= th.checkAt {
				if err := th.checkBudget(); err != nil {
					return th.errorAt(cl.Pos, err)
				}
			}
			if err := th.assign(fr, cl.Target, v); err != nil {
				return err
			}
			if err := loop(i + 1); err != nil {
				return err
			}
		}
	}
	if err := loop(0); err != nil {
		return nil, err
	}
	switch c.Kind {
	case syntax.SetComp:
		return set, nil
	case syntax.DictComp:
		return dict, nil
	case syntax.GenExpr:
		return &Generator{name: "<genexpr>", items: list, eager: true}, nil
	}
	return NewList(list), nil
}
