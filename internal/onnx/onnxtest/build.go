// Package onnxtest writes small ONNX ModelProto files for tests: models
// are described with plain Go values and encoded with protowire, field
// numbers from onnx.proto. Only tests import it.
package onnxtest

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Msg is an encoded protobuf message under construction.
type Msg []byte

// Int appends a varint field.
func (m Msg) Int(num int, v int64) Msg {
	m = protowire.AppendTag(m, protowire.Number(num), protowire.VarintType)
	return protowire.AppendVarint(m, uint64(v))
}

// Str appends a length-delimited string field.
func (m Msg) Str(num int, s string) Msg {
	m = protowire.AppendTag(m, protowire.Number(num), protowire.BytesType)
	return protowire.AppendString(m, s)
}

// Bytes appends a length-delimited field.
func (m Msg) Bytes(num int, b []byte) Msg {
	m = protowire.AppendTag(m, protowire.Number(num), protowire.BytesType)
	return protowire.AppendBytes(m, b)
}

// Sub appends a submessage.
func (m Msg) Sub(num int, s Msg) Msg { return m.Bytes(num, s) }

// Float appends a fixed32 float field.
func (m Msg) Float(num int, f float32) Msg {
	m = protowire.AppendTag(m, protowire.Number(num), protowire.Fixed32Type)
	return protowire.AppendFixed32(m, math.Float32bits(f))
}

// Packed appends a packed repeated int64 field.
func (m Msg) Packed(num int, vs ...int64) Msg {
	var b []byte
	for _, v := range vs {
		b = protowire.AppendVarint(b, uint64(v))
	}
	return m.Bytes(num, b)
}

// Model encodes a ModelProto with an opset import of the default domain.
func Model(opset int64, graph Msg) Msg {
	var m Msg
	m = m.Int(1, 8).Str(2, "onnxtest")
	m = m.Sub(7, graph)
	m = m.Sub(8, Msg{}.Str(1, "").Int(2, opset))
	return m
}

// Graph encodes a GraphProto from its parts.
func Graph(name string, nodes, inits, inputs, outputs []Msg) Msg {
	var g Msg
	for _, n := range nodes {
		g = g.Sub(1, n)
	}
	g = g.Str(2, name)
	for _, t := range inits {
		g = g.Sub(5, t)
	}
	for _, v := range inputs {
		g = g.Sub(11, v)
	}
	for _, v := range outputs {
		g = g.Sub(12, v)
	}
	return g
}

// Node encodes a NodeProto.
func Node(op, name string, inputs, outputs []string, attrs ...Msg) Msg {
	var n Msg
	for _, s := range inputs {
		n = n.Str(1, s)
	}
	for _, s := range outputs {
		n = n.Str(2, s)
	}
	n = n.Str(3, name).Str(4, op)
	for _, a := range attrs {
		n = n.Sub(5, a)
	}
	return n
}

// Ints encodes an INTS attribute.
func Ints(name string, vs ...int64) Msg {
	a := Msg{}.Str(1, name).Int(20, 7)
	for _, v := range vs {
		a = a.Int(8, v)
	}
	return a
}

// Int encodes an INT attribute.
func Int(name string, v int64) Msg { return Msg{}.Str(1, name).Int(20, 2).Int(3, v) }

// TensorAttr encodes a TENSOR attribute.
func TensorAttr(name string, t Msg) Msg { return Msg{}.Str(1, name).Int(20, 4).Sub(5, t) }

// Input encodes a ValueInfoProto of a tensor; a dim is an int64 (value)
// or a string (symbolic name). Without dims the shape is unknown.
func Input(name string, elem int64, dims ...any) Msg {
	var shape Msg
	for _, d := range dims {
		switch v := d.(type) {
		case int:
			shape = shape.Sub(1, Msg{}.Int(1, int64(v)))
		case int64:
			shape = shape.Sub(1, Msg{}.Int(1, v))
		case string:
			shape = shape.Sub(1, Msg{}.Str(2, v))
		}
	}
	tt := Msg{}.Int(1, elem)
	if len(dims) > 0 {
		tt = tt.Sub(2, shape)
	}
	return Msg{}.Str(1, name).Sub(2, Msg{}.Sub(1, tt))
}

// Tensor encodes a TensorProto with raw data (nil: none).
func Tensor(name string, elem int64, dims []int64, raw []byte) Msg {
	t := Msg{}
	for _, d := range dims {
		t = t.Int(1, d)
	}
	t = t.Int(2, elem).Str(8, name)
	if raw != nil {
		t = t.Bytes(9, raw)
	}
	return t
}

// Int64s encodes an int64 TensorProto with int64_data.
func Int64s(name string, dims []int64, vs ...int64) Msg {
	t := Msg{}
	for _, d := range dims {
		t = t.Int(1, d)
	}
	return t.Int(2, 7).Packed(7, vs...).Str(8, name)
}

// External encodes a TensorProto whose data lives in another file.
func External(name string, elem int64, dims []int64, location string, offset, length int64) Msg {
	t := Msg{}
	for _, d := range dims {
		t = t.Int(1, d)
	}
	t = t.Int(2, elem).Str(8, name)
	t = t.Sub(13, Msg{}.Str(1, "location").Str(2, location))
	t = t.Sub(13, Msg{}.Str(1, "offset").Str(2, itoa(offset)))
	t = t.Sub(13, Msg{}.Str(1, "length").Str(2, itoa(length)))
	return t.Int(14, 1)
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append([]byte{byte('0' + v%10)}, b...)
		v /= 10
	}
	return string(b)
}
