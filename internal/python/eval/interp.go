package eval

import (
	"errors"
	"strings"

	"github.com/netsum/netsum/internal/python/syntax"
)

type ctl uint8

const (
	ctlNone ctl = iota
	ctlBreak
	ctlContinue
	ctlReturn
)

func (th *Thread) execBlock(fr *frame, body []syntax.Stmt) (ctl, error) {
	for _, s := range body {
		c, err := th.exec(fr, s)
		if err != nil || c != ctlNone {
			return c, err
		}
	}
	return ctlNone, nil
}

func (th *Thread) exec(fr *frame, s syntax.Stmt) (ctl, error) {
	pos := s.Span()
	fr.pos = pos
	th.steps++
	if th.steps >= th.checkAt {
		if err := th.checkBudget(); err != nil {
			return 0, th.errorAt(pos, err)
		}
	}
	switch s := s.(type) {
	case *syntax.ExprStmt:
		_, err := th.eval(fr, s.X)
		return ctlNone, err
	case *syntax.AssignStmt:
		v, err := th.eval(fr, s.Value)
		if err != nil {
			return 0, err
		}
		for _, t := range s.Targets {
			if err := th.assign(fr, t, v); err != nil {
				return 0, err
			}
		}
		return ctlNone, nil
	case *syntax.AugAssignStmt:
		return ctlNone, th.augAssign(fr, s)
	case *syntax.AnnAssignStmt:
		if fr.ns != nil {
			th.recordAnnotation(fr, s)
		}
		if s.Value == nil {
			return ctlNone, nil
		}
		v, err := th.eval(fr, s.Value)
		if err != nil {
			return 0, err
		}
		return ctlNone, th.assign(fr, s.Target, v)
	case *syntax.ReturnStmt:
		if s.X == nil {
			fr.ret = None
			return ctlReturn, nil
		}
		v, err := th.eval(fr, s.X)
		if err != nil {
			return 0, err
		}
		fr.ret = v
		return ctlReturn, nil
	case *syntax.IfStmt:
		c, err := th.eval(fr, s.Cond)
		if err != nil {
			return 0, err
		}
		t, err := th.truth(c)
		if err != nil {
			return 0, th.errorAt(s.Cond.Span(), err)
		}
		if t {
			return th.execBlock(fr, s.Body)
		}
		return th.execBlock(fr, s.Else)
	case *syntax.ForStmt:
		return th.execFor(fr, s)
	case *syntax.WhileStmt:
		return th.execWhile(fr, s)
	case *syntax.PassStmt:
		return ctlNone, nil
	case *syntax.BranchStmt:
		if s.Continue {
			return ctlContinue, nil
		}
		return ctlBreak, nil
	case *syntax.DefStmt:
		fn, err := th.makeFunction(fr, s.Func)
		if err != nil {
			return 0, err
		}
		return ctlNone, th.setName(fr, s.Bind, fn)
	case *syntax.ClassStmt:
		return ctlNone, th.execClass(fr, s)
	case *syntax.TryStmt:
		return th.execTry(fr, s)
	case *syntax.RaiseStmt:
		return 0, th.execRaise(fr, s)
	case *syntax.WithStmt:
		return th.execWith(fr, s, 0)
	case *syntax.ImportStmt:
		return ctlNone, th.execImport(fr, s)
	case *syntax.FromImportStmt:
		return ctlNone, th.execFromImport(fr, s)
	case *syntax.GlobalStmt:
		return ctlNone, nil
	case *syntax.AssertStmt:
		c, err := th.eval(fr, s.Cond)
		if err != nil {
			return 0, err
		}
		t, err := th.truth(c)
		if err != nil {
			return 0, th.errorAt(s.Cond.Span(), err)
		}
		if t {
			return ctlNone, nil
		}
		var args Tuple
		if s.Msg != nil {
			m, err := th.eval(fr, s.Msg)
			if err != nil {
				return 0, err
			}
			args = Tuple{m}
		}
		return 0, th.raiseInstance(pos, newException(AssertionError, args), nil)
	case *syntax.DelStmt:
		for _, t := range s.Targets {
			if err := th.del(fr, t); err != nil {
				return 0, err
			}
		}
		return ctlNone, nil
	case *syntax.PrintStmt:
		return ctlNone, th.execPrint(fr, s)
	case *syntax.ExecStmt:
		return 0, th.errorAt(pos, sandboxError("exec"))
	case *syntax.BadStmt:
		return 0, th.errorAt(pos, NewError(SyntaxError, "%s", s.Msg))
	}
	return 0, th.errorAt(pos, NewError(SystemError, "unsupported statement %T", s))
}

