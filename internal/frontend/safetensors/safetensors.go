// Package safetensors reads the header of a .safetensors file: an 8-byte
// little-endian length N, then N bytes of JSON mapping each tensor name
// to {dtype, shape, data_offsets: [begin, end]} (offsets into the data
// that follows the header), and an optional "__metadata__" object of
// strings. Only the header is read. Every tensor's byte range is checked
// against its dtype and shape, the file size, and the other tensors (no
// overlaps, as the format requires). It imports graph, diag and ckptmodel.
package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
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

// MaxHeader bounds the JSON header (the reference implementation refuses
// headers over 100 MB).
const MaxHeader = 100 << 20

// MaxDims bounds the dims of one tensor.
const MaxDims = 64

// dtypes maps safetensors dtype names to element sizes in bits and the
// torch-style names netsum prints.
var dtypes = map[string]struct {
	bits int
	name string
}{
	"BOOL": {8, "bool"}, "U8": {8, "uint8"}, "I8": {8, "int8"}, "F8_E5M2": {8, "float8_e5m2"},
	"F8_E4M3": {8, "float8_e4m3fn"}, "F8_E8M0": {8, "float8_e8m0fnu"}, "F4": {4, "float4_e2m1fn_x2"},
	"F6_E2M3": {6, "float6_e2m3"}, "F6_E3M2": {6, "float6_e3m2"},
	"I16": {16, "int16"}, "U16": {16, "uint16"}, "F16": {16, "float16"}, "BF16": {16, "bfloat16"},
	"I32": {32, "int32"}, "U32": {32, "uint32"}, "F32": {32, "float32"},
	"I64": {64, "int64"}, "U64": {64, "uint64"}, "F64": {64, "float64"},
	"C64": {64, "complex64"},
}

// Options for Open.
type Options struct {
	File string
}

// Match reports whether header starts like a safetensors file: a
// plausible header length followed by '{', or a .safetensors name.
func Match(name string, header []byte) bool {
	if len(header) < 9 {
		return false
	}
	n := binary.LittleEndian.Uint64(header)
	if strings.HasSuffix(strings.ToLower(name), ".safetensors") {
		return true
	}
	return n >= 2 && n <= MaxHeader && header[8] == '{' && (len(header) < 10 || header[9] == '"' || header[9] == '}' || header[9] == ' ')
}

// Error is a malformed header, at a byte offset of the file.
func errAt(file string, off int64, format string, args ...any) error {
	return &diag.Error{Pos: diag.Pos{File: file, Offset: off}, Msg: fmt.Sprintf(format, args...)}
}

type entry struct {
	DType       string   `json:"dtype"`
	Shape       []int64  `json:"shape"`
	DataOffsets []uint64 `json:"data_offsets"`
}

// Open reads the header of a safetensors file.
func Open(r io.ReaderAt, size int64, opt Options) (*graph.Model, error) {
	tensors, notes, err := readHeader(r, size, opt.File)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(opt.File), filepath.Ext(opt.File))
	m, err := ckptmodel.Build(tensors, ckptmodel.Options{File: opt.File, Name: name, Class: "safetensors",
		Framework: "safetensors", SourceFormat: "safetensors"})
	if err != nil {
		return nil, err
	}
	m.Notes = notes
	return m, nil
}

