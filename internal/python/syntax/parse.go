package syntax

import (
	"crypto/sha256"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/netsum/netsum/internal/diag"
)

// maxErrors is how many syntax errors Parse reports before giving up.
const maxErrors = 10

// Parse parses one Python source file (Python 3, plus the Python 2 forms
// people still write: print and exec statements, backquotes, except E, e:,
// raise E, msg, 10L and 0777 literals, <>) and resolves its names. The error,
// if any, is a diag.ErrorList of file:line:col syntax errors.
//
// Parse may be called from several goroutines: a file being parsed by one
// is waited for by the others (eval parses imported modules ahead, on
// other cores, while the importing module runs).
func Parse(filename string, src []byte) (*File, error) {
	key := cacheKey{file: filename, sum: sha256.Sum256(src)}
	if f, ok := parseCache.get(key); ok {
		return f, nil
	}
	inflightMu.Lock()
	if c, ok := inflight[key]; ok {
		inflightMu.Unlock()
		<-c.done
		if c.f != nil || c.err != nil {
			return c.f, c.err
		}
		return parse(filename, src) // the other parse panicked
	}
	if f, ok := parseCache.get(key); ok {
		inflightMu.Unlock()
		return f, nil
	}
	c := &inflightParse{done: make(chan struct{})}
	inflight[key] = c
	inflightMu.Unlock()
	defer func() {
		inflightMu.Lock()
		delete(inflight, key)
		inflightMu.Unlock()
		close(c.done)
	}()
	c.f, c.err = parse(filename, src)
	if c.err == nil {
		parseCache.put(key, c.f, len(src))
	}
	return c.f, c.err
}

// inflight holds the parses under way.
var (
	inflightMu sync.Mutex
	inflight   = map[cacheKey]*inflightParse{}
)

type inflightParse struct {
	done chan struct{}
	f    *File
	err  error
}

func parse(filename string, src []byte) (*File, error) {
	p := &parser{file: filename, src: src}
	f := p.parseFile()
	if len(p.errs) == 0 {
		resolveFile(f, &p.errs)
	}
	if len(p.errs) > 0 {
		p.errs.Sort()
		return nil, p.errs
	}
	return f, nil
}

// cacheKey identifies a parsed file: the same name and bytes give the same
// tree. Trees are never modified after parsing (resolution happens here),
// so one tree can serve every run and every goroutine.
type cacheKey struct {
	file string
	sum  [32]byte
}

// parseCache keeps recently parsed files: model code imports the same
// library modules (keras_applications, torchvision) run after run, and
// tree-sitter parsing is most of the cost of building a model.
var parseCache = &lru{max: 32 << 20}

type lru struct {
	mu    sync.Mutex
	max   int // total source bytes kept
	size  int
	order []cacheKey
	m     map[cacheKey]*File
	sizes map[cacheKey]int
}

func (c *lru) get(k cacheKey) (*File, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.m[k]
	return f, ok
}

func (c *lru) put(k cacheKey, f *File, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > c.max {
		return
	}
	if c.m == nil {
		c.m, c.sizes = map[cacheKey]*File{}, map[cacheKey]int{}
	}
	if _, ok := c.m[k]; ok {
		return
	}
	for c.size+n > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= c.sizes[old]
		delete(c.m, old)
		delete(c.sizes, old)
	}
	c.m[k], c.sizes[k] = f, n
	c.order = append(c.order, k)
	c.size += n
}

// ParseExpr parses a single expression (used for tests and tools).
func ParseExpr(filename string, src []byte) (Expr, error) {
	f, err := Parse(filename, src)
	if err != nil {
		return nil, err
	}
	if len(f.Body) != 1 {
		return nil, diag.ErrorList{{Pos: diag.Pos{File: filename, Line: 1, Col: 1}, Msg: "syntax error: not a single expression"}}
	}
	es, ok := f.Body[0].(*ExprStmt)
	if !ok {
		return nil, diag.ErrorList{{Pos: diag.Pos{File: filename, Line: 1, Col: 1}, Msg: "syntax error: not an expression"}}
	}
	return es.X, nil
}

type parser struct {
	file string
	src  []byte
	errs diag.ErrorList
	// position offsets for re-parsed fragments (backquotes)
	lineOff int32
	colOff  int32

	fn        *Function // innermost function being converted
	loopDepth int
	inClass   bool
}

// bail is panicked to stop after too many errors.
type bail struct{}

func (p *parser) pos(n *cnode) Pos {
	line, col := n.line, n.col
	if line == 1 {
		col += p.colOff
	}
	return Pos{File: p.file, Line: line + p.lineOff, Col: col}
}

func (p *parser) errorf(n *cnode, format string, args ...any) {
	p.errorAt(p.pos(n), fmt.Sprintf(format, args...))
}

func (p *parser) errorAt(pos Pos, msg string) {
	for _, e := range p.errs {
		if e.Pos.Line == int(pos.Line) && e.Pos.File == pos.File {
			return // one error per line
		}
	}
	p.errs = append(p.errs, &diag.Error{Pos: pos.Diag(), Msg: msg})
	if len(p.errs) >= maxErrors {
		panic(bail{})
	}
}

func (p *parser) text(n *cnode) string {
	if int(n.end) > len(p.src) || n.start > n.end {
		return ""
	}
	return string(p.src[n.start:n.end])
}

func (p *parser) parseFile() (f *File) {
	f = &File{Name: p.file}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bail); !ok {
				panic(r)
			}
		}
	}()
	root, tooDeep := parseCST(p.src)
	if root == nil {
		p.errorAt(Pos{File: p.file, Line: 1, Col: 1}, "syntax error: cannot parse")
		return f
	}
	if tooDeep != nil {
		p.errorf(tooDeep, "syntax error: code is nested too deeply (more than %d levels)", maxDepth)
		return f
	}
	p.findErrors(root)
	if len(p.errs) > 0 {
		return f
	}
	f.Body = p.stmts(root)
	return f
}