func (th *Thread) recordAnnotation(fr *frame, s *syntax.AnnAssignStmt) {
	id, ok := s.Target.(*syntax.Ident)
	if !ok {
		return
	}
	ann, err := th.eval(fr, s.Ann)
	if err != nil {
		ann = None
	}
	v, ok := fr.ns.Get("__annotations__")
	d, _ := v.(*Dict)
	if !ok || d == nil {
		d = NewDict()
		fr.ns.Set("__annotations__", d)
	}
	d.SetString(id.Name, ann)
}

// ---- names ----

func (th *Thread) lookup(fr *frame, id *syntax.Ident) (Value, error) {
	switch id.Scope {
	case syntax.Local:
		if v := fr.locals[id.Index]; v != nil {
			return v, nil
		}
		return nil, th.errorAt(id.NamePos, NewError(UnboundLocalError, "local variable '%s' referenced before assignment", id.Name))
	case syntax.Cell:
		c, _ := fr.locals[id.Index].(*Cell)
		if c != nil && c.v != nil {
			return c.v, nil
		}
		return nil, th.errorAt(id.NamePos, NewError(UnboundLocalError, "local variable '%s' referenced before assignment", id.Name))
	case syntax.Free:
		if c := fr.free[id.Index]; c.v != nil {
			return c.v, nil
		}
		return nil, th.errorAt(id.NamePos, NewError(NameError, "free variable '%s' referenced before assignment in enclosing scope", id.Name))
	case syntax.ClassNS:
		if v, ok := fr.ns.Get(id.Name); ok {
			return v, nil
		}
	}
	if v, ok := fr.module.members.Get(id.Name); ok {
		return v, nil
	}
	if v, ok := builtins.Get(id.Name); ok {
		return v, nil
	}
	return nil, th.errorAt(id.NamePos, th.nameError(fr, id.Name))
}

func (th *Thread) nameError(fr *frame, name string) error {
	if msg, ok := forbiddenBuiltins[name]; ok {
		return sandboxError(msg)
	}
	var names []string
	names = append(names, fr.module.members.Keys()...)
	names = append(names, builtins.Keys()...)
	if fr.fn != nil {
		names = append(names, fr.fn.def.Locals...)
	}
	if fr.ns != nil {
		names = append(names, fr.ns.Keys()...)
	}
	return NewError(NameError, "name '%s' is not defined%s", name, didYouMean(name, names))
}

func (th *Thread) setName(fr *frame, id *syntax.Ident, v Value) error {
	switch id.Scope {
	case syntax.Local:
		fr.locals[id.Index] = v
	case syntax.Cell:
		fr.locals[id.Index].(*Cell).v = v
	case syntax.Free:
		fr.free[id.Index].v = v
	case syntax.ClassNS:
		fr.ns.Set(id.Name, v)
	default:
		fr.module.members.Set(id.Name, v)
	}
	return nil
}

func (th *Thread) delName(fr *frame, id *syntax.Ident) error {
	ok := true
	switch id.Scope {
	case syntax.Local:
		ok = fr.locals[id.Index] != nil
		fr.locals[id.Index] = nil
	case syntax.Cell:
		c := fr.locals[id.Index].(*Cell)
		ok = c.v != nil
		c.v = nil
	case syntax.Free:
		ok = fr.free[id.Index].v != nil
		fr.free[id.Index].v = nil
	case syntax.ClassNS:
		ok = fr.ns.Delete(id.Name)
	default:
		ok = fr.module.members.Delete(id.Name)
	}
	if !ok {
		return th.errorAt(id.NamePos, NewError(NameError, "name '%s' is not defined", id.Name))
	}
	return nil
}

