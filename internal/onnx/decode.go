package onnx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/netsum/netsum/internal/diag"
)

// MaxValues is the largest number of elements a tensor may have for its
// contents to be read (Model.Ints, Model.Floats): shape tensors, axes,
// scales. Bigger tensors are never read.
const MaxValues = 64

// MaxString bounds one name or string attribute.
const MaxString = 64 << 20

// MaxDepth bounds the nesting of messages (graphs in attributes in nodes
// in graphs, types in types).
const MaxDepth = 64

// Options tell Decode where the input came from.
type Options struct {
	// File names the input in errors.
	File string
	// Dir is the folder holding the model, where external data files are
	// looked up; "" when the model has no folder (stdin).
	Dir string
}

// Error is a decoding error: where in the file (byte offset and object
// path) and what. It converts to diag.Error for reporting.
type Error = diag.Error

// Decode reads a ModelProto from r (size bytes). Tensor contents are
// skipped; the returned Model keeps r to read small tensors on demand, so
// r must stay readable while Model.Ints or Model.Floats are used.
func Decode(r io.ReaderAt, size int64, opt Options) (*Model, error) {
	if size < 0 {
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: "negative size"}
	}
	src := &source{r: r, size: size, opt: opt}
	if b, ok := r.(interface{ Bytes() []byte }); ok && int64(len(b.Bytes())) == size {
		src.mem = b.Bytes()
	}
	d := &decoder{src: src}
	m := &Model{Size: size, src: src}
	err := d.model(m)
	if err != nil {
		return nil, err
	}
	if m.Graph == nil {
		return nil, d.errAt(0, "no graph: not an ONNX model (ModelProto.graph, field 7, is missing)")
	}
	return m, nil
}

// DecodeBytes is Decode over an in-memory file.
func DecodeBytes(b []byte, opt Options) (*Model, error) {
	return Decode(bytesReader(b), int64(len(b)), opt)
}

type bytesReader []byte

