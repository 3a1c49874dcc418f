package syntax

import (
	"fmt"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

func TestProbe(t *testing.T) {
	src := []byte("print x, y\nprint >>f, x\nprint\nexec code\nexec 'x' in d\nx = `y`\ntry:\n  pass\nexcept E, e:\n  pass\nn = 10L\nx = 0777\nf'a{b!r:>{w}}c'\nu'abc'\nasync def f():\n  await x\nx = a @ b\nx = {**a}\nprint(x, end='')\ndef f(a, /, b, *, c): pass\nmatch x:\n  case 1: pass\nx: int = 3\nx = lambda a=1, *b, **c: 0\nraise E, 'msg'\nif x <> y: pass\n")
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(python.Language())); err != nil {
		t.Fatal(err)
	}
	tree := p.Parse(src, nil)
	defer tree.Close()
	fmt.Println(tree.RootNode().ToSexp())
}
