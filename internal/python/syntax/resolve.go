package syntax

import (
	"fmt"

	"github.com/netsum/netsum/internal/diag"
)

// The resolver decides, for every Ident, where its variable lives, following
// Python's rules: a name bound anywhere in a function body is local to it
// (unless declared global or nonlocal); a name bound in an enclosing function
// and used by an inner one becomes a closure cell; class bodies keep their
// names in a namespace that nested functions do not see; comprehensions have
// their own scope, whose variables take slots in the enclosing frame.

type scopeKind uint8

const (
	modScope scopeKind = iota
	funcScope
	classScope
	compScope
)

type binding struct {
	owner *scope // frame owner
	slot  int
	cell  bool
	comp  *Comprehension // bound by this comprehension
}

type identRef struct {
	id    *Ident
	scope *scope
}

type scope struct {
	kind      scopeKind
	parent    *scope
	frame     *scope // nearest non-comprehension scope (itself if not a comprehension)
	block     *Block // frame owners only
	fn        *Function
	comp      *Comprehension
	bound     map[string]bool
	order     []string
	globals   map[string]bool
	nonlocals map[string]*Ident
	bindings  map[string]*binding
	free      map[*binding]int
	refs      []identRef
	children  []*scope
}

type resolver struct {
	errs   *diag.ErrorList
	module *scope
	all    []*scope
	result map[*Ident]any // *binding, or Scope (Global/ClassNS)
}

func resolveFile(f *File, errs *diag.ErrorList) {
	r := &resolver{errs: errs, result: map[*Ident]any{}}
	m := r.newScope(modScope, nil)
	m.block = &f.Block
	r.module = m
	r.stmts(m, f.Body)
	// Allocate slots top-down.
	for _, s := range r.all {
		r.allocate(s)
	}
	for _, s := range r.all {
		for name, id := range s.nonlocals {
			if b := r.lookupEnclosing(s, name); b == nil {
				r.errorf(id.NamePos, "syntax error: no binding for nonlocal '%s' found", name)
			}
		}
		for _, ref := range s.refs {
			r.resolveRef(ref)
		}
	}
	// Finalize identifiers.
	for _, s := range r.all {
		for _, ref := range s.refs {
			r.finish(ref)
		}
	}
	for _, s := range r.all {
		if s.kind == compScope || s.block == nil {
			continue
		}
		b := s.block
		b.IsCell = make([]bool, len(b.Locals))
	}
	for _, s := range r.all {
		for _, name := range s.order {
			bd := s.bindings[name]
			if bd == nil || !bd.cell {
				continue
			}
			bd.owner.block.IsCell[bd.slot] = true
			if bd.comp != nil {
				bd.comp.Cells = append(bd.comp.Cells, bd.slot)
			} else {
				bd.owner.block.Cells = append(bd.owner.block.Cells, bd.slot)
			}
		}
	}
}

func (r *resolver) errorf(pos Pos, format string, args ...any) {
	*r.errs = append(*r.errs, &diag.Error{Pos: pos.Diag(), Msg: fmt.Sprintf(format, args...)})
}

func (r *resolver) newScope(kind scopeKind, parent *scope) *scope {
	s := &scope{kind: kind, parent: parent, bound: map[string]bool{}}
	if kind == compScope {
		s.frame = parent.frame
	} else {
		s.frame = s
	}
	if parent != nil {
		parent.children = append(parent.children, s)
	}
	r.all = append(r.all, s)
	return s
}

func (s *scope) bind(name string) {
	if !s.bound[name] {
		s.bound[name] = true
		s.order = append(s.order, name)
	}
}

// ---- collection ----

func (r *resolver) use(s *scope, id *Ident) {
	s.refs = append(s.refs, identRef{id, s})
}

func (r *resolver) store(s *scope, id *Ident) {
	s.bind(id.Name)
	r.use(s, id)
}

func (r *resolver) stmts(s *scope, body []Stmt) {
	for _, st := range body {
		r.stmt(s, st)
	}
}