func (b bytesReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (b bytesReader) Bytes() []byte { return b }

// source is random access to the file with a read window.
type source struct {
	r      io.ReaderAt
	size   int64
	mem    []byte
	win    []byte
	winOff int64
	opt    Options
}

const window = 64 << 10

// view returns n bytes at off; the slice is valid until the next call.
func (s *source) view(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off+int64(n) > s.size {
		return nil, io.ErrUnexpectedEOF
	}
	if s.mem != nil {
		return s.mem[off : off+int64(n)], nil
	}
	if off >= s.winOff && off+int64(n) <= s.winOff+int64(len(s.win)) {
		return s.win[off-s.winOff : off-s.winOff+int64(n)], nil
	}
	sz := max(n, window)
	if rest := s.size - off; int64(sz) > rest {
		sz = int(rest)
	}
	if cap(s.win) < sz {
		s.win = make([]byte, sz)
	}
	s.win = s.win[:sz]
	got, err := s.r.ReadAt(s.win, off)
	if got < n {
		s.win = s.win[:0]
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	s.win = s.win[:got]
	s.winOff = off
	return s.win[:n], nil
}

// read returns a copy of n bytes at off.
func (s *source) read(off int64, n int) ([]byte, error) {
	if n <= window {
		v, err := s.view(off, n)
		if err != nil {
			return nil, err
		}
		return append([]byte(nil), v...), nil
	}
	if off < 0 || off+int64(n) > s.size {
		return nil, io.ErrUnexpectedEOF
	}
	if s.mem != nil {
		return append([]byte(nil), s.mem[off:off+int64(n)]...), nil
	}
	b := make([]byte, n)
	got, err := s.r.ReadAt(b, off)
	if got < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

type pathElem struct {
	name  string
	index int // -1 when not a repeated element
}

type decoder struct {
	src   *source
	path  []pathElem
	depth int
}

func (d *decoder) push(name string, index int) error {
	d.path = append(d.path, pathElem{name, index})
	d.depth++
	if d.depth > MaxDepth {
		return d.errAt(-1, fmt.Sprintf("messages nested deeper than %d", MaxDepth))
	}
	return nil
}

func (d *decoder) pop() {
	d.path = d.path[:len(d.path)-1]
	d.depth--
}

func (d *decoder) pathString() string {
	var b strings.Builder
	for i, e := range d.path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(e.name)
		if e.index >= 0 {
			fmt.Fprintf(&b, "[%d]", e.index)
		}
	}
	return b.String()
}

func (d *decoder) errAt(off int64, msg string) *diag.Error {
	p := diag.Pos{File: d.src.opt.File, Path: d.pathString()}
	if off > 0 {
		p.Offset = off
	}
	return &diag.Error{Pos: p, Msg: msg}
}

// field is one decoded field header and its scalar value or extent.
type field struct {
	num  protowire.Number
	typ  protowire.Type
	off  int64  // offset of the tag
	v    uint64 // varint / fixed value
	boff int64  // bytes: offset of the payload
	blen int64  // bytes: payload length
}

var wireNames = map[protowire.Type]string{
	protowire.VarintType:     "varint",
	protowire.Fixed32Type:    "fixed32",
	protowire.Fixed64Type:    "fixed64",
	protowire.BytesType:      "length-delimited",
	protowire.StartGroupType: "start-group",
	protowire.EndGroupType:   "end-group",
}

func wireName(t protowire.Type) string {
	if s, ok := wireNames[t]; ok {
		return s
	}
	return fmt.Sprintf("wire type %d", t)
}

// message walks the fields of the message in [start, end).
func (d *decoder) message(start, end int64, fn func(f *field) error) error {
	pos := start
	var f field
	for pos < end {
		n := int(min(end-pos, 2*binaryMaxVarint))
		b, err := d.src.view(pos, n)
		if err != nil {
			return d.errAt(pos, "truncated: "+err.Error())
		}
		num, typ, tl := protowire.ConsumeTag(b)
		if tl < 0 {
			return d.errAt(pos, "corrupt protobuf: bad field tag: "+protowire.ParseError(tl).Error())
		}
		f = field{num: num, typ: typ, off: pos}
		b = b[tl:]
		pos += int64(tl)
		switch typ {
		case protowire.VarintType:
			v, vl := protowire.ConsumeVarint(b)
			if vl < 0 {
				return d.errAt(pos, "corrupt protobuf: bad varint: "+protowire.ParseError(vl).Error())
			}
			f.v = v
			pos += int64(vl)
		case protowire.Fixed32Type:
			if end-pos < 4 {
				return d.errAt(pos, "truncated: fixed32 field runs past the end of its message")
			}
			bb, err := d.src.view(pos, 4)
			if err != nil {
				return d.errAt(pos, "truncated: "+err.Error())
			}
			v, _ := protowire.ConsumeFixed32(bb)
			f.v = uint64(v)
			pos += 4
		case protowire.Fixed64Type:
			if end-pos < 8 {
				return d.errAt(pos, "truncated: fixed64 field runs past the end of its message")
			}
			bb, err := d.src.view(pos, 8)
			if err != nil {
				return d.errAt(pos, "truncated: "+err.Error())
			}
			v, _ := protowire.ConsumeFixed64(bb)
			f.v = v
			pos += 8
		case protowire.BytesType:
			v, vl := protowire.ConsumeVarint(b)
			if vl < 0 {
				return d.errAt(pos, "corrupt protobuf: bad length: "+protowire.ParseError(vl).Error())
			}
			pos += int64(vl)
			if v > uint64(end-pos) {
				return d.errAt(f.off, fmt.Sprintf("truncated or corrupt: field %d claims %d bytes, %d left in its message", num, v, end-pos))
			}
			f.boff, f.blen = pos, int64(v)
			pos += int64(v)
		default:
			return d.errAt(f.off, fmt.Sprintf("corrupt protobuf: field %d has %s, which ONNX never uses", num, wireName(typ)))
		}
		if pos > end {
			return d.errAt(f.off, fmt.Sprintf("truncated or corrupt: field %d runs past the end of its message", num))
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return nil
}

const binaryMaxVarint = 10

func (d *decoder) want(f *field, t protowire.Type, name string) error {
	if f.typ != t {
		return d.errAt(f.off, fmt.Sprintf("field %d (%s) has %s, want %s", f.num, name, wireName(f.typ), wireName(t)))
	}
	return nil
}

func (d *decoder) str(f *field, name string) (string, error) {
	if err := d.want(f, protowire.BytesType, name); err != nil {
		return "", err
	}
	if f.blen > MaxString {
		return "", d.errAt(f.off, fmt.Sprintf("%s is %d bytes long; netsum reads names and strings up to %d MiB", name, f.blen, MaxString>>20))
	}
	b, err := d.src.read(f.boff, int(f.blen))
	if err != nil {
		return "", d.errAt(f.boff, "truncated: "+err.Error())
	}
	return string(b), nil
}

func (d *decoder) int(f *field, name string) (int64, error) {
	if err := d.want(f, protowire.VarintType, name); err != nil {
		return 0, err
	}
	return int64(f.v), nil
}

// ints appends the values of a repeated int64 field, packed or not.
func (d *decoder) ints(f *field, name string, dst []int64, limit int) ([]int64, error) {
	switch f.typ {
	case protowire.VarintType:
		if limit >= 0 && len(dst) >= limit {
			return dst, errTooMany
		}
		return append(dst, int64(f.v)), nil
	case protowire.BytesType:
		pos, end := f.boff, f.boff+f.blen
		for pos < end {
			n := int(min(end-pos, 4096))
			b, err := d.src.view(pos, n)
			if err != nil {
				return dst, d.errAt(pos, "truncated: "+err.Error())
			}
			for len(b) > 0 {
				if len(b) < binaryMaxVarint && pos+int64(len(b)) < end {
					break // refill so a varint is never split
				}
				v, vl := protowire.ConsumeVarint(b)
				if vl < 0 {
					return dst, d.errAt(pos, fmt.Sprintf("corrupt packed %s: %v", name, protowire.ParseError(vl)))
				}
				if limit >= 0 && len(dst) >= limit {
					return dst, errTooMany
				}
				dst = append(dst, int64(v))
				b = b[vl:]
				pos += int64(vl)
			}
		}
		return dst, nil
	}
	return dst, d.errAt(f.off, fmt.Sprintf("field %d (%s) has %s, want varint or packed", f.num, name, wireName(f.typ)))
}

var errTooMany = errors.New("too many values")

// countVarints counts the varints of a packed field without keeping them.
func (d *decoder) countVarints(f *field) (int64, error) {
	var n int64
	pos, end := f.boff, f.boff+f.blen
	for pos < end {
		c := int(min(end-pos, window))
		b, err := d.src.view(pos, c)
		if err != nil {
			return n, d.errAt(pos, "truncated: "+err.Error())
		}
		for _, x := range b {
			if x < 0x80 {
				n++
			}
		}
		pos += int64(c)
	}
	return n, nil
}

// floats appends the values of a repeated float (fixed32) or double
// (fixed64) field, packed or not.
func (d *decoder) floats(f *field, name string, dst []float64, double bool, limit int) ([]float64, error) {
	single := protowire.Fixed32Type
	size := int64(4)
	if double {
		single, size = protowire.Fixed64Type, 8
	}
	switch f.typ {
	case single:
		if limit >= 0 && len(dst) >= limit {
			return dst, errTooMany
		}
		if double {
			return append(dst, math.Float64frombits(f.v)), nil
		}
		return append(dst, float64(math.Float32frombits(uint32(f.v)))), nil
	case protowire.BytesType:
		if f.blen%size != 0 {
			return dst, d.errAt(f.off, fmt.Sprintf("packed %s has %d bytes, not a multiple of %d", name, f.blen, size))
		}
		if limit >= 0 && int64(len(dst))+f.blen/size > int64(limit) {
			return dst, errTooMany
		}
		b, err := d.src.view(f.boff, int(f.blen))
		if err != nil {
			return dst, d.errAt(f.boff, "truncated: "+err.Error())
		}
		for len(b) > 0 {
			if double {
				v, _ := protowire.ConsumeFixed64(b)
				dst = append(dst, math.Float64frombits(v))
				b = b[8:]
			} else {
				v, _ := protowire.ConsumeFixed32(b)
				dst = append(dst, float64(math.Float32frombits(v)))
				b = b[4:]
			}
		}
		return dst, nil
	}
	return dst, d.errAt(f.off, fmt.Sprintf("field %d (%s) has %s, want %s or packed", f.num, name, wireName(f.typ), wireName(single)))
}

// sub decodes the submessage of f with fn, under path element name[index].
func (d *decoder) sub(f *field, name string, index int, fn func(start, end int64) error) error {
	if err := d.want(f, protowire.BytesType, name); err != nil {
		return err
	}
	if err := d.push(name, index); err != nil {
		return err
	}
	err := fn(f.boff, f.boff+f.blen)
	d.pop()
	return err
}

func (d *decoder) model(m *Model) error {
	return d.message(0, d.src.size, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			m.IRVersion, err = d.int(f, "ir_version")
		case 2:
			m.ProducerName, err = d.str(f, "producer_name")
		case 3:
			m.ProducerVersion, err = d.str(f, "producer_version")
		case 4:
			m.Domain, err = d.str(f, "domain")
		case 5:
			m.ModelVersion, err = d.int(f, "model_version")
		case 7:
			if m.Graph != nil {
				return d.errAt(f.off, "two graphs in one model")
			}
			m.Graph = &Graph{}
			err = d.sub(f, "graph", -1, func(s, e int64) error { return d.graph(m.Graph, s, e) })
		case 8:
			var o OpsetID
			err = d.sub(f, "opset_import", len(m.OpsetImport), func(s, e int64) error { return d.opset(&o, s, e) })
			m.OpsetImport = append(m.OpsetImport, o)
		case 14:
			var p StringPair
			err = d.sub(f, "metadata_props", len(m.MetadataProps), func(s, e int64) error { return d.pair(&p, s, e) })
			m.MetadataProps = append(m.MetadataProps, p)
		case 25:
			fn := &Function{}
			err = d.sub(f, "functions", len(m.Functions), func(s, e int64) error { return d.function(fn, s, e) })
			m.Functions = append(m.Functions, fn)
		}
		return err
	})
}

func (d *decoder) opset(o *OpsetID, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			o.Domain, err = d.str(f, "domain")
		case 2:
			o.Version, err = d.int(f, "version")
		}
		return err
	})
}

