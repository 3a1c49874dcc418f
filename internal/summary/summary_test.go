package summary_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/frontend/kerasjson"
	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

func build(t *testing.T, path string) *summary.Summary {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := kerasjson.Parse(b, kerasjson.Options{File: path})
	if err != nil {
		t.Fatal(err)
	}
	return summary.Build(m)
}

// TestSeed: the seed CNN in every Keras dialect folds into the same rows
// and totals; Keras 1 lists its implicit input.
func TestSeed(t *testing.T) {
	for _, f := range []string{"seed_keras1", "seed_keras2", "seed_tfkeras", "seed_keras3"} {
		s := build(t, "../../testdata/keras/"+f+".json")
		var counts []string
		for _, r := range s.Rows {
			if r.Params > 0 {
				counts = append(counts, fmt.Sprint(r.Params))
			}
		}
		if got := strings.Join(counts, " "); got != "832 51264 102500 202" {
			t.Errorf("%s: row params %s", f, got)
		}
		tt := s.Totals
		if tt.Params != 154798 || tt.Trainable != 154798 || tt.NonTrainable != 0 || tt.TrainableBytes != 619192 {
			t.Errorf("%s: totals %+v", f, tt)
		}
		if !s.SequentialLike || !s.IsSequential || len(tt.ByDType) != 1 || tt.ByDType[0] != (summary.DTypeTotal{DType: "float32", Count: 154798, Bytes: 619192}) {
			t.Errorf("%s: sequential-like %v, sequential %v, dtypes %+v", f, s.SequentialLike, s.IsSequential, tt.ByDType)
		}
	}
}

// shared builds a model whose Dense layer is called twice (Keras' shared
// layer) and whose two other layers tie one weight.
func shared() *graph.Model {
	in := &graph.Tensor{Shape: graph.Shape{-1, 4}, DType: "float32"}
	w := func(name string, shape ...int64) *graph.Weight {
		return &graph.Weight{Name: name, Shape: shape, DType: "float32", Trainable: true}
	}
	dense := &graph.Layer{Name: "dense", Class: "Dense", Trainable: true, Weights: []*graph.Weight{w("kernel", 4, 4), w("bias", 4)}}
	tied := w("embeddings", 10, 4)
	enc := &graph.Layer{Name: "enc", Class: "Embedding", Trainable: true, Weights: []*graph.Weight{tied}}
	dec := &graph.Layer{Name: "dec", Class: "Dense", Trainable: true, Weights: []*graph.Weight{tied, w("bias", 10)}}
	frozen := &graph.Layer{Name: "frozen", Class: "BatchNormalization", Trainable: false,
		Weights: []*graph.Weight{w("gamma", 4), w("beta", 4), {Name: "moving_mean", Shape: []int64{4}, DType: "float32"}, {Name: "moving_variance", Shape: []int64{4}, DType: "float32"}}}
	for _, x := range frozen.Weights {
		x.Trainable = false
	}
	m := &graph.Model{Name: "m", Class: "Functional", Dialect: graph.Keras3, Layers: []*graph.Layer{dense, enc, dec, frozen}}
	call := func(l *graph.Layer, ins ...*graph.Tensor) *graph.Tensor {
		out := &graph.Tensor{Shape: graph.Shape{-1, 4}, DType: "float32"}
		n := &graph.Node{Layer: l, Index: len(l.Nodes), Inputs: ins, Outputs: []*graph.Tensor{out}}
		out.Node = n
		l.Nodes = append(l.Nodes, n)
		return out
	}
	x := call(dense, in)
	x = call(dense, x)
	call(frozen, x)
	m.Inputs = []*graph.Tensor{in}
	return m
}

func TestSharedAndFrozen(t *testing.T) {
	s := summary.Build(shared())
	byName := map[string]summary.Row{}
	for _, r := range s.Rows {
		byName[r.Name] = r
	}
	d := byName["dense"]
	if d.Params != 20 || d.Calls != 2 || len(d.Connected) != 1 || d.Connected[0] != "dense[0][0]" || d.Multiple {
		t.Errorf("dense: params %d calls %d connected %q multiple %v", d.Params, d.Calls, d.Connected, d.Multiple)
	}
	// The tied weight counts in both rows, once in the totals.
	if byName["enc"].Params != 40 || byName["dec"].Params != 50 {
		t.Errorf("tied rows: enc %d dec %d", byName["enc"].Params, byName["dec"].Params)
	}
	if f := byName["frozen"]; f.Params != 16 || f.Trainable != 0 || f.NonTrainable != 16 || !f.Frozen {
		t.Errorf("frozen: %+v", f)
	}
	if got, want := s.Totals.Params, int64(20+40+10+16); got != want {
		t.Errorf("total %d, want %d (tied weight once)", got, want)
	}
	if s.Totals.Trainable != 70 || s.Totals.NonTrainable != 16 {
		t.Errorf("trainable %d non-trainable %d", s.Totals.Trainable, s.Totals.NonTrainable)
	}
	if byName["enc"].Called || byName["dec"].Called || !byName["dense"].Called {
		t.Errorf("called flags wrong")
	}
}
