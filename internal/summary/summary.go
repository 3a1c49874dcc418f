// Package summary folds a graph.Model into the rows and totals a summary
// shows. Renderers take a Summary and never reach into the graph. It
// imports graph.
package summary

import (
	"fmt"
	"strconv"
	"strings"

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
	// Shared is set when the weight was already counted on an earlier row
	// (or is an alias of a tied weight, graph.Weight.Alias).
	Shared bool
	// Bytes is the stored size from the file (checkpoints), 0 if unknown.
	Bytes int64
	// Buffer marks PyTorch buffers: listed, not counted in Params.
	Buffer bool
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
	// Links has one entry per entry of Connected, in the same order: the
	// inbound tensor as data (producing layer, call, output index, shape),
	// for renderers that draw edges.
	Links   []Link
	IsInput bool
	Unknown bool
	// Unbuilt is graph.Layer.Unbuilt: the layer was never built.
	Unbuilt bool
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
	// Buffers counts the elements of the row's buffers (graph.Weight.Buffer),
	// which Params leaves out.
	Buffers int64
	// Recursive is set on a row whose layer already has a row earlier in
	// the summary, in this model or any nested one (torchinfo's rule: the
	// module object was already listed; it prints "(recursive)").
	Recursive bool
	// Module identifies the layer object of the row (torchinfo's
	// id(module)): rows of one layer share it, numbered from 1 in row
	// order. For PyTorch code, rows with the same module path are one
	// module (the front end gives a parameter-free module called twice a
	// row of its own per call).
	Module int
	// OutputDTypes are the dtypes of OutputShapes ("" when unknown).
	OutputDTypes []string
	// ModuleLeaf is set when the row's nn.Module has no child modules
	// (torchinfo's is_leaf_layer: not any(module.children())), and NotModule
	// when the row is no module of graph.Model.Module (PyTorch code: the row
	// holding the parameters no module call reached). Both are meaningful
	// only when Summary.ModuleTree is set.
	ModuleLeaf, NotModule bool
	// InputDimNames and OutputDimNames hold, per shape of InputShapes and
	// OutputShapes, the symbolic names of unknown dims (ONNX
	// "batch_size"; nil when the format has none).
	InputDimNames, OutputDimNames [][]string
	// Calls is the number of calls of the layer in this model.
	Calls int
	// Cost is the row's compute and activation memory, set by
	// internal/cost (nil until then).
	Cost *Cost
}

// Link is one inbound tensor of a layer call: the layer that produced it,
// which of that layer's calls (node index) and which of its outputs, and
// the tensor's shape (nil if unknown).
type Link struct {
	Layer  string
	Node   int
	Tensor int
	Shape  graph.Shape
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
	// Cost holds compute and memory totals, set by internal/cost (nil
	// until then).
	Cost *CostTotals
	// Buffers counts buffer elements (PyTorch running stats), not in Params;
	// BufferBytes is their size.
	Buffers     int64
	BufferBytes float64
	// ByDType totals parameters and buffers per dtype, in order of first
	// appearance (each tensor once).
	ByDType []DTypeTotal
}

// DTypeTotal is the tensors of one dtype: element count and stored bytes
// (the file's size when known, else count × element size rounded up).
type DTypeTotal struct {
	DType string
	Count int64
	Bytes int64
}