// ---- assignment ----

func (th *Thread) assign(fr *frame, target syntax.Expr, v Value) error {
	switch t := target.(type) {
	case *syntax.Ident:
		return th.setName(fr, t, v)
	case *syntax.AttrExpr:
		x, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		if err := th.SetAttr(x, t.Name, v); err != nil {
			return th.errorAt(t.NamePos, err)
		}
		return nil
	case *syntax.IndexExpr:
		x, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		k, err := th.evalKey(fr, t.Key)
		if err != nil {
			return err
		}
		if err := th.SetItem(x, k, v); err != nil {
			return th.errorAt(t.LBrack, err)
		}
		return nil
	case *syntax.TupleExpr:
		return th.unpack(fr, t.Elts, v, t.LParen)
	case *syntax.ListExpr:
		return th.unpack(fr, t.Elts, v, t.LBrack)
	case *syntax.Starred:
		return th.errorAt(t.Star, NewError(SyntaxError, "starred assignment target must be in a list or tuple"))
	}
	return th.errorAt(target.Span(), NewError(SyntaxError, "cannot assign to expression"))
}

func (th *Thread) unpack(fr *frame, targets []syntax.Expr, v Value, pos syntax.Pos) error {
	if IsOpaque(v) {
		for _, t := range targets {
			if s, ok := t.(*syntax.Starred); ok {
				if err := th.assign(fr, s.X, NewList(nil)); err != nil {
					return err
				}
				continue
			}
			if err := th.assign(fr, t, v.(*Opaque).derive(th, "[...]")); err != nil {
				return err
			}
		}
		return nil
	}
	star := -1
	for i, t := range targets {
		if _, ok := t.(*syntax.Starred); ok {
			star = i
		}
	}
	var items []Value
	switch x := v.(type) {
	case Tuple:
		items = x
	case *List:
		items = x.elems
	default:
		limit := len(targets) + 1
		if star >= 0 {
			limit = -1
		}
		var err error
		items, err = th.collect(v, limit)
		if err != nil {
			return th.errorAt(pos, err)
		}
	}
	if star < 0 {
		if len(items) != len(targets) {
			if len(items) > len(targets) {
				return th.errorAt(pos, NewError(ValueError, "too many values to unpack (expected %d)", len(targets)))
			}
			return th.errorAt(pos, NewError(ValueError, "not enough values to unpack (expected %d, got %d)", len(targets), len(items)))
		}
		if len(items) > 0 {
			if _, ok := v.(*List); ok { // the targets may modify the list
				items = append([]Value(nil), items...)
			}
		}
		for i, t := range targets {
			if err := th.assign(fr, t, items[i]); err != nil {
				return err
			}
		}
		return nil
	}
	before, after := star, len(targets)-star-1
	if len(items) < before+after {
		return th.errorAt(pos, NewError(ValueError, "not enough values to unpack (expected at least %d, got %d)", before+after, len(items)))
	}
	items = append([]Value(nil), items...)
	for i := 0; i < before; i++ {
		if err := th.assign(fr, targets[i], items[i]); err != nil {
			return err
		}
	}
	mid := append([]Value(nil), items[before:len(items)-after]...)
	if err := th.assign(fr, targets[star].(*syntax.Starred).X, NewList(mid)); err != nil {
		return err
	}
	for i := 0; i < after; i++ {
		if err := th.assign(fr, targets[star+1+i], items[len(items)-after+i]); err != nil {
			return err
		}
	}
	return nil
}