// findErrors reports ERROR and MISSING nodes.
func (p *parser) findErrors(n *cnode) {
	if n.missing {
		what := n.kind
		if what == "" || what == "_newline" || what == "_indent" || what == "_dedent" {
			p.errorf(n, "syntax error: unexpected end of statement")
		} else {
			p.errorf(n, "syntax error: missing %q", what)
		}
		return
	}
	if n.isError {
		p.errorf(n, "syntax error: unexpected %s", describe(p.errorToken(n)))
		return
	}
	for _, k := range n.kids {
		p.findErrors(k)
	}
}

// errorToken returns the first token text inside an ERROR node.
func (p *parser) errorToken(n *cnode) string {
	for len(n.kids) > 0 {
		n = n.kids[0]
	}
	t := p.text(n)
	if i := strings.IndexByte(t, '\n'); i >= 0 {
		t = t[:i]
	}
	if len(t) > 30 {
		t = t[:30] + "..."
	}
	return t
}

func describe(tok string) string {
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "end of line"
	}
	return strconv.Quote(tok)
}

// ---- statements ----

func (p *parser) stmts(n *cnode) []Stmt {
	var out []Stmt
	for _, k := range n.kids {
		if !k.named || k.kind == "comment" || k.kind == "line_continuation" {
			continue
		}
		if s := p.stmt(k); s != nil {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) block(n *cnode) []Stmt {
	if n == nil {
		return nil
	}
	return p.stmts(n)
}

func (p *parser) stmt(n *cnode) Stmt {
	pos := p.pos(n)
	switch n.kind {
	case "expression_statement":
		return p.exprStmt(n)
	case "print_statement":
		s := &PrintStmt{PrintPos: pos}
		if ch := n.namedChildOfKind("chevron"); ch != nil {
			s.Dest = p.expr(ch.namedKids()[0])
		}
		for _, a := range n.fieldNodes("argument") {
			s.Args = append(s.Args, p.expr(a))
		}
		if len(n.kids) > 0 {
			last := n.kids[len(n.kids)-1]
			s.NoNL = !last.named && last.kind == ","
		}
		return s
	case "exec_statement":
		return &ExecStmt{ExecPos: pos}
	case "pass_statement":
		return &PassStmt{PassPos: pos}
	case "break_statement", "continue_statement":
		if p.loopDepth == 0 {
			p.errorf(n, "syntax error: '%s' outside loop", strings.TrimSuffix(n.kind, "_statement"))
		}
		return &BranchStmt{BranchPos: pos, Continue: n.kind == "continue_statement"}
	case "return_statement":
		if p.fn == nil {
			p.errorf(n, "syntax error: 'return' outside function")
		}
		s := &ReturnStmt{ReturnPos: pos}
		if k := n.namedKids(); len(k) > 0 {
			s.X = p.exprOrTuple(k[0])
		}
		return s
	case "raise_statement":
		s := &RaiseStmt{RaisePos: pos}
		for _, k := range n.namedKids() {
			if k.field == "cause" {
				s.Cause = p.expr(k)
				continue
			}
			if k.kind == "expression_list" { // Python 2: raise E, msg[, tb]
				parts := k.namedKids()
				s.Exc = p.expr(parts[0])
				if len(parts) > 1 {
					s.Msg = p.expr(parts[1])
				}
				continue
			}
			s.Exc = p.expr(k)
		}
		return s
	case "global_statement", "nonlocal_statement":
		s := &GlobalStmt{GlobalPos: pos, Nonlocal: n.kind == "nonlocal_statement"}
		for _, k := range n.namedKids() {
			s.Names = append(s.Names, p.ident(k))
		}
		return s
	case "assert_statement":
		k := n.namedKids()
		s := &AssertStmt{AssertPos: pos, Cond: p.expr(k[0])}
		if len(k) > 1 {
			s.Msg = p.expr(k[1])
		}
		return s
	case "delete_statement":
		s := &DelStmt{DelPos: pos}
		k := n.namedKids()[0]
		if k.kind == "expression_list" {
			for _, e := range k.namedKids() {
				s.Targets = append(s.Targets, p.target(e))
			}
		} else {
			s.Targets = append(s.Targets, p.target(k))
		}
		return s
	case "import_statement":
		s := &ImportStmt{ImportPos: pos}
		for _, k := range n.fieldNodes("name") {
			in := ImportName{Pos: p.pos(k)}
			if k.kind == "aliased_import" {
				in.Module = p.dotted(k.fieldNode("name"))
				in.Alias = p.text(k.fieldNode("alias"))
				in.Bind = &Ident{NamePos: p.pos(k.fieldNode("alias")), Name: in.Alias}
			} else {
				in.Module = p.dotted(k)
				first, _, _ := strings.Cut(in.Module, ".")
				in.Bind = &Ident{NamePos: in.Pos, Name: first}
			}
			s.Names = append(s.Names, in)
		}
		return s
	case "future_import_statement":
		return &PassStmt{PassPos: pos}
	case "import_from_statement":
		s := &FromImportStmt{FromPos: pos}
		mod := n.fieldNode("module_name")
		if mod.kind == "relative_import" {
			for _, k := range mod.kids {
				switch k.kind {
				case "import_prefix":
					s.Level = strings.Count(p.text(k), ".")
				case "dotted_name":
					s.Module = p.dotted(k)
				}
			}
		} else {
			s.Module = p.dotted(mod)
		}
		for _, k := range n.kids {
			if k.kind == "wildcard_import" {
				s.Star = true
			}
		}
		for _, k := range n.fieldNodes("name") {
			fn := FromName{Pos: p.pos(k)}
			if k.kind == "aliased_import" {
				fn.Name = p.dotted(k.fieldNode("name"))
				a := k.fieldNode("alias")
				fn.Bind = &Ident{NamePos: p.pos(a), Name: p.text(a)}
			} else {
				fn.Name = p.dotted(k)
				fn.Bind = &Ident{NamePos: fn.Pos, Name: fn.Name}
			}
			s.Names = append(s.Names, fn)
		}
		return s
	case "if_statement":
		s := &IfStmt{IfPos: pos, Cond: p.expr(n.fieldNode("condition")), Body: p.block(n.fieldNode("consequence"))}
		tail := &s.Else
		for _, alt := range n.fieldNodes("alternative") {
			switch alt.kind {
			case "elif_clause":
				e := &IfStmt{IfPos: p.pos(alt), Cond: p.expr(alt.fieldNode("condition")), Body: p.block(alt.fieldNode("consequence"))}
				*tail = []Stmt{e}
				tail = &e.Else
			case "else_clause":
				*tail = p.block(alt.fieldNode("body"))
			}
		}
		return s
	case "for_statement":
		if n.hasToken("async") {
			return &BadStmt{At: pos, Msg: "async for is not supported"}
		}
		s := &ForStmt{ForPos: pos, Target: p.target(n.fieldNode("left")), Iter: p.exprOrTuple(n.fieldNode("right"))}
		p.loopDepth++
		s.Body = p.block(n.fieldNode("body"))
		p.loopDepth--
		if alt := n.fieldNode("alternative"); alt != nil {
			s.Else = p.block(alt.fieldNode("body"))
		}
		return s
	case "while_statement":
		s := &WhileStmt{WhilePos: pos, Cond: p.expr(n.fieldNode("condition"))}
		p.loopDepth++
		s.Body = p.block(n.fieldNode("body"))
		p.loopDepth--
		if alt := n.fieldNode("alternative"); alt != nil {
			s.Else = p.block(alt.fieldNode("body"))
		}
		return s
	case "try_statement":
		s := &TryStmt{TryPos: pos, Body: p.block(n.fieldNode("body"))}
		for _, k := range n.kids {
			switch k.kind {
			case "except_clause":
				s.Handlers = append(s.Handlers, p.exceptClause(k))
			case "except_group_clause":
				p.errorf(k, "syntax error: except* is not supported")
			case "else_clause":
				s.Else = p.block(k.fieldNode("body"))
			case "finally_clause":
				s.HasFinally = true
				if b := k.namedChildOfKind("block"); b != nil {
					s.Finally = p.block(b)
				}
			}
		}
		return s
	case "with_statement":
		if n.hasToken("async") {
			return &BadStmt{At: pos, Msg: "async with is not supported"}
		}
		s := &WithStmt{WithPos: pos, Body: p.block(n.fieldNode("body"))}
		for _, clause := range n.kids {
			if clause.kind != "with_clause" {
				continue
			}
			for _, item := range clause.namedKids() {
				if item.kind != "with_item" {
					continue
				}
				v := item.fieldNode("value")
				if v.kind == "as_pattern" {
					k := v.namedKids()
					wi := WithItem{Ctx: p.expr(k[0])}
					if alias := v.fieldNode("alias"); alias != nil {
						wi.Target = p.target(alias.namedKids()[0])
					}
					s.Items = append(s.Items, wi)
				} else {
					s.Items = append(s.Items, WithItem{Ctx: p.expr(v)})
				}
			}
		}
		return s
	case "function_definition":
		return p.funcDef(n, nil)
	case "class_definition":
		return p.classDef(n, nil)
	case "decorated_definition":
		var decos []Expr
		for _, k := range n.kids {
			if k.kind == "decorator" {
				decos = append(decos, p.expr(k.namedKids()[0]))
			}
		}
		def := n.fieldNode("definition")
		if def.kind == "class_definition" {
			return p.classDef(def, decos)
		}
		return p.funcDef(def, decos)
	case "match_statement":
		return &BadStmt{At: pos, Msg: "match statements are not supported"}
	case "type_alias_statement":
		return &BadStmt{At: pos, Msg: "type alias statements are not supported"}
	default:
		p.errorf(n, "syntax error: unexpected %s", strings.ReplaceAll(n.kind, "_", " "))
	}
	return nil
}

func (n *cnode) namedChildOfKind(kind string) *cnode {
	for _, k := range n.kids {
		if k.kind == kind {
			return k
		}
	}
	return nil
}

func (p *parser) exceptClause(n *cnode) *ExceptClause {
	c := &ExceptClause{ExceptPos: p.pos(n)}
	val := n.fieldNode("value")
	alias := n.fieldNode("alias")
	if val != nil && val.kind == "as_pattern" {
		k := val.namedKids()
		c.Type = p.expr(k[0])
		if a := val.fieldNode("alias"); a != nil {
			alias = a.namedKids()[0]
		}
	} else if val != nil {
		c.Type = p.expr(val)
	}
	if alias != nil {
		if alias.kind != "identifier" {
			p.errorf(alias, "syntax error: except target must be a name")
		} else {
			c.Name = p.ident(alias)
		}
	}
	c.Body = p.block(n.namedChildOfKind("block"))
	return c
}

func (p *parser) exprStmt(n *cnode) Stmt {
	kids := n.namedKids()
	if len(kids) == 1 {
		k := kids[0]
		switch k.kind {
		case "assignment":
			return p.assignment(k)
		case "augmented_assignment":
			op := augOps[p.text(k.fieldNode("operator"))]
			return &AugAssignStmt{OpPos: p.pos(k.fieldNode("operator")), Op: op,
				Target: p.target(k.fieldNode("left")), Value: p.rhs(k.fieldNode("right"))}
		case "identifier":
			if p.text(k) == "print" { // Python 2: bare print
				return &PrintStmt{PrintPos: p.pos(k)}
			}
		}
		return &ExprStmt{X: p.exprOrTuple(k)}
	}
	// a, b (a tuple expression statement)
	t := &TupleExpr{LParen: p.pos(n)}
	for _, k := range kids {
		t.Elts = append(t.Elts, p.expr(k))
	}
	return &ExprStmt{X: t}
}

var augOps = map[string]Op{
	"+=": Add, "-=": Sub, "*=": Mul, "/=": Div, "//=": FloorDiv, "%=": Mod, "**=": Pow,
	"@=": MatMul, "<<=": LShift, ">>=": RShift, "&=": BitAnd, "|=": BitOr, "^=": BitXor,
}

func (p *parser) assignment(n *cnode) Stmt {
	left := n.fieldNode("left")
	right := n.fieldNode("right")
	if typ := n.fieldNode("type"); typ != nil {
		s := &AnnAssignStmt{Target: p.target(left), Ann: p.typeExpr(typ)}
		if right != nil {
			s.Value = p.rhs(right)
		}
		return s
	}
	s := &AssignStmt{}
	var eq *cnode
	for _, k := range n.kids {
		if k.kind == "=" {
			eq = k
		}
	}
	if eq != nil {
		s.EqPos = p.pos(eq)
	}
	s.Targets = append(s.Targets, p.target(left))
	for right != nil && right.kind == "assignment" {
		if right.fieldNode("type") != nil {
			p.errorf(right, "syntax error: annotated chained assignment")
			return s
		}
		s.Targets = append(s.Targets, p.target(right.fieldNode("left")))
		right = right.fieldNode("right")
	}
	if right == nil {
		p.errorf(n, "syntax error: missing value in assignment")
		return s
	}
	if right.kind == "augmented_assignment" {
		p.errorf(right, "syntax error: invalid augmented assignment")
		return s
	}
	s.Value = p.rhs(right)
	return s
}

// typeExpr converts an annotation. Only its head matters at run time
// (ClassVar[...] for dataclasses), so generic parameters are dropped.
func (p *parser) typeExpr(n *cnode) Expr {
	for n.kind == "type" {
		k := n.namedKids()
		if len(k) == 0 {
			break
		}
		n = k[0]
	}
	switch n.kind {
	case "generic_type", "union_type", "constrained_type", "splat_type":
		for _, k := range n.namedKids() {
			if k.kind == "identifier" || k.kind == "type" {
				return p.typeExpr(k)
			}
		}
	case "member_type":
		var x Expr
		for _, k := range n.namedKids() {
			if k.kind == "identifier" {
				if x == nil {
					x = p.ident(k)
				} else {
					x = &AttrExpr{X: x, Dot: p.pos(k), Name: p.text(k), NamePos: p.pos(k)}
				}
			} else if k.kind == "type" && x == nil {
				x = p.typeExpr(k)
			}
		}
		if x != nil {
			return x
		}
	case "type_parameter":
	default:
		return p.expr(n)
	}
	return &Literal{ValuePos: p.pos(n), Kind: NoneLit}
}

// rhs converts the right side of an assignment (which may be a bare tuple or
// a yield).
func (p *parser) rhs(n *cnode) Expr {
	return p.exprOrTuple(n)
}

func (p *parser) dotted(n *cnode) string {
	if n == nil {
		return ""
	}
	var parts []string
	for _, k := range n.namedKids() {
		parts = append(parts, p.text(k))
	}
	if len(parts) == 0 {
		return p.text(n)
	}
	return strings.Join(parts, ".")
}

func (p *parser) ident(n *cnode) *Ident {
	return &Ident{NamePos: p.pos(n), Name: p.text(n)}
}

func (p *parser) funcDef(n *cnode, decos []Expr) Stmt {
	nameNode := n.fieldNode("name")
	f := &Function{DefPos: p.pos(n), Name: p.text(nameNode), Decorators: decos, IsAsync: n.hasToken("async")}
	p.params(f, n.fieldNode("parameters"))
	saved, savedLoop, savedClass := p.fn, p.loopDepth, p.inClass
	p.fn, p.loopDepth, p.inClass = f, 0, false
	f.Body = p.block(n.fieldNode("body"))
	p.fn, p.loopDepth, p.inClass = saved, savedLoop, savedClass
	return &DefStmt{Func: f, Bind: &Ident{NamePos: p.pos(nameNode), Name: f.Name}}
}

func (p *parser) classDef(n *cnode, decos []Expr) Stmt {
	nameNode := n.fieldNode("name")
	s := &ClassStmt{ClassPos: p.pos(n), Name: p.text(nameNode), Decorators: decos,
		Bind: &Ident{NamePos: p.pos(nameNode), Name: p.text(nameNode)}}
	if sc := n.fieldNode("superclasses"); sc != nil {
		s.Bases, _, _ = p.args(sc)
	}
	saved, savedLoop, savedClass := p.fn, p.loopDepth, p.inClass
	p.loopDepth, p.inClass = 0, true
	s.Body = p.block(n.fieldNode("body"))
	p.fn, p.loopDepth, p.inClass = saved, savedLoop, savedClass
	return s
}

// params fills f's parameters in slot order: positional, keyword-only,
// *args, **kwargs.
func (p *parser) params(f *Function, n *cnode) {
	f.VarArgs, f.VarKwargs = -1, -1
	if n == nil {
		return
	}
	var pos, kwonly []*Param
	var varargs, varkw *Param
	star := false
	seen := map[string]bool{}
	add := func(k *cnode, name string, kind ParamKind, def Expr) {
		if seen[name] {
			p.errorf(k, "syntax error: duplicate argument %q in function definition", name)
		}
		seen[name] = true
		prm := &Param{Pos: p.pos(k), Name: name, Kind: kind, Default: def}
		if def != nil {
			f.HasDefaults = true
		}
		switch kind {
		case VarArgs:
			varargs = prm
		case VarKwargs:
			varkw = prm
		case KwOnly:
			kwonly = append(kwonly, prm)
		default:
			if def == nil && len(pos) > 0 && pos[len(pos)-1].Default != nil && !star {
				p.errorf(k, "syntax error: parameter without a default follows parameter with a default")
			}
			pos = append(pos, prm)
		}
	}
	kindNow := func() ParamKind {
		if star {
			return KwOnly
		}
		return Normal
	}
	for _, k := range n.namedKids() {
		switch k.kind {
		case "identifier":
			add(k, p.text(k), kindNow(), nil)
		case "default_parameter", "typed_default_parameter":
			nm := k.fieldNode("name")
			if nm.kind != "identifier" {
				p.errorf(k, "syntax error: tuple parameters are not supported")
				continue
			}
			add(k, p.text(nm), kindNow(), p.expr(k.fieldNode("value")))
		case "typed_parameter":
			inner := k.namedKids()[0]
			switch inner.kind {
			case "identifier":
				add(k, p.text(inner), kindNow(), nil)
			case "list_splat_pattern":
				add(k, p.text(inner.namedKids()[0]), VarArgs, nil)
				star = true
			case "dictionary_splat_pattern":
				add(k, p.text(inner.namedKids()[0]), VarKwargs, nil)
			}
		case "list_splat_pattern":
			add(k, p.text(k.namedKids()[0]), VarArgs, nil)
			star = true
		case "dictionary_splat_pattern":
			add(k, p.text(k.namedKids()[0]), VarKwargs, nil)
		case "keyword_separator":
			star = true
		case "positional_separator":
			for _, prm := range pos {
				prm.Kind = PosOnly
			}
			f.NumPosOnly = len(pos)
		case "tuple_pattern":
			p.errorf(k, "syntax error: tuple parameters are not supported")
		default:
			p.errorf(k, "syntax error: unexpected %s in parameters", k.kind)
		}
	}
	f.Params = append(f.Params, pos...)
	f.Params = append(f.Params, kwonly...)
	f.NumParams = len(pos)
	f.NumKwOnly = len(kwonly)
	if varargs != nil {
		f.VarArgs = len(f.Params)
		f.Params = append(f.Params, varargs)
	}
	if varkw != nil {
		f.VarKwargs = len(f.Params)
		f.Params = append(f.Params, varkw)
	}
}

// ---- expressions ----

// exprOrTuple converts n, turning expression lists into tuples.
func (p *parser) exprOrTuple(n *cnode) Expr {
	switch n.kind {
	case "expression_list", "pattern_list":
		t := &TupleExpr{LParen: p.pos(n)}
		for _, k := range n.namedKids() {
			t.Elts = append(t.Elts, p.expr(k))
		}
		return t
	}
	return p.expr(n)
}

// target converts an assignment target and checks that it can be assigned.
func (p *parser) target(n *cnode) Expr {
	e := p.exprOrTuple(n)
	p.checkTarget(e, n)
	return e
}

func (p *parser) checkTarget(e Expr, n *cnode) {
	switch e := e.(type) {
	case *Ident, *AttrExpr, *IndexExpr:
	case *TupleExpr:
		stars := 0
		for _, x := range e.Elts {
			if _, ok := x.(*Starred); ok {
				stars++
			}
			p.checkTarget(x, n)
		}
		if stars > 1 {
			p.errorf(n, "syntax error: multiple starred expressions in assignment")
		}
	case *ListExpr:
		for _, x := range e.Elts {
			p.checkTarget(x, n)
		}
	case *Starred:
		p.checkTarget(e.X, n)
	default:
		p.errorAt(e.Span(), "syntax error: cannot assign to expression")
	}
}

func (p *parser) expr(n *cnode) Expr {
	pos := p.pos(n)
	switch n.kind {
	case "identifier":
		return &Ident{NamePos: pos, Name: p.text(n)}
	case "keyword_identifier":
		return &Ident{NamePos: pos, Name: p.text(n)}
	case "integer":
		return p.intLit(n)
	case "float":
		t := strings.ReplaceAll(p.text(n), "_", "")
		if strings.HasSuffix(t, "j") || strings.HasSuffix(t, "J") {
			return &BadExpr{At: pos, Msg: "complex numbers are not supported"}
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil && !math.IsInf(f, 0) {
			p.errorf(n, "syntax error: invalid float literal %q", t)
		}
		return &Literal{ValuePos: pos, Kind: FloatLit, Float: f, Raw: t}
	case "string":
		return p.strings([]*cnode{n}, pos)
	case "concatenated_string":
		return p.strings(n.namedKids(), pos)
	case "true":
		return &Literal{ValuePos: pos, Kind: TrueLit}
	case "false":
		return &Literal{ValuePos: pos, Kind: FalseLit}
	case "none":
		return &Literal{ValuePos: pos, Kind: NoneLit}
	case "ellipsis":
		return &Literal{ValuePos: pos, Kind: EllipsisLit}
	case "parenthesized_expression":
		k := n.namedKids()
		if len(k) != 1 {
			p.errorf(n, "syntax error: invalid parenthesized expression")
			return &Literal{ValuePos: pos, Kind: NoneLit}
		}
		return p.expr(k[0])
	case "tuple", "expression_list", "pattern_list", "tuple_pattern":
		t := &TupleExpr{LParen: pos}
		for _, k := range n.namedKids() {
			t.Elts = append(t.Elts, p.expr(k))
		}
		return t
	case "list", "list_pattern":
		l := &ListExpr{LBrack: pos}
		for _, k := range n.namedKids() {
			l.Elts = append(l.Elts, p.expr(k))
		}
		return l
	case "set":
		s := &SetExpr{LBrace: pos}
		for _, k := range n.namedKids() {
			s.Elts = append(s.Elts, p.expr(k))
		}
		return s
	case "dictionary":
		d := &DictExpr{LBrace: pos}
		for _, k := range n.namedKids() {
			switch k.kind {
			case "pair":
				d.Items = append(d.Items, DictItem{Key: p.expr(k.fieldNode("key")), Value: p.expr(k.fieldNode("value"))})
			case "dictionary_splat":
				d.Items = append(d.Items, DictItem{Value: p.expr(k.namedKids()[0])})
			default:
				p.errorf(k, "syntax error: unexpected %s in dict", k.kind)
			}
		}
		return d
	case "list_splat", "list_splat_pattern", "parenthesized_list_splat":
		k := n.namedKids()
		if len(k) == 0 {
			p.errorf(n, "syntax error: invalid star expression")
			return &Literal{ValuePos: pos, Kind: NoneLit}
		}
		if n.kind == "parenthesized_list_splat" {
			return p.expr(k[0])
		}
		return &Starred{Star: pos, X: p.expr(k[0])}
	case "attribute":
		a := n.fieldNode("attribute")
		return &AttrExpr{X: p.expr(n.fieldNode("object")), Dot: p.pos(a), Name: p.text(a), NamePos: p.pos(a)}
	case "subscript":
		x := &IndexExpr{X: p.expr(n.fieldNode("value"))}
		for _, k := range n.kids {
			if k.kind == "[" {
				x.LBrack = p.pos(k)
				break
			}
		}
		subs := n.fieldNodes("subscript")
		if len(subs) == 1 && !n.hasToken(",") {
			x.Key = p.expr(subs[0])
		} else {
			t := &TupleExpr{LParen: x.LBrack}
			for _, k := range subs {
				t.Elts = append(t.Elts, p.expr(k))
			}
			x.Key = t
		}
		return x
	case "slice":
		s := &SliceExpr{Colon: pos}
		part := 0
		for _, k := range n.kids {
			if !k.named {
				if k.kind == ":" {
					part++
				}
				continue
			}
			if k.kind == "comment" {
				continue
			}
			e := p.expr(k)
			switch part {
			case 0:
				s.Lo = e
			case 1:
				s.Hi = e
			default:
				s.Step = e
			}
		}
		return s
	case "call":
		c := &CallExpr{Fn: p.expr(n.fieldNode("function"))}
		a := n.fieldNode("arguments")
		c.LParen = p.pos(a)
		if a.kind == "generator_expression" {
			c.Args = []Arg{{Pos: p.pos(a), Value: p.expr(a)}}
			c.NumPositional, c.Simple = 1, true
		} else {
			c.Args, c.NumPositional, c.Simple = p.args(a)
		}
		return c
	case "unary_operator":
		op := Neg
		switch p.text(n.fieldNode("operator")) {
		case "+":
			op = Plus
		case "~":
			op = Invert
		}
		return &UnaryExpr{OpPos: pos, Op: op, X: p.expr(n.fieldNode("argument"))}
	case "not_operator":
		return &UnaryExpr{OpPos: pos, Op: Not, X: p.expr(n.fieldNode("argument"))}
	case "binary_operator":
		opn := n.fieldNode("operator")
		op, ok := binOps[p.text(opn)]
		if !ok {
			p.errorf(opn, "syntax error: unknown operator %q", p.text(opn))
		}
		return &BinaryExpr{X: p.expr(n.fieldNode("left")), OpPos: p.pos(opn), Op: op, Y: p.expr(n.fieldNode("right"))}
	case "boolean_operator":
		opn := n.fieldNode("operator")
		op := And
		if p.text(opn) == "or" {
			op = Or
		}
		return &BoolExpr{X: p.expr(n.fieldNode("left")), OpPos: p.pos(opn), Op: op, Y: p.expr(n.fieldNode("right"))}
	case "comparison_operator":
		return p.comparison(n)
	case "conditional_expression":
		k := n.namedKids()
		if len(k) != 3 {
			p.errorf(n, "syntax error: invalid conditional expression")
			return &Literal{ValuePos: pos, Kind: NoneLit}
		}
		return &CondExpr{StartPos: pos, True: p.expr(k[0]), Cond: p.expr(k[1]), False: p.expr(k[2])}
	case "lambda":
		f := &Function{DefPos: pos, Name: "<lambda>", IsLambda: true}
		p.params(f, n.fieldNode("parameters"))
		saved, savedLoop, savedClass := p.fn, p.loopDepth, p.inClass
		p.fn, p.loopDepth, p.inClass = f, 0, false
		body := n.fieldNode("body")
		f.Body = []Stmt{&ReturnStmt{ReturnPos: p.pos(body), X: p.expr(body)}}
		p.fn, p.loopDepth, p.inClass = saved, savedLoop, savedClass
		return &LambdaExpr{Func: f}
	case "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
		c := &Comprehension{StartPos: pos}
		switch n.kind {
		case "list_comprehension":
			c.Kind = ListComp
		case "set_comprehension":
			c.Kind = SetComp
		case "dictionary_comprehension":
			c.Kind = DictComp
		default:
			c.Kind = GenExpr
		}
		body := n.fieldNode("body")
		if c.Kind == DictComp {
			c.Key = p.expr(body.fieldNode("key"))
			c.Body = p.expr(body.fieldNode("value"))
		} else {
			c.Body = p.expr(body)
		}
		for _, k := range n.namedKids() {
			switch k.kind {
			case "for_in_clause":
				if k.hasToken("async") {
					return &BadExpr{At: pos, Msg: "async comprehensions are not supported"}
				}
				cl := CompClause{Pos: p.pos(k), Target: p.target(k.fieldNode("left"))}
				rights := k.fieldNodes("right")
				var iters []Expr
				for _, r := range rights {
					if r.named {
						iters = append(iters, p.expr(r))
					}
				}
				if len(iters) == 1 {
					cl.Iter = iters[0]
				} else {
					cl.Iter = &TupleExpr{LParen: p.pos(rights[0]), Elts: iters}
				}
				c.Clauses = append(c.Clauses, cl)
			case "if_clause":
				c.Clauses = append(c.Clauses, CompClause{Pos: p.pos(k), Cond: p.expr(k.namedKids()[0])})
			}
		}
		return c
	case "yield":
		y := &YieldExpr{YieldPos: pos, From: n.hasToken("from")}
		if k := n.namedKids(); len(k) > 0 {
			y.X = p.exprOrTuple(k[0])
		}
		if p.fn == nil {
			p.errorf(n, "syntax error: 'yield' outside function")
		} else {
			p.fn.IsGenerator = true
		}
		return y
	case "named_expression":
		return &NamedExpr{Name: p.ident(n.fieldNode("name")), Value: p.expr(n.fieldNode("value"))}
	case "await":
		return &BadExpr{At: pos, Msg: "await is not supported"}
	case "as_pattern":
		p.errorf(n, "syntax error: unexpected 'as'")
	case "keyword_argument":
		p.errorf(n, "syntax error: unexpected keyword argument")
	default:
		p.errorf(n, "syntax error: unexpected %s", strings.ReplaceAll(n.kind, "_", " "))
	}
	return &Literal{ValuePos: pos, Kind: NoneLit}
}

var binOps = map[string]Op{
	"+": Add, "-": Sub, "*": Mul, "/": Div, "//": FloorDiv, "%": Mod, "**": Pow, "@": MatMul,
	"<<": LShift, ">>": RShift, "&": BitAnd, "|": BitOr, "^": BitXor,
}

var cmpOps = map[string]Op{
	"==": Eq, "!=": Ne, "<>": Ne, "<": Lt, "<=": Le, ">": Gt, ">=": Ge, "in": In, "is": Is,
	"is not": IsNot, "not in": NotIn,
}

func (p *parser) comparison(n *cnode) Expr {
	c := &CompareExpr{StartPos: p.pos(n)}
	var pending string
	for _, k := range n.kids {
		if k.named {
			if k.kind == "comment" {
				continue
			}
			if pending != "" {
				c.Ops = append(c.Ops, cmpOps[pending])
				pending = ""
			}
			c.Operands = append(c.Operands, p.expr(k))
			continue
		}
		t := k.kind
		switch {
		case pending == "is" && t == "not":
			pending = "is not"
		case pending == "not" && t == "in":
			pending = "not in"
		default:
			pending = t
		}
		if _, ok := cmpOps[pending]; !ok && pending != "not" {
			p.errorf(k, "syntax error: unknown comparison %q", pending)
		}
	}
	if len(c.Operands) != len(c.Ops)+1 {
		p.errorf(n, "syntax error: invalid comparison")
	}
	return c
}

// args converts an argument_list.
func (p *parser) args(n *cnode) (args []Arg, npos int, simple bool) {
	simple = true
	sawKw, sawStar := false, false
	for _, k := range n.namedKids() {
		a := Arg{Pos: p.pos(k)}
		switch k.kind {
		case "keyword_argument":
			a.Name = p.text(k.fieldNode("name"))
			a.Value = p.expr(k.fieldNode("value"))
			sawKw = true
			for _, prev := range args {
				if prev.Name == a.Name {
					p.errorf(k, "syntax error: keyword argument repeated: %s", a.Name)
				}
			}
		case "list_splat":
			a.Star = 1
			a.Value = p.expr(k.namedKids()[0])
			simple = false
			sawStar = true
		case "dictionary_splat":
			a.Star = 2
			a.Value = p.expr(k.namedKids()[0])
			simple = false
			sawStar = true
		default:
			a.Value = p.expr(k)
			if sawKw {
				p.errorf(k, "syntax error: positional argument follows keyword argument")
			}
			if !sawStar {
				npos++
			}
		}
		args = append(args, a)
	}
	return args, npos, simple
}

func (p *parser) intLit(n *cnode) Expr {
	pos := p.pos(n)
	raw := p.text(n)
	t := strings.ReplaceAll(raw, "_", "")
	lit := &Literal{ValuePos: pos, Kind: IntLit, Raw: raw}
	if strings.HasSuffix(t, "j") || strings.HasSuffix(t, "J") {
		return &BadExpr{At: pos, Msg: "complex numbers are not supported"}
	}
	t = strings.TrimRight(t, "lL") // Python 2 long
	base := 10
	switch {
	case len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'):
		base, t = 16, t[2:]
	case len(t) > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'O'):
		base, t = 8, t[2:]
	case len(t) > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B'):
		base, t = 2, t[2:]
	case len(t) > 1 && t[0] == '0' && strings.Trim(t, "0") != "":
		base = 8 // Python 2 octal 0777
	}
	u, err := strconv.ParseUint(t, base, 64)
	if err != nil || u > math.MaxInt64 {
		if ne, ok := err.(*strconv.NumError); err == nil || ok && ne.Err == strconv.ErrRange {
			return &BadExpr{At: pos, Msg: fmt.Sprintf("integer literal %s is too large (netsum uses 64-bit integers)", raw)}
		} else {
			p.errorf(n, "syntax error: invalid integer literal %q", raw)
		}
		return lit
	}
	lit.Int = int64(u)
	return lit
}

// strings converts one or more adjacent string literals.
func (p *parser) strings(parts []*cnode, pos Pos) Expr {
	var fparts []FPart
	isF, isBytes := false, false
	var sb strings.Builder
	for i, n := range parts {
		prefix, quote, body, ok := p.splitString(n)
		if !ok {
			return &Literal{ValuePos: pos, Kind: StringLit}
		}
		lp := strings.ToLower(prefix)
		raw := strings.Contains(lp, "r")
		if quote == "`" {
			if len(parts) > 1 {
				p.errorf(n, "syntax error: invalid backquote")
			}
			return p.backquote(n, body)
		}
		if strings.Contains(lp, "b") {
			if i == 0 {
				isBytes = true
			}
		}
		if !strings.Contains(lp, "f") {
			s := p.decode(n, body, raw, isBytes)
			sb.WriteString(s)
			continue
		}
		// f-string: walk content and interpolations in order.
		if !isF {
			isF = true
			if sb.Len() > 0 {
				fparts = append(fparts, FPart{Lit: sb.String()})
			}
			sb.Reset()
		}
		flush := func() {
			if sb.Len() > 0 {
				fparts = append(fparts, FPart{Lit: sb.String()})
				sb.Reset()
			}
		}
		for _, k := range n.kids {
			switch k.kind {
			case "string_content":
				s := p.decode(k, p.text(k), raw, false)
				s = strings.ReplaceAll(strings.ReplaceAll(s, "{{", "{"), "}}", "}")
				sb.WriteString(s)
			case "interpolation":
				flush()
				fparts = append(fparts, p.interpolation(k, raw))
			}
		}
		flush()
	}
	if isF {
		if sb.Len() > 0 {
			fparts = append(fparts, FPart{Lit: sb.String()})
		}
		return &FString{StrPos: pos, Parts: fparts}
	}
	kind := StringLit
	if isBytes {
		kind = BytesLit
	}
	return &Literal{ValuePos: pos, Kind: kind, Str: sb.String()}
}

func (p *parser) interpolation(n *cnode, raw bool) FPart {
	fp := FPart{}
	e := n.fieldNode("expression")
	if e == nil {
		p.errorf(n, "syntax error: empty expression in f-string")
		return fp
	}
	fp.Expr = p.exprOrTuple(e)
	if n.hasToken("=") {
		// {x=}: the text up to and including '='
		end := n.end
		for _, k := range n.kids {
			if !k.named && k.kind == "=" {
				end = k.end
			}
		}
		fp.Self = string(p.src[n.start+1 : end])
		fp.Conv = 'r'
	}
	if tc := n.fieldNode("type_conversion"); tc != nil {
		t := p.text(tc)
		if len(t) == 2 {
			fp.Conv = t[1]
		}
	}
	if spec := n.fieldNode("format_specifier"); spec != nil {
		start := spec.start
		if start < spec.end && p.src[start] == ':' {
			start++
		}
		for _, k := range spec.kids {
			if k.kind != "format_expression" {
				continue
			}
			if k.start > start {
				fp.Spec = append(fp.Spec, FPart{Lit: string(p.src[start:k.start])})
			}
			if ex := k.fieldNode("expression"); ex != nil {
				fp.Spec = append(fp.Spec, FPart{Expr: p.exprOrTuple(ex)})
			}
			start = k.end
		}
		if spec.end > start {
			fp.Spec = append(fp.Spec, FPart{Lit: string(p.src[start:spec.end])})
		}
	}
	return fp
}

// splitString returns the prefix, quote and raw body of a string node.
func (p *parser) splitString(n *cnode) (prefix, quote, body string, ok bool) {
	var startN, endN *cnode
	for _, k := range n.kids {
		switch k.kind {
		case "string_start":
			startN = k
		case "string_end":
			endN = k
		}
	}
	if startN == nil || endN == nil {
		p.errorf(n, "syntax error: invalid string literal")
		return "", "", "", false
	}
	st := p.text(startN)
	i := strings.IndexAny(st, "'\"`")
	if i < 0 {
		p.errorf(n, "syntax error: invalid string literal")
		return "", "", "", false
	}
	return st[:i], st[i:], string(p.src[startN.end:endN.start]), true
}

// backquote parses `expr` (Python 2 repr).
func (p *parser) backquote(n *cnode, body string) Expr {
	pos := p.pos(n)
	sub := &parser{file: p.file, src: []byte(body), lineOff: pos.Line - 1, colOff: pos.Col, fn: p.fn, loopDepth: p.loopDepth}
	root, _ := parseCST(sub.src)
	if root == nil {
		p.errorf(n, "syntax error: invalid backquote expression")
		return &Literal{ValuePos: pos, Kind: NoneLit}
	}
	sub.findErrors(root)
	kids := root.namedKids()
	if len(sub.errs) > 0 || len(kids) != 1 || kids[0].kind != "expression_statement" {
		p.errorf(n, "syntax error: invalid backquote expression")
		return &Literal{ValuePos: pos, Kind: NoneLit}
	}
	es := sub.exprStmt(kids[0])
	p.errs = append(p.errs, sub.errs...)
	x, ok := es.(*ExprStmt)
	if !ok {
		p.errorf(n, "syntax error: invalid backquote expression")
		return &Literal{ValuePos: pos, Kind: NoneLit}
	}
	return &ReprExpr{Tick: pos, X: x.X}
}

// decode processes escape sequences in a string literal body.
func (p *parser) decode(n *cnode, s string, raw, isBytes bool) string {
	if raw || !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		c = s[i]
		switch c {
		case '\n':
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\\', '\'', '"':
			b.WriteByte(c)
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 32)
			if isBytes {
				b.WriteByte(byte(v))
			} else {
				b.WriteRune(rune(v))
			}
			i = j - 1
		case 'x':
			if i+2 < len(s)+0 && i+3 <= len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					if isBytes {
						b.WriteByte(byte(v))
					} else {
						b.WriteRune(rune(v))
					}
					i += 2
					continue
				}
			}
			p.errorf(n, `syntax error: invalid \x escape`)
		case 'u', 'U':
			w := 4
			if c == 'U' {
				w = 8
			}
			if isBytes {
				b.WriteByte('\\')
				b.WriteByte(c)
				continue
			}
			if i+w < len(s)+0 || i+w+1 <= len(s) {
				if i+1+w <= len(s) {
					if v, err := strconv.ParseUint(s[i+1:i+1+w], 16, 32); err == nil && v <= utf8.MaxRune {
						b.WriteRune(rune(v)) // lone surrogates become U+FFFD
						i += w
						continue
					}
				}
			}
			p.errorf(n, `syntax error: invalid \%c escape`, c)
		case 'N':
			// \N{NAME}: keep the text; we have no Unicode name table.
			b.WriteString(`\N`)
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
		}
	}
	return b.String()
}
