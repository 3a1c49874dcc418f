package onnx

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	pb "github.com/netsum/netsum/internal/onnx"
)

// Options control Infer.
type Options struct {
	// File names the input in warnings.
	File string
	// Pure ignores the shapes the file declares for outputs and in
	// value_info: every shape is netsum's own (as the oracle tests want).
	// Otherwise declared shapes are checked against the inferred ones
	// (disagreements are warnings) and fill what inference leaves unknown.
	Pure bool
	// MaxSteps bounds the node inferences of one run, subgraphs and
	// function bodies included (0 = 10 million).
	MaxSteps int
}

// Result is the outcome of Infer.
type Result struct {
	Model *pb.Model
	// Graph holds the main graph's values and per-node results.
	Graph *GraphResult
	// Warnings are the problems found, in order.
	Warnings []diag.Warning
	// UnknownOps counts the nodes of each operator netsum has no entry for,
	// keyed "domain::op_type" ("::op" for the default domain).
	UnknownOps map[string]int
}

// GraphResult is what inference learned about one graph.
type GraphResult struct {
	Graph *pb.Graph
	// Values by name: inputs, initializers, node outputs (and outer-scope
	// values are not repeated here).
	Values map[string]*Value
	// Order is the nodes in the order they were inferred (topological).
	Order []*pb.Node
	// Nodes holds per-node results by Node.Index.
	Nodes []NodeResult
}

// NodeResult is what happened to one node.
type NodeResult struct {
	// Unknown is set when the operator has no catalog entry.
	Unknown bool
	// Err is the inference error, if any (the outputs are then unknown).
	Err string
	// Subgraphs holds the results of the node's graph attributes, keyed
	// by attribute name ("then_branch", "body", "branches[1]" for GRAPHS).
	Subgraphs map[string]*GraphResult
}

// Infer runs shape inference over the model's main graph.
func Infer(m *pb.Model, opt Options) *Result {
	e := &engine{model: m, opt: opt, unknown: map[string]int{}, funcs: map[string]*pb.Function{}, warned: map[string]bool{}}
	if opt.MaxSteps <= 0 {
		e.opt.MaxSteps = 10_000_000
	}
	for _, f := range m.Functions {
		e.funcs[f.Domain+":"+f.Name] = f
	}
	opsets := map[string]int64{}
	for _, o := range m.OpsetImport {
		d := o.Domain
		if d == "ai.onnx" {
			d = ""
		}
		opsets[d] = o.Version
	}
	if _, ok := opsets[""]; !ok && len(m.OpsetImport) == 0 {
		// IR version 1 files imported no opset: the default domain at 1.
		opsets[""] = 1
	}
	e.opsets = opsets
	r := &Result{Model: m, UnknownOps: e.unknown}
	r.Graph = e.graph(m.Graph, nil, nil, opsets)
	r.Warnings = e.warnings
	return r
}

type engine struct {
	model    *pb.Model
	opt      Options
	opsets   map[string]int64
	warnings []diag.Warning
	unknown  map[string]int
	warned   map[string]bool
	funcs    map[string]*pb.Function
	steps    int
	depth    int
	budget   bool
}

