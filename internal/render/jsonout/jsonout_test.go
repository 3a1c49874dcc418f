package jsonout

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func f(name string, v int64) graph.Factor { return graph.Factor{Name: name, Value: v} }

func sample() *summary.Summary {
	conv := summary.Row{
		Name: "conv2d", Class: "Conv2D", Called: true, ParamsKnown: true,
		OutputShapes: []graph.Shape{{-1, 24, 24, 64}},
		Params:       36928, Trainable: 36928,
		Connected: []string{"input_1[0][0]"}, Inbound: []string{"input_1"},
		Weights: []summary.Weight{
			{Name: "kernel", Shape: []int64{3, 3, 64, 64}, DType: "float32", Trainable: true, Count: 36864,
				Factors: [][]graph.Factor{{f("kernel_h", 3)}, {f("kernel_w", 3)}, {f("in_channels", 64)}, {f("filters", 64)}}},
			{Name: "bias", Shape: []int64{64}, DType: "float32", Trainable: true, Count: 64},
		},
	}
	lstm := summary.Row{
		Name: "lstm", Class: "LSTM", Called: true, ParamsKnown: true,
		OutputShapes: []graph.Shape{{-1, 8}, {-1, 8}, {-1, 8}},
		Params:       288, Trainable: 288,
		Connected: []string{"conv2d[0][0]"}, Inbound: []string{"conv2d"},
		Weights: []summary.Weight{
			{Name: "recurrent_kernel", Shape: []int64{8, 32}, DType: "float32", Trainable: true, Count: 256,
				Factors: [][]graph.Factor{{f("units", 8)}, {f("gates", 4), f("units", 8)}}},
			{Name: "bias", Shape: []int64{32}, DType: "float32", Trainable: true, Count: 32,
				Factors: [][]graph.Factor{{f("gates", 4), f("units", 8)}}},
		},
	}
	inner := summary.Row{Name: "dense", Class: "Dense", Called: true, ParamsKnown: true,
		OutputShapes: []graph.Shape{{-1, 2}}, Params: 18, NonTrainable: 18, Depth: 1, Frozen: true,
		Weights: []summary.Weight{{Name: "kernel", Shape: []int64{8, 2}, DType: "float16", Count: 16}, {Name: "bias", Shape: []int64{2}, DType: "float16", Count: 2}}}
	nested := summary.Row{Name: "head", Class: "Sequential", Called: true, ParamsKnown: true, Nested: true,
		OutputShapes: []graph.Shape{{-1, 2}}, Params: 18, NonTrainable: 18, Frozen: true,
		Connected: []string{"lstm[0][0]"}, Inbound: []string{"lstm"}, Sub: []summary.Row{inner},
		Weights: inner.Weights}
	unknown := summary.Row{Name: "mystery", Class: "MyLayer", Unknown: true, ParamsKnown: true, Called: true, Note: "class not in the catalog"}
	lazy := summary.Row{Name: "lazy", Class: "Dense", Called: true,
		Weights: []summary.Weight{{Name: "kernel", Shape: []int64{-1, 4}, DType: "float32", Trainable: true, Count: -1}}}
	return &summary.Summary{
		ModelName: "demo", ModelClass: "Functional", Framework: "keras", Version: "3.8.0",
		Dialect: graph.Keras3, SourceFormat: "keras-json", Source: "demo.json",
		Rows: []summary.Row{
			{Name: "input_1", Class: "InputLayer", Called: true, ParamsKnown: true, IsInput: true, OutputShapes: []graph.Shape{{-1, 26, 26, 64}}},
			conv, lstm, nested, unknown, lazy,
			{Name: "scalar", Class: "Sum", Called: true, ParamsKnown: true, OutputShapes: []graph.Shape{{}}},
		},
		Totals: summary.Totals{Params: 37234, Trainable: 37216, NonTrainable: 18, TrainableBytes: 148864, NonTrainableBytes: 36},
	}
}

func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, sample(), Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join("testdata", "demo.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("JSON differs from %s:\n%s", p, b.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if doc["schema"] != Schema {
		t.Errorf("schema = %v", doc["schema"])
	}
}

func TestFormulaAndTerms(t *testing.T) {
	tests := []struct {
		shape   []int64
		factors [][]graph.Factor
		formula string
		terms   string
	}{
		{[]int64{5, 5, 32, 64}, [][]graph.Factor{{f("kernel_h", 5)}, {f("kernel_w", 5)}, {f("in_channels", 32)}, {f("filters", 64)}},
			"5*5*32*64", `{"kernel_h":5,"kernel_w":5,"in_channels":32,"filters":64}`},
		{[]int64{8, 32}, [][]graph.Factor{{f("units", 8)}, {f("gates", 4), f("units", 8)}},
			"8*4*8", `{"units":8,"gates":4,"units_2":8}`},
		{[]int64{8, 32}, [][]graph.Factor{{f("units", 8)}, {f("units", 8), f("units", 4)}},
			"8*8*4", `{"units":8,"units_2":8,"units_3":4}`},
		{[]int64{10, -1}, nil, "10*?", `{}`},
		{[]int64{3, 7}, [][]graph.Factor{{f("a", 3)}, nil}, "3*7", `{"a":3}`},
		{nil, nil, "1", `{}`},
	}
	for _, tc := range tests {
		if got := Formula(tc.shape, tc.factors); got != tc.formula {
			t.Errorf("Formula(%v) = %q, want %q", tc.shape, got, tc.formula)
		}
		b, err := json.Marshal(TermsOf(tc.factors))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.terms {
			t.Errorf("TermsOf(%v) = %s, want %s", tc.factors, b, tc.terms)
		}
	}
}

func TestOutputDimNames(t *testing.T) {
	for _, c := range []struct {
		shapes []graph.Shape
		names  [][]string
		want   string
	}{
		{[]graph.Shape{{-1, 32}}, nil, "null"},
		{[]graph.Shape{{-1, 32}}, [][]string{{"batch", ""}}, `["batch",""]`},
		// A name on a known dim is dropped; no name left means no field.
		{[]graph.Shape{{4, 32}}, [][]string{{"batch", ""}}, "null"},
		{[]graph.Shape{{-1, 2}, {-1, -1}}, [][]string{nil, {"n", "seq"}}, `[["",""],["n","seq"]]`},
	} {
		r := summary.Row{OutputShapes: c.shapes, OutputDimNames: c.names}
		b, _ := json.Marshal(outputDimNames(&r))
		if string(b) != c.want {
			t.Errorf("%v %q: %s, want %s", c.shapes, c.names, b, c.want)
		}
	}
}