func (th *Thread) augAssign(fr *frame, s *syntax.AugAssignStmt) error {
	switch t := s.Target.(type) {
	case *syntax.Ident:
		x, err := th.lookup(fr, t)
		if err != nil {
			return err
		}
		y, err := th.eval(fr, s.Value)
		if err != nil {
			return err
		}
		z, err := th.inplace(s.Op, x, y)
		if err != nil {
			return th.errorAt(s.OpPos, err)
		}
		return th.setName(fr, t, z)
	case *syntax.AttrExpr:
		obj, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		x, err := th.GetAttr(obj, t.Name)
		if err != nil {
			return th.errorAt(t.NamePos, err)
		}
		y, err := th.eval(fr, s.Value)
		if err != nil {
			return err
		}
		z, err := th.inplace(s.Op, x, y)
		if err != nil {
			return th.errorAt(s.OpPos, err)
		}
		if err := th.SetAttr(obj, t.Name, z); err != nil {
			return th.errorAt(t.NamePos, err)
		}
		return nil
	case *syntax.IndexExpr:
		obj, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		k, err := th.evalKey(fr, t.Key)
		if err != nil {
			return err
		}
		x, err := th.GetItem(obj, k)
		if err != nil {
			return th.errorAt(t.LBrack, err)
		}
		y, err := th.eval(fr, s.Value)
		if err != nil {
			return err
		}
		z, err := th.inplace(s.Op, x, y)
		if err != nil {
			return th.errorAt(s.OpPos, err)
		}
		if err := th.SetItem(obj, k, z); err != nil {
			return th.errorAt(t.LBrack, err)
		}
		return nil
	}
	return th.errorAt(s.OpPos, NewError(SyntaxError, "illegal expression for augmented assignment"))
}

func (th *Thread) del(fr *frame, target syntax.Expr) error {
	switch t := target.(type) {
	case *syntax.Ident:
		return th.delName(fr, t)
	case *syntax.AttrExpr:
		x, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		if err := th.DelAttr(x, t.Name); err != nil {
			return th.errorAt(t.NamePos, err)
		}
		return nil
	case *syntax.IndexExpr:
		x, err := th.eval(fr, t.X)
		if err != nil {
			return err
		}
		k, err := th.evalKey(fr, t.Key)
		if err != nil {
			return err
		}
		if err := th.DelItem(x, k); err != nil {
			return th.errorAt(t.LBrack, err)
		}
		return nil
	case *syntax.TupleExpr:
		for _, x := range t.Elts {
			if err := th.del(fr, x); err != nil {
				return err
			}
		}
		return nil
	case *syntax.ListExpr:
		for _, x := range t.Elts {
			if err := th.del(fr, x); err != nil {
				return err
			}
		}
		return nil
	}
	return th.errorAt(target.Span(), NewError(SyntaxError, "cannot delete expression"))
}

// ---- loops ----

func (th *Thread) execFor(fr *frame, s *syntax.ForStmt) (ctl, error) {
	x, err := th.eval(fr, s.Iter)
	if err != nil {
		return 0, err
	}
	body := func(v Value) (ctl, error) {
		th.steps++
		if th.steps >= th.checkAt {
			if err := th.checkBudget(); err != nil {
				return 0, th.errorAt(s.ForPos, err)
			}
		}
		if id, ok := s.Target.(*syntax.Ident); ok && id.Scope == syntax.Local {
			fr.locals[id.Index] = v
		} else if err := th.assign(fr, s.Target, v); err != nil {
			return 0, err
		}
		c, err := th.execBlock(fr, s.Body)
		if err != nil {
			return 0, err
		}
		if c == ctlContinue {
			c = ctlNone
		}
		return c, nil
	}
	switch x := x.(type) {
	case *Range:
		n := x.len64()
		for i := int64(0); i < n; i++ {
			c, err := body(x.at(i))
			if err != nil || c == ctlReturn {
				return c, err
			}
			if c == ctlBreak {
				return ctlNone, nil
			}
		}
	case *List:
		for i := 0; i < len(x.elems); i++ {
			c, err := body(x.elems[i])
			if err != nil || c == ctlReturn {
				return c, err
			}
			if c == ctlBreak {
				return ctlNone, nil
			}
		}
	default:
		it, err := th.Iterate(x)
		if err != nil {
			return 0, th.errorAt(s.Iter.Span(), err)
		}
		for {
			v, ok, err := it.Next(th)
			if err != nil {
				return 0, th.errorAt(s.Iter.Span(), err)
			}
			if !ok {
				break
			}
			c, err := body(v)
			if err != nil || c == ctlReturn {
				return c, err
			}
			if c == ctlBreak {
				return ctlNone, nil
			}
		}
	}
	return th.execBlock(fr, s.Else)
}