func (r *resolver) stmt(s *scope, st Stmt) {
	switch st := st.(type) {
	case *ExprStmt:
		r.expr(s, st.X)
	case *AssignStmt:
		r.expr(s, st.Value)
		for _, t := range st.Targets {
			r.target(s, t)
		}
	case *AugAssignStmt:
		r.expr(s, st.Value)
		r.target(s, st.Target)
	case *AnnAssignStmt:
		if st.Value != nil {
			r.expr(s, st.Value)
			r.target(s, st.Target)
		} else if id, ok := st.Target.(*Ident); ok {
			// a bare annotation binds nothing, but x: int makes x local
			if s.kind == funcScope {
				s.bind(id.Name)
			}
		} else {
			r.expr(s, st.Target)
		}
		if s.kind != funcScope {
			r.expr(s, st.Ann)
		}
	case *PrintStmt:
		if st.Dest != nil {
			r.expr(s, st.Dest)
		}
		for _, a := range st.Args {
			r.expr(s, a)
		}
	case *ReturnStmt:
		if st.X != nil {
			r.expr(s, st.X)
		}
	case *RaiseStmt:
		for _, x := range []Expr{st.Exc, st.Cause, st.Msg} {
			if x != nil {
				r.expr(s, x)
			}
		}
	case *GlobalStmt:
		for _, id := range st.Names {
			if st.Nonlocal {
				if s.kind == modScope {
					r.errorf(id.NamePos, "syntax error: nonlocal declaration not allowed at module level")
					continue
				}
				if s.nonlocals == nil {
					s.nonlocals = map[string]*Ident{}
				}
				s.nonlocals[id.Name] = id
			} else {
				if s.globals == nil {
					s.globals = map[string]bool{}
				}
				s.globals[id.Name] = true
			}
		}
	case *AssertStmt:
		r.expr(s, st.Cond)
		if st.Msg != nil {
			r.expr(s, st.Msg)
		}
	case *DelStmt:
		for _, t := range st.Targets {
			r.target(s, t)
		}
	case *ImportStmt:
		for _, n := range st.Names {
			r.store(s, n.Bind)
		}
	case *FromImportStmt:
		if st.Star && s.kind != modScope {
			r.errorf(st.FromPos, "syntax error: import * only allowed at module level")
		}
		for _, n := range st.Names {
			r.store(s, n.Bind)
		}
	case *IfStmt:
		r.expr(s, st.Cond)
		r.stmts(s, st.Body)
		r.stmts(s, st.Else)
	case *ForStmt:
		r.expr(s, st.Iter)
		r.target(s, st.Target)
		r.stmts(s, st.Body)
		r.stmts(s, st.Else)
	case *WhileStmt:
		r.expr(s, st.Cond)
		r.stmts(s, st.Body)
		r.stmts(s, st.Else)
	case *TryStmt:
		r.stmts(s, st.Body)
		for _, h := range st.Handlers {
			if h.Type != nil {
				r.expr(s, h.Type)
			}
			if h.Name != nil {
				r.store(s, h.Name)
			}
			r.stmts(s, h.Body)
		}
		r.stmts(s, st.Else)
		r.stmts(s, st.Finally)
	case *WithStmt:
		for _, it := range st.Items {
			r.expr(s, it.Ctx)
			if it.Target != nil {
				r.target(s, it.Target)
			}
		}
		r.stmts(s, st.Body)
	case *DefStmt:
		r.function(s, st.Func)
		r.store(s, st.Bind)
	case *ClassStmt:
		for _, a := range st.Bases {
			r.expr(s, a.Value)
		}
		for _, d := range st.Decorators {
			r.expr(s, d)
		}
		r.store(s, st.Bind)
		cs := r.newScope(classScope, s)
		cs.block = &st.Block
		r.stmts(cs, st.Body)
	case *PassStmt, *BranchStmt, *ExecStmt, *BadStmt:
	default:
		panic(fmt.Sprintf("resolve: unexpected statement %T", st))
	}
}

func (r *resolver) function(s *scope, f *Function) {
	for _, d := range f.Decorators {
		r.expr(s, d)
	}
	for _, p := range f.Params {
		if p.Default != nil {
			r.expr(s, p.Default)
		}
	}
	fs := r.newScope(funcScope, s)
	fs.fn = f
	fs.block = &f.Block
	for _, p := range f.Params {
		fs.bind(p.Name)
	}
	r.stmts(fs, f.Body)
}

