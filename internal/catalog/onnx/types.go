// Package onnx is the ONNX operator catalog: for each operator of the
// default domain (opsets 1 to 24), ai.onnx.preview.training, and a few
// com.microsoft contrib operators, how its output types and shapes follow
// from its inputs and attributes, following onnx.shape_inference and
// going further where values are known (small constant tensors and
// symbolic shape data are propagated). Infer runs it over a whole graph,
// subgraphs (If, Loop, Scan) and model-local functions included.
//
// It imports internal/onnx (the decoded model) and diag.
package onnx

import (
	"strconv"
	"strings"

	pb "github.com/netsum/netsum/internal/onnx"
)

// Dim is one dimension: a known size (V >= 0), or unknown (V < 0) with an
// optional symbolic name S.
type Dim struct {
	V int64
	S string
}

// Known returns a dim of size v.
func Known(v int64) Dim { return Dim{V: v} }

// Sym returns a symbolic dim.
func Sym(s string) Dim { return Dim{V: -1, S: s} }

// Unk is an unknown dim without name.
var Unk = Dim{V: -1}

// IsKnown reports whether d has a value.
func (d Dim) IsKnown() bool { return d.V >= 0 }

// IsSym reports whether d is a named unknown.
func (d Dim) IsSym() bool { return d.V < 0 && d.S != "" }

func (d Dim) String() string {
	if d.V >= 0 {
		return strconv.FormatInt(d.V, 10)
	}
	if d.S != "" {
		return d.S
	}
	return "?"
}

// Same reports whether two dims say the same thing.
func (d Dim) Same(e Dim) bool {
	if d.V >= 0 || e.V >= 0 {
		return d.V == e.V
	}
	return d.S == e.S
}

// Type is what is known of a value: a tensor (element type, shape), a
// sequence or optional of a type, a map.
type Type struct {
	Kind pb.TypeKind
	// Elem is the element type of a tensor, the key type of a map.
	Elem pb.DataType
	// Shape holds the dims of a tensor whose rank is known (HasShape).
	HasShape bool
	Shape    []Dim
	// Inner is the element type of a sequence or optional, the value type
	// of a map; nil when unknown.
	Inner *Type
}

// Tensor returns a tensor type with the given dims.
func Tensor(elem pb.DataType, dims ...Dim) *Type {
	return &Type{Kind: pb.KindTensor, Elem: elem, HasShape: true, Shape: dims}
}

// TensorNoShape returns a tensor type of unknown rank.
func TensorNoShape(elem pb.DataType) *Type {
	return &Type{Kind: pb.KindTensor, Elem: elem}
}

// Rank returns the rank, or -1 when unknown.
func (t *Type) Rank() int {
	if t == nil || !t.HasShape {
		return -1
	}
	return len(t.Shape)
}

// Clone copies t deeply.
func (t *Type) Clone() *Type {
	if t == nil {
		return nil
	}
	c := *t
	if t.Shape != nil {
		c.Shape = append([]Dim(nil), t.Shape...)
	}
	c.Inner = t.Inner.Clone()
	return &c
}

// Equal reports whether two types say the same.
func (t *Type) Equal(u *Type) bool {
	if t == nil || u == nil {
		return t == u
	}
	if t.Kind != u.Kind || t.Elem != u.Elem || t.HasShape != u.HasShape || len(t.Shape) != len(u.Shape) {
		return false
	}
	for i := range t.Shape {
		if !t.Shape[i].Same(u.Shape[i]) {
			return false
		}
	}
	return t.Inner.Equal(u.Inner)
}

func (t *Type) String() string {
	if t == nil {
		return "?"
	}
	switch t.Kind {
	case pb.KindSequence:
		return "seq(" + t.Inner.String() + ")"
	case pb.KindOptional:
		return "optional(" + t.Inner.String() + ")"
	case pb.KindMap:
		return "map(" + t.Elem.String() + ", " + t.Inner.String() + ")"
	case pb.KindOpaque:
		return "opaque"
	}
	var b strings.Builder
	if t.Kind == pb.KindSparseTensor {
		b.WriteString("sparse ")
	}
	if t.Elem == 0 {
		b.WriteString("?")
	} else {
		b.WriteString(t.Elem.String())
	}
	if !t.HasShape {
		b.WriteString("[?]")
		return b.String()
	}
	b.WriteByte('[')
	for i, d := range t.Shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.String())
	}
	b.WriteByte(']')
	return b.String()
}

