package onnx

import (
	enc "encoding/binary"
	"strings"
	"testing"

	pb "github.com/netsum/netsum/internal/onnx"
	ot "github.com/netsum/netsum/internal/onnx/onnxtest"
)

func infer(t *testing.T, opt Options, nodes, inits, inputs, outputs []ot.Msg, more ...ot.Msg) *Result {
	t.Helper()
	g := ot.Graph("g", nodes, inits, inputs, outputs)
	for _, m := range more {
		g = append(g, m...)
	}
	m, err := pb.DecodeBytes(ot.Model(13, g), pb.Options{File: "t.onnx"})
	if err != nil {
		t.Fatal(err)
	}
	return Infer(m, opt)
}

func warnings(r *Result) string {
	var s []string
	for _, w := range r.Warnings {
		s = append(s, w.String())
	}
	return strings.Join(s, "\n")
}

func typeOf(r *Result, name string) string {
	v := r.Graph.Values[name]
	if v == nil {
		return "<none>"
	}
	return v.Type.String()
}

func TestUnknownOperator(t *testing.T) {
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Relu", "a", []string{"x"}, []string{"y"}),
			ot.Node("FancyOp", "b", []string{"y"}, []string{"z"}),
			append(ot.Node("Gelu", "c", []string{"z"}, []string{"w"}), ot.Msg{}.Str(7, "com.example")...),
			ot.Node("Relu", "d", []string{"w"}, []string{"v"}),
		}, nil, []ot.Msg{ot.Input("x", 1, 2, 3)}, []ot.Msg{ot.Input("v", 1)})
	w := warnings(r)
	if !strings.Contains(w, "unknown operator FancyOp (domain \"ai.onnx\"") || !strings.Contains(w, "unknown operator Gelu (domain \"com.example\"") {
		t.Errorf("warnings:\n%s", w)
	}
	if r.UnknownOps["::FancyOp"] != 1 || !r.Graph.Nodes[1].Unknown {
		t.Errorf("unknown ops %v", r.UnknownOps)
	}
	if typeOf(r, "y") != "float32[2, 3]" || typeOf(r, "z") != "?" || typeOf(r, "v") != "float32[?]" {
		t.Errorf("y %s, z %s, v %s", typeOf(r, "y"), typeOf(r, "z"), typeOf(r, "v"))
	}
}

func TestCycleAndMissing(t *testing.T) {
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Add", "a", []string{"x", "c"}, []string{"b"}),
			ot.Node("Relu", "b", []string{"b"}, []string{"c"}),
			ot.Node("Relu", "m", []string{"nowhere"}, []string{"d"}),
			ot.Node("Relu", "ok", []string{"x"}, []string{"e"}),
		}, nil, []ot.Msg{ot.Input("x", 1, 4)}, []ot.Msg{ot.Input("e", 1)})
	w := warnings(r)
	if !strings.Contains(w, "cycle: nodes a, b depend on their own outputs") {
		t.Errorf("no cycle warning:\n%s", w)
	}
	if !strings.Contains(w, `m: input "nowhere" is produced by no node`) {
		t.Errorf("no missing-input warning:\n%s", w)
	}
	if typeOf(r, "e") != "float32[4]" || len(r.Graph.Order) != 2 {
		t.Errorf("e %s, order %d", typeOf(r, "e"), len(r.Graph.Order))
	}
}

func TestOrderAndBadDims(t *testing.T) {
	// Nodes out of order are sorted; a negative declared dim is unknown.
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Relu", "second", []string{"y"}, []string{"z"}),
			ot.Node("Relu", "first", []string{"x"}, []string{"y"}),
		}, nil, []ot.Msg{ot.Input("x", 1, -5, 3)}, []ot.Msg{ot.Input("z", 1)})
	if r.Graph.Order[0].Name != "first" || typeOf(r, "z") != "float32[?, 3]" {
		t.Errorf("order %s, z %s", r.Graph.Order[0].Name, typeOf(r, "z"))
	}
	if !strings.Contains(warnings(r), "dim 0 is -5") {
		t.Errorf("warnings:\n%s", warnings(r))
	}
}

func TestDeclaredShapesChecked(t *testing.T) {
	vi := ot.Msg{}.Sub(13, ot.Input("y", 1, 2, 4))
	r := infer(t, Options{}, []ot.Msg{ot.Node("Relu", "a", []string{"x"}, []string{"y"})}, nil,
		[]ot.Msg{ot.Input("x", 1, 2, 3)}, []ot.Msg{ot.Input("y", 1)}, vi)
	if w := warnings(r); !strings.Contains(w, `output "y": the file says float32[2, 4], netsum infers float32[2, 3] (dim 1 differs)`) {
		t.Errorf("warnings:\n%s", w)
	}
	// Declared shapes fill what inference cannot know.
	vi = ot.Msg{}.Sub(13, ot.Input("z", 1, "n", 7))
	r = infer(t, Options{}, []ot.Msg{ot.Node("Mystery", "a", []string{"x"}, []string{"z"}), ot.Node("Relu", "b", []string{"z"}, []string{"w"})}, nil,
		[]ot.Msg{ot.Input("x", 1, 2, 3)}, []ot.Msg{ot.Input("w", 1)}, vi)
	if typeOf(r, "w") != "float32[n, 7]" {
		t.Errorf("w %s", typeOf(r, "w"))
	}
	r = infer(t, Options{Pure: true}, []ot.Msg{ot.Node("Mystery", "a", []string{"x"}, []string{"z"}), ot.Node("Relu", "b", []string{"z"}, []string{"w"})}, nil,
		[]ot.Msg{ot.Input("x", 1, 2, 3)}, []ot.Msg{ot.Input("w", 1)}, vi)
	if typeOf(r, "w") != "?" {
		t.Errorf("pure: w %s", typeOf(r, "w"))
	}
}