func (e *engine) warn(pos diag.Pos, format string, args ...any) {
	pos.File = e.opt.File
	e.warnings = append(e.warnings, diag.Warning{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func nodePos(g *pb.Graph, n *pb.Node) diag.Pos {
	path := fmt.Sprintf("node[%d]", n.Index)
	if g != nil && g.Path != "" {
		path = g.Path + "." + path
	}
	return diag.Pos{Offset: n.Offset, Path: path}
}

// NodeLabel names a node for messages: its name, else op_type and index.
func NodeLabel(n *pb.Node) string {
	if n.Name != "" {
		return n.Name
	}
	return fmt.Sprintf("%s_%d", n.OpType, n.Index)
}

// scope resolves names through enclosing graphs.
type scope struct {
	parent *scope
	values map[string]*Value
}

func (s *scope) lookup(name string) *Value {
	for ; s != nil; s = s.parent {
		if v, ok := s.values[name]; ok {
			return v
		}
	}
	return nil
}

// graph infers g. inputTypes, when not nil, are the types the parent
// operator passes to the graph's inputs (subgraphs).
func (e *engine) graph(g *pb.Graph, parent *scope, inputTypes []*Type, opsets map[string]int64) *GraphResult {
	res := &GraphResult{Graph: g, Values: map[string]*Value{}, Nodes: make([]NodeResult, len(g.Nodes))}
	sc := &scope{parent: parent, values: res.Values}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > pb.MaxDepth {
		e.warn(diag.Pos{Path: g.Path}, "subgraphs nested deeper than %d; not inferred", pb.MaxDepth)
		return res
	}

	declared := map[string]*Type{}
	if !e.opt.Pure {
		for _, vi := range g.ValueInfo {
			if t := e.fromProto(vi, g); t != nil {
				declared[vi.Name] = t
			}
		}
		for _, vi := range g.Outputs {
			if t := e.fromProto(vi, g); t != nil {
				declared[vi.Name] = mergeInto(t, declared[vi.Name])
			}
		}
	}
	inputs := map[string]bool{}
	for i, vi := range g.Inputs {
		t := e.fromProto(vi, g)
		if inputTypes != nil && i < len(inputTypes) && inputTypes[i] != nil {
			if t == nil {
				t = inputTypes[i].Clone()
			} else {
				t = mergeInto(inputTypes[i], t)
			}
		}
		inputs[vi.Name] = true
		res.Values[vi.Name] = &Value{Name: vi.Name, Type: t}
	}
	for _, it := range g.Initializers {
		v := res.Values[it.Name]
		if v == nil {
			v = &Value{Name: it.Name}
			res.Values[it.Name] = v
		}
		if v.Type == nil {
			dims := make([]Dim, len(it.Dims))
			for i, d := range it.Dims {
				dims[i] = Known(d)
			}
			v.Type = Tensor(it.DataType, dims...)
		}
		v.Init = true
		v.weight = it.DataType.IsFloat()
		if n := it.NumElements(); n >= 0 && n <= pb.MaxValues {
			v.lazy = it
		}
	}
	for _, st := range g.SparseInitializers {
		if st.Values == nil {
			continue
		}
		dims := make([]Dim, len(st.Dims))
		for i, d := range st.Dims {
			dims[i] = Known(max(d, 0))
		}
		t := Tensor(st.Values.DataType, dims...)
		t.Kind = pb.KindSparseTensor
		if v := res.Values[st.Values.Name]; v != nil && v.Type != nil {
			continue
		}
		res.Values[st.Values.Name] = &Value{Name: st.Values.Name, Type: t, Init: true}
	}

	res.Order = e.order(g, sc)
	for _, n := range res.Order {
		e.node(g, n, sc, res, declared, opsets)
	}
	for _, vi := range g.Outputs {
		if sc.lookup(vi.Name) == nil && vi.Name != "" {
			e.warn(diag.Pos{Path: g.Path}, "graph output %q is produced by no node, input or initializer", vi.Name)
		}
	}
	return res
}

func (e *engine) fromProto(vi *pb.ValueInfo, g *pb.Graph) *Type {
	return FromProto(vi.Type, func(msg string) {
		e.warn(diag.Pos{Path: g.Path}, "value %q: %s", vi.Name, msg)
	})
}

// data returns v's contents, reading a small initializer on first use.
func (e *engine) data(v *Value) *Data {
	if v.lazy != nil {
		v.Data = e.tensorData(v.lazy)
		v.lazy = nil
	}
	return v.Data
}

func (e *engine) tensorData(t *pb.Tensor) *Data {
	n := t.NumElements()
	if n < 0 || n > pb.MaxValues {
		return nil
	}
	ints, floats, ok := e.model.Values(t)
	if !ok {
		return nil
	}
	d := &Data{Dims: append([]int64{}, t.Dims...)}
	if t.DataType.IsFloat() {
		d.Float = true
		d.Floats = floats
		return d
	}
	d.Ints = make([]Elt, len(ints))
	for i, v := range ints {
		d.Ints[i] = KV(v)
	}
	return d
}

// order sorts the nodes topologically, keeping file order among nodes
// that are ready; nodes on a cycle are reported and left out.
func (e *engine) order(g *pb.Graph, sc *scope) []*pb.Node {
	producer := make(map[string]int, len(g.Nodes))
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			if o == "" {
				continue
			}
			if _, dup := producer[o]; dup {
				e.warn(nodePos(g, n), "%s: output %q is also produced by an earlier node; the graph is not in SSA form", NodeLabel(n), o)
				continue
			}
			if v := sc.values[o]; v != nil {
				e.warn(nodePos(g, n), "%s: output %q has the name of a graph input or initializer", NodeLabel(n), o)
			}
			producer[o] = n.Index
		}
	}
	deps := make([][]int, len(g.Nodes))
	indeg := make([]int, len(g.Nodes))
	users := make([][]int, len(g.Nodes))
	for _, n := range g.Nodes {
		seen := map[int]bool{}
		add := func(name string) {
			p, ok := producer[name]
			if !ok || p == n.Index || seen[p] {
				if ok && p == n.Index && !seen[p] {
					seen[p] = true
					indeg[n.Index]++ // a node consuming its own output is a cycle
					users[p] = append(users[p], n.Index)
				}
				return
			}
			seen[p] = true
			deps[n.Index] = append(deps[n.Index], p)
			indeg[n.Index]++
			users[p] = append(users[p], n.Index)
		}
		for _, in := range n.Inputs {
			if in != "" {
				add(in)
			}
		}
		for _, name := range outerNames(n) {
			add(name)
		}
	}
	h := &intHeap{}
	for i := range g.Nodes {
		if indeg[i] == 0 {
			heap.Push(h, i)
		}
	}
	out := make([]*pb.Node, 0, len(g.Nodes))
	for h.Len() > 0 {
		i := heap.Pop(h).(int)
		out = append(out, g.Nodes[i])
		for _, u := range users[i] {
			indeg[u]--
			if indeg[u] == 0 {
				heap.Push(h, u)
			}
		}
	}
	if len(out) < len(g.Nodes) {
		var names []string
		for i, d := range indeg {
			if d > 0 {
				names = append(names, NodeLabel(g.Nodes[i]))
			}
		}
		more := ""
		if len(names) > 5 {
			more = fmt.Sprintf(" and %d more", len(names)-5)
			names = names[:5]
		}
		e.warn(diag.Pos{Path: g.Path}, "cycle: nodes %s%s depend on their own outputs; they are left out", strings.Join(names, ", "), more)
	}
	return out
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// outerNames lists the names a node's subgraphs use from enclosing
// scopes (not defined inside them).
func outerNames(n *pb.Node) []string {
	var out []string
	for _, a := range n.Attrs {
		if a.G != nil {
			out = append(out, graphOuterNames(a.G, 0)...)
		}
		for _, g := range a.Graphs {
			out = append(out, graphOuterNames(g, 0)...)
		}
	}
	return out
}

func graphOuterNames(g *pb.Graph, depth int) []string {
	if depth > pb.MaxDepth {
		return nil
	}
	defined := map[string]bool{}
	for _, vi := range g.Inputs {
		defined[vi.Name] = true
	}
	for _, t := range g.Initializers {
		defined[t.Name] = true
	}
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			defined[o] = true
		}
	}
	var out []string
	for _, n := range g.Nodes {
		for _, in := range n.Inputs {
			if in != "" && !defined[in] {
				out = append(out, in)
			}
		}
		for _, a := range n.Attrs {
			var gs []*pb.Graph
			if a.G != nil {
				gs = append(gs, a.G)
			}
			gs = append(gs, a.Graphs...)
			for _, sg := range gs {
				for _, name := range graphOuterNames(sg, depth+1) {
					if !defined[name] {
						out = append(out, name)
					}
				}
			}
		}
	}
	return out
}

