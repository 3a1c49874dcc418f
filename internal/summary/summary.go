// Package summary folds a graph.Model into the rows and totals a summary
// shows. Renderers take a Summary and never reach into the graph. It
// imports graph.
package summary

import (
	"fmt"

	"github.com/netsum/netsum/internal/graph"
)

// Weight is one weight of a row, with the formula behind its count.
type Weight struct {
	Name      string
	Shape     []int64
	DType     string
	Trainable bool
	Count     int64
	Factors   [][]graph.Factor
	// Shared is set when the weight was already counted on an earlier row.
	Shared bool
}

// Row is one line of a summary table: a layer of the model.
type Row struct {
	Name  string
	Class string
	// OutputShapes are the shapes of the layer's last call in this model;
	// nil when the layer was never called or its shape is unknown.
	OutputShapes []graph.Shape
	// Multiple is set when the layer was called several times in the model
	// with different output shapes (Keras 1/2 print "multiple").
	Multiple bool
	// Called is false for a layer never called (Keras prints "multiple"/"?").
	Called bool
	// Params counts all the row's weights (nested models included, each
	// weight once within the row); Trainable + NonTrainable = Params.
	Params, Trainable, NonTrainable int64
	// ParamsKnown is false when a weight's size is unknown.
	ParamsKnown bool
	// Connected lists "name[node][tensor]" per input of each call of the
	// layer in this model, in order; one entry per inbound tensor.
	Connected []string
	// Inbound lists distinct inbound layer names, in order.
	Inbound []string
	IsInput bool
	Unknown bool
	// Frozen is set when the layer's trainable flag is off (Keras prints N
	// in the Trainable column).
	Frozen  bool
	Weights []Weight
	// Config is the layer's configuration (read-only), for explanations.
	Config map[string]any
	// InputShapes are the input shapes of the layer's last call here.
	InputShapes []graph.Shape
	// Depth is the nesting level (0 = top level); Sub rows follow their
	// parent when nested models are expanded.
	Depth int
	// Sub holds the rows of a nested model, for expanded views.
	Sub []Row
	// Nested is set for a row that is itself a model.
	Nested bool
	Note   string
}

// Totals are the model totals; a weight shared between layers counts once.
type Totals struct {
	Params, Trainable, NonTrainable int64
	// Bytes by trainability, computed from dtypes (Keras: bits/8).
	TrainableBytes, NonTrainableBytes float64
	// Optimizer counts the optimizer's variables when known (Keras 3 prints
	// "Optimizer params" for a compiled model whose optimizer is built and
	// adds them to "Total params"); 0 otherwise.
	Optimizer      int64
	OptimizerBytes float64
}

// Summary is everything a renderer needs.
type Summary struct {
	ModelName    string
	ModelClass   string
	Framework    string
	Version      string
	Dialect      graph.Dialect
	SourceFormat string
	Source       string
	// SequentialLike follows Keras' rule for choosing the 3-column table.
	SequentialLike bool
	// IsSequential is set for a Sequential model (class name).
	IsSequential bool
	Rows         []Row
	Totals       Totals
	Compile      map[string]string
}

// DTypeBits is the size of a dtype in bits (Keras 3 dtype_size).
func DTypeBits(dt string) int {
	switch dt {
	case "float16", "bfloat16", "int16", "uint16":
		return 16
	case "float64", "int64", "uint64", "complex64":
		return 64
	case "int8", "uint8", "float8_e4m3fn", "float8_e5m2":
		return 8
	case "bool":
		return 1
	case "complex128":
		return 128
	}
	return 32
}

// Build computes the summary of m.
func Build(m *graph.Model) *Summary {
	s := &Summary{
		ModelName:    m.Name,
		ModelClass:   m.Class,
		Framework:    m.Framework,
		Version:      m.Version,
		Dialect:      m.Dialect,
		SourceFormat: m.SourceFormat,
		Source:       m.Source,
		IsSequential: m.Class == "Sequential",
		Compile:      m.Compile,
	}
	s.Rows = rows(m, 0, map[*graph.Weight]bool{})
	s.SequentialLike = sequentialLike(m)
	for _, w := range m.Weights() {
		c := w.Count()
		if c < 0 {
			continue
		}
		bytes := float64(c) * float64(DTypeBits(w.DType)) / 8
		s.Totals.Params += c
		if w.Trainable {
			s.Totals.Trainable += c
			s.Totals.TrainableBytes += bytes
		} else {
			s.Totals.NonTrainable += c
			s.Totals.NonTrainableBytes += bytes
		}
	}
	return s
}

