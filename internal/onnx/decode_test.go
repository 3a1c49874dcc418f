package onnx_test

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/netsum/netsum/internal/diag"
	pb "github.com/netsum/netsum/internal/onnx"
	. "github.com/netsum/netsum/internal/onnx/onnxtest"
)

func small() Msg {
	w := make([]byte, 4*3*2)
	shape := make([]byte, 16)
	binary.LittleEndian.PutUint64(shape, 1)
	binary.LittleEndian.PutUint64(shape[8:], 6)
	g := Graph("g",
		[]Msg{
			Node("MatMul", "mm", []string{"x", "w"}, []string{"y"}),
			Node("Reshape", "r", []string{"y", "shape"}, []string{"z"}),
		},
		[]Msg{Tensor("w", 1, []int64{3, 2}, w), Tensor("shape", 7, []int64{2}, shape)},
		[]Msg{Input("x", 1, "batch", 3)},
		[]Msg{Input("z", 1)},
	)
	return Model(13, g)
}

func TestDecode(t *testing.T) {
	m, err := pb.DecodeBytes(small(), pb.Options{File: "small.onnx"})
	if err != nil {
		t.Fatal(err)
	}
	g := m.Graph
	if m.IRVersion != 8 || m.Opset("") != 13 || g.Name != "g" || len(g.Nodes) != 2 || len(g.Initializers) != 2 {
		t.Fatalf("decoded %+v %+v", m, g)
	}
	if n := g.Nodes[1]; n.OpType != "Reshape" || n.Name != "r" || strings.Join(n.Inputs, ",") != "y,shape" {
		t.Errorf("node %+v", n)
	}
	w := g.Initializers[0]
	if w.Name != "w" || w.NumElements() != 6 || w.Bytes() != 24 || w.RawLen != 24 {
		t.Errorf("w %+v", w)
	}
	if v, ok := m.Ints(g.Initializers[1]); !ok || len(v) != 2 || v[0] != 1 || v[1] != 6 {
		t.Errorf("shape values %v %v", v, ok)
	}
	if d := g.Inputs[0].Type.Shape.Dims; len(d) != 2 || d[0].Param != "batch" || d[1].Value != 3 {
		t.Errorf("input dims %+v", d)
	}
}

// TestTruncated cuts the model at every length: each prefix is either a
// (shorter) valid message or a positioned error; nothing panics.
func TestTruncated(t *testing.T) {
	full := small()
	for n := 0; n < len(full); n++ {
		_, err := pb.DecodeBytes(full[:n], pb.Options{File: "cut.onnx"})
		if err == nil {
			continue
		}
		var de *diag.Error
		if !errors.As(err, &de) || de.Pos.File != "cut.onnx" {
			t.Fatalf("prefix %d: %v is not a positioned diag.Error", n, err)
		}
	}
}

