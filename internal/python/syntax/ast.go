// Package syntax parses the Python 2 and 3 code that people write to build
// models and turns it into a small, position-carrying AST that package eval
// runs. Parsing uses tree-sitter's Python grammar (through the official Go
// bindings); its concrete syntax tree is converted once, here, into the AST
// below, and Parse then resolves every name to a local slot, a closure cell,
// a class namespace or a global, the way CPython's symbol table does.
//
// It imports only package diag and the parser bindings.
package syntax

import (
	"fmt"

	"github.com/netsum/netsum/internal/diag"
)

// Pos is a source position: file name and 1-based line and column (the
// column counts bytes). The zero Pos is unknown.
type Pos struct {
	File string
	Line int32
	Col  int32
}

// IsValid reports whether p is known.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col.
func (p Pos) String() string {
	if p.Line == 0 {
		if p.File == "" {
			return "<unknown>"
		}
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diag converts p to a diag.Pos.
func (p Pos) Diag() diag.Pos { return diag.Pos{File: p.File, Line: int(p.Line), Col: int(p.Col)} }

// A Node is any AST node.
type Node interface {
	// Span returns the position where the node starts.
	Span() Pos
}

// An Expr is an expression node.
type Expr interface {
	Node
	expr()
}

// A Stmt is a statement node.
type Stmt interface {
	Node
	stmt()
}

// Op is an operator.
type Op uint8

// Operators.
const (
	Illegal Op = iota
	// binary arithmetic (also used by augmented assignment)
	Add
	Sub
	Mul
	Div
	FloorDiv
	Mod
	Pow
	MatMul
	LShift
	RShift
	BitAnd
	BitOr
	BitXor
	// unary
	Neg
	Plus // unary +
	Invert
	Not
	// comparison
	Eq
	Ne
	Lt
	Le
	Gt
	Ge
	In
	NotIn
	Is
	IsNot
	// boolean
	And
	Or
)

var opNames = [...]string{
	Illegal: "?", Add: "+", Sub: "-", Mul: "*", Div: "/", FloorDiv: "//", Mod: "%", Pow: "**",
	MatMul: "@", LShift: "<<", RShift: ">>", BitAnd: "&", BitOr: "|", BitXor: "^",
	Neg: "-", Plus: "+", Invert: "~", Not: "not",
	Eq: "==", Ne: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">=", In: "in", NotIn: "not in",
	Is: "is", IsNot: "is not", And: "and", Or: "or",
}

func (op Op) String() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return "?"
}

// Scope says where a resolved name lives.
type Scope uint8

// Scopes of an Ident, set by the resolver.
const (
	Unresolved Scope = iota
	Local            // frame slot Index
	Cell             // frame slot Index holds a closure cell
	Free             // the running function's free variable Index (a cell)
	Global           // module globals, then builtins
	ClassNS          // class body namespace, then globals, then builtins
)

var scopeNames = [...]string{"unresolved", "local", "cell", "free", "global", "class"}

func (s Scope) String() string { return scopeNames[s] }

// ---- expressions ----

// Ident is a name.
type Ident struct {
	NamePos Pos
	Name    string
	Scope   Scope // set by the resolver
	Index   int   // slot or free-variable index
}

// LitKind tells what a Literal holds.
type LitKind uint8

// Literal kinds.
const (
	IntLit LitKind = iota
	FloatLit
	StringLit
	BytesLit
	NoneLit
	TrueLit
	FalseLit
	EllipsisLit
)

// Literal is a constant: Int holds IntLit values, Float FloatLit, Str string
// and bytes literals.
type Literal struct {
	ValuePos Pos
	Kind     LitKind
	Int      int64
	Float    float64
	Str      string
	Raw      string // source text
}

// FString is an f-string: literal text and interpolations in order.
type FString struct {
	StrPos Pos
	Parts  []FPart
}

// FPart is a piece of an f-string: Lit when Expr is nil, else {Expr!Conv:Spec}.
type FPart struct {
	Lit  string
	Expr Expr
	Conv byte    // 0, 'r', 's' or 'a'
	Spec []FPart // format spec, itself possibly with interpolations
	Self string  // for {x=}: the text "x="
}

// TupleExpr is a tuple display: (a, b) or a, b.
type TupleExpr struct {
	LParen Pos
	Elts   []Expr
}

// ListExpr is [a, b].
type ListExpr struct {
	LBrack Pos
	Elts   []Expr
}

// SetExpr is {a, b}.
type SetExpr struct {
	LBrace Pos
	Elts   []Expr
}

// DictExpr is {k: v, **d}.
type DictExpr struct {
	LBrace Pos
	Items  []DictItem
}

// DictItem is one entry of a DictExpr: Key: Value, or **Value when Key is nil.
type DictItem struct {
	Key, Value Expr
}

// Starred is *X in a display, a call or an assignment target.
type Starred struct {
	Star Pos
	X    Expr
}

// AttrExpr is X.Name.
type AttrExpr struct {
	X       Expr
	Dot     Pos // position of the attribute name
	Name    string
	NamePos Pos
}

// IndexExpr is X[Key]; Key is a SliceExpr, a TupleExpr for x[a, b], or any
// expression.
type IndexExpr struct {
	X      Expr
	LBrack Pos
	Key    Expr
}

// SliceExpr is lo:hi:step inside an index; any part may be nil.
type SliceExpr struct {
	Colon        Pos
	Lo, Hi, Step Expr
}

// Arg is one argument of a call: Star is 1 for *x, 2 for **x, and Name is set
// for keyword arguments.
type Arg struct {
	Pos   Pos
	Name  string
	Star  int
	Value Expr
}

// CallExpr is Fn(Args).
type CallExpr struct {
	Fn     Expr
	LParen Pos
	Args   []Arg
	// Counts precomputed by the parser.
	NumPositional int  // plain positional arguments before any keyword or star
	Simple        bool // only plain positional and keyword arguments
}

// UnaryExpr is Op X (-, +, ~, not).
type UnaryExpr struct {
	OpPos Pos
	Op    Op
	X     Expr
}

// BinaryExpr is X Op Y for arithmetic operators.
type BinaryExpr struct {
	X     Expr
	OpPos Pos
	Op    Op
	Y     Expr
}

// BoolExpr is X and Y, X or Y.
type BoolExpr struct {
	X     Expr
	OpPos Pos
	Op    Op
	Y     Expr
}

// CompareExpr is a chain of comparisons a < b <= c.
type CompareExpr struct {
	StartPos Pos
	Ops      []Op
	Operands []Expr // len(Ops)+1
}

// CondExpr is True if Cond else False.
type CondExpr struct {
	StartPos Pos
	Cond     Expr
	True     Expr
	False    Expr
}

// LambdaExpr is lambda params: body.
type LambdaExpr struct {
	Func *Function
}

// CompKind tells what a comprehension builds.
type CompKind uint8

// Comprehension kinds.
const (
	ListComp CompKind = iota
	SetComp
	DictComp
	GenExpr
)

// Comprehension is [Body for ...], {Key: Body for ...}, {Body for ...} or
// (Body for ...).
type Comprehension struct {
	StartPos Pos
	Kind     CompKind
	Key      Expr // dict comprehensions only
	Body     Expr
	Clauses  []CompClause
	Cells    []int // frame slots bound here that are closure cells
}

// CompClause is "for Target in Iter" (Target non-nil) or "if Cond".
type CompClause struct {
	Pos    Pos
	Target Expr
	Iter   Expr
	Cond   Expr
}

// YieldExpr is yield X or yield from X (From).
type YieldExpr struct {
	YieldPos Pos
	X        Expr // may be nil
	From     bool
}

// NamedExpr is Name := Value.
type NamedExpr struct {
	Name  *Ident
	Value Expr
}

// BadExpr is syntax that parses but that netsum does not run (await,
// complex numbers, integers beyond 64 bits); evaluating it is an error.
type BadExpr struct {
	At  Pos
	Msg string
}

// BadStmt is a statement that netsum does not run (match, async for,
// async with); executing it is an error.
type BadStmt struct {
	At  Pos
	Msg string
}

// ReprExpr is the Python 2 backquote `X`, meaning repr(X).
type ReprExpr struct {
	Tick Pos
	X    Expr
}

func (x *Ident) Span() Pos         { return x.NamePos }
func (x *Literal) Span() Pos       { return x.ValuePos }
func (x *FString) Span() Pos       { return x.StrPos }
func (x *TupleExpr) Span() Pos     { return x.LParen }
func (x *ListExpr) Span() Pos      { return x.LBrack }
func (x *SetExpr) Span() Pos       { return x.LBrace }
func (x *DictExpr) Span() Pos      { return x.LBrace }
func (x *Starred) Span() Pos       { return x.Star }
func (x *AttrExpr) Span() Pos      { return x.X.Span() }
func (x *IndexExpr) Span() Pos     { return x.X.Span() }
func (x *SliceExpr) Span() Pos     { return x.Colon }
func (x *CallExpr) Span() Pos      { return x.Fn.Span() }
func (x *UnaryExpr) Span() Pos     { return x.OpPos }
func (x *BinaryExpr) Span() Pos    { return x.X.Span() }
func (x *BoolExpr) Span() Pos      { return x.X.Span() }
func (x *CompareExpr) Span() Pos   { return x.StartPos }
func (x *CondExpr) Span() Pos      { return x.StartPos }
func (x *LambdaExpr) Span() Pos    { return x.Func.DefPos }
func (x *Comprehension) Span() Pos { return x.StartPos }
func (x *YieldExpr) Span() Pos     { return x.YieldPos }
func (x *NamedExpr) Span() Pos     { return x.Name.NamePos }
func (x *ReprExpr) Span() Pos      { return x.Tick }
func (x *BadExpr) Span() Pos       { return x.At }
func (s *BadStmt) Span() Pos       { return s.At }
func (*BadExpr) expr()             {}
func (*BadStmt) stmt()             {}

func (*Ident) expr()         {}
func (*Literal) expr()       {}
func (*FString) expr()       {}
func (*TupleExpr) expr()     {}
func (*ListExpr) expr()      {}
func (*SetExpr) expr()       {}
func (*DictExpr) expr()      {}
func (*Starred) expr()       {}
func (*AttrExpr) expr()      {}
func (*IndexExpr) expr()     {}
func (*SliceExpr) expr()     {}
func (*CallExpr) expr()      {}
func (*UnaryExpr) expr()     {}
func (*BinaryExpr) expr()    {}
func (*BoolExpr) expr()      {}
func (*CompareExpr) expr()   {}
func (*CondExpr) expr()      {}
func (*LambdaExpr) expr()    {}
func (*Comprehension) expr() {}
func (*YieldExpr) expr()     {}
func (*NamedExpr) expr()     {}
func (*ReprExpr) expr()      {}

// ---- statements ----

// ExprStmt is an expression evaluated for its effect.
type ExprStmt struct {
	X Expr
}

// AssignStmt is Targets[0] = Targets[1] = ... = Value.
type AssignStmt struct {
	EqPos   Pos
	Targets []Expr
	Value   Expr
}

// AugAssignStmt is Target Op= Value.
type AugAssignStmt struct {
	OpPos  Pos
	Op     Op
	Target Expr
	Value  Expr
}

// AnnAssignStmt is Target: Ann [= Value].
type AnnAssignStmt struct {
	Target Expr
	Ann    Expr
	Value  Expr // may be nil
}

// PrintStmt is the Python 2 print statement: print [>>Dest,] Args [,].
type PrintStmt struct {
	PrintPos Pos
	Dest     Expr
	Args     []Expr
	NoNL     bool // trailing comma
}

// ExecStmt is the Python 2 exec statement; it always fails at run time.
type ExecStmt struct {
	ExecPos Pos
}

// PassStmt is pass.
type PassStmt struct{ PassPos Pos }

// BranchStmt is break or continue.
type BranchStmt struct {
	BranchPos Pos
	Continue  bool
}

// ReturnStmt is return [X].
type ReturnStmt struct {
	ReturnPos Pos
	X         Expr
}

// RaiseStmt is raise [Exc [from Cause]], or the Python 2 raise E, msg
// (Msg set).
type RaiseStmt struct {
	RaisePos Pos
	Exc      Expr
	Cause    Expr
	Msg      Expr
}

// GlobalStmt is global or nonlocal (Nonlocal) names.
type GlobalStmt struct {
	GlobalPos Pos
	Nonlocal  bool
	Names     []*Ident
}

// AssertStmt is assert Cond[, Msg].
type AssertStmt struct {
	AssertPos Pos
	Cond      Expr
	Msg       Expr
}

// DelStmt is del Targets.
type DelStmt struct {
	DelPos  Pos
	Targets []Expr
}

// ImportStmt is import a.b.c [as d], ...
type ImportStmt struct {
	ImportPos Pos
	Names     []ImportName
}

// ImportName is one dotted module in an import statement. Bind is the
// identifier bound: the alias, or the first component.
type ImportName struct {
	Pos    Pos
	Module string // dotted
	Alias  string
	Bind   *Ident
}

// FromImportStmt is from [.]*module import names; Level counts the dots.
type FromImportStmt struct {
	FromPos Pos
	Level   int
	Module  string // dotted, may be empty for "from . import x"
	Names   []FromName
	Star    bool
}

// FromName is one name of a from-import: Name [as Alias], bound to Bind.
type FromName struct {
	Pos  Pos
	Name string
	Bind *Ident
}

// IfStmt is if Cond: Body else: Else (elif chains nest in Else).
type IfStmt struct {
	IfPos Pos
	Cond  Expr
	Body  []Stmt
	Else  []Stmt
}

// ForStmt is for Target in Iter: Body else: Else.
type ForStmt struct {
	ForPos Pos
	Target Expr
	Iter   Expr
	Body   []Stmt
	Else   []Stmt
}

// WhileStmt is while Cond: Body else: Else.
type WhileStmt struct {
	WhilePos Pos
	Cond     Expr
	Body     []Stmt
	Else     []Stmt
}

// TryStmt is try/except/else/finally.
type TryStmt struct {
	TryPos   Pos
	Body     []Stmt
	Handlers []*ExceptClause
	Else     []Stmt
	Finally  []Stmt
	// HasFinally distinguishes an empty finally from none.
	HasFinally bool
}

// ExceptClause is except [Type [as Name]]: Body.
type ExceptClause struct {
	ExceptPos Pos
	Type      Expr   // nil for a bare except
	Name      *Ident // may be nil
	Body      []Stmt
}

// WithStmt is with Items: Body.
type WithStmt struct {
	WithPos Pos
	Items   []WithItem
	Body    []Stmt
}

// WithItem is Ctx [as Target].
type WithItem struct {
	Ctx    Expr
	Target Expr
}

// ParamKind tells how a parameter binds.
type ParamKind uint8

// Parameter kinds.
const (
	Normal    ParamKind = iota // positional or keyword
	PosOnly                    // before /
	KwOnly                     // after * or *args
	VarArgs                    // *args
	VarKwargs                  // **kwargs
)

// Param is one function parameter.
type Param struct {
	Pos     Pos
	Name    string
	Kind    ParamKind
	Default Expr // may be nil
}

// Function is what def and lambda share: parameters, body and the frame
// layout the resolver computed.
type Function struct {
	DefPos     Pos
	Name       string
	Params     []*Param
	Body       []Stmt
	Decorators []Expr
	IsLambda   bool
	Block
	// Parameter shape, set by the parser.
	NumParams   int // Normal and PosOnly
	NumPosOnly  int
	NumKwOnly   int
	VarArgs     int // slot of *args, or -1
	VarKwargs   int // slot of **kwargs, or -1
	IsGenerator bool
	HasDefaults bool
	IsAsync     bool // async def: calling it is an error
}

// Block is the frame layout of a module, function or class body: its local
// slots (parameters first), which of them are closure cells, and where its
// free variables come from in the enclosing block.
type Block struct {
	Locals   []string
	Cells    []int
	FreeVars []FreeVar
	IsCell   []bool // per slot
}

// FreeVar is a variable captured from the enclosing block: its slot there
// (a cell) when FromFree is false, else the enclosing block's own free
// variable Index.
type FreeVar struct {
	Name     string
	FromFree bool
	Index    int
}

// DefStmt is def Name(...): Body, with decorators.
type DefStmt struct {
	Func *Function
	Bind *Ident
}

// ClassStmt is class Name(Bases): Body.
type ClassStmt struct {
	ClassPos   Pos
	Name       string
	Bind       *Ident
	Bases      []Arg // positional bases and keywords such as metaclass=
	Body       []Stmt
	Decorators []Expr
	Block
}

// File is a parsed module.
type File struct {
	Name string
	Body []Stmt
	Block
}

func (s *ExprStmt) Span() Pos       { return s.X.Span() }
func (s *AssignStmt) Span() Pos     { return s.Targets[0].Span() }
func (s *AugAssignStmt) Span() Pos  { return s.Target.Span() }
func (s *AnnAssignStmt) Span() Pos  { return s.Target.Span() }
func (s *PrintStmt) Span() Pos      { return s.PrintPos }
func (s *ExecStmt) Span() Pos       { return s.ExecPos }
func (s *PassStmt) Span() Pos       { return s.PassPos }
func (s *BranchStmt) Span() Pos     { return s.BranchPos }
func (s *ReturnStmt) Span() Pos     { return s.ReturnPos }
func (s *RaiseStmt) Span() Pos      { return s.RaisePos }
func (s *GlobalStmt) Span() Pos     { return s.GlobalPos }
func (s *AssertStmt) Span() Pos     { return s.AssertPos }
func (s *DelStmt) Span() Pos        { return s.DelPos }
func (s *ImportStmt) Span() Pos     { return s.ImportPos }
func (s *FromImportStmt) Span() Pos { return s.FromPos }
func (s *IfStmt) Span() Pos         { return s.IfPos }
func (s *ForStmt) Span() Pos        { return s.ForPos }
func (s *WhileStmt) Span() Pos      { return s.WhilePos }
func (s *TryStmt) Span() Pos        { return s.TryPos }
func (s *WithStmt) Span() Pos       { return s.WithPos }
func (s *DefStmt) Span() Pos        { return s.Func.DefPos }
func (s *ClassStmt) Span() Pos      { return s.ClassPos }

func (*ExprStmt) stmt()       {}
func (*AssignStmt) stmt()     {}
func (*AugAssignStmt) stmt()  {}
func (*AnnAssignStmt) stmt()  {}
func (*PrintStmt) stmt()      {}
func (*ExecStmt) stmt()       {}
func (*PassStmt) stmt()       {}
func (*BranchStmt) stmt()     {}
func (*ReturnStmt) stmt()     {}
func (*RaiseStmt) stmt()      {}
func (*GlobalStmt) stmt()     {}
func (*AssertStmt) stmt()     {}
func (*DelStmt) stmt()        {}
func (*ImportStmt) stmt()     {}
func (*FromImportStmt) stmt() {}
func (*IfStmt) stmt()         {}
func (*ForStmt) stmt()        {}
func (*WhileStmt) stmt()      {}
func (*TryStmt) stmt()        {}
func (*WithStmt) stmt()       {}
func (*DefStmt) stmt()        {}
func (*ClassStmt) stmt()      {}
