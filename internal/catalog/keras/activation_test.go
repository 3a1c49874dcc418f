package keras

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// mfCase is one layer call for the table tests of the layer families in
// activation.go, normalization.go, embedding.go, merge.go,
// preprocessing.go, einsum.go, lambda.go and legacy.go.
type mfCase struct {
	name    string
	class   string
	dialect graph.Dialect // 0: Keras3
	cfg     map[string]any
	in      []graph.Shape
	out     []graph.Shape // expected output shapes
	weights [][]int64     // expected weight shapes, in order
	params  int64         // expected total parameter count (-1: don't check)
	nonTr   int64         // expected non-trainable count
	err     string        // expected error substring ("" = success)
	unknown bool          // expect an *UnknownShapeError from Infer
	src     string        // where the expected numbers come from
}

// mfS builds a shape; -1 is None.
func mfS(d ...int64) graph.Shape { return graph.Shape(d) }

func mfRun(t *testing.T, cases []mfCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dialect := tc.dialect
			if dialect == graph.DialectUnknown {
				dialect = graph.Keras3
			}
			cfg := tc.cfg
			if cfg == nil {
				cfg = map[string]any{}
			}
			l := &graph.Layer{Name: "layer", Class: tc.class, Config: cfg, Trainable: true}
			if tc.unknown {
				spec := Lookup(tc.class)
				if spec == nil {
					t.Fatalf("class %s not registered", tc.class)
				}
				c := &Call{Layer: l, Cfg: catalog.Config(cfg), In: tc.in, Dialect: dialect, build: true}
				err := spec.Infer(c)
				var us *UnknownShapeError
				if !errors.As(err, &us) {
					t.Fatalf("want *UnknownShapeError, got %v", err)
				}
				if tc.err != "" && !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %q does not contain %q", err, tc.err)
				}
				return
			}
			ins := make([]*graph.Tensor, len(tc.in))
			for i, s := range tc.in {
				ins[i] = &graph.Tensor{Shape: s, DType: "float32"}
			}
			outs, err := Apply(l, ins, Options{Dialect: dialect})
			if tc.err != "" {
				if err == nil {
					t.Fatalf("want error containing %q, got outputs %v", tc.err, outs)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %q does not contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(outs) != len(tc.out) {
				t.Fatalf("got %d outputs, want %d", len(outs), len(tc.out))
			}
			for i, o := range outs {
				if !o.Shape.Equal(tc.out[i]) {
					t.Errorf("output %d: got %s, want %s", i, o.Shape, tc.out[i])
				}
			}
			var got [][]int64
			var total, nonTr int64
			for _, w := range l.Weights {
				got = append(got, w.Shape)
				total += w.Count()
				if !w.Trainable {
					nonTr += w.Count()
				}
				if len(w.Factors) != len(w.Shape) {
					t.Errorf("weight %s: %d factor lists for %d dims", w.Name, len(w.Factors), len(w.Shape))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.weights) {
				t.Errorf("weights: got %v, want %v", got, tc.weights)
			}
			if tc.params >= 0 && total != tc.params {
				t.Errorf("params: got %d, want %d", total, tc.params)
			}
			if tc.params >= 0 && nonTr != tc.nonTr {
				t.Errorf("non-trainable params: got %d, want %d", nonTr, tc.nonTr)
			}
		})
	}
}

