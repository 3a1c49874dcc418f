// Package onnx decodes ONNX model files (ModelProto) lazily: the graph,
// its nodes, attributes, value infos and the metadata of every tensor are
// decoded, while tensor contents (raw_data, typed data fields, external
// data) are skipped and only their position is kept. Small tensors can be
// read on demand (Model.Ints, Model.Floats), at most MaxValues elements.
// Memory is proportional to the graph, not to the weights.
//
// Field numbers follow onnx.proto. The package imports diag and
// google.golang.org/protobuf/encoding/protowire.
package onnx

// DataType is TensorProto.DataType.
type DataType int32

// Data types (TensorProto.DataType).
const (
	Undefined      DataType = 0
	Float          DataType = 1
	Uint8          DataType = 2
	Int8           DataType = 3
	Uint16         DataType = 4
	Int16          DataType = 5
	Int32          DataType = 6
	Int64          DataType = 7
	String         DataType = 8
	Bool           DataType = 9
	Float16        DataType = 10
	Double         DataType = 11
	Uint32         DataType = 12
	Uint64         DataType = 13
	Complex64      DataType = 14
	Complex128     DataType = 15
	BFloat16       DataType = 16
	Float8E4M3FN   DataType = 17
	Float8E4M3FNUZ DataType = 18
	Float8E5M2     DataType = 19
	Float8E5M2FNUZ DataType = 20
	Uint4          DataType = 21
	Int4           DataType = 22
	Float4E2M1     DataType = 23
	Float8E8M0     DataType = 24
	Uint2          DataType = 25
	Int2           DataType = 26
)

var dtypeInfo = [...]struct {
	name string // numpy-style name, as summaries print dtypes
	bits int
}{
	Undefined:      {"undefined", 0},
	Float:          {"float32", 32},
	Uint8:          {"uint8", 8},
	Int8:           {"int8", 8},
	Uint16:         {"uint16", 16},
	Int16:          {"int16", 16},
	Int32:          {"int32", 32},
	Int64:          {"int64", 64},
	String:         {"string", 0},
	Bool:           {"bool", 8},
	Float16:        {"float16", 16},
	Double:         {"float64", 64},
	Uint32:         {"uint32", 32},
	Uint64:         {"uint64", 64},
	Complex64:      {"complex64", 64},
	Complex128:     {"complex128", 128},
	BFloat16:       {"bfloat16", 16},
	Float8E4M3FN:   {"float8_e4m3fn", 8},
	Float8E4M3FNUZ: {"float8_e4m3fnuz", 8},
	Float8E5M2:     {"float8_e5m2", 8},
	Float8E5M2FNUZ: {"float8_e5m2fnuz", 8},
	Uint4:          {"uint4", 4},
	Int4:           {"int4", 4},
	Float4E2M1:     {"float4_e2m1", 4},
	Float8E8M0:     {"float8_e8m0", 8},
	Uint2:          {"uint2", 2},
	Int2:           {"int2", 2},
}

// String is the numpy-style name of t ("float32", "int64"), or
// "dtype(N)" for a number onnx.proto does not define.
func (t DataType) String() string {
	if t >= 0 && int(t) < len(dtypeInfo) {
		return dtypeInfo[t].name
	}
	return "dtype(" + itoa(int64(t)) + ")"
}

// Bits is the storage size of one element in bits (0 for strings and
// unknown types).
func (t DataType) Bits() int {
	if t >= 0 && int(t) < len(dtypeInfo) {
		return dtypeInfo[t].bits
	}
	return 0
}

// Known reports whether onnx.proto defines t.
func (t DataType) Known() bool { return t > 0 && int(t) < len(dtypeInfo) }

// IsFloat reports whether t is a floating-point type.
func (t DataType) IsFloat() bool {
	switch t {
	case Float, Double, Float16, BFloat16, Float8E4M3FN, Float8E4M3FNUZ, Float8E5M2, Float8E5M2FNUZ, Float4E2M1, Float8E8M0:
		return true
	}
	return false
}