func (th *Thread) execWhile(fr *frame, s *syntax.WhileStmt) (ctl, error) {
	for {
		th.steps++
		if th.steps >= th.checkAt {
			if err := th.checkBudget(); err != nil {
				return 0, th.errorAt(s.WhilePos, err)
			}
		}
		c, err := th.eval(fr, s.Cond)
		if err != nil {
			return 0, err
		}
		t, err := th.truth(c)
		if err != nil {
			return 0, th.errorAt(s.Cond.Span(), err)
		}
		if !t {
			break
		}
		r, err := th.execBlock(fr, s.Body)
		if err != nil || r == ctlReturn {
			return r, err
		}
		if r == ctlBreak {
			return ctlNone, nil
		}
	}
	return th.execBlock(fr, s.Else)
}

// ---- exceptions ----

func (th *Thread) execTry(fr *frame, s *syntax.TryStmt) (ctl, error) {
	c, err := th.execBlock(fr, s.Body)
	if err != nil {
		ee := th.asEvalError(s.TryPos, err)
		err = ee
		if ee.Exception != nil {
			for _, h := range s.Handlers {
				match := true
				if h.Type != nil {
					t, terr := th.eval(fr, h.Type)
					if terr != nil {
						return 0, terr
					}
					match, terr = th.excMatches(ee.Exception, t)
					if terr != nil {
						return 0, th.errorAt(h.Type.Span(), terr)
					}
				}
				if !match {
					continue
				}
				if h.Name != nil {
					if err := th.setName(fr, h.Name, ee.Exception); err != nil {
						return 0, err
					}
				}
				th.excStack = append(th.excStack, ee)
				c, err = th.execBlock(fr, h.Body)
				th.excStack = th.excStack[:len(th.excStack)-1]
				break
			}
		}
	} else if len(s.Else) > 0 && c == ctlNone {
		c, err = th.execBlock(fr, s.Else)
	}
	if s.HasFinally {
		if ee, ok := err.(*EvalError); ok && ee.Exception == nil {
			return c, err // budget errors end the run at once
		}
		fc, ferr := th.execBlock(fr, s.Finally)
		if ferr != nil {
			return 0, ferr
		}
		if fc != ctlNone {
			return fc, nil
		}
	}
	return c, err
}

func (th *Thread) asEvalError(pos syntax.Pos, err error) *EvalError {
	var ee *EvalError
	if errors.As(err, &ee) {
		if !ee.Pos.IsValid() {
			ee.Pos = pos
		}
		return ee
	}
	return th.newEvalError(pos, err)
}

