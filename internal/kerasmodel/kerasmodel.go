// Package kerasmodel assembles Keras models from layers: Sequential
// stacking, functional graphs ordered the way Keras orders them, and the
// automatic layer names of each Keras version. Both the Keras JSON front
// end and the Python front end build models through it. It imports graph
// and the Keras catalog.
package kerasmodel

import (
	"fmt"
	"sort"

	"github.com/netsum/netsum/internal/catalog/keras"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// Options for building.
type Options struct {
	Dialect      graph.Dialect
	AllowUnknown bool
}

// NewInputLayer makes an InputLayer producing shape (batch included) and
// returns the layer and its output tensor.
func NewInputLayer(name string, shape graph.Shape, dtype string, m *graph.Model, pos diag.Pos) (*graph.Layer, *graph.Tensor) {
	if dtype == "" {
		dtype = "float32"
	}
	l := &graph.Layer{Name: name, Class: "InputLayer", Trainable: true, Pos: pos,
		Config: map[string]any{"name": name, "batch_input_shape": shapeToAny(shape), "dtype": dtype}}
	n := &graph.Node{Layer: l, Model: m}
	t := &graph.Tensor{Shape: shape.Clone(), DType: dtype, Node: n}
	n.Outputs = []*graph.Tensor{t}
	l.Nodes = []*graph.Node{n}
	return l, t
}

func shapeToAny(s graph.Shape) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d < 0 {
			out[i] = nil
		} else {
			out[i] = float64(d)
		}
	}
	return out
}

// Sequential stacks layers one after another.
type Sequential struct {
	Model *graph.Model
	Opt   Options
	// Out is the output of the last layer; nil until an input is known.
	Out []*graph.Tensor
	// pending holds layers added before any input shape was known.
	pending []*graph.Layer
}

// NewSequential starts an empty Sequential model.
func NewSequential(name string, opt Options) *Sequential {
	return &Sequential{Model: &graph.Model{Name: name, Class: "Sequential", Framework: "keras", Dialect: opt.Dialect}, Opt: opt}
}

// SetInput gives the model its input tensor (from an implicit or explicit
// InputLayer, which is not listed among the model's layers).
func (s *Sequential) SetInput(t *graph.Tensor) error {
	s.Model.Inputs = []*graph.Tensor{t}
	s.Out = []*graph.Tensor{t}
	pend := s.pending
	s.pending = nil
	for _, l := range pend {
		if err := s.apply(l); err != nil {
			return err
		}
	}
	return nil
}

// Built reports whether the model has an input shape.
func (s *Sequential) Built() bool { return s.Out != nil }

// Add appends a layer; it is applied at once if the input is known,
// otherwise when SetInput is called.
func (s *Sequential) Add(l *graph.Layer) error {
	s.Model.Layers = append(s.Model.Layers, l)
	if s.Out == nil {
		s.pending = append(s.pending, l)
		return nil
	}
	return s.apply(l)
}

func (s *Sequential) apply(l *graph.Layer) error {
	if len(s.Out) != 1 {
		return &diag.Error{Pos: l.Pos, Layer: l.Name, Msg: fmt.Sprintf("a layer in a Sequential model must have one input, but the previous layer has %d outputs", len(s.Out))}
	}
	out, err := keras.Apply(l, s.Out, keras.Options{Dialect: s.Opt.Dialect, Model: s.Model, AllowUnknown: s.Opt.AllowUnknown})
	if err != nil {
		return err
	}
	s.Out = out
	s.Model.Outputs = out
	return nil
}

// Pop removes the last layer (Keras' model.pop()); the model's output
// becomes the previous layer's output.
func (s *Sequential) Pop() error {
	n := len(s.Model.Layers)
	if n == 0 {
		return fmt.Errorf("there are no layers in the model")
	}
	l := s.Model.Layers[n-1]
	s.Model.Layers = s.Model.Layers[:n-1]
	// Drop the node of this model from the layer.
	for i := len(l.Nodes) - 1; i >= 0; i-- {
		if l.Nodes[i].Model == s.Model {
			l.Nodes = append(l.Nodes[:i], l.Nodes[i+1:]...)
			break
		}
	}
	if len(s.pending) > 0 && s.pending[len(s.pending)-1] == l {
		s.pending = s.pending[:len(s.pending)-1]
		return nil
	}
	if n == 1 {
		s.Out = s.Model.Inputs
	} else if prev := s.Model.Layers[n-2]; len(prev.Nodes) > 0 {
		s.Out = prev.Nodes[len(prev.Nodes)-1].Outputs
	}
	s.Model.Outputs = s.Out
	return nil
}