func i64(vs ...int64) []byte {
	b := make([]byte, 8*len(vs))
	for i, v := range vs {
		enc.LittleEndian.PutUint64(b[8*i:], uint64(v))
	}
	return b
}

// TestShapeArithmetic follows a torch-style dynamic reshape: the batch
// dim's name survives Shape → Gather → Unsqueeze → Concat → Reshape.
func TestShapeArithmetic(t *testing.T) {
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Shape", "s", []string{"x"}, []string{"shape"}),
			ot.Node("Gather", "g", []string{"shape", "zero"}, []string{"n"}),
			ot.Node("Unsqueeze", "u", []string{"n", "axes"}, []string{"n1"}),
			ot.Node("Concat", "c", []string{"n1", "minus1"}, []string{"target"}, ot.Int("axis", 0)),
			ot.Node("Reshape", "r", []string{"x", "target"}, []string{"flat"}),
			ot.Node("Mul", "m", []string{"n", "two"}, []string{"n2"}),
			ot.Node("Cast", "cast", []string{"n1"}, []string{"f"}, ot.Int("to", 1)),
		},
		[]ot.Msg{
			ot.Tensor("zero", 7, nil, i64(0)),
			ot.Tensor("axes", 7, []int64{1}, i64(0)),
			ot.Tensor("minus1", 7, []int64{1}, i64(-1)),
			ot.Tensor("two", 7, nil, i64(2)),
		},
		[]ot.Msg{ot.Input("x", 1, "batch", 3, 4, 5)}, []ot.Msg{ot.Input("flat", 1)})
	if got := typeOf(r, "flat"); got != "float32[batch, 60]" {
		t.Errorf("flat %s", got)
	}
	if d := r.Graph.Values["target"].Data; d == nil || d.Ints[0].S != "batch" || d.Ints[1].V != -1 {
		t.Errorf("target data %+v", d)
	}
	if d := r.Graph.Values["n2"].Data; d == nil || d.Ints[0].K {
		t.Errorf("n2 data %+v", d)
	}
	if w := warnings(r); w != "" {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestErrorsBecomeWarnings(t *testing.T) {
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Add", "a", []string{"x", "y"}, []string{"z"}),
			ot.Node("Relu", "b", []string{"z"}, []string{"w"}),
		}, nil, []ot.Msg{ot.Input("x", 1, 2, 3), ot.Input("y", 1, 4)}, []ot.Msg{ot.Input("w", 1)})
	if w := warnings(r); !strings.Contains(w, "a (Add): shapes [2, 3] and [4] cannot be broadcast") {
		t.Errorf("warnings:\n%s", w)
	}
	if typeOf(r, "w") != "float32[?]" {
		t.Errorf("w %s", typeOf(r, "w"))
	}
}

func TestOpsCatalog(t *testing.T) {
	if len(Ops()) < 190 {
		t.Errorf("%d operators", len(Ops()))
	}
	if Lookup("ai.onnx", "Conv") == nil || Lookup("", "Conv").Family != "conv" {
		t.Error("Conv missing")
	}
}

// TestWeightsUnread: a small float initializer used as a weight is never
// read, while an int64 shape constant is.
func TestWeightsUnread(t *testing.T) {
	r := infer(t, Options{},
		[]ot.Msg{
			ot.Node("Add", "a", []string{"x", "bias"}, []string{"y"}),
			ot.Node("Reshape", "r", []string{"y", "shape"}, []string{"z"}),
		},
		[]ot.Msg{ot.Tensor("bias", 1, []int64{8}, make([]byte, 32)), ot.Tensor("shape", 7, []int64{2}, i64(2, 4))},
		[]ot.Msg{ot.Input("x", 1, 8)}, []ot.Msg{ot.Input("z", 1)})
	if b := r.Graph.Values["bias"]; b.Data != nil || b.lazy == nil {
		t.Errorf("the bias was read: %+v", b)
	}
	if s := r.Graph.Values["shape"]; s.Data == nil {
		t.Error("the shape constant was not read")
	}
	if typeOf(r, "z") != "float32[2, 4]" {
		t.Errorf("z %s", typeOf(r, "z"))
	}
}
