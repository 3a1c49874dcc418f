package onnxfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

var models = filepath.Join("..", "..", "..", "testdata", "onnx", "models")

// fixture is what tools/oracle/onnx/gen.py recorded for a torch export.
type fixture struct {
	Initializers map[string]int64 `json:"initializers"`
	Torch        struct {
		Parameters   int64 `json:"parameters"`
		FloatBuffers int64 `json:"float_buffers"`
		Training     bool  `json:"training"`
	} `json:"torch"`
}

func read(t *testing.T, name string, opt Options) (*Result, fixture) {
	t.Helper()
	path := filepath.Join(models, name+".onnx")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	opt.File = name + ".onnx"
	res, err := ReadBytes(data, opt)
	if err != nil {
		t.Fatal(err)
	}
	var fx fixture
	b, err := os.ReadFile(filepath.Join(models, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	return res, fx
}

func TestTorchTotals(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(models, "*.onnx"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".onnx")
		t.Run(name, func(t *testing.T) {
			res, fx := read(t, name, Options{})
			tt := res.Totals
			var elems int64
			for _, d := range tt.Initializers {
				elems += d.Elements
			}
			if elems != fx.Initializers["float"] || len(tt.Initializers) != len(fx.Initializers) {
				t.Errorf("initializers %+v, onnx %v", tt.Initializers, fx.Initializers)
			}
			if tt.InitializerBytes != 4*elems {
				t.Errorf("bytes %d for %d float32 elements", tt.InitializerBytes, elems)
			}
			if tt.Params+tt.ShapeConstants != elems {
				t.Errorf("params %d + shape constants %d != initializers %d", tt.Params, tt.ShapeConstants, elems)
			}
			// Exports that keep BatchNormalization (training mode) or have
			// none hold torch's parameters exactly, the running statistics
			// as non-trainable; eval exports fold BatchNormalization into
			// the convolutions, so the counts differ from torch's there.
			if fx.Torch.FloatBuffers == 0 || fx.Torch.Training {
				if tt.Trainable != fx.Torch.Parameters {
					t.Errorf("trainable %d, torch parameters %d", tt.Trainable, fx.Torch.Parameters)
				}
				if tt.NonTrainable != fx.Torch.FloatBuffers {
					t.Errorf("non-trainable %d, torch float buffers %d", tt.NonTrainable, fx.Torch.FloatBuffers)
				}
			}
			s := summary.Build(res.Nodes)
			if s.Totals.Params != tt.Params || s.Totals.Trainable != tt.Trainable {
				t.Errorf("summary totals %+v, front end %+v", s.Totals, tt)
			}
			ms := summary.Build(res.Modules)
			if ms.Totals.Params != tt.Params {
				t.Errorf("module view totals %d, node view %d", ms.Totals.Params, tt.Params)
			}
			for _, w := range res.Nodes.Warnings {
				// The one expected remark: an eval-mode export folded BatchNorm.
				if !strings.Contains(w.Msg, "folds each BatchNorm") {
					t.Errorf("warning: %s", w)
				}
			}
			t.Logf("%s: %d nodes, %d modules at top level, params %d (trainable %d), initializers %d",
				name, len(res.Nodes.Layers), len(res.Modules.Layers), tt.Params, tt.Trainable, elems)
		})
	}
}

func TestResNet50(t *testing.T) {
	res, _ := read(t, "resnet50_train", Options{})
	if res.Totals.Trainable != 25_557_032 {
		t.Errorf("trainable %d, torch 25,557,032", res.Totals.Trainable)
	}
	if res.Totals.NonTrainable != 53_120 {
		t.Errorf("non-trainable %d (BatchNormalization running mean and variance), want 53,120", res.Totals.NonTrainable)
	}
	out := res.Nodes.Outputs[0]
	if !out.Shape.Equal(graph.Shape{2, 1000}) {
		t.Errorf("output %v", out.Shape)
	}
	var top []string
	for _, l := range res.Modules.Layers {
		top = append(top, l.Name)
	}
	want := "conv1 bn1 relu maxpool layer1 layer2 layer3 layer4 avgpool flatten fc"
	if got := strings.Join(top, " "); !strings.HasPrefix(got, "conv1 bn1 relu maxpool layer1 layer2 layer3 layer4") {
		t.Errorf("top-level modules %q, want %q", got, want)
	}
	l1 := res.Modules.Layer("layer1")
	if l1 == nil || l1.Sub == nil || l1.Sub.Layers[0].Name != "layer1.0" {
		t.Fatalf("layer1 has no layer1.0")
	}
	var names []string
	for _, l := range l1.Sub.Layers[0].Sub.Layers {
		names = append(names, l.Name+":"+l.Class)
	}
	if !strings.HasPrefix(strings.Join(names, " "), "layer1.0.conv1:Conv layer1.0.bn1:BatchNormalization layer1.0.relu:Relu") {
		t.Errorf("layer1.0 holds %v", names)
	}
	s := summary.Build(res.Modules)
	var p int64
	for _, r := range s.Rows {
		if r.Name == "layer1" {
			p = r.Params
		}
	}
	// torch: sum(p.numel() for p in resnet50().layer1.parameters()) plus
	// the running statistics of its BatchNormalization layers.
	if p != 215808+2*(64+64+256+256+64+64+256+64+64+256) {
		t.Errorf("layer1 params %d", p)
	}
}

func TestSymbolicBatch(t *testing.T) {
	res, _ := read(t, "seed_cnn_dynamic", Options{})
	out := res.Nodes.Outputs[0]
	if !out.Shape.Equal(graph.Shape{-1, 2}) || len(out.DimNames) != 2 || out.DimNames[0] != "batch" {
		t.Errorf("output %v %q, want (batch, 2)", out.Shape, out.DimNames)
	}
	if res.Totals.Params != 154_798 {
		t.Errorf("params %d, want 154,798", res.Totals.Params)
	}
	l := res.Nodes.Layer("/conv1/Conv")
	if l == nil || len(l.Weights) != 2 || l.Weights[0].Count() != 800 || l.Nodes[0].Outputs[0].Shape.String() != "(None, 32, 24, 24)" {
		t.Fatalf("conv1 layer %+v", l)
	}
}

func TestModuleScope(t *testing.T) {
	for name, want := range map[string]string{
		"/layer1/layer1.0/conv1/Conv":                      "layer1 layer1.0 layer1.0.conv1",
		"/features/features.1/conv/conv.0/conv.0.0/Conv":   "features features.1 features.1.conv features.1.conv.0 features.1.conv.0.0",
		"/encoder/layers.0/self_attn/Transpose":            "encoder encoder.layers.0 encoder.layers.0.self_attn",
		"/Flatten":                                         "",
		"Conv_12":                                          "",
		"model/conv2d/BiasAdd":                             "model model.conv2d",
		"StatefulPartitionedCall/model/dense/MatMul":       "StatefulPartitionedCall StatefulPartitionedCall.model StatefulPartitionedCall.model.dense",
		"/encoder/layers.1/norm2/Add_1":                    "encoder encoder.layers.1 encoder.layers.1.norm2",
		"/classifier/classifier.1/Gemm":                    "classifier classifier.1",
		"//weird//Conv":                                    "weird",
		"/model/layers.0/mlp/up_proj/MatMul_quant_scaling": "model model.layers.0 model.layers.0.mlp model.layers.0.mlp.up_proj",
	} {
		if got := strings.Join(ModuleScope(name), " "); got != want {
			t.Errorf("ModuleScope(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(models, "mlp.onnx"))
	if err != nil {
		t.Skip(err)
	}
	if !Match("x.bin", data[:min(len(data), 4096)]) {
		t.Error("mlp.onnx not matched by content")
	}
	for _, h := range []string{`{"class_name": "Sequential"}`, "\x89HDF\r\n\x1a\n", "PK\x03\x04", "", "\x08"} {
		if Match("x", []byte(h)) {
			t.Errorf("Match(%q)", h)
		}
	}
}

// BenchmarkRead times decoding, inference and both views of the largest
// committed export (resnet50 in training mode, 175 nodes).
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(models, "resnet50_train.onnx"))
	if err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ReadBytes(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDims: named dims take their values before inference; a name the
// model does not declare is an error listing the ones it does.
func TestDims(t *testing.T) {
	b, err := os.ReadFile("../../../testdata/onnx/models/encoder.onnx")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadBytes(b, Options{File: "encoder.onnx", Dims: map[string]int64{"batch": 2, "tokens": 7}})
	if err != nil {
		t.Fatal(err)
	}
	out := res.Nodes.Outputs[0]
	if !out.Shape.Equal(graph.Shape{2, 5}) || out.DimNames != nil {
		t.Errorf("output %v %q, want (2, 5) with no names", out.Shape, out.DimNames)
	}
	_, err = ReadBytes(b, Options{File: "encoder.onnx", Dims: map[string]int64{"seq": 7}})
	if err == nil || err.Error() != `encoder.onnx: --dim seq: the model has no dim named "seq"; its named dims are batch, tokens` {
		t.Errorf("error %v", err)
	}
}