func (d *decoder) pair(p *StringPair, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			p.Key, err = d.str(f, "key")
		case 2:
			p.Value, err = d.str(f, "value")
		}
		return err
	})
}

func (d *decoder) graph(g *Graph, start, end int64) error {
	g.Offset = start
	g.Path = d.pathString()
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			n := &Node{Index: len(g.Nodes), Offset: f.off}
			err = d.sub(f, "node", n.Index, func(s, e int64) error { return d.node(n, s, e) })
			g.Nodes = append(g.Nodes, n)
		case 2:
			g.Name, err = d.str(f, "name")
		case 5:
			t := &Tensor{}
			err = d.sub(f, "initializer", len(g.Initializers), func(s, e int64) error { return d.tensor(t, s, e) })
			g.Initializers = append(g.Initializers, t)
		case 15:
			t := &SparseTensor{}
			err = d.sub(f, "sparse_initializer", len(g.SparseInitializers), func(s, e int64) error { return d.sparse(t, s, e) })
			g.SparseInitializers = append(g.SparseInitializers, t)
		case 11:
			v := &ValueInfo{}
			err = d.sub(f, "input", len(g.Inputs), func(s, e int64) error { return d.valueInfo(v, s, e) })
			g.Inputs = append(g.Inputs, v)
		case 12:
			v := &ValueInfo{}
			err = d.sub(f, "output", len(g.Outputs), func(s, e int64) error { return d.valueInfo(v, s, e) })
			g.Outputs = append(g.Outputs, v)
		case 13:
			v := &ValueInfo{}
			err = d.sub(f, "value_info", len(g.ValueInfo), func(s, e int64) error { return d.valueInfo(v, s, e) })
			g.ValueInfo = append(g.ValueInfo, v)
		}
		return err
	})
}

