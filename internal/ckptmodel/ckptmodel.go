// Package ckptmodel turns the tensor list of a checkpoint (a PyTorch
// state_dict, a safetensors header, GGUF tensor infos) into a graph.Model:
// tensors are grouped by module prefix (layer1.0.conv1.weight belongs to
// module layer1.0.conv1), modules nest like the dotted names, and each
// module is a layer carrying its tensors as weights (buffers marked, tied
// tensors aliased so they count once). The checkpoint front ends share it.
// It imports graph and diag.
package ckptmodel

import (
	"fmt"
	"strings"

	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// Tensor is one named tensor of a checkpoint.
type Tensor struct {
	// Name is the full key: "layer1.0.conv1.weight".
	Name  string
	Shape []int64
	// DType is the format's name: "float32", "bfloat16", "Q4_K".
	DType string
	// Bytes is the stored size, 0 if the format does not say.
	Bytes int64
	// Buffer marks module state that is not a parameter.
	Buffer bool
	// TiedTo names an earlier tensor this one is the same data as.
	TiedTo string
}

// Options describe the model being built.
type Options struct {
	File         string
	Name         string // model name (the file's base name)
	Class        string // "state_dict", "safetensors", "gguf"
	Framework    string // "pytorch", "safetensors", "gguf"
	Version      string
	SourceFormat string
}

// MaxDepth bounds module nesting (dots in a name).
const MaxDepth = 64

// node is one module of the tree.
type node struct {
	name     string // attribute name
	path     string // full dotted path
	weights  []*graph.Weight
	children []*node
	index    map[string]*node
	// rootSlot is the position among children where the root's own
	// tensors go (root only).
	rootSlot int
}

func (n *node) child(name string) *node {
	if c, ok := n.index[name]; ok {
		return c
	}
	path := name
	if n.path != "" {
		path = n.path + "." + name
	}
	c := &node{name: name, path: path, index: map[string]*node{}}
	n.index[name] = c
	n.children = append(n.children, c)
	return c
}

// Build groups ts by module into a model, in the order the tensors come.
func Build(ts []Tensor, opt Options) (*graph.Model, error) {
	root := &node{index: map[string]*node{}, rootSlot: -1}
	byName := make(map[string]*graph.Weight, len(ts))
	for _, t := range ts {
		if _, dup := byName[t.Name]; dup {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: fmt.Sprintf("tensor %q appears twice", t.Name)}
		}
		parts := strings.Split(t.Name, ".")
		if len(parts) > MaxDepth {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: fmt.Sprintf("tensor %q is nested more than %d modules deep", clip(t.Name), MaxDepth)}
		}
		n := root
		for _, p := range parts[:len(parts)-1] {
			n = n.child(p)
		}
		w := &graph.Weight{Name: parts[len(parts)-1], Shape: append([]int64(nil), t.Shape...), DType: t.DType,
			Trainable: !t.Buffer, Bytes: t.Bytes, Buffer: t.Buffer}
		if t.TiedTo != "" {
			if orig, ok := byName[t.TiedTo]; ok {
				w.Alias = orig
			}
		}
		byName[t.Name] = w
		if n == root && root.rootSlot < 0 {
			root.rootSlot = len(root.children)
		}
		n.weights = append(n.weights, w)
	}
	m := &graph.Model{Name: opt.Name, Class: opt.Class, Framework: opt.Framework, Version: opt.Version,
		Dialect: graph.PyTorch, SourceFormat: opt.SourceFormat, Source: opt.File}
	m.Layers = layers(root, m)
	return m, nil
}

func layers(n *node, m *graph.Model) []*graph.Layer {
	var out []*graph.Layer
	for i, c := range n.children {
		if n.rootSlot == i && len(n.weights) > 0 {
			out = append(out, &graph.Layer{Name: "", Weights: n.weights, Trainable: true})
		}
		out = append(out, layer(c))
	}
	if n.rootSlot == len(n.children) && len(n.weights) > 0 {
		out = append(out, &graph.Layer{Name: "", Weights: n.weights, Trainable: true})
	}
	return out
}

func layer(n *node) *graph.Layer {
	l := &graph.Layer{Name: n.name, Weights: n.weights, Trainable: true}
	if len(n.children) > 0 {
		sub := &graph.Model{Name: n.path, Dialect: graph.PyTorch}
		for _, c := range n.children {
			sub.Layers = append(sub.Layers, layer(c))
		}
		l.Sub = sub
	}
	return l
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// LooksLikeBuffer reports whether a state_dict entry is a buffer rather
// than a parameter: BatchNorm's running statistics, and any tensor whose
// dtype cannot carry gradients (integers, bool), since nn.Parameter
// requires a floating or complex dtype.
func LooksLikeBuffer(name, dtype string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	switch last {
	case "running_mean", "running_var", "num_batches_tracked":
		return true
	}
	switch {
	case strings.HasPrefix(dtype, "float"), strings.HasPrefix(dtype, "bfloat"), strings.HasPrefix(dtype, "complex"):
		return false
	case dtype == "F16" || dtype == "F32" || dtype == "F64" || dtype == "BF16" || strings.HasPrefix(dtype, "F8"):
		return false
	}
	return true
}