func (r *resolver) target(s *scope, e Expr) {
	switch e := e.(type) {
	case *Ident:
		r.store(s, e)
	case *TupleExpr:
		for _, x := range e.Elts {
			r.target(s, x)
		}
	case *ListExpr:
		for _, x := range e.Elts {
			r.target(s, x)
		}
	case *Starred:
		r.target(s, e.X)
	default:
		r.expr(s, e)
	}
}

func (r *resolver) expr(s *scope, e Expr) {
	switch e := e.(type) {
	case *Ident:
		r.use(s, e)
	case *Literal:
	case *FString:
		r.fparts(s, e.Parts)
	case *TupleExpr:
		for _, x := range e.Elts {
			r.expr(s, x)
		}
	case *ListExpr:
		for _, x := range e.Elts {
			r.expr(s, x)
		}
	case *SetExpr:
		for _, x := range e.Elts {
			r.expr(s, x)
		}
	case *DictExpr:
		for _, it := range e.Items {
			if it.Key != nil {
				r.expr(s, it.Key)
			}
			r.expr(s, it.Value)
		}
	case *Starred:
		r.expr(s, e.X)
	case *AttrExpr:
		r.expr(s, e.X)
	case *IndexExpr:
		r.expr(s, e.X)
		r.expr(s, e.Key)
	case *SliceExpr:
		for _, x := range []Expr{e.Lo, e.Hi, e.Step} {
			if x != nil {
				r.expr(s, x)
			}
		}
	case *CallExpr:
		r.expr(s, e.Fn)
		for _, a := range e.Args {
			r.expr(s, a.Value)
		}
	case *UnaryExpr:
		r.expr(s, e.X)
	case *BinaryExpr:
		r.expr(s, e.X)
		r.expr(s, e.Y)
	case *BoolExpr:
		r.expr(s, e.X)
		r.expr(s, e.Y)
	case *CompareExpr:
		for _, x := range e.Operands {
			r.expr(s, x)
		}
	case *CondExpr:
		r.expr(s, e.Cond)
		r.expr(s, e.True)
		r.expr(s, e.False)
	case *LambdaExpr:
		r.function(s, e.Func)
	case *Comprehension:
		// The first iterable is evaluated in the enclosing scope.
		r.expr(s, e.Clauses[0].Iter)
		cs := r.newScope(compScope, s)
		cs.comp = e
		for i, cl := range e.Clauses {
			if cl.Target != nil {
				if i > 0 {
					r.expr(cs, cl.Iter)
				}
				r.target(cs, cl.Target)
			} else {
				r.expr(cs, cl.Cond)
			}
		}
		if e.Key != nil {
			r.expr(cs, e.Key)
		}
		r.expr(cs, e.Body)
	case *YieldExpr:
		if e.X != nil {
			r.expr(s, e.X)
		}
	case *NamedExpr:
		r.expr(s, e.Value)
		t := s
		for t.kind == compScope {
			t = t.parent
		}
		t.bind(e.Name.Name)
		r.use(s, e.Name)
		if t != s {
			// resolved in the comprehension, but bound outside it
			s.refs[len(s.refs)-1].scope = t
		}
	case *ReprExpr:
		r.expr(s, e.X)
	case *BadExpr:
	default:
		panic(fmt.Sprintf("resolve: unexpected expression %T", e))
	}
}

func (r *resolver) fparts(s *scope, parts []FPart) {
	for _, p := range parts {
		if p.Expr != nil {
			r.expr(s, p.Expr)
		}
		r.fparts(s, p.Spec)
	}
}

// ---- allocation and resolution ----

func (r *resolver) allocate(s *scope) {
	s.bindings = map[string]*binding{}
	switch s.kind {
	case funcScope:
		for name, id := range s.nonlocals {
			if s.globals[name] {
				r.errorf(id.NamePos, "syntax error: name %q is nonlocal and global", name)
			}
		}
		for _, p := range s.fn.Params {
			if s.globals[p.Name] {
				r.errorf(p.Pos, "syntax error: name %q is parameter and global", p.Name)
			}
			if _, ok := s.nonlocals[p.Name]; ok {
				r.errorf(p.Pos, "syntax error: name %q is parameter and nonlocal", p.Name)
			}
		}
		for _, name := range s.order {
			if s.globals[name] || s.nonlocals[name] != nil {
				continue
			}
			s.bindings[name] = &binding{owner: s, slot: len(s.block.Locals)}
			s.block.Locals = append(s.block.Locals, name)
		}
	case compScope:
		f := s.frame
		for _, name := range s.order {
			s.bindings[name] = &binding{owner: f, slot: len(f.block.Locals), comp: s.comp}
			f.block.Locals = append(f.block.Locals, name)
		}
	}
}

