package pytorch

// Dataflow: which module call produced each tensor, so that the graph has
// edges as Keras graphs do.
//
// While forward runs, every Tensor carries its provenance (Tensor.from):
// the module-call outputs it was computed from. A module call's outputs
// are its own (call, output index); a tensor operation (x + y, torch.cat,
// view, F.relu, indexing, …) gives its results the union of its operands'
// provenance; the model's input and constants have none. At each module
// call the provenance of its tensor arguments is recorded (dfCall), and
// linkDataflow turns it into graph.Node.Inputs once the graph is built.
//
// Edges stay within one graph.Model level, as in nested Keras models: a
// producer inside a container at this level is that container's row; a
// producer outside the level (a nested model's input) is no edge.

import (
	"fmt"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/python/eval"
)

// maxProducers bounds the producers kept per tensor.
const maxProducers = 16

// maxFlatten bounds the tensors looked at in one value.
const maxFlatten = 4096

// producer is output index of one module call.
type producer struct {
	call  *callNode
	index int
}

// prov is a tensor's provenance: distinct producers in first-seen order,
// at most maxProducers; trunc says more were dropped. A prov is never
// changed once made (tensors share them).
type prov struct {
	p     []producer
	trunc bool
}

// dfArg is one tensor argument of a module call.
type dfArg struct {
	shape []int64
	dtype string
	from  *prov
}

// dfCall is the dataflow of one module call: its tensor arguments in
// argument order (tuples, lists and dicts flattened) and its graph node.
type dfCall struct {
	args []dfArg
	node *graph.Node
}

// flatTensors appends the tensors in v, depth first.
func flatTensors(v eval.Value, out []*Tensor, depth int) []*Tensor {
	if depth > 8 || len(out) >= maxFlatten {
		return out
	}
	switch x := v.(type) {
	case *Tensor:
		out = append(out, x)
	case eval.Tuple:
		for _, e := range x {
			out = flatTensors(e, out, depth+1)
		}
	case *eval.List:
		for _, e := range x.Elems() {
			out = flatTensors(e, out, depth+1)
		}
	case *eval.Dict:
		for _, kv := range x.Items() {
			out = flatTensors(kv[1], out, depth+1)
		}
	}
	return out
}

func flatArgs(args eval.Tuple, kwargs []eval.KV) []*Tensor {
	out := flatTensors(args, nil, 0)
	for _, kv := range kwargs {
		out = flatTensors(kv.Value, out, 1)
	}
	return out
}

// union is the provenance of a value computed from ts.
func union(ts []*Tensor) *prov {
	var first *prov
	n := 0
	for _, t := range ts {
		if t.from != nil && t.from != first {
			if first == nil {
				first = t.from
			}
			n++
		}
	}
	if n <= 1 {
		return first
	}
	u := &prov{}
	seen := map[producer]bool{}
	for _, t := range ts {
		if t.from == nil {
			continue
		}
		u.trunc = u.trunc || t.from.trunc
		for _, p := range t.from.p {
			if seen[p] {
				continue
			}
			if len(u.p) == maxProducers {
				u.trunc = true
				break
			}
			seen[p] = true
			u.p = append(u.p, p)
		}
	}
	return u
}

// dfPass gives the tensors of a result computed from args and kwargs their
// provenance: new tensors the union of the operands', operands returned
// (in-place operations) the union as well. Use as
// dfPass(args, kwargs)(f(th, args, kwargs)).
func dfPass(args eval.Tuple, kwargs []eval.KV) func(eval.Value, error) (eval.Value, error) {
	return func(out eval.Value, err error) (eval.Value, error) {
		if err != nil || out == nil {
			return out, err
		}
		outs := flatTensors(out, nil, 0)
		if len(outs) == 0 {
			return out, err
		}
		ins := flatArgs(args, kwargs)
		u := union(ins)
		for _, o := range outs {
			if o.param {
				continue
			}
			if o.from == nil || contains(ins, o) {
				o.from = u
			}
		}
		return out, err
	}
}

// dfInPlace updates t, changed in place from args (t[i] = v).
func dfInPlace(t *Tensor, args eval.Tuple) {
	if !t.param {
		t.from = union(flatTensors(args, nil, 0))
	}
}

func contains(ts []*Tensor, t *Tensor) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// dfEnter records the provenance of a module call's tensor arguments.
func dfEnter(args eval.Tuple, kwargs []eval.KV) *dfCall {
	c := &dfCall{}
	for _, t := range flatArgs(args, kwargs) {
		c.args = append(c.args, dfArg{shape: t.shape, dtype: t.dtype, from: t.from})
	}
	return c
}

// dfExit makes the call the producer of its output tensors.
func dfExit(n *callNode, out eval.Value) {
	for i, t := range flatTensors(out, nil, 0) {
		if !t.param {
			t.from = &prov{p: []producer{{n, i}}}
		}
	}
}

// setNode records the graph node made for the call.
func (c *dfCall) setNode(n *graph.Node) {
	if c != nil {
		c.node = n
	}
}

// wrapDataflow makes the builtins of torch and torch.nn.functional pass
// provenance on, wherever they are reached from (torch.nn.functional is
// also torch.nn's attribute functional).
func wrapDataflow(mods map[string]eval.ModuleFunc, names ...string) {
	for _, name := range names {
		orig := mods[name]
		if orig == nil {
			continue
		}
		mods[name] = func(th *eval.Thread) (*eval.Module, error) {
			m, err := orig(th)
			if err == nil && m != nil {
				dfWrapModule(th, m, 0)
			}
			return m, err
		}
	}
}

