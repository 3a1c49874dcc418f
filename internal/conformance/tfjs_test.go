package conformance

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

var tfjsDir = flag.String("tfjs-dir", filepath.Join("..", "..", "testdata", "tfjs"), "directory of tfjs fixtures (NAME.json + NAME.expected.json)")

type tfjsLayer struct {
	Name               string          `json:"name"`
	ClassName          string          `json:"class_name"`
	OutputShape        json.RawMessage `json:"output_shape"`
	Params             int64           `json:"params"`
	TrainableParams    int64           `json:"trainable_params"`
	NonTrainableParams int64           `json:"non_trainable_params"`
}

type tfjsExpected struct {
	Name      string      `json:"name"`
	ClassName string      `json:"class_name"`
	Layers    []tfjsLayer `json:"layers"`
	Totals    struct {
		Params             int64 `json:"params"`
		TrainableParams    int64 `json:"trainable_params"`
		NonTrainableParams int64 `json:"non_trainable_params"`
	} `json:"totals"`
	Summary string `json:"summary"`
}

// shapeJSON renders a row's shapes the way tfjs reports layer.outputShape.
func shapeJSON(r summary.Row) string {
	if r.OutputShapes == nil {
		return `"multiple"`
	}
	one := func(s graph.Shape) string {
		parts := make([]string, len(s))
		for i, d := range s {
			if d < 0 {
				parts[i] = "null"
			} else {
				parts[i] = fmt.Sprint(d)
			}
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	if len(r.OutputShapes) == 1 {
		return one(r.OutputShapes[0])
	}
	parts := make([]string, len(r.OutputShapes))
	for i, s := range r.OutputShapes {
		parts[i] = one(s)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func compactJSON(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// deviation is one line of DEVIATIONS.tsv.
type deviation struct{ layer, keras, reason string }

func readDeviations(t *testing.T) map[string]deviation {
	b, err := os.ReadFile(filepath.Join(*tfjsDir, "DEVIATIONS.tsv"))
	if err != nil {
		return nil
	}
	out := map[string]deviation{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("DEVIATIONS.tsv: bad line %q", line)
		}
		out[f[0]] = deviation{layer: f[1], keras: f[2], reason: f[3]}
	}
	return out
}

// knownTFJSBug recognizes the tfjs-layers 4.22 bugs that random models hit,
// so that models netsum has never seen can be judged too. It returns why
// tfjs is wrong, or "".
func knownTFJSBug(m *graph.Model, r summary.Row, tfjsShape json.RawMessage, layers []tfjsLayer) string {
	// Causal Conv1D: Keras keeps ceil(length/stride); tfjs sizes it as
	// "valid" (see DEVIATIONS.tsv conv1d_causal).
	if r.Class == "Conv1D" && r.Config["padding"] == "causal" && len(r.InputShapes) == 1 && len(r.OutputShapes) == 1 {
		in, out := r.InputShapes[0], r.OutputShapes[0]
		stride := int64(1)
		if s, ok := r.Config["strides"].([]any); ok && len(s) == 1 {
			if v, ok := s[0].(int64); ok {
				stride = v
			}
		}
		if in[1] >= 0 && out[1] == (in[1]+stride-1)/stride {
			return "causal Conv1D keeps ceil(length/stride) in Keras; tfjs sizes it as valid padding"
		}
	}
	// The same inside a nested model.
	for _, sub := range r.Sub {
		if sub.Class == "Conv1D" && sub.Config["padding"] == "causal" {
			return "a nested model holds a causal Conv1D, which tfjs sizes as valid padding"
		}
	}
	// CenterCrop.computeOutputShape in tfjs-layers writes the crop size into
	// its input shape array, which is the previous layer's output shape.
	for _, l := range layers {
		if l.ClassName == "CenterCrop" && compactJSON(l.OutputShape) == compactJSON(tfjsShape) {
			return "tfjs CenterCrop overwrites the output shape of the layer feeding it"
		}
	}
	return ""
}

// TestTFJS compares every tfjs fixture: layer names, classes, output shapes,
// the three parameter counts and the totals.
func TestTFJS(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(*tfjsDir, "*.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no tfjs fixtures in %s", *tfjsDir)
	}
	sort.Strings(files)
	devs := readDeviations(t)
	failed := 0
	for _, exp := range files {
		name := strings.TrimSuffix(filepath.Base(exp), ".expected.json")
		ok := t.Run(name, func(t *testing.T) {
			var want tfjsExpected
			b, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(filepath.Join(*tfjsDir, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			dev, hasDev := devs[name]
			m, err := kerasjson.Parse(src, kerasjson.Options{File: name + ".json"})
			if err != nil {
				if hasDev && dev.keras == "error" && strings.Contains(err.Error(), dev.layer) {
					return
				}
				// tfjs' CenterCrop rewrites the shape of the layer feeding it,
				// so tfjs may merge tensors whose real shapes differ; Keras
				// (and netsum) refuse them.
				if strings.Contains(string(src), `"CenterCrop"`) && strings.Contains(err.Error(), "incompatible shapes") {
					t.Logf("tfjs accepted a merge of incompatible shapes after a CenterCrop: %v", err)
					return
				}
				t.Fatalf("parse: %v", err)
			}
			if hasDev && dev.keras == "error" {
				t.Fatalf("DEVIATIONS.tsv says Keras refuses %s, but netsum read it", dev.layer)
			}
			s := summary.Build(m)
			// tfjs lists a Sequential's explicit InputLayer among its layers;
			// Keras' Sequential.layers hides it (keras@v2.15.0
			// keras/engine/sequential.py, layers property).
			if m.Class == "Sequential" && len(want.Layers) == len(s.Rows)+1 && want.Layers[0].ClassName == "InputLayer" {
				want.Layers = want.Layers[1:]
			}
			if len(s.Rows) != len(want.Layers) {
				var got []string
				for _, r := range s.Rows {
					got = append(got, r.Name)
				}
				t.Fatalf("%d rows %v, want %d layers", len(s.Rows), got, len(want.Layers))
			}
			for i, wl := range want.Layers {
				r := s.Rows[i]
				if hasDev && wl.Name == dev.layer {
					if got := shapeJSON(r); got != dev.keras {
						t.Errorf("%s: output shape %s, want Keras' %s (%s)", wl.Name, got, dev.keras, dev.reason)
					}
					if compactJSON(wl.OutputShape) == dev.keras {
						t.Errorf("%s: tfjs now agrees with Keras; remove the DEVIATIONS.tsv line", wl.Name)
					}
					return // later layers inherit the difference
				}
				if r.Name != wl.Name || r.Class != wl.ClassName {
					t.Errorf("row %d: %s (%s), want %s (%s)", i, r.Name, r.Class, wl.Name, wl.ClassName)
				}
				if why := knownTFJSBug(m, r, wl.OutputShape, want.Layers); why != "" && shapeJSON(r) != compactJSON(wl.OutputShape) {
					t.Logf("%s: tfjs %s, netsum %s: %s; later layers not compared", wl.Name, compactJSON(wl.OutputShape), shapeJSON(r), why)
					return
				}
				// tfjs throws "multiple" for a nested model's output shape
				// (its internal node and the call node); Keras prints the
				// shape (keras-io functional_api.md: "encoder (Functional)").
				if got, w := shapeJSON(r), compactJSON(wl.OutputShape); got != w && !(r.Multiple && w == `"multiple"`) && !(r.Nested && w == `"multiple"`) {
					t.Errorf("%s: output shape %s, want %s", wl.Name, got, w)
				}
				if r.Params != wl.Params || r.Trainable != wl.TrainableParams || r.NonTrainable != wl.NonTrainableParams {
					t.Errorf("%s: params %d/%d/%d, want %d/%d/%d", wl.Name, r.Params, r.Trainable, r.NonTrainable, wl.Params, wl.TrainableParams, wl.NonTrainableParams)
				}
			}
			if hasDev {
				t.Errorf("DEVIATIONS.tsv names layer %s, which is not in the model", dev.layer)
			}
			tt := s.Totals
			if tt.Params != want.Totals.Params || tt.Trainable != want.Totals.TrainableParams || tt.NonTrainable != want.Totals.NonTrainableParams {
				t.Errorf("totals %d/%d/%d, want %d/%d/%d", tt.Params, tt.Trainable, tt.NonTrainable, want.Totals.Params, want.Totals.TrainableParams, want.Totals.NonTrainableParams)
			}
		})
		if !ok {
			failed++
		}
	}
	t.Logf("%d fixtures, %d failed", len(files), failed)
}