func (d *decoder) node(n *Node, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		var s string
		switch f.num {
		case 1:
			s, err = d.str(f, "input")
			n.Inputs = append(n.Inputs, s)
		case 2:
			s, err = d.str(f, "output")
			n.Outputs = append(n.Outputs, s)
		case 3:
			n.Name, err = d.str(f, "name")
		case 4:
			n.OpType, err = d.str(f, "op_type")
		case 7:
			n.Domain, err = d.str(f, "domain")
		case 5:
			a := &Attribute{}
			err = d.sub(f, "attribute", len(n.Attrs), func(s, e int64) error { return d.attribute(a, s, e) })
			n.Attrs = append(n.Attrs, a)
		}
		return err
	})
}

func (d *decoder) attribute(a *Attribute, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			a.Name, err = d.str(f, "name")
		case 21:
			a.RefAttrName, err = d.str(f, "ref_attr_name")
		case 20:
			var v int64
			v, err = d.int(f, "type")
			a.Type = AttrType(v)
		case 2:
			if err = d.want(f, protowire.Fixed32Type, "f"); err == nil {
				a.F = math.Float32frombits(uint32(f.v))
				a.hasF = true
			}
		case 3:
			a.I, err = d.int(f, "i")
			a.hasI = true
		case 4:
			a.S, err = d.str(f, "s")
			a.hasS = true
		case 5:
			a.T = &Tensor{}
			err = d.sub(f, "t", -1, func(s, e int64) error { return d.tensor(a.T, s, e) })
		case 6:
			a.G = &Graph{}
			err = d.sub(f, "g", -1, func(s, e int64) error { return d.graph(a.G, s, e) })
		case 22:
			a.Sparse = &SparseTensor{}
			err = d.sub(f, "sparse_tensor", -1, func(s, e int64) error { return d.sparse(a.Sparse, s, e) })
		case 14:
			a.TP = &Type{}
			err = d.sub(f, "tp", -1, func(s, e int64) error { return d.typ(a.TP, s, e) })
		case 7:
			var fs []float64
			fs, err = d.floats(f, "floats", nil, false, -1)
			for _, v := range fs {
				a.Floats = append(a.Floats, float32(v))
			}
		case 8:
			a.Ints, err = d.ints(f, "ints", a.Ints, -1)
		case 9:
			var s string
			s, err = d.str(f, "strings")
			a.Strings = append(a.Strings, s)
		case 10:
			t := &Tensor{}
			err = d.sub(f, "tensors", len(a.Tensors), func(s, e int64) error { return d.tensor(t, s, e) })
			a.Tensors = append(a.Tensors, t)
		case 11:
			g := &Graph{}
			err = d.sub(f, "graphs", len(a.Graphs), func(s, e int64) error { return d.graph(g, s, e) })
			a.Graphs = append(a.Graphs, g)
		case 15:
			t := &Type{}
			err = d.sub(f, "type_protos", len(a.TypeProtos), func(s, e int64) error { return d.typ(t, s, e) })
			a.TypeProtos = append(a.TypeProtos, t)
		}
		return err
	})
}

