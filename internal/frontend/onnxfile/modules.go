package onnxfile

import (
	"strings"

	"github.com/netsum/netsum/internal/graph"
	pb "github.com/netsum/netsum/internal/onnx"
)

// ModuleScope returns the module path of an exporter's node name, one
// dotted name per level: "/layer1/layer1.0/conv1/Conv" gives [layer1,
// layer1.0, layer1.0.conv1]; torch writes each level relative to its
// parent, repeating the parent's own name as a prefix ("features.1" under
// "features", "conv.0" under "conv"). Names without "/" have no scope.
func ModuleScope(name string) []string {
	name = strings.TrimPrefix(name, "/")
	segs := strings.Split(name, "/")
	if len(segs) < 2 {
		return nil
	}
	segs = segs[:len(segs)-1] // the last part names the op
	var out []string
	full, base, prev := "", "", ""
	for _, s := range segs {
		if s == "" {
			continue
		}
		if prev != "" && strings.HasPrefix(s, prev+".") {
			full = base + s
		} else {
			if full != "" {
				base = full + "."
			}
			full = base + s
		}
		prev = s
		out = append(out, full)
	}
	return out
}

// module is one level of the scope tree.
type module struct {
	name  string
	items []item // children in order of first appearance
	index map[string]*module
	nodes int // nodes anywhere below
}

// item is a child: a module or a node's layer.
type item struct {
	mod   *module
	layer *graph.Layer
	node  *pb.Node
}

func (m *module) child(name string) *module {
	if c, ok := m.index[name]; ok {
		return c
	}
	c := &module{name: name, index: map[string]*module{}}
	m.index[name] = c
	m.items = append(m.items, item{mod: c})
	return c
}

func (b *builder) modules() {
	nm := b.res.Nodes
	root := &module{index: map[string]*module{}}
	// A Constant without a scope joins the module of its first consumer.
	firstUse := map[string]*pb.Node{}
	for _, n := range b.res.Infer.Graph.Order {
		for _, in := range n.Inputs {
			if _, ok := firstUse[in]; !ok {
				firstUse[in] = n
			}
		}
	}
	for _, n := range b.res.Infer.Graph.Order {
		l := b.layers[n.Index]
		cur := root
		cur.nodes++
		scope := ModuleScope(n.Name)
		if scope == nil && n.OpType == "Constant" && len(n.Outputs) == 1 {
			if u := firstUse[n.Outputs[0]]; u != nil {
				scope = ModuleScope(u.Name)
			}
		}
		for _, s := range scope {
			cur = cur.child(s)
			cur.nodes++
		}
		cur.items = append(cur.items, item{layer: l, node: n})
	}
	mm := &graph.Model{
		Name:         nm.Name,
		Class:        "Modules",
		Framework:    nm.Framework,
		Version:      nm.Version,
		Dialect:      nm.Dialect,
		SourceFormat: nm.SourceFormat,
		Source:       nm.Source,
		Inputs:       nm.Inputs,
		Outputs:      nm.Outputs,
		Warnings:     nm.Warnings,
	}
	b.orig = map[*graph.Tensor]*graph.Tensor{}
	consumers := map[*graph.Tensor][]*graph.Layer{}
	for _, l := range nm.Layers {
		for _, t := range l.Nodes[0].Inputs {
			consumers[t] = append(consumers[t], l)
		}
	}
	outputs := map[*graph.Tensor]bool{}
	for _, t := range nm.Outputs {
		outputs[t] = true
	}
	local := b.fill(mm, root, consumers, outputs)
	mm.Outputs = nil
	for _, t := range nm.Outputs {
		if c, ok := local[t]; ok {
			t = c
		}
		mm.Outputs = append(mm.Outputs, t)
	}
	b.res.Modules = mm
}