// lookupEnclosing finds name in the scopes enclosing frame owner f,
// returning its binding or nil for a global.
func (r *resolver) lookupEnclosing(f *scope, name string) *binding {
	for a := f.parent; a != nil; a = a.parent {
		switch a.kind {
		case classScope:
			continue
		case modScope:
			return nil
		case compScope:
			if b := a.bindings[name]; b != nil {
				return b
			}
		case funcScope:
			if a.globals[name] {
				return nil
			}
			if b := a.bindings[name]; b != nil {
				return b
			}
		}
	}
	return nil
}

// freeIndex returns the index of b among f's free variables, adding it (and
// threading it through the intermediate frames) if needed.
func (r *resolver) freeIndex(f *scope, b *binding) int {
	if i, ok := f.free[b]; ok {
		return i
	}
	if f.free == nil {
		f.free = map[*binding]int{}
	}
	parent := f.parent.frame
	fv := FreeVar{Name: b.owner.block.Locals[b.slot]}
	if parent == b.owner {
		fv.Index = b.slot
	} else {
		fv.FromFree = true
		fv.Index = r.freeIndex(parent, b)
	}
	i := len(f.block.FreeVars)
	f.block.FreeVars = append(f.block.FreeVars, fv)
	f.free[b] = i
	return i
}

func (r *resolver) resolveRef(ref identRef) {
	s, name := ref.scope, ref.id.Name
	// Comprehension scopes: own bindings, else resolve as the enclosing
	// scope would, except that class bodies are not visible.
	for s.kind == compScope {
		if b := s.bindings[name]; b != nil {
			r.result[ref.id] = b
			return
		}
		s = s.parent
		if s.kind == classScope {
			r.resolveFree(ref, s, name, Global)
			return
		}
	}
	switch s.kind {
	case modScope:
		r.result[ref.id] = Global
	case funcScope:
		if s.globals[name] {
			r.result[ref.id] = Global
			return
		}
		if b := s.bindings[name]; b != nil {
			r.result[ref.id] = b
			return
		}
		if id := s.nonlocals[name]; id != nil {
			b := r.lookupEnclosing(s, name)
			if b == nil {
				r.errorf(id.NamePos, "syntax error: no binding for nonlocal '%s' found", name)
				return
			}
			b.cell = true
			r.freeIndex(s, b)
			r.result[ref.id] = b
			return
		}
		r.resolveFree(ref, s, name, Global)
	case classScope:
		if s.globals[name] {
			r.result[ref.id] = Global
			return
		}
		if id := s.nonlocals[name]; id != nil {
			b := r.lookupEnclosing(s, name)
			if b == nil {
				r.errorf(id.NamePos, "syntax error: no binding for nonlocal '%s' found", name)
				return
			}
			b.cell = true
			r.freeIndex(s, b)
			r.result[ref.id] = b
			return
		}
		if s.bound[name] {
			r.result[ref.id] = ClassNS
			return
		}
		r.resolveFree(ref, s, name, Global)
	}
}

// resolveFree resolves name, not bound in frame owner f, as a free variable
// or else as fallback.
func (r *resolver) resolveFree(ref identRef, f *scope, name string, fallback Scope) {
	b := r.lookupEnclosing(f, name)
	if b == nil {
		r.result[ref.id] = fallback
		return
	}
	b.cell = true
	r.freeIndex(f.frame, b)
	r.result[ref.id] = b
}

func (r *resolver) finish(ref identRef) {
	id := ref.id
	switch res := r.result[id].(type) {
	case Scope:
		id.Scope = res
	case *binding:
		f := ref.scope.frame
		if res.owner == f {
			id.Index = res.slot
			if res.cell {
				id.Scope = Cell
			} else {
				id.Scope = Local
			}
		} else {
			id.Scope = Free
			id.Index = r.freeIndex(f, res)
		}
	}
}
