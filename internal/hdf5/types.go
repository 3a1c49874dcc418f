package hdf5

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// Class is a datatype class.
type Class int

// Datatype classes.
const (
	ClassInteger   Class = 0
	ClassFloat     Class = 1
	ClassTime      Class = 2
	ClassString    Class = 3
	ClassBitfield  Class = 4
	ClassOpaque    Class = 5
	ClassCompound  Class = 6
	ClassReference Class = 7
	ClassEnum      Class = 8
	ClassVarLen    Class = 9
	ClassArray     Class = 10
)

// Datatype is a decoded datatype message.
type Datatype struct {
	Class     Class
	Size      uint32 // bytes per element
	Signed    bool
	BigEndian bool
	// StrPad is the string padding (0 null-terminated, 1 null-padded, 2
	// space-padded); UTF8 the character set.
	StrPad int
	UTF8   bool
	// VarLenString is set for a variable-length string (class VarLen).
	VarLenString bool
	ExpBits      int // float exponent size
	// Base is the parent type of enums, variable-length sequences and arrays.
	Base *Datatype
	// Dims are the array dimensions.
	Dims []uint32
	// Members are enum or compound member names.
	Members []string
	Tag     string // opaque tag
}

// DType names the type the way NumPy and Keras do: float32, int64, bool,
// string, ...
func (t *Datatype) DType() string {
	switch t.Class {
	case ClassInteger:
		if t.Signed {
			return fmt.Sprintf("int%d", 8*t.Size)
		}
		return fmt.Sprintf("uint%d", 8*t.Size)
	case ClassFloat:
		if t.Size == 2 && t.ExpBits == 8 {
			return "bfloat16"
		}
		return fmt.Sprintf("float%d", 8*t.Size)
	case ClassString:
		return "string"
	case ClassVarLen:
		if t.VarLenString {
			return "string"
		}
		if t.Base != nil {
			return "vlen<" + t.Base.DType() + ">"
		}
		return "vlen"
	case ClassEnum:
		if len(t.Members) == 2 && t.Members[0] == "FALSE" && t.Members[1] == "TRUE" {
			return "bool"
		}
		if t.Base != nil {
			return t.Base.DType()
		}
		return "enum"
	case ClassArray:
		var b strings.Builder
		if t.Base != nil {
			b.WriteString(t.Base.DType())
		}
		for _, d := range t.Dims {
			fmt.Fprintf(&b, "[%d]", d)
		}
		return b.String()
	case ClassOpaque:
		return "opaque"
	case ClassCompound:
		return "compound"
	case ClassReference:
		return "reference"
	case ClassBitfield:
		return "bitfield"
	case ClassTime:
		return "time"
	}
	return "unknown"
}

// IsString reports whether elements are strings (fixed or variable).
func (t *Datatype) IsString() bool {
	return t.Class == ClassString || (t.Class == ClassVarLen && t.VarLenString) ||
		(t.Class == ClassArray && t.Base != nil && t.Base.IsString())
}