// FromProto converts a decoded TypeProto. Negative dim values become
// unknown (bad reports them).
func FromProto(p *pb.Type, bad func(msg string)) *Type {
	if p == nil {
		return nil
	}
	t := &Type{Kind: p.Kind, Elem: p.ElemType}
	switch p.Kind {
	case pb.KindTensor, pb.KindSparseTensor:
		if p.Shape != nil {
			t.HasShape = true
			t.Shape = make([]Dim, len(p.Shape.Dims))
			for i, d := range p.Shape.Dims {
				switch {
				case d.HasValue && d.Value >= 0:
					t.Shape[i] = Known(d.Value)
				case d.HasValue:
					if bad != nil {
						bad("dim " + strconv.Itoa(i) + " is " + strconv.FormatInt(d.Value, 10) + "; read as unknown")
					}
					t.Shape[i] = Unk
				default:
					t.Shape[i] = Sym(d.Param)
				}
			}
		}
	case pb.KindSequence, pb.KindOptional, pb.KindMap:
		t.Inner = FromProto(p.Elem, bad)
	case pb.KindUndefined:
		return nil
	}
	return t
}

// Elt is one element of an integer tensor whose contents are tracked: a
// known value (K), or an unknown one, possibly with a symbolic name (the
// dim a Shape op read it from).
type Elt struct {
	V int64
	K bool
	S string
}

// KV returns a known element.
func KV(v int64) Elt { return Elt{V: v, K: true} }

// Dim converts an element used as a size.
func (e Elt) Dim() Dim {
	if e.K && e.V >= 0 {
		return Known(e.V)
	}
	if !e.K {
		return Sym(e.S)
	}
	return Unk
}

// EltOf converts a dim to an element.
func EltOf(d Dim) Elt {
	if d.IsKnown() {
		return KV(d.V)
	}
	return Elt{S: d.S}
}

// Data is the known contents of a small tensor: integer (and bool)
// elements, which may be symbolic when a shape computed from a symbolic
// input is tracked, or float elements.
type Data struct {
	Dims   []int64
	Ints   []Elt
	Floats []float64
	Float  bool
}

// N is the element count.
func (d *Data) N() int {
	if d.Float {
		return len(d.Floats)
	}
	return len(d.Ints)
}

// AllKnown returns the integer contents when every element is known.
func (d *Data) AllKnown() ([]int64, bool) {
	if d == nil || d.Float {
		return nil, false
	}
	out := make([]int64, len(d.Ints))
	for i, v := range d.Ints {
		if !v.K {
			return nil, false
		}
		out[i] = v.V
	}
	return out, true
}

// Num returns the contents as float64 when all known.
func (d *Data) Num() ([]float64, bool) {
	if d == nil {
		return nil, false
	}
	if d.Float {
		return d.Floats, true
	}
	out := make([]float64, len(d.Ints))
	for i, v := range d.Ints {
		if !v.K {
			return nil, false
		}
		out[i] = float64(v.V)
	}
	return out, true
}

// intData builds integer data of the given dims from known values.
func intData(dims []int64, vals ...int64) *Data {
	d := &Data{Dims: dims, Ints: make([]Elt, len(vals))}
	for i, v := range vals {
		d.Ints[i] = KV(v)
	}
	return d
}

// Value is one named value of a graph: its type and, when small and
// known, its contents.
type Value struct {
	Name string
	Type *Type
	Data *Data
	// Init is set for initializers (and Constant outputs).
	Init bool
	// lazy is the initializer whose small contents become Data when an
	// operator first asks (so weights nobody reads as data stay unread).
	lazy *pb.Tensor
	// weight marks a floating-point graph initializer.
	weight bool
}