func TestActivationLayers(t *testing.T) {
	mfRun(t, []mfCase{
		// keras-io guides writing_a_training_loop_from_scratch.md: leaky_re_lu
		// (LeakyReLU) (None, 14, 14, 64) 0.
		{name: "LeakyReLU", class: "LeakyReLU", dialect: graph.TFKeras, cfg: map[string]any{"alpha": 0.2},
			in: []graph.Shape{mfS(-1, 14, 14, 64)}, out: []graph.Shape{mfS(-1, 14, 14, 64)}},
		// corpora/keras-files expected/zip_k3_resnet1d.json: re_lu (ReLU), 0 params.
		{name: "ReLU", class: "ReLU", in: []graph.Shape{mfS(-1, 100, 32)}, out: []graph.Shape{mfS(-1, 100, 32)}},
		{name: "ReLU max_value", class: "ReLU", cfg: map[string]any{"max_value": 6.0, "negative_slope": 0.0, "threshold": 0.0},
			in: []graph.Shape{mfS(-1, 8)}, out: []graph.Shape{mfS(-1, 8)}},
		{name: "ReLU negative max_value", class: "ReLU", cfg: map[string]any{"max_value": -1.0},
			in: []graph.Shape{mfS(-1, 8)}, err: "max_value of a ReLU layer cannot be a negative value"},
		{name: "ELU", class: "ELU", dialect: graph.Keras2, in: []graph.Shape{mfS(-1, 5)}, out: []graph.Shape{mfS(-1, 5)}},
		{name: "ThresholdedReLU", class: "ThresholdedReLU", dialect: graph.Keras1, cfg: map[string]any{"theta": 1.0},
			in: []graph.Shape{mfS(-1, 5)}, out: []graph.Shape{mfS(-1, 5)}},
		{name: "Softmax axis", class: "Softmax", cfg: map[string]any{"axis": int64(1)},
			in: []graph.Shape{mfS(-1, 3, 7)}, out: []graph.Shape{mfS(-1, 3, 7)}},
		// PReLU: keras/src/layers/activations/prelu.py build: param_shape =
		// input_shape[1:], param_shape[i-1] = 1 for i in shared_axes.
		{name: "PReLU full", class: "PReLU", in: []graph.Shape{mfS(-1, 28, 28, 32)}, out: []graph.Shape{mfS(-1, 28, 28, 32)},
			weights: [][]int64{{28, 28, 32}}, params: 28 * 28 * 32},
		{name: "PReLU shared 1,2", class: "PReLU", cfg: map[string]any{"shared_axes": []any{int64(1), int64(2)}},
			in: []graph.Shape{mfS(-1, -1, -1, 32)}, out: []graph.Shape{mfS(-1, -1, -1, 32)},
			weights: [][]int64{{1, 1, 32}}, params: 32},
		{name: "PReLU shared int", class: "PReLU", cfg: map[string]any{"shared_axes": int64(1)},
			in: []graph.Shape{mfS(-1, -1, 10)}, out: []graph.Shape{mfS(-1, -1, 10)},
			weights: [][]int64{{1, 10}}, params: 10},
		{name: "PReLU Keras 1", class: "PReLU", dialect: graph.Keras1, cfg: map[string]any{"init": "zero"},
			in: []graph.Shape{mfS(-1, 64)}, out: []graph.Shape{mfS(-1, 64)}, weights: [][]int64{{64}}, params: 64},
		{name: "PReLU Keras 1.2 shared [None]", class: "PReLU", dialect: graph.Keras1, cfg: map[string]any{"shared_axes": []any{nil}},
			in: []graph.Shape{mfS(-1, 4, 6)}, out: []graph.Shape{mfS(-1, 4, 6)}, weights: [][]int64{{4, 6}}, params: 24},
		{name: "PReLU unknown dim", class: "PReLU", in: []graph.Shape{mfS(-1, -1, 10)}, err: "axis 1 of input shape (None, None, 10) is None"},
		{name: "PReLU bad axis", class: "PReLU", cfg: map[string]any{"shared_axes": []any{int64(5)}},
			in: []graph.Shape{mfS(-1, 3, 10)}, err: "shared_axes: axis 5 out of range"},
		// keras@1.1.1:keras/layers/advanced_activations.py: ParametricSoftplus
		// alphas, betas; SReLU t_left, a_left, t_right, a_right, each
		// input_shape[1:].
		{name: "ParametricSoftplus", class: "ParametricSoftplus", dialect: graph.Keras1,
			in: []graph.Shape{mfS(-1, 10)}, out: []graph.Shape{mfS(-1, 10)}, weights: [][]int64{{10}, {10}}, params: 20},
		{name: "SReLU", class: "SReLU", dialect: graph.Keras1,
			in: []graph.Shape{mfS(-1, 3, 10)}, out: []graph.Shape{mfS(-1, 3, 10)},
			weights: [][]int64{{3, 10}, {3, 10}, {3, 10}, {3, 10}}, params: 120},
		{name: "SpatialDropout1D", class: "SpatialDropout1D", cfg: map[string]any{"rate": 0.5},
			in: []graph.Shape{mfS(-1, 10, 4)}, out: []graph.Shape{mfS(-1, 10, 4)}},
		{name: "SpatialDropout2D", class: "SpatialDropout2D", in: []graph.Shape{mfS(-1, 8, 8, 3)}, out: []graph.Shape{mfS(-1, 8, 8, 3)}},
		{name: "SpatialDropout3D", class: "SpatialDropout3D", in: []graph.Shape{mfS(-1, 4, 8, 8, 3)}, out: []graph.Shape{mfS(-1, 4, 8, 8, 3)}},
		{name: "SpatialDropout2D rank", class: "SpatialDropout2D", in: []graph.Shape{mfS(-1, 8, 3)}, err: "expected input of rank 4"},
	})
}