// parseDatatype decodes a datatype message body; it returns the bytes used.
func (f *File) parseDatatype(b []byte, at int64, depth int) (*Datatype, int, error) {
	if depth > f.lim.MaxDepth {
		return nil, 0, f.errf(at, "datatype nested more than %d levels", f.lim.MaxDepth)
	}
	c := f.cursor(b, at, "datatype message")
	b0 := c.u8()
	b1, b2, _ := c.u8(), c.u8(), c.u8()
	t := &Datatype{Class: Class(b0 & 0x0F), Size: c.u32()}
	version := int(b0 >> 4)
	if err := c.err(); err != nil {
		return nil, 0, err
	}
	if version < 1 || version > 5 {
		return nil, 0, f.errf(at, "unsupported datatype version %d", version)
	}
	sub := func() *Datatype {
		if c.overrun {
			return nil
		}
		bt, n, err := f.parseDatatype(c.rest(), at+int64(c.p), depth+1)
		if err != nil {
			c.overrun = true
			return nil
		}
		c.p += n
		return bt
	}
	switch t.Class {
	case ClassInteger, ClassBitfield:
		t.BigEndian = b1&1 != 0
		t.Signed = b1&0x08 != 0
		c.skip(4)
	case ClassFloat:
		t.BigEndian = b1&1 != 0
		c.skip(4 + 1) // bit offset, precision, exponent location
		t.ExpBits = int(c.u8())
		c.skip(1 + 1 + 4) // mantissa location and size, exponent bias
	case ClassTime:
		t.BigEndian = b1&1 != 0
		c.skip(2)
	case ClassString:
		t.StrPad = int(b1 & 0x0F)
		t.UTF8 = b1>>4 == 1
	case ClassOpaque:
		t.Tag = cstring(c.bytes(int(b1)))
	case ClassReference:
	case ClassCompound:
		n := int(b1) | int(b2)<<8
		for i := 0; i < n && !c.overrun; i++ {
			var name string
			if version < 3 {
				rest := c.rest()
				name = cstring(rest)
				c.skip(align8(len(name) + 1))
			} else {
				name = cstring(c.rest())
				c.skip(len(name) + 1)
			}
			t.Members = append(t.Members, name)
			switch version {
			case 1:
				c.skip(4 + 1 + 3 + 4 + 4 + 16)
			case 2:
				c.skip(4)
			default:
				c.skip(limitEncSize(uint64(t.Size)))
			}
			if sub() == nil {
				break
			}
		}
	case ClassEnum:
		n := int(b1) | int(b2)<<8
		t.Base = sub()
		for i := 0; i < n && !c.overrun; i++ {
			name := cstring(c.rest())
			if version < 3 {
				c.skip(align8(len(name) + 1))
			} else {
				c.skip(len(name) + 1)
			}
			t.Members = append(t.Members, name)
		}
		if t.Base != nil {
			c.skip(n * int(t.Base.Size))
		}
	case ClassVarLen:
		t.VarLenString = b1&0x0F == 1
		t.UTF8 = b2&0x0F == 1
		t.StrPad = int(b1 >> 4)
		t.Base = sub()
	case ClassArray:
		rank := int(c.u8())
		if version < 3 {
			c.skip(3)
		}
		if rank > 32 {
			return nil, 0, f.errf(at, "array datatype of rank %d", rank)
		}
		for i := 0; i < rank; i++ {
			t.Dims = append(t.Dims, c.u32())
		}
		if version < 3 {
			c.skip(4 * rank)
		}
		t.Base = sub()
	default:
		return nil, 0, f.errf(at, "unknown datatype class %d", t.Class)
	}
	if err := c.err(); err != nil {
		return nil, 0, err
	}
	return t, c.p, nil
}

