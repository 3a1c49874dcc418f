// Package graph is the one model every front end produces and every
// analysis reads: layers in execution order, the tensors between them,
// weights, nested models and source positions. It imports only diag.
package graph

import (
	"strconv"
	"strings"

	"github.com/netsum/netsum/internal/diag"
)

// Unknown marks a dimension whose size is not known (None in Keras).
const Unknown int64 = -1

// Shape is a tensor shape, batch dimension included. Dims may be Unknown.
type Shape []int64

// Clone returns a copy of s.
func (s Shape) Clone() Shape {
	if s == nil {
		return nil
	}
	return append(Shape(nil), s...)
}

// Rank is len(s).
func (s Shape) Rank() int { return len(s) }

// Known reports whether every dim from index from on is known.
func (s Shape) Known(from int) bool {
	for _, d := range s[from:] {
		if d < 0 {
			return false
		}
	}
	return true
}

// Equal reports whether two shapes are identical.
func (s Shape) Equal(t Shape) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range s {
		if s[i] != t[i] {
			return false
		}
	}
	return true
}

// String formats s like a Python tuple: (None, 26, 26, 32), (None,).
func (s Shape) String() string { return s.format(nil, len(s) == 1) }

// NamedString is String with the symbolic names of unknown dims (ONNX
// dim_param) in place of None: (batch_size, 32, 24, 24). names may be
// nil or shorter than s; a dim with no name prints None.
func (s Shape) NamedString(names []string) string {
	return s.format(names, len(s) == 1)
}

// TupleString is Keras 3's format_shape: no trailing comma, so a 1-D
// shape prints (None) and a scalar (); unknown dims take their names.
func (s Shape) TupleString(names []string) string {
	return s.format(names, false)
}