// IsInt reports whether t is an integer (or bool) type.
func (t DataType) IsInt() bool {
	switch t {
	case Uint8, Int8, Uint16, Int16, Int32, Int64, Uint32, Uint64, Bool, Uint4, Int4, Uint2, Int2:
		return true
	}
	return false
}

// Model is a decoded ModelProto.
type Model struct {
	IRVersion       int64
	ProducerName    string
	ProducerVersion string
	Domain          string
	ModelVersion    int64
	OpsetImport     []OpsetID
	Graph           *Graph
	MetadataProps   []StringPair
	Functions       []*Function
	// Size is the size of the file in bytes.
	Size int64

	src *source
}

// OpsetID is one OperatorSetIdProto. Domain "" (or "ai.onnx") is the
// default operator set.
type OpsetID struct {
	Domain  string
	Version int64
}

// StringPair is a StringStringEntryProto.
type StringPair struct{ Key, Value string }

// Opset returns the imported version of domain ("" and "ai.onnx" are the
// same), or 0 when it is not imported.
func (m *Model) Opset(domain string) int64 {
	if domain == "ai.onnx" {
		domain = ""
	}
	for _, o := range m.OpsetImport {
		d := o.Domain
		if d == "ai.onnx" {
			d = ""
		}
		if d == domain {
			return o.Version
		}
	}
	return 0
}

// Graph is a GraphProto.
type Graph struct {
	Name               string
	Nodes              []*Node
	Initializers       []*Tensor
	SparseInitializers []*SparseTensor
	Inputs             []*ValueInfo
	Outputs            []*ValueInfo
	ValueInfo          []*ValueInfo
	// Offset of the GraphProto message in the file; Path its object path
	// ("graph", "graph.node[3].attribute[0].g").
	Offset int64
	Path   string
}

// Node is a NodeProto.
type Node struct {
	Inputs  []string
	Outputs []string
	Name    string
	OpType  string
	Domain  string
	Attrs   []*Attribute
	// Index is the position in Graph.Nodes; Offset the message's offset.
	Index  int
	Offset int64
}