// dfWrapped is the thread-local set of modules already wrapped.
const dfWrappedKey = "netsum/pytorch/dataflow"

var dfModules = map[string]bool{"torch": true, "torch.nn.functional": true}

func dfWrapModule(th *eval.Thread, m *eval.Module, depth int) {
	done, _ := th.Local(dfWrappedKey).(map[*eval.Module]bool)
	if done == nil {
		done = map[*eval.Module]bool{}
		th.SetLocal(dfWrappedKey, done)
	}
	if done[m] || depth > 3 {
		return
	}
	done[m] = true
	wrap := dfModules[m.Name()]
	for _, n := range m.Names() {
		v, _ := m.Get(n)
		if sub, ok := v.(*eval.Module); ok {
			dfWrapModule(th, sub, depth+1)
			continue
		}
		if w := dfWrap(v); wrap && w != v {
			m.Set(n, w)
		}
	}
	if miss := m.Missing; wrap && miss != nil {
		m.Missing = func(th *eval.Thread, mod *eval.Module, attr string) (eval.Value, error) {
			v, err := miss(th, mod, attr)
			if err != nil || v == nil {
				return v, err
			}
			return dfWrap(v), nil
		}
	}
}

func dfWrap(v eval.Value) eval.Value {
	b, ok := v.(*eval.Builtin)
	if !ok {
		return v
	}
	return eval.NewBuiltin(b.Name(), func(th *eval.Thread, args eval.Tuple, kwargs []eval.KV) (eval.Value, error) {
		return dfPass(args, kwargs)(b.Call(th, args, kwargs))
	})
}

// linkDataflow sets the Inputs of the nodes of the calls under root from
// the recorded provenance.
func linkDataflow(g *graph.Model, root *callNode) {
	l := &linker{g: g, parent: map[*graph.Model]owner{}, synth: map[owner]*graph.Node{}}
	l.parents(g, map[*graph.Model]bool{})
	l.walk(root)
}

// owner is the row of a nested model: its layer in the enclosing model.
type owner struct {
	layer *graph.Layer
	model *graph.Model
}

type linker struct {
	g      *graph.Model
	warned bool
	parent map[*graph.Model]owner
	// synth are the nodes that stand for containers never called (a
	// ModuleList whose modules forward calls one by one) as producers.
	synth map[owner]*graph.Node
}

func (l *linker) parents(m *graph.Model, seen map[*graph.Model]bool) {
	if seen[m] {
		return
	}
	seen[m] = true
	for _, ly := range m.Layers {
		if ly.Sub == nil {
			continue
		}
		if _, ok := l.parent[ly.Sub]; !ok {
			l.parent[ly.Sub] = owner{ly, m}
		}
		l.parents(ly.Sub, seen)
	}
}

func (l *linker) walk(c *callNode) {
	for _, k := range c.children {
		l.link(k)
		l.walk(k)
	}
}

// nodeOf is the node of layer ly in model m: its call there, or one made
// for a container never called.
func (l *linker) nodeOf(o owner) *graph.Node {
	for _, n := range o.layer.Nodes {
		if n.Model == o.model {
			return n
		}
	}
	if n := l.synth[o]; n != nil {
		return n
	}
	// Not one of the layer's Nodes: the row stays a container that was
	// never called (summary.Row.Called), and it has no inbound edges.
	n := &graph.Node{Layer: o.layer, Index: len(o.layer.Nodes), Model: o.model}
	l.synth[o] = n
	return n
}

// lift is the node at level m that holds n: n itself, or the row of the
// container n is nested in; nil when n is not inside m.
func (l *linker) lift(n *graph.Node, m *graph.Model) *graph.Node {
	for depth := 0; n != nil && n.Model != m; depth++ {
		o, ok := l.parent[n.Model]
		if !ok || depth > 1000 {
			return nil
		}
		n = l.nodeOf(o)
	}
	return n
}

// link sets the Inputs of c's node: each tensor argument, in order, gives
// one input per producer row at the node's level (with the argument's
// shape as the module received it, after any view or flatten), or one
// with no node when it comes from outside the level. A call with no
// producer at its level keeps the Inputs fill gave it.
func (l *linker) link(c *callNode) {
	if c.df == nil || c.df.node == nil {
		return
	}
	n := c.df.node
	var ins []*graph.Tensor
	linked := false
	for _, a := range c.df.args {
		k := len(ins)
		if a.from != nil && a.from.trunc && !l.warned {
			l.warned = true
			l.g.Warnings = append(l.g.Warnings, diag.Warning{Msg: fmt.Sprintf(
				"an input of %s is computed from more than %d module outputs; the diagram links the first %d", n.Layer.Name, maxProducers, maxProducers)})
		}
		if a.from != nil {
			seen := map[*graph.Node]map[int]bool{}
			for _, p := range a.from.p {
				if p.call.df == nil || p.call.df.node == nil {
					continue
				}
				src := p.call.df.node
				from := l.lift(src, n.Model)
				if from == nil || from == n {
					continue
				}
				idx := p.index
				if from != src {
					idx = 0
				}
				if seen[from][idx] {
					continue
				}
				if seen[from] == nil {
					seen[from] = map[int]bool{}
				}
				seen[from][idx] = true
				ins = append(ins, &graph.Tensor{Shape: graph.Shape(a.shape), DType: a.dtype, Node: from, Index: idx})
				linked = true
			}
		}
		if len(ins) == k {
			ins = append(ins, &graph.Tensor{Shape: graph.Shape(a.shape), DType: a.dtype})
		}
	}
	if linked {
		n.Inputs = ins
	}
}