// sharedDatatype resolves a shared (committed) datatype message.
func (f *File) sharedDatatype(b []byte, at int64, depth int) (*Datatype, error) {
	c := f.cursor(b, at, "shared message")
	v := c.u8()
	typ := c.u8()
	var addr uint64
	switch v {
	case 1:
		c.skip(6)
		addr = c.addr()
	case 2:
		addr = c.addr()
	case 3:
		if typ != 2 {
			return nil, f.errf(at, "datatype in the shared-message heap is not supported")
		}
		addr = c.addr()
	default:
		return nil, f.errf(at, "unsupported shared message version %d", v)
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	if depth > 4 {
		return nil, f.errf(at, "shared datatypes refer to each other too deeply")
	}
	h, err := f.header(addr)
	if err != nil {
		return nil, err
	}
	m, ok := h.find(msgDatatype)
	if !ok {
		return nil, f.errf(at, "shared datatype object has no datatype message")
	}
	if m.flags&0x02 != 0 {
		return f.sharedDatatype(m.data, m.at, depth+1)
	}
	t, _, err := f.parseDatatype(m.data, m.at, 0)
	return t, err
}

// space is a decoded dataspace message.
type space struct {
	dims   []uint64
	scalar bool
	null   bool
}

func (s space) count() (uint64, bool) {
	if s.null {
		return 0, true
	}
	n := uint64(1)
	for _, d := range s.dims {
		if d != 0 && n > math.MaxUint64/d {
			return 0, false
		}
		n *= d
	}
	return n, true
}

func (f *File) parseDataspace(b []byte, at int64) (space, error) {
	c := f.cursor(b, at, "dataspace message")
	v := c.u8()
	rank := int(c.u8())
	flags := c.u8()
	var s space
	switch v {
	case 1:
		c.skip(5)
		s.scalar = rank == 0
	case 2:
		switch c.u8() {
		case 0:
			s.scalar = true
		case 2:
			s.null = true
		}
	default:
		if !c.overrun {
			return s, f.errf(at, "unsupported dataspace version %d", v)
		}
	}
	if rank > 32 {
		return s, f.errf(at, "dataspace of rank %d (at most 32)", rank)
	}
	for i := 0; i < rank; i++ {
		s.dims = append(s.dims, c.length())
	}
	_ = flags
	if err := c.err(); err != nil {
		return s, err
	}
	return s, nil
}

// Attribute is one attribute with its raw value.
type Attribute struct {
	Name string
	Type *Datatype
	// Dims is the shape; empty for a scalar. Null is set for an empty
	// (null dataspace) attribute.
	Dims []uint64
	Null bool
	data []byte
	f    *File
	at   int64
}

// Len is the number of elements.
func (a *Attribute) Len() uint64 {
	n, _ := space{dims: a.Dims, null: a.Null}.count()
	return n
}

func (f *File) parseAttribute(b []byte, at int64) (*Attribute, error) {
	c := f.cursor(b, at, "attribute message")
	v := c.u8()
	flags := c.u8()
	nameSize, dtSize, dsSize := int(c.u16()), int(c.u16()), int(c.u16())
	if v == 3 {
		c.u8()
	}
	pad := func(n int) int { return n }
	switch v {
	case 1:
		pad = align8
	case 2, 3:
	default:
		if !c.overrun {
			return nil, f.errf(at, "unsupported attribute message version %d", v)
		}
	}
	name := cstring(c.bytes(pad(nameSize)))
	dtAt := at + int64(c.p)
	dtb := c.bytes(pad(dtSize))
	dsAt := at + int64(c.p)
	dsb := c.bytes(pad(dsSize))
	if err := c.err(); err != nil {
		return nil, err
	}
	a := &Attribute{Name: name, f: f, at: at}
	var err error
	if flags&0x01 != 0 {
		a.Type, err = f.sharedDatatype(dtb, dtAt, 0)
	} else {
		a.Type, _, err = f.parseDatatype(dtb, dtAt, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("attribute %q: %w", name, err)
	}
	if flags&0x02 != 0 {
		return nil, f.errf(at, "attribute %q: shared dataspaces are not supported", name)
	}
	s, err := f.parseDataspace(dsb, dsAt)
	if err != nil {
		return nil, err
	}
	a.Dims, a.Null = s.dims, s.null
	n, ok := s.count()
	size := uint64(a.Type.Size)
	if !ok || (size != 0 && n > math.MaxUint64/size) {
		return nil, f.errf(at, "attribute %q: element count overflows", name)
	}
	total := n * size
	rest := c.rest()
	if total > uint64(len(rest)) {
		return nil, f.errf(at, "attribute %q claims %d bytes of data but its message holds %d", name, total, len(rest))
	}
	if err := f.chargeAttr(int64(total), at); err != nil {
		return nil, err
	}
	a.data = rest[:total]
	return a, nil
}

func (f *File) chargeAttr(n int64, at int64) error {
	f.attrBytes += n
	if f.attrBytes > f.lim.MaxAttrBytes {
		return f.errf(at, "attribute values exceed the %d-byte limit", f.lim.MaxAttrBytes)
	}
	return nil
}

// Strings decodes a string attribute (fixed- or variable-length, any
// rank, arrays of strings flattened).
func (a *Attribute) Strings() ([]string, error) {
	t := a.Type
	elems := a.Len()
	if elems == 0 {
		// Keras writes an empty name list as an empty float64 array.
		return []string{}, nil
	}
	if t.Class == ClassArray && t.Base != nil {
		n := uint64(1)
		for _, d := range t.Dims {
			n *= uint64(d)
		}
		if n != 0 && elems > math.MaxUint32/n {
			return nil, a.f.errf(a.at, "attribute %q is too large", a.Name)
		}
		elems *= n
		t = t.Base
	}
	if !(t.Class == ClassString || (t.Class == ClassVarLen && t.VarLenString) ||
		(t.Class == ClassVarLen && t.Base != nil && t.Base.Size == 1)) {
		return nil, a.f.errf(a.at, "attribute %q is %s, not a string", a.Name, a.Type.DType())
	}
	size := uint64(t.Size)
	if size == 0 || elems > uint64(len(a.data))/size {
		if elems == 0 {
			return []string{}, nil
		}
		return nil, a.f.errf(a.at, "attribute %q: %d elements of %d bytes do not fit its %d data bytes", a.Name, elems, size, len(a.data))
	}
	out := make([]string, 0, min(elems, 1<<20))
	for i := uint64(0); i < elems; i++ {
		e := a.data[i*size : (i+1)*size]
		if t.Class == ClassString {
			switch t.StrPad {
			case 0:
				out = append(out, cstring(e))
			case 1:
				out = append(out, strings.TrimRight(string(e), "\x00"))
			default:
				out = append(out, strings.TrimRight(string(e), " "))
			}
			continue
		}
		s, err := a.f.vlen(e, a.at)
		if err != nil {
			return nil, fmt.Errorf("attribute %q: %w", a.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// String decodes a scalar or one-element string attribute.
func (a *Attribute) String() (string, error) {
	ss, err := a.Strings()
	if err != nil {
		return "", err
	}
	if len(ss) != 1 {
		return "", a.f.errf(a.at, "attribute %q holds %d strings, want 1", a.Name, len(ss))
	}
	return ss[0], nil
}

// Ints decodes an integer (or enum) attribute.
func (a *Attribute) Ints() ([]int64, error) {
	t := a.Type
	if t.Class == ClassEnum && t.Base != nil {
		t = t.Base
	}
	if t.Class != ClassInteger || (t.Size != 1 && t.Size != 2 && t.Size != 4 && t.Size != 8) {
		return nil, a.f.errf(a.at, "attribute %q is %s, not an integer", a.Name, a.Type.DType())
	}
	n := uint64(len(a.data)) / uint64(t.Size)
	out := make([]int64, n)
	for i := range out {
		out[i] = decodeInt(a.data[uint64(i)*uint64(t.Size):], t)
	}
	return out, nil
}

func decodeInt(b []byte, t *Datatype) int64 {
	var order binary.ByteOrder = binary.LittleEndian
	if t.BigEndian {
		order = binary.BigEndian
	}
	switch t.Size {
	case 1:
		if t.Signed {
			return int64(int8(b[0]))
		}
		return int64(b[0])
	case 2:
		if t.Signed {
			return int64(int16(order.Uint16(b)))
		}
		return int64(order.Uint16(b))
	case 4:
		if t.Signed {
			return int64(int32(order.Uint32(b)))
		}
		return int64(order.Uint32(b))
	}
	return int64(order.Uint64(b))
}

// Floats decodes a float or integer attribute.
func (a *Attribute) Floats() ([]float64, error) {
	t := a.Type
	if t.Class == ClassInteger || t.Class == ClassEnum {
		is, err := a.Ints()
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(is))
		for i, v := range is {
			out[i] = float64(v)
		}
		return out, nil
	}
	if t.Class != ClassFloat || (t.Size != 4 && t.Size != 8) {
		return nil, a.f.errf(a.at, "attribute %q is %s, not a number", a.Name, a.Type.DType())
	}
	var order binary.ByteOrder = binary.LittleEndian
	if t.BigEndian {
		order = binary.BigEndian
	}
	n := len(a.data) / int(t.Size)
	out := make([]float64, n)
	for i := range out {
		if t.Size == 4 {
			out[i] = float64(math.Float32frombits(order.Uint32(a.data[i*4:])))
		} else {
			out[i] = math.Float64frombits(order.Uint64(a.data[i*8:]))
		}
	}
	return out, nil
}

// vlen reads one variable-length element: length, global heap collection
// address, object index.
func (f *File) vlen(e []byte, at int64) (string, error) {
	c := f.cursor(e, at, "variable-length element")
	n := c.u32()
	addr := c.addr()
	idx := c.u32()
	if err := c.err(); err != nil {
		return "", err
	}
	if n == 0 {
		return "", nil
	}
	obj, err := f.globalObject(addr, idx)
	if err != nil {
		return "", err
	}
	if uint64(n) > uint64(len(obj)) {
		return "", f.errf(at, "variable-length string claims %d bytes, its heap object holds %d", n, len(obj))
	}
	if err := f.chargeAttr(int64(n), at); err != nil {
		return "", err
	}
	return string(obj[:n]), nil
}

// maxGlobalCache bounds the bytes of global heap collections kept.
const maxGlobalCache = 256 << 20

// gcol is a parsed global heap collection.
type gcol struct {
	objs map[uint32][]byte
	at   int64
}

// globalObject returns object idx of the global heap collection at addr.
func (f *File) globalObject(addr uint64, idx uint32) ([]byte, error) {
	if err := f.step(f.abs(addr)); err != nil {
		return nil, err
	}
	col, ok := f.gheaps[addr]
	if !ok {
		var err error
		col, err = f.readGlobalHeap(addr)
		if err != nil {
			return nil, err
		}
		if f.gheapBytes+int64(len(col.objs)) < maxGlobalCache {
			f.gheaps[addr] = col
		}
	}
	obj, ok := col.objs[idx]
	if !ok {
		return nil, f.errf(col.at, "global heap object %d not found", idx)
	}
	return obj, nil
}

func (f *File) readGlobalHeap(addr uint64) (*gcol, error) {
	pre, err := f.read(addr, 8+f.lenSize)
	if err != nil {
		return nil, err
	}
	at := f.abs(addr)
	c := f.cursor(pre, at, "global heap collection")
	if !c.sig("GCOL") {
		return nil, f.errf(at, "global heap collection has no GCOL signature")
	}
	c.skip(4)
	size := c.length()
	if size < uint64(len(pre)) || size > uint64(f.lim.MaxRead) {
		return nil, f.errf(at, "global heap collection of %d bytes is too small or too large", size)
	}
	b, err := f.read(addr, int(size))
	if err != nil {
		return nil, err
	}
	f.gheapBytes += int64(len(b))
	col := &gcol{objs: map[uint32][]byte{}, at: at}
	p := 8 + f.lenSize
	for p+8+f.lenSize <= len(b) {
		c := f.cursor(b[p:], at+int64(p), "global heap object")
		i := c.u16()
		c.skip(6)
		n := c.length()
		if i == 0 {
			break
		}
		start := p + 8 + f.lenSize
		if n > uint64(len(b)-start) {
			return nil, f.errf(at+int64(p), "global heap object %d of %d bytes overruns its collection", i, n)
		}
		if _, dup := col.objs[uint32(i)]; !dup {
			col.objs[uint32(i)] = b[start : start+int(n)]
		}
		p = start + align8(int(n))
	}
	return col, nil
}