func (th *Thread) excMatches(exc *Instance, t Value) (bool, error) {
	switch t := t.(type) {
	case *Class:
		if !t.exc {
			return false, NewError(TypeError, "catching classes that do not inherit from BaseException is not allowed")
		}
		return exc.Class.IsSubclass(t), nil
	case Tuple:
		for _, x := range t {
			if ok, err := th.excMatches(exc, x); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	case *Opaque:
		return false, nil
	}
	return false, NewError(TypeError, "catching classes that do not inherit from BaseException is not allowed")
}

func (th *Thread) execRaise(fr *frame, s *syntax.RaiseStmt) error {
	if s.Exc == nil {
		if n := len(th.excStack); n > 0 {
			return th.excStack[n-1]
		}
		return th.errorAt(s.RaisePos, NewError(RuntimeError, "No active exception to reraise"))
	}
	v, err := th.eval(fr, s.Exc)
	if err != nil {
		return err
	}
	var args Tuple
	if s.Msg != nil {
		m, err := th.eval(fr, s.Msg)
		if err != nil {
			return err
		}
		args = Tuple{m}
	}
	var exc *Instance
	switch x := v.(type) {
	case *Class:
		if !x.exc {
			return th.errorAt(s.RaisePos, NewError(TypeError, "exceptions must derive from BaseException"))
		}
		r, err := th.Call(x, args, nil)
		if err != nil {
			return th.errorAt(s.RaisePos, err)
		}
		exc, _ = r.(*Instance)
	case *Instance:
		if x.Class.exc {
			exc = x
		}
	case *Opaque:
		exc = newException(Exception, Tuple{String("exception from " + x.describe())})
	}
	if exc == nil || !exc.Class.exc {
		return th.errorAt(s.RaisePos, NewError(TypeError, "exceptions must derive from BaseException"))
	}
	var cause error
	if s.Cause != nil {
		c, err := th.eval(fr, s.Cause)
		if err != nil {
			return err
		}
		exc.attrs.Set("__cause__", c)
	}
	if prev, ok := exc.Native.(*EvalError); ok {
		cause = prev.cause
	}
	return th.raiseInstance(s.RaisePos, exc, cause)
}

// raiseInstance returns the EvalError for raising exc at pos.
func (th *Thread) raiseInstance(pos syntax.Pos, exc *Instance, cause error) error {
	msg := exc.Class.name
	if s, err := th.excStr(exc); err == nil && s != "" {
		msg += ": " + s
	}
	ee := &EvalError{Msg: msg, Pos: pos, CallStack: th.snapshot(pos), Exception: exc, cause: cause}
	exc.Native = ee
	return ee
}

func (th *Thread) excStr(exc *Instance) (string, error) {
	if m, ok := exc.Class.Lookup("__str__"); ok {
		if b, ok := m.(*Builtin); !ok || b != baseExcStr {
			v, err := th.Call(m, Tuple{exc}, nil)
			if err != nil {
				return "", err
			}
			return th.str(v)
		}
	}
	return th.str(exc)
}

func (th *Thread) execWith(fr *frame, s *syntax.WithStmt, i int) (ctl, error) {
	if i == len(s.Items) {
		return th.execBlock(fr, s.Body)
	}
	item := s.Items[i]
	mgr, err := th.eval(fr, item.Ctx)
	if err != nil {
		return 0, err
	}
	pos := item.Ctx.Span()
	if o, ok := mgr.(*Opaque); ok {
		if item.Target != nil {
			if err := th.assign(fr, item.Target, o.derive(th, ".__enter__()")); err != nil {
				return 0, err
			}
		}
		return th.execWith(fr, s, i+1)
	}
	enter, err := th.GetAttr(mgr, "__enter__")
	if err != nil {
		return 0, th.errorAt(pos, NewError(TypeError, "'%s' object does not support the context manager protocol", typeName(mgr)))
	}
	exit, err := th.GetAttr(mgr, "__exit__")
	if err != nil {
		return 0, th.errorAt(pos, NewError(TypeError, "'%s' object does not support the context manager protocol (missed __exit__ method)", typeName(mgr)))
	}
	v, err := th.Call(enter, nil, nil)
	if err != nil {
		return 0, th.errorAt(pos, err)
	}
	if item.Target != nil {
		if err := th.assign(fr, item.Target, v); err != nil {
			return 0, err
		}
	}
	c, err := th.execWith(fr, s, i+1)
	if err != nil {
		ee := th.asEvalError(pos, err)
		if ee.Exception == nil {
			return 0, ee
		}
		r, xerr := th.Call(exit, Tuple{ee.Exception.Class, ee.Exception, None}, nil)
		if xerr != nil {
			return 0, th.errorAt(pos, xerr)
		}
		if t, _ := th.truth(r); t {
			return ctlNone, nil
		}
		return 0, ee
	}
	if _, xerr := th.Call(exit, Tuple{None, None, None}, nil); xerr != nil {
		return 0, th.errorAt(pos, xerr)
	}
	return c, nil
}

func (th *Thread) execPrint(fr *frame, s *syntax.PrintStmt) error {
	var b strings.Builder
	for i, a := range s.Args {
		v, err := th.eval(fr, a)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		str, err := th.str(v)
		if err != nil {
			return th.errorAt(a.Span(), err)
		}
		b.WriteString(str)
	}
	end := "\n"
	if s.NoNL {
		end = " "
	}
	if s.Dest != nil {
		d, err := th.eval(fr, s.Dest)
		if err != nil {
			return err
		}
		if _, ok := d.(*stdStream); !ok && d != None {
			if IsOpaque(d) {
				return nil
			}
			w, err := th.GetAttr(d, "write")
			if err != nil {
				return th.errorAt(s.Dest.Span(), err)
			}
			_, err = th.Call(w, Tuple{String(b.String() + end)}, nil)
			return th.wrapAt(s.PrintPos, err)
		}
	}
	th.write(b.String() + end)
	return nil
}

func (th *Thread) wrapAt(pos syntax.Pos, err error) error {
	if err == nil {
		return nil
	}
	return th.errorAt(pos, err)
}

// write sends text to Options.Print, line by line.
func (th *Thread) write(s string) {
	th.pending += s
	for {
		i := strings.IndexByte(th.pending, '\n')
		if i < 0 {
			break
		}
		line := th.pending[:i]
		th.pending = th.pending[i+1:]
		if th.opts.Print != nil {
			th.opts.Print(th, line)
		}
	}
	if len(th.pending) > 1<<16 {
		if th.opts.Print != nil {
			th.opts.Print(th, th.pending)
		}
		th.pending = ""
	}
}

// FlushOutput sends any partial output line to Options.Print.
func (th *Thread) FlushOutput() {
	if th.pending != "" && th.opts.Print != nil {
		th.opts.Print(th, th.pending)
	}
	th.pending = ""
}

// ---- functions and classes ----

func (th *Thread) makeFunction(fr *frame, def *syntax.Function) (Value, error) {
	var decos []Value
	for _, d := range def.Decorators {
		v, err := th.eval(fr, d)
		if err != nil {
			return nil, err
		}
		decos = append(decos, v)
	}
	fn := &Function{def: def, module: fr.module}
	fn.defaults = make([]Value, len(def.Params))
	if def.HasDefaults {
		for i, p := range def.Params {
			if p.Default != nil {
				v, err := th.eval(fr, p.Default)
				if err != nil {
					return nil, err
				}
				fn.defaults[i] = v
			}
		}
	}
	if len(def.FreeVars) > 0 {
		fn.freevars = th.captureFree(fr, def.FreeVars)
	}
	fn.qualname = def.Name
	if fr.cls != nil {
		fn.classCell = fr.cls
		if c, ok := fr.ns.Get("__qualname__"); ok {
			fn.qualname = c.String() + "." + def.Name
		}
	} else if fr.fn != nil {
		fn.classCell = fr.fn.classCell
	}
	var v Value = fn
	for i := len(decos) - 1; i >= 0; i-- {
		r, err := th.Call(decos[i], Tuple{v}, nil)
		if err != nil {
			return nil, th.errorAt(def.Decorators[i].Span(), err)
		}
		v = r
	}
	return v, nil
}

func (th *Thread) captureFree(fr *frame, fvs []syntax.FreeVar) []*Cell {
	cells := make([]*Cell, len(fvs))
	for i, fv := range fvs {
		if fv.FromFree {
			cells[i] = fr.free[fv.Index]
		} else {
			c, ok := fr.locals[fv.Index].(*Cell)
			if !ok {
				c = &Cell{}
				fr.locals[fv.Index] = c
			}
			cells[i] = c
		}
	}
	return cells
}

func (th *Thread) execClass(fr *frame, s *syntax.ClassStmt) error {
	var bases []*Class
	var classKw []KV
	namedTuple := false
	for _, a := range s.Bases {
		v, err := th.eval(fr, a.Value)
		if err != nil {
			return err
		}
		if a.Name != "" {
			if a.Name != "metaclass" {
				classKw = append(classKw, KV{a.Name, v})
			}
			continue
		}
		if a.Star == 2 {
			continue
		}
		if a.Star == 1 {
			items, err := th.collect(v, -1)
			if err != nil {
				return th.errorAt(a.Pos, err)
			}
			for _, it := range items {
				if c, ok := it.(*Class); ok {
					bases = append(bases, c)
				}
			}
			continue
		}
		switch b := v.(type) {
		case *Class:
			bases = append(bases, b)
		case *Opaque:
			th.WarnAt(a.Pos, "base:"+b.module, "class "+s.Name+" derives from "+b.describe()+", which is unknown; it is treated as a plain class")
		case *typingForm:
			// Generic[T], Protocol: no behavior; NamedTuple: a record class
			if b.name == "NamedTuple" || b.name == "TypedDict" {
				namedTuple = true
			}
		default:
			if cb, ok := v.(interface{ BaseClass() *Class }); ok {
				bases = append(bases, cb.BaseClass())
				continue
			}
			return th.errorAt(a.Pos, NewError(TypeError, "cannot use %s as a base class", typeName(v)))
		}
	}
	if len(bases) == 0 {
		bases = []*Class{ObjectClass}
	}
	ns := &StrDict{}
	modName := fr.module.name
	ns.Set("__module__", String(modName))
	ns.Set("__qualname__", String(s.Name))
	cell := &Cell{}
	body := &frame{name: s.Name, module: fr.module, ns: ns, cls: cell, pos: s.ClassPos}
	body.locals = make([]Value, len(s.Locals))
	if len(s.FreeVars) > 0 {
		body.free = th.captureFree(fr, s.FreeVars)
	}
	if th.depth >= th.maxDepth {
		return th.errorAt(s.ClassPos, recursionError(th.maxDepth))
	}
	th.depth++
	th.stack = append(th.stack, body)
	_, err := th.execBlock(body, s.Body)
	th.stack = th.stack[:len(th.stack)-1]
	th.depth--
	if err != nil {
		return err
	}
	cls, err := newClassChecked(s.Name, bases)
	if err != nil {
		return th.errorAt(s.ClassPos, err)
	}
	cls.dict = *ns
	cls.module = modName
	if v, ok := ns.Get("__slots__"); ok {
		_ = v // slots are accepted and ignored
	}
	cell.v = cls
	if m, _, ok := lookupAfter(cls, cls, "__init_subclass__"); ok && m != objectInitSubclass {
		if cm, ok := m.(*ClassMethod); ok {
			m = cm.fn
		}
		if _, err := th.Call(m, Tuple{cls}, classKw); err != nil {
			return th.errorAt(s.ClassPos, err)
		}
	}
	var v Value = cls
	if namedTuple {
		dc, err := makeDataclass(th, cls)
		if err != nil {
			return th.errorAt(s.ClassPos, err)
		}
		v = dc
	}
	for i := len(s.Decorators) - 1; i >= 0; i-- {
		d, err := th.eval(fr, s.Decorators[i])
		if err != nil {
			return err
		}
		r, err := th.Call(d, Tuple{v}, nil)
		if err != nil {
			return th.errorAt(s.Decorators[i].Span(), err)
		}
		v = r
	}
	return th.setName(fr, s.Bind, v)
}

func recursionError(max int) error {
	return &EvalError{Msg: "RecursionError: maximum recursion depth exceeded (" + itoa(max) + " nested calls)", cause: ErrRecursion}
}

// callFunction runs a Python function.
func (th *Thread) callFunction(f *Function, args Tuple, kwargs []KV) (Value, error) {
	if th.depth >= th.maxDepth {
		return nil, recursionError(th.maxDepth)
	}
	th.steps++
	if th.steps >= th.checkAt {
		if err := th.checkBudget(); err != nil {
			return nil, err
		}
	}
	def := f.def
	if def.IsAsync {
		return nil, NewError(SyntaxError, "async functions are not supported (%s)", f.qualname)
	}
	fr := &frame{fn: f, name: f.qualname, module: f.module, free: f.freevars, pos: def.DefPos}
	fr.locals = make([]Value, len(def.Locals))
	if len(args) == def.NumParams && len(kwargs) == 0 && def.VarArgs < 0 && def.VarKwargs < 0 && def.NumKwOnly == 0 {
		copy(fr.locals, args)
	} else if err := th.bindArgs(f, args, kwargs, fr.locals); err != nil {
		return nil, err
	}
	for _, c := range def.Cells {
		fr.locals[c] = &Cell{v: fr.locals[c]}
	}
	if def.IsGenerator {
		return th.newGenerator(fr), nil
	}
	th.depth++
	th.stack = append(th.stack, fr)
	c, err := th.execBlock(fr, def.Body)
	th.stack = th.stack[:len(th.stack)-1]
	th.depth--
	if err != nil {
		return nil, err
	}
	if c == ctlReturn {
		return fr.ret, nil
	}
	return None, nil
}
