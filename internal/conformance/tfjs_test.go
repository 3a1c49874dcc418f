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

type tfjsExpected struct {
	Name      string `json:"name"`
	ClassName string `json:"class_name"`
	Layers    []struct {
		Name               string          `json:"name"`
		ClassName          string          `json:"class_name"`
		OutputShape        json.RawMessage `json:"output_shape"`
		Params             int64           `json:"params"`
		TrainableParams    int64           `json:"trainable_params"`
		NonTrainableParams int64           `json:"non_trainable_params"`
	} `json:"layers"`
	Totals struct {
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
			m, err := kerasjson.Parse(src, kerasjson.Options{File: name + ".json"})
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			s := summary.Build(m)
			if len(s.Rows) != len(want.Layers) {
				var got []string
				for _, r := range s.Rows {
					got = append(got, r.Name)
				}
				t.Fatalf("%d rows %v, want %d layers", len(s.Rows), got, len(want.Layers))
			}
			for i, wl := range want.Layers {
				r := s.Rows[i]
				if r.Name != wl.Name || r.Class != wl.ClassName {
					t.Errorf("row %d: %s (%s), want %s (%s)", i, r.Name, r.Class, wl.Name, wl.ClassName)
				}
				if got, w := shapeJSON(r), compactJSON(wl.OutputShape); got != w && !(r.Multiple && w == `"multiple"`) {
					t.Errorf("%s: output shape %s, want %s", wl.Name, got, w)
				}
				if r.Params != wl.Params || r.Trainable != wl.TrainableParams || r.NonTrainable != wl.NonTrainableParams {
					t.Errorf("%s: params %d/%d/%d, want %d/%d/%d", wl.Name, r.Params, r.Trainable, r.NonTrainable, wl.Params, wl.TrainableParams, wl.NonTrainableParams)
				}
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