// Attr returns the attribute named name, or nil.
func (n *Node) Attr(name string) *Attribute {
	for _, a := range n.Attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// AttrType is AttributeProto.AttributeType.
type AttrType int32

// Attribute types.
const (
	AttrUndefined     AttrType = 0
	AttrFloat         AttrType = 1
	AttrInt           AttrType = 2
	AttrString        AttrType = 3
	AttrTensor        AttrType = 4
	AttrGraph         AttrType = 5
	AttrFloats        AttrType = 6
	AttrInts          AttrType = 7
	AttrStrings       AttrType = 8
	AttrTensors       AttrType = 9
	AttrGraphs        AttrType = 10
	AttrSparseTensor  AttrType = 11
	AttrSparseTensors AttrType = 12
	AttrTypeProto     AttrType = 13
	AttrTypeProtos    AttrType = 14
)

// Attribute is an AttributeProto.
type Attribute struct {
	Name        string
	RefAttrName string
	Type        AttrType
	F           float32
	I           int64
	S           string
	T           *Tensor
	G           *Graph
	Sparse      *SparseTensor
	TP          *Type
	Floats      []float32
	Ints        []int64
	Strings     []string
	Tensors     []*Tensor
	Graphs      []*Graph
	TypeProtos  []*Type
	// Has records which value fields were present (by field number), so
	// that an attribute without a type field can still be read.
	hasF, hasI, hasS bool
}

// Kind returns the attribute type, guessed from the fields present when
// the type field is missing (IR version 1 files).
func (a *Attribute) Kind() AttrType {
	if a.Type != AttrUndefined {
		return a.Type
	}
	switch {
	case a.hasF:
		return AttrFloat
	case a.hasI:
		return AttrInt
	case a.hasS:
		return AttrString
	case a.T != nil:
		return AttrTensor
	case a.G != nil:
		return AttrGraph
	case a.Sparse != nil:
		return AttrSparseTensor
	case a.TP != nil:
		return AttrTypeProto
	case len(a.Floats) > 0:
		return AttrFloats
	case len(a.Ints) > 0:
		return AttrInts
	case len(a.Strings) > 0:
		return AttrStrings
	case len(a.Tensors) > 0:
		return AttrTensors
	case len(a.Graphs) > 0:
		return AttrGraphs
	case len(a.TypeProtos) > 0:
		return AttrTypeProtos
	}
	return AttrUndefined
}

// DataLocation is TensorProto.DataLocation.
type DataLocation int32

// Data locations.
const (
	LocDefault  DataLocation = 0
	LocExternal DataLocation = 1
)

// Tensor is the metadata of a TensorProto: its contents are not loaded.
type Tensor struct {
	Name     string
	Dims     []int64
	DataType DataType
	// Offset of the TensorProto message in the file.
	Offset int64
	// RawOffset and RawLen locate raw_data in the file; RawLen is -1 when
	// the tensor has no raw_data field.
	RawOffset, RawLen int64
	// Location is EXTERNAL when the contents are in another file,
	// described by External (location, offset, length, checksum).
	Location DataLocation
	External []StringPair
	// ExtFile, ExtOffset and ExtLength are read from External; ExtLength
	// is -1 when not given.
	ExtFile              string
	ExtOffset, ExtLength int64
	// Segment is set for a tensor split into segments (not supported for
	// reading values).
	Segment bool

	// ints and floats hold the typed data fields (int32_data, int64_data,
	// uint64_data, float_data, double_data) when they hold at most
	// MaxValues elements; typedN counts the elements seen in typed fields
	// and typedBig is set when they held more than MaxValues.
	ints     []int64
	floats   []float64
	typedN   int64
	typedBig bool
	hasTyped bool
	strings  int64
}

// NumElements is the product of Dims (1 for a scalar), or -1 when a dim
// is negative or the product overflows.
func (t *Tensor) NumElements() int64 {
	return NumElements(t.Dims)
}

// NumElements is the product of dims (1 for none), or -1 when a dim is
// negative or the product overflows int64.
func NumElements(dims []int64) int64 {
	n := int64(1)
	for _, d := range dims {
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

// Bytes is the storage size of the tensor's elements (packed for
// sub-byte types), or -1 when unknown.
func (t *Tensor) Bytes() int64 {
	n := t.NumElements()
	if n < 0 {
		return -1
	}
	return (n*int64(t.DataType.Bits()) + 7) / 8
}

// SparseTensor is a SparseTensorProto.
type SparseTensor struct {
	Values  *Tensor
	Indices *Tensor
	Dims    []int64
}

// ValueInfo is a ValueInfoProto.
type ValueInfo struct {
	Name string
	Type *Type // nil when absent
}

// TypeKind says which TypeProto variant a Type is.
type TypeKind int

// Type kinds.
const (
	KindUndefined TypeKind = iota
	KindTensor
	KindSequence
	KindMap
	KindOptional
	KindSparseTensor
	KindOpaque
)

// Type is a TypeProto.
type Type struct {
	Kind TypeKind
	// ElemType is the element type of a tensor or sparse tensor, and the
	// key type of a map.
	ElemType DataType
	// Shape is nil when the tensor's rank is unknown.
	Shape *Shape
	// Elem is the element type of a sequence or optional, the value type
	// of a map.
	Elem *Type
}

// Shape is a TensorShapeProto.
type Shape struct {
	Dims []Dim
}

// Dim is one TensorShapeProto.Dimension: a value, a symbolic name, or
// neither (unknown).
type Dim struct {
	Value    int64
	HasValue bool
	Param    string
}

// Function is a FunctionProto (a model-local function).
type Function struct {
	Name        string
	Domain      string
	Overload    string
	Inputs      []string
	Outputs     []string
	Attributes  []string
	AttrDefault []*Attribute
	Nodes       []*Node
	OpsetImport []OpsetID
	ValueInfo   []*ValueInfo
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	neg := v < 0
	var b [24]byte
	i := len(b)
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	for u > 0 {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
