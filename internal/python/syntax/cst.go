package syntax

/*
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// The parts of tree-sitter's C API (tree_sitter/api.h, ABI of
// go-tree-sitter v0.25) used here. The library itself is compiled and
// linked by github.com/tree-sitter/go-tree-sitter.
typedef struct TSLanguage TSLanguage;
typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
typedef struct { uint32_t row, column; } TSPoint;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;

extern void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));
extern TSParser *ts_parser_new(void);
extern bool ts_parser_set_language(TSParser *, const TSLanguage *);
extern TSTree *ts_parser_parse_string(TSParser *, const TSTree *, const char *, uint32_t);
extern void ts_tree_delete(TSTree *);
extern TSNode ts_tree_root_node(const TSTree *);
extern uint32_t ts_node_descendant_count(TSNode);
extern uint16_t ts_node_symbol(TSNode);
extern uint32_t ts_node_start_byte(TSNode);
extern uint32_t ts_node_end_byte(TSNode);
extern TSPoint ts_node_start_point(TSNode);
extern bool ts_node_is_named(TSNode);
extern bool ts_node_is_missing(TSNode);
extern bool ts_node_is_error(TSNode);
extern TSTreeCursor ts_tree_cursor_new(TSNode);
extern void ts_tree_cursor_delete(TSTreeCursor *);
extern TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(TSTreeCursor *);

// One node, in preorder; nkids counts the children recorded after it.
typedef struct {
	uint32_t start, end, row, col, nkids;
	uint16_t kind, field;
	uint8_t named, missing, is_error, too_deep;
} netsum_node;

// netsum_plain_allocator makes tree-sitter allocate with libc directly:
// go-tree-sitter's init routes every allocation through a Go callback
// that calls C.malloc, a C-to-Go-to-C round trip per node.
static void netsum_plain_allocator(void) { ts_set_allocator(NULL, NULL, NULL, NULL); }

static TSParser *netsum_new_parser(const void *lang) {
	TSParser *p = ts_parser_new();
	if (!ts_parser_set_language(p, (const TSLanguage *)lang)) {
		return NULL;
	}
	return p;
}

static TSTree *netsum_parse(TSParser *p, const char *src, uint32_t n) {
	return ts_parser_parse_string(p, NULL, src, n);
}

static uint32_t netsum_count(TSTree *t) { return ts_node_descendant_count(ts_tree_root_node(t)); }

// netsum_copy writes the tree in preorder into out (room for cap nodes)
// and returns how many it wrote. Below maxDepth the children of a node are
// not recorded; it is marked too_deep.
static uint32_t netsum_copy(TSTree *t, netsum_node *out, uint32_t cap, int maxDepth) {
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
	uint32_t n = 0;
	// parents[d] is the index of the node at depth d on the current path
	uint32_t *parents = malloc(sizeof(uint32_t) * (size_t)(maxDepth + 2));
	int depth = 0;
	for (;;) {
		if (n == cap) {
			break;
		}
		TSNode node = ts_tree_cursor_current_node(&c);
		netsum_node *r = &out[n];
		TSPoint pt = ts_node_start_point(node);
		r->start = ts_node_start_byte(node);
		r->end = ts_node_end_byte(node);
		r->row = pt.row;
		r->col = pt.column;
		r->nkids = 0;
		r->kind = ts_node_symbol(node);
		r->field = ts_tree_cursor_current_field_id(&c);
		r->named = ts_node_is_named(node);
		r->missing = ts_node_is_missing(node);
		r->is_error = ts_node_is_error(node);
		r->too_deep = depth > maxDepth;
		if (depth > 0) {
			out[parents[depth - 1]].nkids++;
		}
		parents[depth] = n;
		n++;
		if (depth <= maxDepth && ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			continue;
		}
		for (;;) {
			if (depth == 0) {
				goto done;
			}
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				break;
			}
			ts_tree_cursor_goto_parent(&c);
			depth--;
		}
	}
done:
	free(parents);
	ts_tree_cursor_delete(&c);
	return n;
}
*/
import "C"

import (
	"sync"
	"unsafe"

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
	kindNames  []string
	fieldNames []string

	parsersMu sync.Mutex
	parsers   []*C.TSParser // idle parsers
)

// language loads the Python grammar's node kind and field names, and
// switches tree-sitter to libc's allocator.
func language() {
	langOnce.Do(func() {
		C.netsum_plain_allocator()
		lang := sitter.NewLanguage(python.Language())
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
}

// maxDepth bounds the nesting of the syntax tree we accept.
const maxDepth = 1000

// parseCST runs tree-sitter on src and copies the tree: the walk is one C
// call that fills a Go array, not a few cgo calls per node. tooDeep
// reports that nesting exceeded maxDepth (the deeper part is dropped).
func parseCST(src []byte) (root *cnode, tooDeep *cnode) {
	language()
	parsersMu.Lock()
	var p *C.TSParser
	if k := len(parsers); k > 0 {
		p, parsers = parsers[k-1], parsers[:k-1]
	}
	parsersMu.Unlock()
	if p == nil {
		p = C.netsum_new_parser(python.Language())
		if p == nil {
			panic("tree-sitter: cannot load the Python grammar")
		}
	}
	var tree *C.TSTree
	if len(src) == 0 {
		tree = C.netsum_parse(p, nil, 0)
	} else {
		tree = C.netsum_parse(p, (*C.char)(unsafe.Pointer(&src[0])), C.uint32_t(len(src)))
	}
	parsersMu.Lock()
	parsers = append(parsers, p)
	parsersMu.Unlock()
	if tree == nil {
		return nil, nil
	}
	defer C.ts_tree_delete(tree)
	count := uint32(C.netsum_count(tree))
	recs := make([]C.netsum_node, count+1)
	n := uint32(C.netsum_copy(tree, &recs[0], C.uint32_t(len(recs)), maxDepth))
	recs = recs[:n]

	// Rebuild the tree in Go: one array of nodes and one of child
	// pointers, each node's kids a slice of the latter.
	nodes := make([]cnode, n)
	kidPtrs := make([]*cnode, n)
	next := uint32(1) // next record to read
	used := 0         // kidPtrs in use
	var build func(i uint32) *cnode
	build = func(i uint32) *cnode {
		r := &recs[i]
		cn := &nodes[i]
		cn.named = r.named != 0
		cn.missing = r.missing != 0
		cn.isError = r.is_error != 0
		cn.start, cn.end = uint32(r.start), uint32(r.end)
		switch id := int(r.kind); {
		case id < len(kindNames):
			cn.kind = kindNames[id]
		case id == 0xFFFF: // ts_builtin_sym_error
			cn.kind = "ERROR"
		case id == 0xFFFE: // ts_builtin_sym_error_repeat
			cn.kind = "_ERROR"
		}
		if fid := int(r.field); fid > 0 && fid < len(fieldNames) {
			cn.field = fieldNames[fid]
		}
		cn.line, cn.col = int32(r.row)+1, int32(r.col)+1
		if r.too_deep != 0 && tooDeep == nil {
			tooDeep = cn
		}
		k := int(r.nkids)
		if k == 0 {
			return cn
		}
		kids := kidPtrs[used : used : used+k]
		used += k
		for j := 0; j < k; j++ {
			c := next
			next++
			kn := build(c)
			if kn.kind != "comment" && kn.kind != "line_continuation" {
				kids = append(kids, kn)
			}
		}
		if len(kids) > 0 {
			cn.kids = kids[:len(kids):len(kids)]
		}
		return cn
	}
	if n == 0 {
		return nil, nil
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
