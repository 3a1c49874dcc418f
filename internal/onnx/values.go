package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// external reads the metadata of external data (location, offset, length)
// and refuses locations outside the model's folder.
func (d *decoder) external(t *Tensor) error {
	for _, p := range t.External {
		switch p.Key {
		case "location":
			t.ExtFile = p.Value
		case "offset", "length":
			v, err := strconv.ParseInt(p.Value, 10, 64)
			if err != nil || v < 0 {
				return d.errAt(t.Offset, fmt.Sprintf("tensor %q: external data %s %q is not a non-negative integer", t.Name, p.Key, p.Value))
			}
			if p.Key == "offset" {
				t.ExtOffset = v
			} else {
				t.ExtLength = v
			}
		}
	}
	if t.ExtFile == "" {
		return d.errAt(t.Offset, fmt.Sprintf("tensor %q: data_location is EXTERNAL but external_data has no location", t.Name))
	}
	if err := checkLocation(d.src.opt.Dir, t.ExtFile); err != nil {
		return d.errAt(t.Offset, fmt.Sprintf("tensor %q: external data %q: %v", t.Name, t.ExtFile, err))
	}
	return nil
}

// checkLocation refuses an external data location that is absolute or
// leads outside dir, lexically or through a symbolic link.
func checkLocation(dir, loc string) error {
	if strings.ContainsRune(loc, 0) {
		return fmt.Errorf("location holds a NUL byte")
	}
	slash := filepath.ToSlash(loc)
	if filepath.IsAbs(loc) || strings.HasPrefix(slash, "/") || filepath.VolumeName(loc) != "" {
		return fmt.Errorf("refused: an absolute location; external data must be in the model's folder")
	}
	clean := filepath.Clean(filepath.FromSlash(slash))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return fmt.Errorf("refused: the location leads outside the model's folder")
	}
	if dir == "" {
		return nil
	}
	full := filepath.Join(dir, clean)
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return nil // a missing file is not an error until it is read
	}
	base, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(base, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("refused: the location is a link that leads outside the model's folder")
	}
	return nil
}

// Values returns the contents of a small tensor: ints for integer and
// bool types, floats for floating-point types. ok is false when the
// tensor has more than MaxValues elements, its contents are missing or
// inconsistent, or its type is neither.
func (m *Model) Values(t *Tensor) (ints []int64, floats []float64, ok bool) {
	n := t.NumElements()
	if n < 0 || n > MaxValues || t.Segment {
		return nil, nil, false
	}
	if !t.DataType.IsInt() && !t.DataType.IsFloat() {
		return nil, nil, false
	}
	var raw []byte
	switch {
	case t.Location == LocExternal:
		b, err := m.readExternal(t, n)
		if err != nil {
			return nil, nil, false
		}
		raw = b
	case t.RawLen >= 0:
		if m.src == nil {
			return nil, nil, false
		}
		if t.RawLen > MaxValues*16 {
			return nil, nil, false
		}
		b, err := m.src.read(t.RawOffset, int(t.RawLen))
		if err != nil {
			return nil, nil, false
		}
		raw = b
	case t.hasTyped:
		if t.typedBig || t.typedN != n {
			return nil, nil, false
		}
		return typedValues(t)
	default:
		if n == 0 {
			if t.DataType.IsFloat() {
				return nil, []float64{}, true
			}
			return []int64{}, nil, true
		}
		return nil, nil, false
	}
	return decodeRaw(t.DataType, raw, n)
}

// Ints returns the contents of a small integer tensor (see Values).
func (m *Model) Ints(t *Tensor) ([]int64, bool) {
	ints, _, ok := m.Values(t)
	if !ok || !t.DataType.IsInt() {
		return nil, false
	}
	return ints, true
}