func rows(m *graph.Model, depth int, counted map[*graph.Weight]bool) []Row {
	var out []Row
	for _, l := range m.Layers {
		r := Row{Name: l.Name, Class: l.Class, Depth: depth, IsInput: l.Class == "InputLayer", Unknown: l.Unknown, Frozen: !l.Trainable, Note: l.Note, Config: l.Config}
		var shapes [][]graph.Shape
		seenIn := map[string]bool{}
		for _, n := range l.Nodes {
			if n.Model != nil && n.Model != m {
				continue
			}
			r.Called = true
			var sh []graph.Shape
			for _, t := range n.Outputs {
				sh = append(sh, t.Shape)
			}
			shapes = append(shapes, sh)
			for _, t := range n.Inputs {
				if t.Node == nil {
					continue
				}
				r.Connected = append(r.Connected, fmt.Sprintf("%s[%d][%d]", t.Node.Layer.Name, t.Node.Index, t.Index))
				if !seenIn[t.Node.Layer.Name] {
					seenIn[t.Node.Layer.Name] = true
					r.Inbound = append(r.Inbound, t.Node.Layer.Name)
				}
			}
		}
		if len(shapes) > 0 {
			r.OutputShapes = shapes[len(shapes)-1]
			for _, n := range l.Nodes {
				if n.Model == nil || n.Model == m {
					r.InputShapes = r.InputShapes[:0]
					for _, t := range n.Inputs {
						r.InputShapes = append(r.InputShapes, t.Shape)
					}
				}
			}
			for _, sh := range shapes[:len(shapes)-1] {
				if !shapesEqual(sh, r.OutputShapes) {
					r.Multiple = true
				}
			}
			for _, sh := range r.OutputShapes {
				if sh == nil {
					r.OutputShapes = nil
					break
				}
			}
		}
		ws := l.AllWeights()
		r.ParamsKnown = true
		for _, w := range ws {
			c := w.Count()
			sw := Weight{Name: w.Name, Shape: w.Shape, DType: w.DType, Trainable: w.Trainable, Count: c, Factors: w.Factors, Shared: counted[w]}
			counted[w] = true
			r.Weights = append(r.Weights, sw)
			if c < 0 {
				r.ParamsKnown = false
				continue
			}
			r.Params += c
			if w.Trainable {
				r.Trainable += c
			} else {
				r.NonTrainable += c
			}
		}
		if l.Sub != nil {
			r.Nested = true
			r.Sub = rows(l.Sub, depth+1, map[*graph.Weight]bool{})
		}
		out = append(out, r)
	}
	return out
}

func shapesEqual(a, b []graph.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// sequentialLike is Keras 2.0.9+'s rule: a Sequential model is; a graph
// model is unless some depth holds more than one node, a node has more
// than one inbound layer, or a layer is called more than once.
func sequentialLike(m *graph.Model) bool {
	if m.Class == "Sequential" {
		return true
	}
	depth := map[*graph.Node]int{}
	var visit func(n *graph.Node, d int)
	steps := 0
	visit = func(n *graph.Node, d int) {
		steps++
		if steps > 1_000_000 {
			return
		}
		if old, ok := depth[n]; ok && old >= d {
			return
		}
		depth[n] = d
		for _, t := range n.Inputs {
			if t.Node != nil {
				visit(t.Node, d+1)
			}
		}
	}
	for _, t := range m.Outputs {
		if t.Node != nil {
			visit(t.Node, 0)
		}
	}
	perDepth := map[int]int{}
	for n, d := range depth {
		perDepth[d]++
		if perDepth[d] > 1 {
			return false
		}
		if len(n.Inputs) > 1 {
			return false
		}
	}
	for _, l := range m.Layers {
		calls := 0
		for _, n := range l.Nodes {
			if n.Model == nil || n.Model == m {
				calls++
			}
		}
		if calls > 1 {
			return false
		}
	}
	return true
}
