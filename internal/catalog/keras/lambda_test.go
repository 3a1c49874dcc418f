package keras

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestLambdaLayers(t *testing.T) {
	one := func(a graph.Shape) []graph.Shape { return []graph.Shape{a} }
	mfRun(t, []mfCase{
		// keras/src/layers/core/lambda_layer.py compute_output_shape: a
		// given output_shape excludes the batch dim, which comes from the
		// input; keras@1.1.1 topology/core.py Lambda likewise.
		{name: "Lambda output_shape", class: "Lambda", cfg: map[string]any{"function": map[string]any{"class_name": "__lambda__"}, "output_shape": []any{int64(10), nil}},
			in: one(mfS(-1, 5)), out: one(mfS(-1, 10, -1))},
		{name: "Lambda Keras 2 raw", class: "Lambda", dialect: graph.Keras2,
			cfg: map[string]any{"function": []any{"code"}, "function_type": "lambda", "output_shape": []any{int64(3)}, "output_shape_type": "raw"},
			in:  []graph.Shape{mfS(8, 5), mfS(8, 5)}, out: one(mfS(8, 3))},
		{name: "Lambda several outputs", class: "Lambda", cfg: map[string]any{"output_shape": []any{[]any{int64(2)}, []any{int64(3), int64(4)}}},
			in: one(mfS(-1, 5)), out: []graph.Shape{mfS(-1, 2), mfS(-1, 3, 4)}},
		{name: "Lambda no output_shape", class: "Lambda", cfg: map[string]any{"function": "f"}, in: one(mfS(-1, 5)),
			unknown: true, err: "cannot be known statically"},
		{name: "Lambda function output_shape", class: "Lambda", dialect: graph.Keras2,
			cfg: map[string]any{"function": "f", "output_shape": "code", "output_shape_type": "lambda"}, in: one(mfS(-1, 5)),
			unknown: true, err: "its output_shape is a function"},
		{name: "Lambda Keras 3 function output_shape", class: "Lambda",
			cfg: map[string]any{"function": "f", "output_shape": map[string]any{"class_name": "__lambda__"}}, in: one(mfS(-1, 5)),
			unknown: true, err: "its output_shape is a function"},
		{name: "Lambda error through Apply", class: "Lambda", in: one(mfS(-1, 5)), err: "use --allow-unknown"},

		// tf.keras TFOpLambda: elementwise ops keep the broadcast shape.
		{name: "tf.math.add", class: "TFOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "math.add", "name": "tf.math.add"},
			in: []graph.Shape{mfS(-1, 1, 8), mfS(-1, 4, 8)}, out: one(mfS(-1, 4, 8))},
		{name: "tf.__operators__.add scalar", class: "TFOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "__operators__.add"},
			in: one(mfS(-1, 4, 8)), out: one(mfS(-1, 4, 8))},
		{name: "tf.nn.relu", class: "TFOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "nn.relu"},
			in: one(mfS(-1, 4, 8)), out: one(mfS(-1, 4, 8))},
		{name: "tf.math.multiply mismatch", class: "TFOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "math.multiply"},
			in: []graph.Shape{mfS(-1, 3), mfS(-1, 4)}, err: "tf.math.multiply: inputs have incompatible shapes (None, 3) and (None, 4)"},
		{name: "tf.reshape", class: "TFOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "reshape"},
			in: one(mfS(-1, 4, 8)), unknown: true, err: "tf.reshape: the output shape"},
		{name: "getitem", class: "SlicingOpLambda", dialect: graph.TFKeras, cfg: map[string]any{"function": "__operators__.getitem"},
			in: one(mfS(-1, 4, 8)), unknown: true, err: "tf.__operators__.getitem"},
	})
}

func TestTFOpScalarNote(t *testing.T) {
	l := &graph.Layer{Name: "tf.math.multiply", Class: "TFOpLambda", Config: map[string]any{"function": "math.multiply"}, Trainable: true}
	if _, err := Apply(l, []*graph.Tensor{{Shape: mfS(-1, 3)}}, Options{Dialect: graph.TFKeras}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Note, "non-tensor operand") {
		t.Fatalf("note %q", l.Note)
	}
}