func (e *engine) node(g *pb.Graph, n *pb.Node, sc *scope, res *GraphResult, declared map[string]*Type, opsets map[string]int64) {
	e.steps++
	nr := &res.Nodes[n.Index]
	c := &Ctx{e: e, sc: sc, g: g, Node: n, opsets: opsets, attrs: n.Attrs}
	c.In = make([]*Value, len(n.Inputs))
	for i, name := range n.Inputs {
		if name == "" {
			continue
		}
		v := sc.lookup(name)
		if v == nil {
			key := g.Path + "\x00" + name
			if !e.warned[key] {
				e.warned[key] = true
				e.warn(nodePos(g, n), "%s: input %q is produced by no node, graph input or initializer", NodeLabel(n), name)
			}
			v = &Value{Name: name}
		}
		c.In[i] = v
	}
	c.Out = make([]*Value, len(n.Outputs))
	for i, name := range n.Outputs {
		if name != "" {
			c.Out[i] = &Value{Name: name}
		}
	}
	domain := n.Domain
	if domain == "ai.onnx" {
		domain = ""
	}
	c.Domain = domain
	c.Opset = opsets[domain]
	if e.steps > e.opt.MaxSteps {
		if !e.budget {
			e.budget = true
			e.warn(nodePos(g, n), "inference stopped after %d node steps; later shapes are unknown", e.opt.MaxSteps)
		}
	} else if fn := e.lookup(domain, n.OpType); fn != nil {
		if err := e.run(fn, c); err != nil {
			nr.Err = err.Error()
			e.warn(nodePos(g, n), "%s (%s): %s", NodeLabel(n), n.OpType, nr.Err)
			for _, o := range c.Out {
				if o != nil {
					o.Type, o.Data = nil, nil
				}
			}
		}
	} else if f := e.funcs[n.Domain+":"+n.OpType]; f != nil {
		if err := e.function(f, c); err != nil {
			nr.Err = err.Error()
			e.warn(nodePos(g, n), "%s (function %s): %s", NodeLabel(n), n.OpType, nr.Err)
		}
	} else {
		nr.Unknown = true
		key := n.Domain + "::" + n.OpType
		if e.unknown[key] == 0 {
			d := n.Domain
			if d == "" {
				d = "ai.onnx"
			}
			e.warn(nodePos(g, n), "%s: unknown operator %s (domain %q, opset %d); its output shapes and those that depend on them are unknown", NodeLabel(n), n.OpType, d, c.Opset)
		}
		e.unknown[key]++
	}
	nr.Subgraphs = c.subs
	for _, o := range c.Out {
		if o == nil {
			continue
		}
		if t := declared[o.Name]; t != nil {
			if o.Type != nil {
				if msg := conflict(o.Type, t); msg != "" {
					e.warn(nodePos(g, n), "%s (%s): output %q: the file says %s, netsum infers %s%s", NodeLabel(n), n.OpType, o.Name, t, o.Type, msg)
				}
				o.Type = mergeInto(o.Type, t)
			} else {
				o.Type = t.Clone()
			}
		}
		if prev := res.Values[o.Name]; prev != nil && prev.Init {
			continue // an initializer keeps its name (warned in order)
		}
		res.Values[o.Name] = o
	}
}