// Input is one model input: shape (batch included) and dtype.
type Input struct {
	Shape graph.Shape
	DType string
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
	// Notes are the model's remarks (graph.Model.Notes).
	Notes []string
	// Inputs and Outputs are the model's inputs and outputs, when known.
	Inputs, Outputs []Input
	// ModuleTree is set when the rows are module calls of an nn.Module tree
	// (graph.Model.Module): Row.ModuleLeaf and Row.NotModule are set, and
	// RootModuleLeaf tells whether the root module has no children.
	ModuleTree, RootModuleLeaf bool
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
		Notes:        m.Notes,
	}
	for _, t := range m.Inputs {
		s.Inputs = append(s.Inputs, Input{Shape: t.Shape, DType: t.DType})
	}
	for _, t := range m.Outputs {
		s.Outputs = append(s.Outputs, Input{Shape: t.Shape, DType: t.DType})
	}
	s.Rows = rows(m, 0, map[*graph.Weight]bool{}, &modules{ids: map[any]int{}, byPath: m.Dialect == graph.PyTorch && m.SourceFormat == "python"})
	s.SequentialLike = sequentialLike(m)
	if m.Module != nil {
		s.ModuleTree = true
		s.RootModuleLeaf = len(m.Module.Children) == 0
		markModules(s.Rows, m.Module)
	}
	// Keras 3 prints the variables of a built optimizer (front ends that
	// know them record the count): float32 slots and learning rate, plus
	// the int64 iteration counter (keras/src/optimizers/base_optimizer.py).
	if n, err := strconv.ParseInt(m.Compile["optimizer_params"], 10, 64); err == nil && n > 0 {
		s.Totals.Optimizer = n
		s.Totals.OptimizerBytes = float64(n)*4 + 4
	}
	byDType := map[string]int{}
	for _, w := range m.Weights() {
		c := w.Count()
		if c < 0 || w.Alias != nil {
			continue
		}
		bytes := float64(c) * float64(DTypeBits(w.DType)) / 8
		stored := w.Bytes
		if stored <= 0 {
			stored = (c*int64(DTypeBits(w.DType)) + 7) / 8
		} else {
			bytes = float64(stored)
		}
		i, ok := byDType[w.DType]
		if !ok {
			i = len(s.Totals.ByDType)
			byDType[w.DType] = i
			s.Totals.ByDType = append(s.Totals.ByDType, DTypeTotal{DType: w.DType})
		}
		s.Totals.ByDType[i].Count += c
		s.Totals.ByDType[i].Bytes += stored
		if w.Buffer {
			s.Totals.Buffers += c
			s.Totals.BufferBytes += bytes
			continue
		}
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

// markModules sets ModuleLeaf and NotModule from the module tree, finding
// each row's module by its path (Row.Name).
func markModules(rs []Row, root *graph.TorchModule) {
	for i := range rs {
		r := &rs[i]
		m := root
		for _, part := range strings.Split(r.Name, ".") {
			var next *graph.TorchModule
			for _, c := range m.Children {
				if c.Name == part {
					next = c.Module
					break
				}
			}
			if m = next; m == nil {
				break
			}
		}
		if r.Name == "" || m == nil {
			r.NotModule = true
		} else {
			r.ModuleLeaf = len(m.Children) == 0
		}
		markModules(r.Sub, root)
	}
}

// modules numbers the layer objects of a summary in row order (Row.Module).
type modules struct {
	ids    map[any]int
	byPath bool
}

func (ms *modules) id(l *graph.Layer) (int, bool) {
	var key any = l
	if ms.byPath && l.Name != "" {
		key = l.Name
	}
	id, ok := ms.ids[key]
	if !ok {
		id = len(ms.ids) + 1
		ms.ids[key] = id
	}
	return id, ok
}

func rows(m *graph.Model, depth int, counted map[*graph.Weight]bool, ms *modules) []Row {
	var out []Row
	for _, l := range m.Layers {
		r := Row{Name: l.Name, Class: l.Class, Depth: depth, IsInput: l.Class == "InputLayer", Unknown: l.Unknown, Unbuilt: l.Unbuilt, Frozen: !l.Trainable, Note: l.Note, Config: l.Config}
		r.Module, r.Recursive = ms.id(l)
		var shapes [][]graph.Shape
		seenIn := map[string]bool{}
		for _, n := range l.Nodes {
			if n.Model != nil && n.Model != m {
				continue
			}
			r.Called = true
			r.Calls++
			var sh []graph.Shape
			r.OutputDTypes = r.OutputDTypes[:0]
			r.OutputDimNames = r.OutputDimNames[:0]
			for _, t := range n.Outputs {
				sh = append(sh, t.Shape)
				r.OutputDTypes = append(r.OutputDTypes, t.DType)
				r.OutputDimNames = append(r.OutputDimNames, t.DimNames)
			}
			shapes = append(shapes, sh)
			for _, t := range n.Inputs {
				if t.Node == nil {
					continue
				}
				r.Connected = append(r.Connected, fmt.Sprintf("%s[%d][%d]", t.Node.Layer.Name, t.Node.Index, t.Index))
				r.Links = append(r.Links, Link{Layer: t.Node.Layer.Name, Node: t.Node.Index, Tensor: t.Index, Shape: t.Shape})
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
					r.InputDimNames = r.InputDimNames[:0]
					for _, t := range n.Inputs {
						r.InputShapes = append(r.InputShapes, t.Shape)
						r.InputDimNames = append(r.InputDimNames, t.DimNames)
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
			sw := Weight{Name: w.Name, Shape: w.Shape, DType: w.DType, Trainable: w.Trainable, Count: c, Factors: w.Factors,
				Shared: counted[w] || w.Alias != nil, Bytes: w.Bytes, Buffer: w.Buffer}
			counted[w] = true
			r.Weights = append(r.Weights, sw)
			if c < 0 {
				r.ParamsKnown = false
				continue
			}
			if w.Buffer {
				r.Buffers += c
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
			r.Sub = rows(l.Sub, depth+1, map[*graph.Weight]bool{}, ms)
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