// fill adds the layers of module m to model gm. Each layer's outputs are
// copies of the node view's tensors produced by the layer, so that
// "Connected to" names the rows of this level; it returns the copies by
// original tensor.
func (b *builder) fill(gm *graph.Model, m *module, consumers map[*graph.Tensor][]*graph.Layer, outputs map[*graph.Tensor]bool) map[*graph.Tensor]*graph.Tensor {
	local := map[*graph.Tensor]*graph.Tensor{}
	add := func(l *graph.Layer) {
		n := l.Nodes[0]
		for i, t := range n.Inputs {
			if c, ok := local[t]; ok {
				n.Inputs[i] = c
			}
		}
		for i, t := range n.Outputs {
			c := *t
			c.Node, c.Index = n, i
			n.Outputs[i] = &c
			local[t] = &c
			b.orig[&c] = b.original(t)
		}
		gm.Layers = append(gm.Layers, l)
	}
	for _, it := range m.items {
		if it.layer != nil {
			add(copyLayer(it.layer, it.layer.Name, gm))
			continue
		}
		c := it.mod
		// A module of one node is that node, named after the module.
		if c.nodes == 1 {
			leaf := c
			for len(leaf.items) == 1 && leaf.items[0].mod != nil {
				leaf = leaf.items[0].mod
			}
			if len(leaf.items) == 1 && leaf.items[0].layer != nil {
				add(copyLayer(leaf.items[0].layer, c.name, gm))
				continue
			}
		}
		sub := &graph.Model{Name: c.name, Class: "Module", Framework: gm.Framework, Dialect: gm.Dialect, SourceFormat: gm.SourceFormat}
		b.fill(sub, c, consumers, outputs)
		l := &graph.Layer{Name: c.name, Class: "Module", Sub: sub, Trainable: true}
		l.Nodes = []*graph.Node{b.boundary(l, sub, consumers, outputs, gm)}
		if len(sub.Layers) > 0 {
			l.Pos = sub.Layers[0].Pos
		}
		add(l)
	}
	return local
}

// original maps a module-view copy of a tensor to the node view's.
func (b *builder) original(t *graph.Tensor) *graph.Tensor {
	for {
		o, ok := b.orig[t]
		if !ok {
			return t
		}
		t = o
	}
}

// copyLayer makes a layer for the module view: same weights (shared
// pointers, so totals count them once), same tensors, its own node.
func copyLayer(l *graph.Layer, name string, gm *graph.Model) *graph.Layer {
	c := *l
	c.Name = name
	n := *l.Nodes[0]
	n.Layer, n.Model = &c, gm
	n.Inputs = append([]*graph.Tensor(nil), n.Inputs...)
	n.Outputs = append([]*graph.Tensor(nil), n.Outputs...)
	c.Nodes = []*graph.Node{&n}
	return &c
}

// boundary is the call of a module: the tensors its layers read from
// outside and the tensors they give to the outside (or to the graph's
// outputs).
func (b *builder) boundary(l *graph.Layer, sub *graph.Model, consumers map[*graph.Tensor][]*graph.Layer, outputs map[*graph.Tensor]bool, gm *graph.Model) *graph.Node {
	inside := map[string]bool{}
	var walk func(m *graph.Model)
	walk = func(m *graph.Model) {
		for _, x := range m.Layers {
			if x.Sub != nil {
				walk(x.Sub)
				continue
			}
			inside[x.Pos.Path] = true
		}
	}
	walk(sub)
	node := &graph.Node{Layer: l, Model: gm}
	seenIn := map[*graph.Tensor]bool{}
	seenOut := map[*graph.Tensor]bool{}
	var visit func(m *graph.Model)
	visit = func(m *graph.Model) {
		for _, x := range m.Layers {
			if x.Sub != nil {
				visit(x.Sub)
				continue
			}
			n := x.Nodes[0]
			for _, t := range n.Inputs {
				t = b.original(t)
				if seenIn[t] || (t.Node == nil && !b.inputs[t]) {
					continue
				}
				if t.Node == nil || !inside[t.Node.Layer.Pos.Path] {
					seenIn[t] = true
					node.Inputs = append(node.Inputs, t)
				}
			}
			for _, t := range n.Outputs {
				t = b.original(t)
				if seenOut[t] {
					continue
				}
				out := outputs[t]
				for _, c := range consumers[t] {
					if !inside[c.Pos.Path] {
						out = true
					}
				}
				if out {
					seenOut[t] = true
					node.Outputs = append(node.Outputs, t)
				}
			}
		}
	}
	visit(sub)
	return node
}