// readHeader returns the tensors of a safetensors file, in header order,
// and notes on its metadata and unused bytes.
func readHeader(r io.ReaderAt, size int64, file string) ([]ckptmodel.Tensor, []string, error) {
	opt := Options{File: file}
	if size < 8 {
		return nil, nil, errAt(opt.File, 0, "a safetensors file needs an 8-byte header length; the file has %d bytes", size)
	}
	var lb [8]byte
	if _, err := r.ReadAt(lb[:], 0); err != nil {
		return nil, nil, errAt(opt.File, 0, "%v", err)
	}
	n := binary.LittleEndian.Uint64(lb[:])
	if n > MaxHeader {
		return nil, nil, errAt(opt.File, 0, "header length %d is absurd (limit %d MB)", n, MaxHeader>>20)
	}
	if n > uint64(size-8) {
		return nil, nil, errAt(opt.File, 0, "header length %d runs past the end of the %d-byte file (truncated?)", n, size)
	}
	hdr := make([]byte, n)
	if _, err := r.ReadAt(hdr, 8); err != nil {
		return nil, nil, errAt(opt.File, 8, "%v", err)
	}
	dataStart := int64(8 + n)
	dataLen := uint64(size) - uint64(dataStart)

	names, raw, err := orderedObject(hdr)
	if err != nil {
		return nil, nil, errAt(opt.File, 8, "header is not a JSON object: %v", err)
	}
	var notes []string
	type span struct {
		name       string
		begin, end uint64
	}
	var spans []span
	var tensors []ckptmodel.Tensor
	for i, name := range names {
		if name == "__metadata__" {
			var md map[string]string
			if err := json.Unmarshal(raw[i], &md); err != nil {
				return nil, nil, errAt(opt.File, 8, "__metadata__ must map strings to strings: %v", err)
			}
			keys := make([]string, 0, len(md))
			for k := range md {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				v := md[k]
				if len(v) > 80 {
					v = v[:77] + "..."
				}
				notes = append(notes, fmt.Sprintf("metadata %s = %q", k, v))
			}
			continue
		}
		var e entry
		if err := json.Unmarshal(raw[i], &e); err != nil {
			return nil, nil, errAt(opt.File, 8, "tensor %q: %v", name, err)
		}
		dt, ok := dtypes[e.DType]
		if !ok {
			return nil, nil, errAt(opt.File, 8, "tensor %q: unknown dtype %q", name, e.DType)
		}
		if len(e.Shape) > MaxDims {
			return nil, nil, errAt(opt.File, 8, "tensor %q has %d dims", name, len(e.Shape))
		}
		count := int64(1)
		for _, d := range e.Shape {
			if d < 0 {
				return nil, nil, errAt(opt.File, 8, "tensor %q has a negative dim in %v", name, e.Shape)
			}
			if d != 0 && count > math.MaxInt64/8/d {
				return nil, nil, errAt(opt.File, 8, "tensor %q shape %v overflows", name, e.Shape)
			}
			count *= d
		}
		if len(e.DataOffsets) != 2 {
			return nil, nil, errAt(opt.File, 8, "tensor %q: data_offsets must be [begin, end]", name)
		}
		b, en := e.DataOffsets[0], e.DataOffsets[1]
		want := (uint64(count)*uint64(dt.bits) + 7) / 8
		switch {
		case en < b:
			return nil, nil, errAt(opt.File, 8, "tensor %q: data_offsets [%d, %d] end before they begin", name, b, en)
		case en > dataLen:
			return nil, nil, errAt(opt.File, 8, "tensor %q: data_offsets [%d, %d] run past the end of the data (%d bytes; truncated file?)", name, b, en, dataLen)
		case en-b != want:
			return nil, nil, errAt(opt.File, 8, "tensor %q: %s %v needs %d bytes but data_offsets [%d, %d] hold %d", name, e.DType, e.Shape, want, b, en, en-b)
		}
		spans = append(spans, span{name, b, en})
		tensors = append(tensors, ckptmodel.Tensor{Name: name, Shape: e.Shape, DType: dt.name, Bytes: int64(want),
			Buffer: ckptmodel.LooksLikeBuffer(name, dt.name)})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].begin < spans[j].begin })
	var covered uint64
	for i := 1; i < len(spans); i++ {
		if spans[i].begin < spans[i-1].end {
			return nil, nil, errAt(opt.File, 8, "tensors %q [%d, %d] and %q [%d, %d] overlap", spans[i-1].name, spans[i-1].begin, spans[i-1].end, spans[i].name, spans[i].begin, spans[i].end)
		}
	}
	for _, s := range spans {
		covered += s.end - s.begin
	}
	if covered < dataLen {
		notes = append(notes, fmt.Sprintf("%d bytes of the data belong to no tensor", dataLen-covered))
	}
	return tensors, notes, nil
}

// orderedObject splits a JSON object into its keys, in file order, and raw
// values. Duplicate keys are an error (they would hide a tensor).
func orderedObject(b []byte) ([]string, []json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("starts with %v", tok)
	}
	var names []string
	var vals []json.RawMessage
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, ok := tok.(string)
		if !ok {
			return nil, nil, fmt.Errorf("key is %v", tok)
		}
		if seen[k] {
			return nil, nil, fmt.Errorf("key %q appears twice", k)
		}
		seen[k] = true
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		names = append(names, k)
		vals = append(vals, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	if dec.More() {
		return nil, nil, fmt.Errorf("data after the object")
	}
	// Trailing spaces (padding) are fine; anything else is not.
	if rest := b[dec.InputOffset():]; len(bytes.TrimRight(rest, " \t\r\n\x00")) > 0 {
		return nil, nil, fmt.Errorf("data after the object")
	}
	return names, vals, nil
}