func (d *decoder) tensor(t *Tensor, start, end int64) error {
	t.Offset = start
	t.RawLen = -1
	t.ExtLength = -1
	err := d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			t.Dims, err = d.ints(f, "dims", t.Dims, -1)
		case 2:
			var v int64
			v, err = d.int(f, "data_type")
			if v < math.MinInt32 || v > math.MaxInt32 {
				return d.errAt(f.off, fmt.Sprintf("data_type %d out of range", v))
			}
			t.DataType = DataType(v)
		case 3:
			t.Segment = true
		case 4, 10: // float_data, double_data
			t.hasTyped = true
			size := int64(4)
			if f.num == 10 {
				size = 8
			}
			if f.typ == protowire.BytesType {
				if f.blen%size != 0 {
					return d.errAt(f.off, fmt.Sprintf("packed %s has %d bytes, not a multiple of %d", dataFieldName(f.num), f.blen, size))
				}
				t.typedN += f.blen / size
			} else {
				t.typedN++
			}
			if !t.typedBig {
				t.floats, err = d.floats(f, dataFieldName(f.num), t.floats, f.num == 10, MaxValues)
				if err == errTooMany {
					t.typedBig, t.floats, err = true, nil, nil
				}
			}
		case 5, 7, 11: // int32_data, int64_data, uint64_data
			t.hasTyped = true
			if t.typedBig {
				var n int64 = 1
				if f.typ == protowire.BytesType {
					n, err = d.countVarints(f)
				}
				t.typedN += n
				return err
			}
			before := len(t.ints)
			t.ints, err = d.ints(f, dataFieldName(f.num), t.ints, MaxValues)
			if err == errTooMany {
				t.typedBig, t.ints, err = true, nil, nil
				var n int64 = 1
				if f.typ == protowire.BytesType {
					n, err = d.countVarints(f)
				}
				t.typedN += n
				return err
			}
			t.typedN += int64(len(t.ints) - before)
		case 6:
			t.hasTyped = true
			t.strings++
			err = d.want(f, protowire.BytesType, "string_data")
		case 8:
			t.Name, err = d.str(f, "name")
		case 9:
			if err = d.want(f, protowire.BytesType, "raw_data"); err == nil {
				t.RawOffset, t.RawLen = f.boff, f.blen
			}
		case 13:
			var p StringPair
			err = d.sub(f, "external_data", len(t.External), func(s, e int64) error { return d.pair(&p, s, e) })
			t.External = append(t.External, p)
		case 14:
			var v int64
			v, err = d.int(f, "data_location")
			t.Location = DataLocation(v)
		}
		return err
	})
	if err != nil {
		return err
	}
	for i, dim := range t.Dims {
		if dim < 0 {
			return d.errAt(start, fmt.Sprintf("tensor %q: dim %d is %d; tensor dims must not be negative", t.Name, i, dim))
		}
	}
	if t.NumElements() < 0 {
		return d.errAt(start, fmt.Sprintf("tensor %q: %d elements overflow int64", t.Name, len(t.Dims)))
	}
	if t.Location == LocExternal {
		if err := d.external(t); err != nil {
			return err
		}
	}
	return nil
}