func (s Shape) format(names []string, comma bool) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		if d < 0 && i < len(names) && names[i] != "" {
			b.WriteString(names[i])
		} else {
			b.WriteString(DimString(d))
		}
	}
	if comma {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// DimString formats one dim, "None" when unknown.
func DimString(d int64) string {
	if d < 0 {
		return "None"
	}
	return strconv.FormatInt(d, 10)
}

// Dialect is the framework version family an input came from; it decides
// naming, defaults and the summary style.
type Dialect int

// Dialects, in historical order.
const (
	DialectUnknown Dialect = iota
	Keras1                 // Keras 1.x
	Keras2                 // Keras 2.0–2.3 (multi-backend)
	TFKeras                // tf.keras 2.x and TensorFlow.js layers
	Keras3                 // Keras 3
	PyTorch
	ONNX
)

var dialectNames = [...]string{"unknown", "keras1", "keras2", "tf.keras", "keras3", "pytorch", "onnx"}

func (d Dialect) String() string {
	if int(d) < len(dialectNames) {
		return dialectNames[d]
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// IsKeras reports whether d is one of the Keras dialects.
func (d Dialect) IsKeras() bool { return d >= Keras1 && d <= Keras3 }

// Factor is one named number in a weight's size: kernel_h=5.
type Factor struct {
	Name  string
	Value int64
}

// Weight is one variable of a layer. Its bytes are never loaded.
type Weight struct {
	Name      string
	Shape     []int64
	DType     string
	Trainable bool
	// Factors explains each dim of Shape as a product of named numbers
	// (len(Factors) == len(Shape) when set); used by explain.
	Factors [][]Factor
	// Bytes is the stored size when the file says (checkpoints, block-
	// quantized GGUF types); 0 means Count times the dtype's size.
	Bytes int64
	// Buffer marks module state that is not a parameter (PyTorch buffers
	// such as BatchNorm's running_mean): listed, but not counted as params.
	Buffer bool
	// Alias is set when this weight is the same tensor as another one
	// stored under a second name (tied weights); it counts once, as Alias.
	Alias *Weight
}

// Count is the number of elements, or -1 if a dim is unknown. Overflow
// saturates at -1 as well.
func (w *Weight) Count() int64 {
	n := int64(1)
	for _, d := range w.Shape {
		if d < 0 {
			return -1
		}
		if d != 0 && n > (1<<62)/d {
			return -1
		}
		n *= d
	}
	return n
}

// Tensor is a value flowing between layers.
type Tensor struct {
	Shape Shape
	// DimNames, when set, has one entry per dim of Shape: the symbolic
	// name of an unknown dim ("batch_size" in ONNX), "" for the others.
	DimNames []string
	DType    string
	// Node produced the tensor (nil for a model input with no layer).
	Node  *Node
	Index int // position among Node.Outputs
}

// Node is one call of a layer on some inputs.
type Node struct {
	Layer   *Layer
	Index   int // position in Layer.Nodes
	Inputs  []*Tensor
	Outputs []*Tensor
	// Model is the model this call belongs to (relevant for Connected to).
	Model *Model
}

// Layer is one layer (or op, or module) of a model.
type Layer struct {
	Name   string
	Class  string // class name as the framework prints it
	Config map[string]any
	Nodes  []*Node
	// Weights are the layer's own variables, created on first call.
	Weights []*Weight
	// Sub is set when the layer is itself a model (nested Sequential or
	// functional model). Its parameters are those of Sub's layers.
	Sub *Model
	// Inner holds layers wrapped by this one (Bidirectional, TimeDistributed).
	// Their weights are already part of Weights; Inner is for explanation.
	Inner     []*Layer
	Trainable bool
	// Unknown is set when the catalog has no entry for Class.
	Unknown bool
	// Unbuilt is set for a layer that exists but was never built (a layer
	// of a subclassed model that no call reached): it has no weights yet,
	// and Keras prints "0 (unbuilt)" (Keras 3) or "0 (unused)" (tf.keras
	// 2.5+) for it.
	Unbuilt bool
	// Note is a per-layer remark from the catalog (e.g. why a shape is unknown).
	Note string
	Pos  diag.Pos
}

// OutputShapes returns the output shapes of the last call, or nil.
func (l *Layer) OutputShapes() []Shape {
	if len(l.Nodes) == 0 {
		return nil
	}
	n := l.Nodes[len(l.Nodes)-1]
	out := make([]Shape, len(n.Outputs))
	for i, t := range n.Outputs {
		out[i] = t.Shape
	}
	return out
}

// AllWeights returns the layer's weights including those of nested models,
// each weight once.
func (l *Layer) AllWeights() []*Weight {
	seen := map[*Weight]bool{}
	var out []*Weight
	l.collect(seen, &out, map[*Model]bool{})
	return out
}

func (l *Layer) collect(seen map[*Weight]bool, out *[]*Weight, models map[*Model]bool) {
	for _, w := range l.Weights {
		if !seen[w] {
			seen[w] = true
			*out = append(*out, w)
		}
	}
	if l.Sub != nil && !models[l.Sub] {
		models[l.Sub] = true
		for _, s := range l.Sub.Layers {
			s.collect(seen, out, models)
		}
	}
}

// Counts sums the weights of ws: total, trainable, non-trainable. A weight
// of unknown size contributes nothing and sets ok to false.
func Counts(ws []*Weight) (total, trainable, nonTrainable int64, ok bool) {
	ok = true
	for _, w := range ws {
		c := w.Count()
		if c < 0 {
			ok = false
			continue
		}
		total += c
		if w.Trainable {
			trainable += c
		} else {
			nonTrainable += c
		}
	}
	return
}

// Model is a whole model, or a model nested in another as a layer.
type Model struct {
	Name  string
	Class string // Sequential, Functional, Model, ...
	// Framework is "keras", "pytorch" or "onnx"; Version the framework
	// version the input came from ("1.1.1", "2.2.4", "tfjs-layers 4.22.0").
	Framework string
	Version   string
	Dialect   Dialect
	// SourceFormat names the front end: "keras-json", "python", ...
	SourceFormat string
	Source       string // file name
	// Layers in the order the framework lists them in its summary.
	Layers  []*Layer
	Inputs  []*Tensor
	Outputs []*Tensor
	// Compile records model.compile arguments (optimizer, loss) if known.
	Compile map[string]string
	// Warnings are non-fatal remarks collected while reading.
	Warnings []diag.Warning
	// Notes are remarks a summary prints with the model (what else a
	// checkpoint holds, file metadata).
	Notes []string
	// Module is the nn.Module tree behind state_dict() (PyTorch code only;
	// nil otherwise): what load_state_dict walks (internal/weightcheck).
	Module *TorchModule
}

// Weights returns every weight of the model, each once.
func (m *Model) Weights() []*Weight {
	seen := map[*Weight]bool{}
	var out []*Weight
	models := map[*Model]bool{m: true}
	for _, l := range m.Layers {
		l.collect(seen, &out, models)
	}
	return out
}

// Layer returns the layer named name, or nil.
func (m *Model) Layer(name string) *Layer {
	for _, l := range m.Layers {
		if l.Name == name {
			return l
		}
	}
	return nil
}
