package syntax_test

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/python/syntax"
)

func TestParseValid(t *testing.T) {
	for _, src := range []string{
		"x = 1\n",
		"print x, y\nprint >>f, x\nprint\nprint x,\n",
		"exec 'x = 1'\n",
		"try:\n  pass\nexcept E, e:\n  pass\n",
		"raise E, 'msg'\n",
		"x = `y`\n",
		"n = 10L + 0777\n",
		"if a <> b: pass\n",
		"def f(a, b=1, *args, c, d=2, **kw) -> int:\n  return a\n",
		"def f(a, /, b, *, c): pass\n",
		"lambda x, *y, **z: x\n",
		"@d1\n@d2(3)\nclass A(B, metaclass=M):\n  x: int = 1\n  y: 'Foo'\n",
		"with a as b, c as (d, e): pass\n",
		"x[1:2, ::3, ...]\n",
		"a, *b = c\n",
		"f(*a, **k)\n",
		"from . import x\nfrom ..a.b import c as d, e\nfrom x import *\nimport a.b.c as d, e\n",
		"x = f'{a!r:>{w}} {{lit}} {b:.2f} {c=}'\n",
		"if (n := 10) > 5: pass\n",
		"def g():\n  x = yield\n  yield from y\n",
		"for i, (a, b) in enumerate(x): pass\nelse: pass\n",
		"while x: break\nelse: pass\n",
		"x = [i for i in range(3) if i for j in y]\n",
		"from __future__ import print_function, division\n",
		"global a\n",
		"a = b = c = 1\n",
		"x: List[int] = []\n",
		"class A:\n  def f(self):\n    return __class__\n",
		"u'abc' b'x' r'\\d'\n",
	} {
		if _, err := syntax.Parse("t.py", []byte(src)); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"def f(:\n  pass\n", "t.py:1:7: syntax error: missing \")\""},
		{"break\n", "t.py:1:1: syntax error: 'break' outside loop"},
		{"return 1\n", "t.py:1:1: syntax error: 'return' outside function"},
		{"yield 1\n", "t.py:1:1: syntax error: 'yield' outside function"},
		{"f() = 1\n", "t.py:1:1: syntax error"},
		{"for f() in x: pass\n", "syntax error"},
		{"def f(a, a): pass\n", "duplicate argument"},
		{"def f():\n  nonlocal x\n", "no binding for nonlocal 'x' found"},
		{"f(a=1, a=2)\n", "keyword argument repeated"},
		{"def f():\n  from m import *\n", "import * only allowed at module level"},
		{"x = " + strings.Repeat("(", 1100) + "1" + strings.Repeat(")", 1100) + "\n", "nested too deeply"},
	} {
		_, err := syntax.Parse("t.py", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%.40q) = %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	src := `
g = 1
def outer(p):
    loc = 2
    def inner():
        return loc + g + p
    return [lambda: q for q in range(3)]
class C:
    attr = g
    def m(self):
        return attr
`
	f, err := syntax.Parse("t.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	scopes := map[string][]string{}
	var walk func(n any, where string)
	walk = func(n any, where string) {
		switch n := n.(type) {
		case *syntax.Ident:
			scopes[where+"."+n.Name] = append(scopes[where+"."+n.Name], n.Scope.String())
		case *syntax.DefStmt:
			walk(n.Bind, where)
			for _, s := range n.Func.Body {
				walk(s, n.Func.Name)
			}
		case *syntax.ClassStmt:
			walk(n.Bind, where)
			for _, s := range n.Body {
				walk(s, n.Name)
			}
		case *syntax.AssignStmt:
			for _, x := range n.Targets {
				walk(x, where)
			}
			walk(n.Value, where)
		case *syntax.ReturnStmt:
			walk(n.X, where)
		case *syntax.BinaryExpr:
			walk(n.X, where)
			walk(n.Y, where)
		case *syntax.Comprehension:
			walk(n.Body, where+".comp")
			walk(n.Clauses[0].Target, where+".comp")
		case *syntax.LambdaExpr:
			walk(n.Func.Body[0], where+".lambda")
		}
	}
	for _, s := range f.Body {
		walk(s, "mod")
	}
	want := map[string]string{
		"mod.g":               "global",
		"outer.loc":           "cell",
		"inner.loc":           "free",
		"inner.g":             "global",
		"inner.p":             "free",
		"outer.comp.q":        "cell",
		"outer.comp.lambda.q": "free",
		"C.attr":              "class",
		"C.g":                 "global",
		"m.attr":              "global",
		"mod.C":               "global",
		"mod.outer":           "global",
		"outer.inner":         "local",
		"outer.comp.lambda":   "",
	}
	for k, v := range want {
		if v == "" {
			continue
		}
		got := scopes[k]
		if len(got) == 0 || got[0] != v {
			t.Errorf("%s: got %v, want %s", k, got, v)
		}
	}
}

func TestPositions(t *testing.T) {
	f, err := syntax.Parse("p.py", []byte("x = 1\nif x:\n    y = foo.bar(x)\n"))
	if err != nil {
		t.Fatal(err)
	}
	ifs := f.Body[1].(*syntax.IfStmt)
	as := ifs.Body[0].(*syntax.AssignStmt)
	call := as.Value.(*syntax.CallExpr)
	attr := call.Fn.(*syntax.AttrExpr)
	for _, tc := range []struct {
		got  syntax.Pos
		want string
	}{
		{ifs.Span(), "p.py:2:1"},
		{as.Span(), "p.py:3:5"},
		{call.LParen, "p.py:3:16"},
		{attr.NamePos, "p.py:3:13"},
	} {
		if tc.got.String() != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}