func dataFieldName(num protowire.Number) string {
	switch num {
	case 4:
		return "float_data"
	case 5:
		return "int32_data"
	case 7:
		return "int64_data"
	case 10:
		return "double_data"
	case 11:
		return "uint64_data"
	}
	return fmt.Sprintf("field %d", num)
}

func (d *decoder) sparse(t *SparseTensor, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			t.Values = &Tensor{}
			err = d.sub(f, "values", -1, func(s, e int64) error { return d.tensor(t.Values, s, e) })
		case 2:
			t.Indices = &Tensor{}
			err = d.sub(f, "indices", -1, func(s, e int64) error { return d.tensor(t.Indices, s, e) })
		case 3:
			t.Dims, err = d.ints(f, "dims", t.Dims, -1)
		}
		return err
	})
}

func (d *decoder) valueInfo(v *ValueInfo, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1:
			v.Name, err = d.str(f, "name")
		case 2:
			v.Type = &Type{}
			err = d.sub(f, "type", -1, func(s, e int64) error { return d.typ(v.Type, s, e) })
		}
		return err
	})
}

func (d *decoder) typ(t *Type, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		switch f.num {
		case 1, 8: // tensor_type, sparse_tensor_type
			t.Kind = KindTensor
			name := "tensor_type"
			if f.num == 8 {
				t.Kind, name = KindSparseTensor, "sparse_tensor_type"
			}
			err = d.sub(f, name, -1, func(s, e int64) error {
				return d.message(s, e, func(f *field) error {
					switch f.num {
					case 1:
						v, err := d.int(f, "elem_type")
						t.ElemType = DataType(v)
						return err
					case 2:
						if t.Shape == nil {
							t.Shape = &Shape{}
						}
						return d.sub(f, "shape", -1, func(s, e int64) error { return d.shape(t.Shape, s, e) })
					}
					return nil
				})
			})
		case 4, 9: // sequence_type, optional_type
			t.Kind = KindSequence
			name := "sequence_type"
			if f.num == 9 {
				t.Kind, name = KindOptional, "optional_type"
			}
			err = d.sub(f, name, -1, func(s, e int64) error {
				return d.message(s, e, func(f *field) error {
					if f.num == 1 {
						t.Elem = &Type{}
						return d.sub(f, "elem_type", -1, func(s, e int64) error { return d.typ(t.Elem, s, e) })
					}
					return nil
				})
			})
		case 5:
			t.Kind = KindMap
			err = d.sub(f, "map_type", -1, func(s, e int64) error {
				return d.message(s, e, func(f *field) error {
					switch f.num {
					case 1:
						v, err := d.int(f, "key_type")
						t.ElemType = DataType(v)
						return err
					case 2:
						t.Elem = &Type{}
						return d.sub(f, "value_type", -1, func(s, e int64) error { return d.typ(t.Elem, s, e) })
					}
					return nil
				})
			})
		case 7:
			t.Kind = KindOpaque
			err = d.want(f, protowire.BytesType, "opaque_type")
		}
		return err
	})
}

