// Package gguf reads the header of a GGUF file (llama.cpp's format,
// versions 1–3, either byte order): the metadata key/values and the
// tensor infos (name, dims, ggml type, offset). Tensor data is never read.
// Every count is checked against the bytes left before anything is
// allocated, large metadata arrays (tokenizer vocabularies) are skipped
// rather than kept, and every tensor's byte range is checked against its
// type and dims, the alignment, the file size and the other tensors.
//
// gpustack/gguf-parser-go was considered and not used: its entry points
// take a path (no io.ReaderAt, so no stdin or in-memory input, and fuzzing
// would go through temporary files), it opens sibling shard files on its
// own, and it brings about a dozen modules (HTTP clients, registry code,
// gonum) for the few hundred lines needed here.
//
// It imports graph, diag and ckptmodel.
package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/netsum/netsum/internal/ckptmodel"
	"github.com/netsum/netsum/internal/diag"
	"github.com/netsum/netsum/internal/graph"
)

// Limits.
const (
	MaxTensors   = 1 << 20
	MaxKV        = 1 << 20
	MaxDims      = 8
	MaxKeyLen    = 1 << 16
	MaxArrayNest = 8
)

// Type is a ggml tensor type.
type Type uint32

// typeInfo is a ggml type's name, elements per block and bytes per block
// (ggml.c type_traits).
type typeInfo struct {
	name        string
	block, size int64
}

var types = map[Type]typeInfo{
	0: {"F32", 1, 4}, 1: {"F16", 1, 2}, 2: {"Q4_0", 32, 18}, 3: {"Q4_1", 32, 20},
	6: {"Q5_0", 32, 22}, 7: {"Q5_1", 32, 24}, 8: {"Q8_0", 32, 34}, 9: {"Q8_1", 32, 36},
	10: {"Q2_K", 256, 84}, 11: {"Q3_K", 256, 110}, 12: {"Q4_K", 256, 144}, 13: {"Q5_K", 256, 176},
	14: {"Q6_K", 256, 210}, 15: {"Q8_K", 256, 292}, 16: {"IQ2_XXS", 256, 66}, 17: {"IQ2_XS", 256, 74},
	18: {"IQ3_XXS", 256, 98}, 19: {"IQ1_S", 256, 50}, 20: {"IQ4_NL", 32, 18}, 21: {"IQ3_S", 256, 110},
	22: {"IQ2_S", 256, 82}, 23: {"IQ4_XS", 256, 136}, 24: {"I8", 1, 1}, 25: {"I16", 1, 2},
	26: {"I32", 1, 4}, 27: {"I64", 1, 8}, 28: {"F64", 1, 8}, 29: {"IQ1_M", 256, 56},
	30: {"BF16", 1, 2}, 31: {"Q4_0_4_4", 32, 18}, 32: {"Q4_0_4_8", 32, 18}, 33: {"Q4_0_8_8", 32, 18},
	34: {"TQ1_0", 256, 54}, 35: {"TQ2_0", 256, 66}, 36: {"IQ4_NL_4_4", 32, 18}, 37: {"IQ4_NL_4_8", 32, 18},
	38: {"IQ4_NL_8_8", 32, 18}, 39: {"MXFP4", 32, 17},
}

// Metadata value types.
const (
	tUint8 = iota
	tInt8
	tUint16
	tInt16
	tUint32
	tInt32
	tFloat32
	tBool
	tString
	tArray
	tUint64
	tInt64
	tFloat64
)

var fixedSize = map[uint32]int64{tUint8: 1, tInt8: 1, tUint16: 2, tInt16: 2, tUint32: 4, tInt32: 4,
	tFloat32: 4, tBool: 1, tUint64: 8, tInt64: 8, tFloat64: 8}

// Options for Open.
type Options struct {
	File string
}

// Match reports whether header starts with the GGUF magic.
func Match(name string, header []byte) bool {
	return len(header) >= 8 && string(header[:4]) == "GGUF"
}

