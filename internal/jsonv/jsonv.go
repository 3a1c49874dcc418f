// Package jsonv decodes JSON into plain Go values (nil, bool, int64,
// float64, string, []any, map[string]any) while remembering where every
// object and array starts, so front ends can report line:col. It bounds
// nesting depth and never panics on bad input.
package jsonv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MaxDepth bounds the nesting of arrays and objects.
const MaxDepth = 10000

// Doc is a decoded document with positions.
type Doc struct {
	Root any
	src  []byte
	// off maps each decoded object to its byte offset.
	off map[uintptr]int64
}

// Error is a JSON syntax error with its position.
type Error struct {
	Offset    int64
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Parse decodes src.
func Parse(src []byte) (*Doc, error) {
	d := &Doc{src: src, off: map[uintptr]int64{}}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	v, err := d.value(dec, 0)
	if err != nil {
		return nil, d.wrap(dec, err)
	}
	end := d.skipSpace(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		line, col := d.LineCol(end)
		off := end
		return nil, &Error{Offset: off, Line: line, Col: col, Msg: "unexpected data after the top-level JSON value"}
	}
	d.Root = v
	return d, nil
}

func (d *Doc) wrap(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	off := dec.InputOffset()
	msg := err.Error()
	if errors.As(err, &se) {
		off = se.Offset
		msg = se.Error()
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		off = int64(len(d.src))
		msg = "unexpected end of JSON input (the file is truncated?)"
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	line, col := d.LineCol(off)
	return &Error{Offset: off, Line: line, Col: col, Msg: "invalid JSON: " + msg}
}

type posErr = Error

func (d *Doc) value(dec *json.Decoder, depth int) (any, error) {
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= MaxDepth {
			line, col := d.LineCol(start)
			return nil, &posErr{Offset: start, Line: line, Col: col, Msg: fmt.Sprintf("JSON nested deeper than %d levels", MaxDepth)}
		}
		off := d.skipSpace(start)
		switch t {
		case '{':
			m := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key is not a string")
				}
				v, err := d.value(dec, depth+1)
				if err != nil {
					return nil, err
				}
				m[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			d.off[mapID(m)] = off
			return m, nil
		case '[':
			l := []any{}
			for dec.More() {
				v, err := d.value(dec, depth+1)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return l, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return i, nil
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			// Out of range: keep as a float infinity-free marker.
			return float64(1e308), nil
		}
		return f, nil
	default:
		return t, nil
	}
}

func (d *Doc) skipSpace(off int64) int64 {
	for off < int64(len(d.src)) {
		switch d.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// Offset returns the byte offset where object m starts, or -1.
func (d *Doc) Offset(m map[string]any) int64 {
	if d == nil || m == nil {
		return -1
	}
	if off, ok := d.off[mapID(m)]; ok {
		return off
	}
	return -1
}

// LineCol converts a byte offset to 1-based line and column (in bytes).
func (d *Doc) LineCol(off int64) (int, int) {
	if off > int64(len(d.src)) {
		off = int64(len(d.src))
	}
	line, col := 1, 1
	for _, b := range d.src[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
