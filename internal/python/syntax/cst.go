package syntax

import (
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// cnode is a Go copy of one tree-sitter node. Copying the tree once keeps
// the cgo calls in one tight loop and lets the converter be plain Go.
type cnode struct {
	kind    string
	field   string
	named   bool
	missing bool
	isError bool
	start   uint32
	end     uint32
	line    int32 // 1-based
	col     int32 // 1-based, bytes
	kids    []*cnode
}

var (
	langOnce   sync.Once
	lang       *sitter.Language
	kindNames  []string
	fieldNames []string
	parsers    = sync.Pool{New: func() any {
		p := sitter.NewParser()
		if err := p.SetLanguage(language()); err != nil {
			panic(err)
		}
		return p
	}}
)

func language() *sitter.Language {
	langOnce.Do(func() {
		lang = sitter.NewLanguage(python.Language())
		n := lang.NodeKindCount()
		kindNames = make([]string, n)
		for i := range kindNames {
			kindNames[i] = lang.NodeKindForId(uint16(i))
		}
		fc := lang.FieldCount()
		fieldNames = make([]string, fc+1)
		for i := uint32(1); i <= fc; i++ {
			fieldNames[i] = lang.FieldNameForId(uint16(i))
		}
	})
	return lang
}

// maxDepth bounds the nesting of the syntax tree we accept.
const maxDepth = 1000

// parseCST runs tree-sitter on src and copies the tree. tooDeep reports
// that nesting exceeded maxDepth (the deeper part is dropped).
func parseCST(src []byte) (root *cnode, tooDeep *cnode) {
	language()
	p := parsers.Get().(*sitter.Parser)
	tree := p.Parse(src, nil)
	parsers.Put(p)
	if tree == nil {
		return nil, nil
	}
	defer tree.Close()
	c := tree.Walk()
	defer c.Close()
	var build func(depth int) *cnode
	build = func(depth int) *cnode {
		n := c.Node()
		cn := &cnode{
			named:   n.IsNamed(),
			missing: n.IsMissing(),
			start:   uint32(n.StartByte()),
			end:     uint32(n.EndByte()),
		}
		if id := int(n.KindId()); id < len(kindNames) {
			cn.kind = kindNames[id]
		} else {
			cn.kind = n.Kind()
		}
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
	root = build(0)
	return root, tooDeep
}

// field returns the first child with the given field name, or nil.
func (n *cnode) fieldNode(name string) *cnode {
	for _, k := range n.kids {
		if k.field == name {
			return k
		}
	}
	return nil
}

// fields returns all children with the given field name.
func (n *cnode) fieldNodes(name string) []*cnode {
	var out []*cnode
	for _, k := range n.kids {
		if k.field == name {
			out = append(out, k)
		}
	}
	return out
}

// namedKids returns the named children, skipping comments.
func (n *cnode) namedKids() []*cnode {
	out := make([]*cnode, 0, len(n.kids))
	for _, k := range n.kids {
		if k.named && k.kind != "comment" && k.kind != "line_continuation" {
			out = append(out, k)
		}
	}
	return out
}

// hasToken reports whether n has an anonymous child with the given text.
func (n *cnode) hasToken(kind string) bool {
	for _, k := range n.kids {
		if !k.named && k.kind == kind {
			return true
		}
	}
	return false
}