// FormatError is a malformed header at a byte offset.
type FormatError struct {
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string { return fmt.Sprintf("%s at byte %d", e.Msg, e.Offset) }

// reader reads a ReaderAt sequentially through a small buffer; skip
// moves on without reading.
type reader struct {
	r        io.ReaderAt
	size     int64
	pos      int64
	buf      []byte
	bufStart int64
	bo       binary.ByteOrder
	v1       bool
	read     int64 // bytes fetched from r, for tests and benchmarks
	chunk    int64
}

func (r *reader) errf(format string, args ...any) error {
	return &FormatError{Offset: r.pos, Msg: fmt.Sprintf(format, args...)}
}

func (r *reader) left() int64 { return r.size - r.pos }

func (r *reader) bytes(n int64) ([]byte, error) {
	if n < 0 || n > r.left() {
		return nil, r.errf("truncated header: %d bytes needed, %d left", n, max(r.left(), 0))
	}
	off := r.pos - r.bufStart
	if r.pos < r.bufStart || off+n > int64(len(r.buf)) {
		// Chunks grow from 4 KiB to 1 MiB: a small header costs little,
		// a tokenizer vocabulary of megabytes costs few reads.
		if r.chunk == 0 {
			r.chunk = 4 << 10
		} else if r.chunk < 1<<20 {
			r.chunk *= 2
		}
		k := min(max(n, r.chunk), r.left())
		if cap(r.buf) < int(k) {
			r.buf = make([]byte, k)
		}
		r.buf = r.buf[:k]
		got, err := r.r.ReadAt(r.buf, r.pos)
		r.read += int64(got)
		if int64(got) < n {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return nil, r.errf("read: %v", err)
		}
		r.buf = r.buf[:got]
		r.bufStart = r.pos
		off = 0
	}
	r.pos += n
	return r.buf[off : off+n], nil
}

func (r *reader) skip(n int64) error {
	if n < 0 || n > r.left() {
		return r.errf("truncated header: %d bytes to skip, %d left", n, max(r.left(), 0))
	}
	r.pos += n
	return nil
}

func (r *reader) u32() (uint32, error) {
	b, err := r.bytes(4)
	if err != nil {
		return 0, err
	}
	return r.bo.Uint32(b), nil
}

func (r *reader) u64() (uint64, error) {
	b, err := r.bytes(8)
	if err != nil {
		return 0, err
	}
	return r.bo.Uint64(b), nil
}

// count reads a count or length: uint32 in version 1, uint64 after.
func (r *reader) count() (uint64, error) {
	if r.v1 {
		v, err := r.u32()
		return uint64(v), err
	}
	return r.u64()
}

func (r *reader) str(limit int64) (string, error) {
	n, err := r.count()
	if err != nil {
		return "", err
	}
	if n > uint64(r.left()) {
		return "", r.errf("string of %d bytes runs past the end of the file", n)
	}
	if int64(n) > limit {
		return "", r.errf("string of %d bytes (limit %d)", n, limit)
	}
	b, err := r.bytes(int64(n))
	return string(b), err
}

// skipString skips a string value, keeping at most keep bytes of it.
func (r *reader) skipString(keep int64) (string, error) {
	n, err := r.count()
	if err != nil {
		return "", err
	}
	if n > uint64(r.left()) {
		return "", r.errf("string of %d bytes runs past the end of the file", n)
	}
	k := min(int64(n), keep)
	b, err := r.bytes(k)
	if err != nil {
		return "", err
	}
	s := string(b)
	if int64(n) > k {
		s += "..."
	}
	return s, r.skip(int64(n) - k)
}

// value reads one metadata value; scalars and short strings are kept,
// arrays are described ("array of 32000 string").
func (r *reader) value(typ uint32, depth int) (any, error) {
	if sz, ok := fixedSize[typ]; ok {
		b, err := r.bytes(sz)
		if err != nil {
			return nil, err
		}
		switch typ {
		case tUint8:
			return uint64(b[0]), nil
		case tInt8:
			return int64(int8(b[0])), nil
		case tUint16:
			return uint64(r.bo.Uint16(b)), nil
		case tInt16:
			return int64(int16(r.bo.Uint16(b))), nil
		case tUint32:
			return uint64(r.bo.Uint32(b)), nil
		case tInt32:
			return int64(int32(r.bo.Uint32(b))), nil
		case tFloat32:
			return float64(math.Float32frombits(r.bo.Uint32(b))), nil
		case tBool:
			return b[0] != 0, nil
		case tUint64:
			return r.bo.Uint64(b), nil
		case tInt64:
			return int64(r.bo.Uint64(b)), nil
		case tFloat64:
			return math.Float64frombits(r.bo.Uint64(b)), nil
		}
	}
	switch typ {
	case tString:
		return r.skipString(200)
	case tArray:
		if depth >= MaxArrayNest {
			return nil, r.errf("arrays nested more than %d deep", MaxArrayNest)
		}
		et, err := r.u32()
		if err != nil {
			return nil, err
		}
		n, err := r.count()
		if err != nil {
			return nil, err
		}
		if sz, ok := fixedSize[et]; ok {
			if n > uint64(r.left()/sz) {
				return nil, r.errf("array of %d items runs past the end of the file", n)
			}
			return arrayInfo{n, et}, r.skip(int64(n) * sz)
		}
		minItem := int64(8)
		if r.v1 {
			minItem = 4
		}
		if et == tArray {
			minItem += 4
		} else if et != tString {
			return nil, r.errf("array of unknown type %d", et)
		}
		if n > uint64(r.left()/minItem) {
			return nil, r.errf("array of %d items runs past the end of the file", n)
		}
		for i := uint64(0); i < n; i++ {
			if _, err := r.value(et, depth+1); err != nil {
				return nil, err
			}
		}
		return arrayInfo{n, et}, nil
	}
	return nil, r.errf("unknown metadata value type %d", typ)
}

type arrayInfo struct {
	n  uint64
	et uint32
}

var typeNames = map[uint32]string{tUint8: "uint8", tInt8: "int8", tUint16: "uint16", tInt16: "int16",
	tUint32: "uint32", tInt32: "int32", tFloat32: "float32", tBool: "bool", tString: "string",
	tArray: "array", tUint64: "uint64", tInt64: "int64", tFloat64: "float64"}

func (a arrayInfo) String() string { return fmt.Sprintf("[%d %s]", a.n, typeNames[a.et]) }

// Header is what Read finds.
type Header struct {
	Version   uint32
	BigEndian bool
	// Metadata holds every key in file order with its value (scalars,
	// strings clipped to 200 bytes, arrays as "[n type]").
	Keys      []string
	Metadata  map[string]any
	Alignment int64
	// DataOffset is where tensor data starts.
	DataOffset int64
	Tensors    []TensorInfo
	// BytesRead counts the bytes fetched from the file.
	BytesRead int64
}

// TensorInfo is one tensor: dims in ggml order (fastest first), type,
// offset from DataOffset and size in bytes.
type TensorInfo struct {
	Name   string
	Dims   []int64
	Type   Type
	Offset int64
	Size   int64
}

// TypeName is the ggml name of the tensor's type.
func (t *TensorInfo) TypeName() string { return types[t.Type].name }

// Read reads and checks a GGUF header.
func Read(ra io.ReaderAt, size int64) (*Header, error) {
	r := &reader{r: ra, size: size, bo: binary.LittleEndian}
	h, err := read(r)
	if h != nil {
		h.BytesRead = r.read
	}
	return h, err
}

func read(r *reader) (*Header, error) {
	magic, err := r.bytes(4)
	if err != nil {
		return nil, err
	}
	if string(magic) != "GGUF" {
		return nil, r.errf("not a GGUF file (magic %q)", magic)
	}
	vb, err := r.bytes(4)
	if err != nil {
		return nil, err
	}
	h := &Header{Metadata: map[string]any{}, Alignment: 32}
	h.Version = binary.LittleEndian.Uint32(vb)
	if h.Version > 0xffff {
		if be := binary.BigEndian.Uint32(vb); be >= 1 && be <= 3 {
			h.Version, h.BigEndian, r.bo = be, true, binary.BigEndian
		}
	}
	if h.Version < 1 || h.Version > 3 {
		return nil, r.errf("unsupported GGUF version %d (netsum reads 1–3)", h.Version)
	}
	r.v1 = h.Version == 1
	nt, err := r.count()
	if err != nil {
		return nil, err
	}
	nkv, err := r.count()
	if err != nil {
		return nil, err
	}
	// The smallest tensor info and key/value pair, to bound the counts by
	// the bytes left before allocating anything.
	minTensor, minKV := int64(8+4+4+8), int64(8+4+1)
	if r.v1 {
		minTensor, minKV = 4+4+4+8, 4+4+1
	}
	if nt > MaxTensors || nt > uint64(r.left()/minTensor) {
		return nil, r.errf("tensor count %d is absurd for a %d-byte file", nt, r.size)
	}
	if nkv > MaxKV || nkv > uint64(r.left()/minKV) {
		return nil, r.errf("metadata count %d is absurd for a %d-byte file", nkv, r.size)
	}
	for i := uint64(0); i < nkv; i++ {
		key, err := r.str(MaxKeyLen)
		if err != nil {
			return nil, err
		}
		typ, err := r.u32()
		if err != nil {
			return nil, err
		}
		v, err := r.value(typ, 0)
		if err != nil {
			return nil, fmt.Errorf("metadata %q: %w", key, err)
		}
		if _, dup := h.Metadata[key]; dup {
			return nil, r.errf("metadata key %q appears twice", key)
		}
		h.Keys = append(h.Keys, key)
		h.Metadata[key] = v
		if key == "general.alignment" {
			a, ok := v.(uint64)
			if !ok || typ != tUint32 || a == 0 || a&(a-1) != 0 || a > 1<<20 {
				return nil, r.errf("general.alignment must be a power of two (uint32), got %v", v)
			}
			h.Alignment = int64(a)
		}
	}
	h.Tensors = make([]TensorInfo, 0, nt)
	names := map[string]bool{}
	for i := uint64(0); i < nt; i++ {
		at := r.pos
		name, err := r.str(MaxKeyLen)
		if err != nil {
			return nil, err
		}
		if names[name] {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q appears twice", name)}
		}
		names[name] = true
		nd, err := r.u32()
		if err != nil {
			return nil, err
		}
		if nd > MaxDims {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q has %d dims (limit %d)", name, nd, MaxDims)}
		}
		t := TensorInfo{Name: name, Dims: make([]int64, nd)}
		n := int64(1)
		for d := range t.Dims {
			v, err := r.count()
			if err != nil {
				return nil, err
			}
			if v > math.MaxInt64 || (v != 0 && uint64(n) > math.MaxInt64/v) {
				return nil, &FormatError{at, fmt.Sprintf("tensor %q dims overflow", name)}
			}
			t.Dims[d] = int64(v)
			n *= int64(v)
		}
		typ, err := r.u32()
		if err != nil {
			return nil, err
		}
		off, err := r.u64()
		if err != nil {
			return nil, err
		}
		t.Type = Type(typ)
		ti, ok := types[t.Type]
		if !ok {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q has ggml type %d, which netsum does not know", name, typ)}
		}
		if nd > 0 && t.Dims[0]%ti.block != 0 {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q: first dim %d is not a multiple of the %s block size %d", name, t.Dims[0], ti.name, ti.block)}
		}
		if n/ti.block > math.MaxInt64/ti.size {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q size overflows", name)}
		}
		t.Size = n / ti.block * ti.size
		if off > math.MaxInt64 || int64(off)%h.Alignment != 0 {
			return nil, &FormatError{at, fmt.Sprintf("tensor %q offset %d is not a multiple of the alignment %d", name, off, h.Alignment)}
		}
		t.Offset = int64(off)
		h.Tensors = append(h.Tensors, t)
	}
	h.DataOffset = (r.pos + h.Alignment - 1) / h.Alignment * h.Alignment
	dataLen := r.size - h.DataOffset
	if nt > 0 && dataLen < 0 {
		return nil, &FormatError{r.pos, "file ends before the tensor data (truncated?)"}
	}
	order := make([]int, len(h.Tensors))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return h.Tensors[order[a]].Offset < h.Tensors[order[b]].Offset })
	var prev *TensorInfo
	for _, i := range order {
		t := &h.Tensors[i]
		if t.Offset > dataLen || t.Size > dataLen-t.Offset {
			return nil, &FormatError{h.DataOffset + min(t.Offset, dataLen), fmt.Sprintf("tensor %q (%d bytes at data offset %d) runs past the end of the file (%d data bytes; truncated?)", t.Name, t.Size, t.Offset, dataLen)}
		}
		if prev != nil && t.Offset < prev.Offset+prev.Size {
			return nil, &FormatError{h.DataOffset + t.Offset, fmt.Sprintf("tensors %q and %q overlap", prev.Name, t.Name)}
		}
		prev = t
	}
	return h, nil
}

