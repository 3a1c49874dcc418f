package syntax

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// walkCST is the straightforward copy of the tree through go-tree-sitter's
// API, a few cgo calls per node; parseCST must build the same tree.
func walkCST(src []byte) (root *cnode, tooDeep *cnode) {
	language()
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(python.Language())); err != nil {
		panic(err)
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return nil, nil
	}
	defer tree.Close()
	c := tree.Walk()
	defer c.Close()
	var build func(depth int) *cnode
	build = func(depth int) *cnode {
		n := c.Node()
		cn := &cnode{named: n.IsNamed(), missing: n.IsMissing(), start: uint32(n.StartByte()), end: uint32(n.EndByte())}
		cn.kind = n.Kind()
		cn.isError = n.IsError()
		if fid := int(c.FieldId()); fid > 0 && fid < len(fieldNames) {
			cn.field = fieldNames[fid]
		}
		pt := n.StartPosition()
		cn.line, cn.col = int32(pt.Row)+1, int32(pt.Column)+1
		if depth > maxDepth {
			if tooDeep == nil {
				tooDeep = cn
			}
			return cn
		}
		if c.GotoFirstChild() {
			for {
				k := build(depth + 1)
				if k.kind != "comment" && k.kind != "line_continuation" {
					cn.kids = append(cn.kids, k)
				}
				if !c.GotoNextSibling() {
					break
				}
			}
			c.GotoParent()
		}
		return cn
	}
	return build(0), tooDeep
}

func sameCST(a, b *cnode, path string) error {
	if (a == nil) != (b == nil) {
		return fmt.Errorf("%s: nil %v vs %v", path, a == nil, b == nil)
	}
	if a == nil {
		return nil
	}
	if a.kind != b.kind || a.field != b.field || a.named != b.named || a.missing != b.missing || a.isError != b.isError ||
		a.start != b.start || a.end != b.end || a.line != b.line || a.col != b.col || len(a.kids) != len(b.kids) {
		return fmt.Errorf("%s: %+v vs %+v", path, *a, *b)
	}
	for i := range a.kids {
		if err := sameCST(a.kids[i], b.kids[i], fmt.Sprintf("%s/%d:%s", path, i, a.kids[i].kind)); err != nil {
			return err
		}
	}
	return nil
}

func TestCSTCopy(t *testing.T) {
	srcs := map[string][]byte{
		"empty":    {},
		"simple":   []byte("x = 1\n"),
		"errors":   []byte("def f(:\n  return ) +\nclass\n"),
		"missing":  []byte("print(1\n"),
		"comments": []byte("# c\nx = [1, # c\n  2] \\\n  + 3\n"),
		"py2":      []byte("print 'a', b\nexec code in ns\nraise E, 'm'\n"),
		"deep":     []byte(strings.Repeat("(", 1200) + "1" + strings.Repeat(")", 1200) + "\n"),
		"unicode":  []byte("s = 'héllo' ; é = 1\n"),
		"badutf8":  []byte("s = '\xff\xfe' ; t = 1\x00 + 2\n\xc3"),
		"crlf":     []byte("if x:\r\n    y = 1\r\n"),
	}
	for _, root := range []string{"/usr/lib/python3/dist-packages/keras_applications", "/usr/lib/python3/dist-packages/torchvision/models"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".py") {
				if src, err := os.ReadFile(path); err == nil {
					srcs[path] = src
				}
			}
			return nil
		})
	}
	for name, src := range srcs {
		got, gotDeep := parseCST(src)
		want, wantDeep := walkCST(src)
		if err := sameCST(got, want, name); err != nil {
			t.Error(err)
		}
		if (gotDeep == nil) != (wantDeep == nil) || gotDeep != nil && (gotDeep.start != wantDeep.start || gotDeep.kind != wantDeep.kind) {
			t.Errorf("%s: too deep at %v, want %v", name, gotDeep, wantDeep)
		}
		if name == "deep" && gotDeep == nil {
			t.Errorf("deep: nesting beyond maxDepth not reported")
		}
		if name == "errors" && !hasError(got) {
			t.Errorf("errors: no ERROR node")
		}
	}
}

func hasError(n *cnode) bool {
	if n.isError && n.kind == "ERROR" {
		return true
	}
	for _, k := range n.kids {
		if hasError(k) {
			return true
		}
	}
	return false
}

// TestParseConcurrent parses one file from several goroutines at once (as
// eval's import prefetch does): they share one tree.
func TestParseConcurrent(t *testing.T) {
	src := []byte(fmt.Sprintf("# %p\ndef f(x):\n    return [y * 2 for y in x]\n", t))
	files := make([]*File, 8)
	done := make(chan int)
	for i := range files {
		go func() {
			f, err := Parse("concurrent.py", src)
			if err != nil {
				t.Error(err)
			}
			files[i] = f
			done <- i
		}()
	}
	for range files {
		<-done
	}
	for _, f := range files[1:] {
		if f != files[0] {
			t.Fatal("concurrent parses of one file gave different trees")
		}
	}
}