// run calls fn, turning a panic into an error so that a catalog bug shows
// as a warning rather than a crash.
func (e *engine) run(fn OpFunc, c *Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in the %s entry: %v", c.Node.OpType, r)
		}
	}()
	return fn(c)
}

// conflict says how declared and inferred disagree, or "".
func conflict(inferred, declared *Type) string {
	if inferred.Kind != declared.Kind && declared.Kind != pb.KindUndefined && inferred.Kind != pb.KindUndefined {
		return " (different kinds)"
	}
	if inferred.Elem != 0 && declared.Elem != 0 && inferred.Elem != declared.Elem {
		return " (element types differ)"
	}
	if inferred.HasShape && declared.HasShape {
		if len(inferred.Shape) != len(declared.Shape) {
			return " (ranks differ)"
		}
		for i := range inferred.Shape {
			a, b := inferred.Shape[i], declared.Shape[i]
			if a.IsKnown() && b.IsKnown() && a.V != b.V {
				return fmt.Sprintf(" (dim %d differs)", i)
			}
		}
	}
	if inferred.Inner != nil && declared.Inner != nil {
		return conflict(inferred.Inner, declared.Inner)
	}
	return ""
}

// mergeInto merges inferred information into a copy of existing as
// onnx's mergeShapesAndTypes does: inferred values win, existing names
// survive where inference knows no value.
func mergeInto(inferred, existing *Type) *Type {
	if existing == nil {
		return inferred.Clone()
	}
	if inferred == nil {
		return existing.Clone()
	}
	out := existing.Clone()
	if out.Kind == pb.KindUndefined {
		out.Kind = inferred.Kind
	}
	if out.Elem == 0 {
		out.Elem = inferred.Elem
	}
	switch {
	case !inferred.HasShape:
	case !out.HasShape:
		out.HasShape = true
		out.Shape = append([]Dim(nil), inferred.Shape...)
	case len(out.Shape) == len(inferred.Shape):
		for i, d := range inferred.Shape {
			if d.IsKnown() || (!out.Shape[i].IsKnown() && out.Shape[i].S == "") {
				out.Shape[i] = d
			}
		}
	}
	if inferred.Inner != nil {
		out.Inner = mergeInto(inferred.Inner, out.Inner)
	}
	return out
}