// Functional builds a functional model from its inputs and outputs: the
// layers reachable from outputs, ordered as Keras orders them (by depth,
// deepest first; ties by first visit in a depth-first walk from the
// outputs). Nodes not yet owned by a model are assigned to it.
func Functional(name, class string, inputs, outputs []*graph.Tensor, opt Options) (*graph.Model, error) {
	m := &graph.Model{Name: name, Class: class, Framework: "keras", Dialect: opt.Dialect, Inputs: inputs, Outputs: outputs}
	layers, err := OrderLayers(outputs, inputs)
	if err != nil {
		return nil, err
	}
	m.Layers = layers
	for _, l := range layers {
		for _, n := range l.Nodes {
			if n.Model == nil {
				n.Model = m
			}
		}
	}
	return m, nil
}

// OrderLayers returns the layers that produce outputs from inputs in Keras
// order (keras.engine.functional._map_graph_network).
func OrderLayers(outputs, inputs []*graph.Tensor) ([]*graph.Layer, error) {
	layerIndex := map[*graph.Layer]int{}
	finished := map[*graph.Node]bool{}
	inProgress := map[*graph.Node]bool{}
	var order []*graph.Node
	isInput := map[*graph.Tensor]bool{}
	for _, t := range inputs {
		isInput[t] = true
	}
	steps := 0
	var visit func(n *graph.Node, depth int) error
	visit = func(n *graph.Node, depth int) error {
		if depth > 100000 {
			return fmt.Errorf("graph too deep (over 100,000 layers in a chain)")
		}
		steps++
		if steps > 10_000_000 {
			return fmt.Errorf("graph too large")
		}
		if inProgress[n] {
			return fmt.Errorf("the graph has a cycle through layer %q", n.Layer.Name)
		}
		if finished[n] {
			return nil
		}
		if _, ok := layerIndex[n.Layer]; !ok {
			layerIndex[n.Layer] = len(layerIndex)
		}
		inProgress[n] = true
		for _, t := range n.Inputs {
			if t.Node != nil && !isInput[t] {
				if err := visit(t.Node, depth+1); err != nil {
					return err
				}
			} else if t.Node != nil {
				if _, ok := layerIndex[t.Node.Layer]; !ok {
					layerIndex[t.Node.Layer] = len(layerIndex)
				}
				if !finished[t.Node] {
					finished[t.Node] = true
					order = append(order, t.Node)
				}
			}
		}
		delete(inProgress, n)
		finished[n] = true
		order = append(order, n)
		return nil
	}
	for _, t := range outputs {
		if t.Node == nil {
			continue
		}
		if err := visit(t.Node, 0); err != nil {
			return nil, err
		}
	}
	nodeDepth := map[*graph.Node]int{}
	layerDepth := map[*graph.Layer]int{}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		d := nodeDepth[n]
		if ld, ok := layerDepth[n.Layer]; ok && ld > d {
			d = ld
		}
		layerDepth[n.Layer] = d
		nodeDepth[n] = d
		for _, t := range n.Inputs {
			if t.Node != nil && nodeDepth[t.Node] < d+1 {
				nodeDepth[t.Node] = d + 1
			}
		}
	}
	layers := make([]*graph.Layer, 0, len(layerDepth))
	for l := range layerDepth {
		layers = append(layers, l)
	}
	sort.Slice(layers, func(i, j int) bool {
		a, b := layers[i], layers[j]
		if layerDepth[a] != layerDepth[b] {
			return layerDepth[a] > layerDepth[b]
		}
		return layerIndex[a] < layerIndex[b]
	})
	return layers, nil
}

// AddInternalNode gives a model used as a layer the node Keras creates when
// the model is built, linking its own inputs to its outputs. Keras 1, 2,
// tf.keras (and Keras 3 for functional models) count it: calls of the
// nested model from outside are nodes 1, 2, ... in configs and in the
// Connected to column.
func AddInternalNode(l *graph.Layer) {
	if l.Sub == nil {
		return
	}
	n := &graph.Node{Layer: l, Index: len(l.Nodes), Inputs: l.Sub.Inputs, Outputs: l.Sub.Outputs, Model: l.Sub}
	l.Nodes = append(l.Nodes, n)
}
