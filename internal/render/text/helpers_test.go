package text

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// -update rewrites the golden files under testdata/golden (netsum's own
// outputs). Files under testdata/reference are copied from the Keras
// summary reference and are never rewritten.
var update = flag.Bool("update", false, "rewrite testdata/golden files")

// sh builds a shape; -1 is None.
func sh(d ...int64) graph.Shape { return graph.Shape(d) }

// row builds a called layer row with a known count, all of it trainable.
func row(name, class string, shape graph.Shape, params int64, conns ...string) summary.Row {
	r := summary.Row{
		Name: name, Class: class, Called: true, ParamsKnown: true,
		Params: params, Trainable: params, Connected: conns,
		IsInput: class == "InputLayer",
	}
	if shape != nil {
		r.OutputShapes = []graph.Shape{shape}
	}
	if params > 0 {
		r.Weights = []summary.Weight{{Name: "kernel", Shape: []int64{params}, DType: "float32", Trainable: true, Count: params}}
	}
	return r
}

// multi builds a row with several outputs.
func multi(name, class string, params int64, conns []string, shapes ...graph.Shape) summary.Row {
	r := row(name, class, nil, params, conns...)
	r.OutputShapes = shapes
	return r
}

// frozen makes all of a row's weights non-trainable.
func frozen(r summary.Row) summary.Row {
	r.Frozen = true
	r.NonTrainable += r.Trainable
	r.Trainable = 0
	for i := range r.Weights {
		r.Weights[i].Trainable = false
	}
	return r
}

// model builds a summary from rows; totals are the rows' sums, float32.
func model(name string, seqLike bool, rows ...summary.Row) *summary.Summary {
	s := &summary.Summary{ModelName: name, SequentialLike: seqLike, Rows: rows}
	for _, r := range rows {
		s.Totals.Trainable += r.Trainable
		s.Totals.NonTrainable += r.NonTrainable
	}
	s.Totals.Params = s.Totals.Trainable + s.Totals.NonTrainable
	s.Totals.TrainableBytes = float64(s.Totals.Trainable) * 4
	s.Totals.NonTrainableBytes = float64(s.Totals.NonTrainable) * 4
	return s
}

func render(t *testing.T, s *summary.Summary, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, s, opt); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func style(t *testing.T, name string) Style {
	t.Helper()
	st, err := ParseStyle(name)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// same fails with a line diff when got != want.
func same(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  got  " + strings.ReplaceAll(g, " ", "·") + "\n  want " + strings.ReplaceAll(w, " ", "·") + "\n")
		}
	}
	t.Errorf("%s differs:\n%s\nfull output:\n%s", what, b.String(), got)
}

// readReference returns a file copied from the Keras summary reference.
func readReference(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// golden compares got with testdata/golden/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	same(t, name, got, string(want))
}
