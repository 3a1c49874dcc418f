package tfjsfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

var corpus = filepath.Join("..", "..", "..", "..", "shared", "corpora", "keras-files")

func total(m *graph.Model) int64 {
	n, _, _, _ := graph.Counts(m.Weights())
	return n
}

func parseFile(t *testing.T, path string, opt Options) (*graph.Model, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opt.File = filepath.Base(path)
	if !Match(opt.File, b[:min(len(b), 4096)]) {
		t.Errorf("%s: Match = false", path)
	}
	return Parse(b, opt)
}

func TestCorpus(t *testing.T) {
	path := filepath.Join(corpus, "files", "tfjs_tm_131.json")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared corpus not present")
	}
	m, err := parseFile(t, path, Options{AllowUnknown: true})
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Layers []struct {
			Name   string `json:"name"`
			Params int64  `json:"params"`
		} `json:"layers"`
		Totals struct {
			Params int64 `json:"params"`
		} `json:"totals"`
	}
	b, _ := os.ReadFile(filepath.Join(corpus, "expected", "tfjs_tm_131.json"))
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	if got := total(m); got != e.Totals.Params {
		t.Errorf("total = %d, want %d", got, e.Totals.Params)
	}
	for _, el := range e.Layers {
		l := m.Layer(el.Name)
		if l == nil {
			t.Errorf("no layer %s", el.Name)
			continue
		}
		if n, _, _, _ := graph.Counts(l.AllWeights()); n != el.Params {
			t.Errorf("layer %s: %d params, want %d", el.Name, n, el.Params)
		}
	}
	if m.SourceFormat != "tfjs-layers" {
		t.Errorf("format %q", m.SourceFormat)
	}
	for _, w := range m.Warnings {
		t.Logf("warning: %s", w)
	}
}

func TestSeedLayers(t *testing.T) {
	m, err := parseFile(t, filepath.Join("testdata", "seed_layers_model.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(m); got != 154798 {
		t.Errorf("total = %d, want 154798", got)
	}
	for _, w := range m.Warnings {
		t.Errorf("unexpected warning: %s", w)
	}
	if m.Compile["optimizer"] != "Adam" {
		t.Errorf("compile = %v", m.Compile)
	}
}

func TestSeedMismatch(t *testing.T) {
	m, err := parseFile(t, filepath.Join("testdata", "seed_layers_mismatch.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range m.Warnings {
		msgs = append(msgs, w.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"layer conv2d (Conv2D): weight kernel has shape (3, 3, 1, 32) in the file (conv2d/kernel) but (5, 5, 1, 32) from the config",
		"layer dense_1 (Dense): the file stores 1 weight(s) (dense_1/kernel (100, 2)) but the config gives 2",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, all)
		}
	}
	// The summary keeps the config's numbers.
	if got := total(m); got != 154798 {
		t.Errorf("total = %d, want 154798", got)
	}
}

func TestGraphModel(t *testing.T) {
	m, err := parseFile(t, filepath.Join("testdata", "seed_graph_model.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(m); got != 154798 {
		t.Errorf("total = %d, want 154798", got)
	}
	if m.SourceFormat != "tfjs-graph" || m.Framework != "tensorflow" {
		t.Errorf("format %q framework %q", m.SourceFormat, m.Framework)
	}
	want := map[string]string{
		"input":                                  "(None, 28, 28, 1)",
		"sequential/conv2d/BiasAdd":              "(None, 24, 24, 32)",
		"sequential/conv2d_1/BiasAdd":            "unknown",
		"sequential/dense/MatMul/ReadVariableOp": "(1024, 100)",
	}
	for name, s := range want {
		l := m.Layer(name)
		if l == nil {
			t.Fatalf("no node %s", name)
		}
		got := "unknown"
		if sh := l.OutputShapes(); sh != nil && sh[0] != nil {
			got = sh[0].String()
		}
		if got != s {
			t.Errorf("%s: shape %s, want %s", name, got, s)
		}
	}
	if l := m.Layer("Identity"); l == nil || l.Class != "Softmax" || len(l.Nodes[0].Inputs) != 1 {
		t.Errorf("Identity node: %+v", l)
	}
	if len(m.Inputs) != 1 || len(m.Outputs) != 1 {
		t.Errorf("%d inputs, %d outputs", len(m.Inputs), len(m.Outputs))
	}
}

func TestBad(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{"format": "graph-model", "modelTopology": {"node": [{"name": "a", "op": "Relu", "input": ["b"]}]}}`, `input "b" names no node`},
		{`{"format": "graph-model", "modelTopology": {"node": [{"name": "a", "op": "X"}, {"name": "a", "op": "Y"}]}}`, "duplicate node name"},
		{`{"modelTopology": {"class_name": "Sequential"`, "1:"},
		{`{"modelTopology": {"class_name": "Sequential", "config": {"layers": []}}, "weightsManifest": [{"weights": [{"name": "x", "shape": [-2]}]}]}`, "negative dimension"},
	} {
		_, err := Parse([]byte(c.src), Options{File: "m.json"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want %q", c.src, err, c.want)
		}
	}
}