// noteKeys are the metadata keys a summary shows, "*" standing for the
// architecture.
var noteKeys = []string{"general.architecture", "general.name", "general.size_label", "general.file_type",
	"*.block_count", "*.context_length", "*.embedding_length", "*.attention.head_count",
	"*.attention.head_count_kv", "tokenizer.ggml.model", "tokenizer.ggml.tokens"}

// Open reads a GGUF file's header into a model.
func Open(ra io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	h, err := Read(ra, size)
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) {
			return nil, &diag.Error{Pos: diag.Pos{File: opt.File, Offset: fe.Offset}, Msg: strings.Replace(err.Error(), fmt.Sprintf(" at byte %d", fe.Offset), "", 1)}
		}
		return nil, &diag.Error{Pos: diag.Pos{File: opt.File}, Msg: err.Error()}
	}
	ts := make([]ckptmodel.Tensor, len(h.Tensors))
	for i, t := range h.Tensors {
		shape := make([]int64, len(t.Dims))
		for d := range t.Dims {
			shape[len(t.Dims)-1-d] = t.Dims[d]
		}
		ts[i] = ckptmodel.Tensor{Name: t.Name, Shape: shape, DType: t.TypeName(), Bytes: t.Size}
	}
	name := strings.TrimSuffix(filepath.Base(opt.File), filepath.Ext(opt.File))
	if n, ok := h.Metadata["general.name"].(string); ok && n != "" {
		name = n
	}
	m, err := ckptmodel.Build(ts, ckptmodel.Options{File: opt.File, Name: name, Class: "gguf", Framework: "gguf",
		Version: fmt.Sprintf("GGUF v%d", h.Version), SourceFormat: "gguf"})
	if err != nil {
		return nil, err
	}
	arch, _ := h.Metadata["general.architecture"].(string)
	for _, k := range noteKeys {
		if strings.HasPrefix(k, "*.") {
			if arch == "" {
				continue
			}
			k = arch + k[1:]
		}
		if v, ok := h.Metadata[k]; ok {
			m.Notes = append(m.Notes, fmt.Sprintf("metadata %s = %s", k, formatValue(k, v)))
		}
	}
	m.Notes = append(m.Notes, fmt.Sprintf("GGUF v%d, %d metadata keys, %d tensors, data at byte %d (alignment %d); shapes are listed outermost dim first (ggml lists ne[0] first)",
		h.Version, len(h.Keys), len(h.Tensors), h.DataOffset, h.Alignment))
	if h.BigEndian {
		m.Notes = append(m.Notes, "big-endian file")
	}
	return m, nil
}

// fileTypes are llama.cpp's general.file_type values (llama_ftype).
var fileTypes = map[uint64]string{0: "ALL_F32", 1: "MOSTLY_F16", 2: "MOSTLY_Q4_0", 3: "MOSTLY_Q4_1",
	7: "MOSTLY_Q8_0", 8: "MOSTLY_Q5_0", 9: "MOSTLY_Q5_1", 10: "MOSTLY_Q2_K", 11: "MOSTLY_Q3_K_S",
	12: "MOSTLY_Q3_K_M", 13: "MOSTLY_Q3_K_L", 14: "MOSTLY_Q4_K_S", 15: "MOSTLY_Q4_K_M", 16: "MOSTLY_Q5_K_S",
	17: "MOSTLY_Q5_K_M", 18: "MOSTLY_Q6_K", 32: "MOSTLY_BF16"}

func formatValue(key string, v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case uint64:
		if key == "general.file_type" {
			if n, ok := fileTypes[x]; ok {
				return fmt.Sprintf("%d (%s)", x, n)
			}
		}
	}
	return fmt.Sprint(v)
}