func (d *decoder) shape(s *Shape, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		if f.num != 1 {
			return nil
		}
		var dim Dim
		err := d.sub(f, "dim", len(s.Dims), func(st, e int64) error {
			return d.message(st, e, func(f *field) error {
				switch f.num {
				case 1:
					v, err := d.int(f, "dim_value")
					dim.Value, dim.HasValue, dim.Param = v, true, ""
					return err
				case 2:
					p, err := d.str(f, "dim_param")
					dim.Param, dim.HasValue, dim.Value = p, false, 0
					return err
				}
				return nil
			})
		})
		s.Dims = append(s.Dims, dim)
		return err
	})
}

func (d *decoder) function(fn *Function, start, end int64) error {
	return d.message(start, end, func(f *field) error {
		var err error
		var s string
		switch f.num {
		case 1:
			fn.Name, err = d.str(f, "name")
		case 10:
			fn.Domain, err = d.str(f, "domain")
		case 13:
			fn.Overload, err = d.str(f, "overload")
		case 4:
			s, err = d.str(f, "input")
			fn.Inputs = append(fn.Inputs, s)
		case 5:
			s, err = d.str(f, "output")
			fn.Outputs = append(fn.Outputs, s)
		case 6:
			s, err = d.str(f, "attribute")
			fn.Attributes = append(fn.Attributes, s)
		case 11:
			a := &Attribute{}
			err = d.sub(f, "attribute_proto", len(fn.AttrDefault), func(s, e int64) error { return d.attribute(a, s, e) })
			fn.AttrDefault = append(fn.AttrDefault, a)
		case 7:
			n := &Node{Index: len(fn.Nodes), Offset: f.off}
			err = d.sub(f, "node", n.Index, func(s, e int64) error { return d.node(n, s, e) })
			fn.Nodes = append(fn.Nodes, n)
		case 9:
			var o OpsetID
			err = d.sub(f, "opset_import", len(fn.OpsetImport), func(s, e int64) error { return d.opset(&o, s, e) })
			fn.OpsetImport = append(fn.OpsetImport, o)
		case 12:
			v := &ValueInfo{}
			err = d.sub(f, "value_info", len(fn.ValueInfo), func(s, e int64) error { return d.valueInfo(v, s, e) })
			fn.ValueInfo = append(fn.ValueInfo, v)
		}
		return err
	})
}