// Floats returns the contents of a small tensor as float64 (integers
// converted).
func (m *Model) Floats(t *Tensor) ([]float64, bool) {
	ints, floats, ok := m.Values(t)
	if !ok {
		return nil, false
	}
	if floats != nil {
		return floats, true
	}
	out := make([]float64, len(ints))
	for i, v := range ints {
		out[i] = float64(v)
	}
	return out, true
}

func (m *Model) readExternal(t *Tensor, n int64) ([]byte, error) {
	dir := ""
	if m.src != nil {
		dir = m.src.opt.Dir
	}
	if dir == "" {
		return nil, fmt.Errorf("no folder to read external data from")
	}
	if err := checkLocation(dir, t.ExtFile); err != nil {
		return nil, err
	}
	want := (n*int64(t.DataType.Bits()) + 7) / 8
	if t.ExtLength >= 0 && t.ExtLength != want {
		return nil, fmt.Errorf("length %d, want %d", t.ExtLength, want)
	}
	f, err := os.Open(filepath.Join(dir, filepath.Clean(filepath.FromSlash(t.ExtFile))))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, want)
	if _, err := f.ReadAt(b, t.ExtOffset); err != nil {
		return nil, err
	}
	return b, nil
}

func typedValues(t *Tensor) ([]int64, []float64, bool) {
	switch t.DataType {
	case Float, Double:
		return nil, append([]float64(nil), t.floats...), len(t.floats) == int(t.typedN)
	case Float16, BFloat16:
		out := make([]float64, len(t.ints))
		for i, v := range t.ints {
			out[i] = halfToFloat(t.DataType, uint16(v))
		}
		return nil, out, true
	case Int32, Int16, Int8, Uint16, Uint8, Bool, Int64, Uint32, Uint64, Int4, Uint4, Int2, Uint2:
		out := append([]int64(nil), t.ints...)
		if t.DataType == Bool {
			for i, v := range out {
				if v != 0 {
					out[i] = 1
				}
			}
		}
		return out, nil, len(out) == int(t.typedN)
	}
	return nil, nil, false
}

func decodeRaw(dt DataType, raw []byte, n int64) ([]int64, []float64, bool) {
	bits := dt.Bits()
	if bits < 8 {
		return nil, nil, false
	}
	size := bits / 8
	if int64(len(raw)) != n*int64(size) {
		return nil, nil, false
	}
	le := binary.LittleEndian
	if dt.IsFloat() {
		out := make([]float64, n)
		for i := range out {
			b := raw[i*size:]
			switch dt {
			case Float:
				out[i] = float64(math.Float32frombits(le.Uint32(b)))
			case Double:
				out[i] = math.Float64frombits(le.Uint64(b))
			case Float16, BFloat16:
				out[i] = halfToFloat(dt, le.Uint16(b))
			default:
				return nil, nil, false
			}
		}
		return nil, out, true
	}
	out := make([]int64, n)
	for i := range out {
		b := raw[i*size:]
		switch dt {
		case Int8:
			out[i] = int64(int8(b[0]))
		case Uint8:
			out[i] = int64(b[0])
		case Bool:
			if b[0] != 0 {
				out[i] = 1
			}
		case Int16:
			out[i] = int64(int16(le.Uint16(b)))
		case Uint16:
			out[i] = int64(le.Uint16(b))
		case Int32:
			out[i] = int64(int32(le.Uint32(b)))
		case Uint32:
			out[i] = int64(le.Uint32(b))
		case Int64, Uint64:
			out[i] = int64(le.Uint64(b))
		default:
			return nil, nil, false
		}
	}
	return out, nil, true
}

func halfToFloat(dt DataType, h uint16) float64 {
	if dt == BFloat16 {
		return float64(math.Float32frombits(uint32(h) << 16))
	}
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0:
		f := float64(frac) / 1024 * math.Pow(2, -14)
		if sign != 0 {
			f = -f
		}
		return f
	case exp == 31:
		if frac != 0 {
			return math.NaN()
		}
		if sign != 0 {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	return float64(math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13))
}