func TestBadInput(t *testing.T) {
	g := Graph("g", []Msg{Node("Relu", "n", []string{"x"}, []string{"y"})}, nil, []Msg{Input("x", 1, 2)}, []Msg{Input("y", 1)})
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "no graph"},
		{"not protobuf", []byte("hello, world"), "corrupt"},
		{"wrong wire type", Model(13, Msg{}.Sub(1, Msg{}.Int(4, 3))), "field 4 (op_type) has varint, want length-delimited"},
		{"start group", append(Model(13, g), 0x0b), "start-group"},
		{"huge length", append(Msg{}.Int(1, 7), protowire.AppendVarint([]byte{0x3a}, 1<<40)...), "claims 1099511627776 bytes"},
		{"negative dim", Model(13, Graph("g", nil, []Msg{Tensor("w", 1, []int64{-3}, nil)}, nil, nil)), "must not be negative"},
		{"overflowing dims", Model(13, Graph("g", nil, []Msg{Tensor("w", 1, []int64{1 << 40, 1 << 40}, nil)}, nil, nil)), "overflow"},
		{"bad varint", []byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "bad varint"},
		{"two graphs", Model(13, g).Sub(7, g), "two graphs"},
		{"deep nesting", deep(100), "nested deeper"},
	} {
		_, err := pb.DecodeBytes(c.data, pb.Options{File: "bad.onnx"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// deep nests If nodes n levels deep.
func deep(n int) Msg {
	g := Graph("leaf", nil, nil, nil, nil)
	for i := 0; i < n; i++ {
		attr := Msg{}.Str(1, "then_branch").Int(20, 5).Sub(6, g)
		g = Graph("g", []Msg{Node("If", "if", []string{"c"}, []string{"o"}, attr)}, nil, nil, nil)
	}
	return Model(13, g)
}

// virtual is a file made of segments, some of them runs of zeros that
// take no memory; it counts the bytes read.
type virtual struct {
	segs [][]byte
	zero []int64 // length of a zero run after each segment
	read int64
}

func (v *virtual) size() int64 {
	var n int64
	for i, s := range v.segs {
		n += int64(len(s)) + v.zero[i]
	}
	return n
}

func (v *virtual) ReadAt(p []byte, off int64) (int, error) {
	v.read += int64(len(p))
	n := 0
	var pos int64
	for i, s := range v.segs {
		for _, part := range []struct {
			b    []byte
			zero int64
		}{{s, 0}, {nil, v.zero[i]}} {
			l := int64(len(part.b)) + part.zero
			for n < len(p) && off+int64(n) >= pos && off+int64(n) < pos+l {
				k := off + int64(n) - pos
				if part.b != nil {
					p[n] = part.b[k]
				} else {
					p[n] = 0
				}
				n++
			}
			pos += l
		}
	}
	if n < len(p) {
		return n, errors.New("EOF")
	}
	return n, nil
}

// TestRawDataSkipped decodes a model whose initializer holds 4 GiB of
// raw_data: the bytes are never read.
func TestRawDataSkipped(t *testing.T) {
	const big = 4 << 30
	tensorHead := Msg{}.Int(1, big/4).Int(2, 1).Str(8, "w")
	tensorHead = protowire.AppendTag(tensorHead, 9, protowire.BytesType)
	tensorHead = protowire.AppendVarint(tensorHead, big)
	tensorLen := int64(len(tensorHead)) + big
	node := Msg{}.Sub(1, Node("Relu", "n", []string{"w"}, []string{"y"}))
	graphHead := append(node, 0x2a) // initializer, field 5
	graphHead = protowire.AppendVarint(graphHead, uint64(tensorLen))
	graphHead = append(graphHead, tensorHead...)
	graphTail := Msg{}.Sub(12, Input("y", 1))
	graphLen := int64(len(graphHead)) + big + int64(len(graphTail))
	head := Msg{}.Int(1, 8)
	head = protowire.AppendTag(head, 7, protowire.BytesType)
	head = protowire.AppendVarint(head, uint64(graphLen))
	head = append(head, graphHead...)
	tail := append(graphTail, Msg{}.Sub(8, Msg{}.Int(2, 13))...)
	v := &virtual{segs: [][]byte{head, tail}, zero: []int64{big, 0}}
	m, err := pb.Decode(v, v.size(), pb.Options{File: "big.onnx"})
	if err != nil {
		t.Fatal(err)
	}
	w := m.Graph.Initializers[0]
	if w.NumElements() != big/4 || w.RawLen != big {
		t.Errorf("initializer %+v", w)
	}
	if v.read > 1<<20 {
		t.Errorf("read %d bytes of a %d-byte file", v.read, v.size())
	}
	if _, ok := m.Floats(w); ok {
		t.Error("a 1G-element tensor was read")
	}
}

func TestExternalData(t *testing.T) {
	dir := t.TempDir()
	data := make([]byte, 8+16)
	binary.LittleEndian.PutUint64(data[8:], 2)
	binary.LittleEndian.PutUint64(data[16:], 5)
	if err := os.WriteFile(filepath.Join(dir, "w.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ext := func(loc string) Msg { return External("s", 7, []int64{2}, loc, 8, 16) }
	model := func(loc string) Msg {
		return Model(13, Graph("g", nil, []Msg{ext(loc)}, nil, nil))
	}
	m, err := pb.DecodeBytes(model("w.bin"), pb.Options{File: "m.onnx", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	tn := m.Graph.Initializers[0]
	if tn.Location != pb.LocExternal || tn.ExtFile != "w.bin" || tn.ExtOffset != 8 || tn.ExtLength != 16 {
		t.Errorf("external tensor %+v", tn)
	}
	if v, ok := m.Ints(tn); !ok || len(v) != 2 || v[1] != 5 {
		t.Errorf("values %v %v", v, ok)
	}
	outside := filepath.Join(t.TempDir(), "secret.bin")
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.bin")); err != nil {
		t.Fatal(err)
	}
	for _, loc := range []string{"../secret.bin", "/etc/passwd", "a/../../x", "link.bin"} {
		_, err := pb.DecodeBytes(model(loc), pb.Options{File: "m.onnx", Dir: dir})
		if err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("location %q: error %v, want a refusal", loc, err)
		}
	}
}