// function infers a call of a model-local function by inferring its body
// with the call's inputs.
func (e *engine) function(f *pb.Function, c *Ctx) error {
	if e.depth > 16 {
		return fmt.Errorf("functions nested deeper than 16")
	}
	e.depth++
	defer func() { e.depth-- }()
	attrs := map[string]*pb.Attribute{}
	for _, a := range f.AttrDefault {
		attrs[a.Name] = a
	}
	for _, a := range c.Node.Attrs {
		attrs[a.Name] = a
	}
	opsets := map[string]int64{}
	for k, v := range c.opsets {
		opsets[k] = v
	}
	for _, o := range f.OpsetImport {
		d := o.Domain
		if d == "ai.onnx" {
			d = ""
		}
		opsets[d] = o.Version
	}
	sc := &scope{values: map[string]*Value{}}
	for i, name := range f.Inputs {
		if i < len(c.In) && c.In[i] != nil {
			v := *c.In[i]
			v.Name = name
			sc.values[name] = &v
		}
	}
	g := &pb.Graph{Name: f.Name, Nodes: f.Nodes, Path: "function " + f.Name}
	res := &GraphResult{Graph: g, Values: sc.values, Nodes: make([]NodeResult, len(f.Nodes))}
	for _, n := range e.order(g, sc) {
		// Bind ref_attr_name attributes to the call's values.
		nn := *n
		nn.Attrs = nil
		for _, a := range n.Attrs {
			if a.RefAttrName != "" {
				if v, ok := attrs[a.RefAttrName]; ok {
					cp := *v
					cp.Name = a.Name
					nn.Attrs = append(nn.Attrs, &cp)
				}
				continue
			}
			nn.Attrs = append(nn.Attrs, a)
		}
		e.node(g, &nn, sc, res, nil, opsets)
	}
	for i, name := range f.Outputs {
		if i < len(c.Out) && c.Out[i] != nil {
			if v := sc.values[name]; v != nil {
				c.Out[i].Type = v.Type.Clone()
				c.Out[i].Data = e.data(v)
			}
		}
	}
	return nil
}

// Values flattens a result into name → type, subgraph values keyed
// "NODE/ATTR/NAME" as tools/oracle/onnx/gen.py writes them (NODE is the
// node's name or its index).
func (r *GraphResult) Flatten(prefix string, out map[string]*Type) {
	for name, v := range r.Values {
		out[prefix+name] = v.Type
	}
	for _, n := range r.Graph.Nodes {
		subs := r.Nodes[n.Index].Subgraphs
		if len(subs) == 0 {
			continue
		}
		key := n.Name
		if key == "" {
			key = fmt.Sprint(n.Index)
		}
		names := make([]string, 0, len(subs))
		for k := range subs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			subs[k].Flatten(prefix+key+"/"+k+"/", out)
		}
	}
}

// OuterNames lists the names a node's subgraphs read from enclosing
// scopes (initializers and values of the graphs around them).
func OuterNames(n *pb.Node) []string { return outerNames(n) }
