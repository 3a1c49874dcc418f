package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestMergeLayers(t *testing.T) {
	two := func(a, b graph.Shape) []graph.Shape { return []graph.Shape{a, b} }
	one := func(a graph.Shape) []graph.Shape { return []graph.Shape{a} }
	mfRun(t, []mfCase{
		// keras-io guides functional_api.md (Keras 3 toy_resnet): add (Add)
		// (None, 9, 9, 64) from two (None, 9, 9, 64) inputs.
		{name: "Add", class: "Add", in: two(mfS(-1, 9, 9, 64), mfS(-1, 9, 9, 64)), out: one(mfS(-1, 9, 9, 64))},
		// base_merge.py _compute_elemwise_op_output_shape: right-aligned
		// broadcasting over non-batch dims, None wins in Keras 2/3.
		{name: "Add broadcast 1", class: "Add", in: two(mfS(-1, 1, 5), mfS(-1, 3, 5)), out: one(mfS(-1, 3, 5))},
		{name: "Add broadcast rank", class: "Multiply", in: two(mfS(-1, 5), mfS(-1, 3, 5)), out: one(mfS(-1, 3, 5))},
		{name: "Add None Keras 3", class: "Add", in: two(mfS(-1, -1, 5), mfS(-1, 3, 5)), out: one(mfS(-1, -1, 5))},
		{name: "Add None tf.keras", class: "Add", dialect: graph.TFKeras, in: two(mfS(-1, -1, 5), mfS(-1, 3, 5)), out: one(mfS(-1, 3, 5))},
		{name: "Add batch", class: "Add", in: two(mfS(-1, 4), mfS(32, 4)), out: one(mfS(32, 4))},
		{name: "Average three", class: "Average", in: []graph.Shape{mfS(-1, 4), mfS(-1, 4), mfS(-1, 4)}, out: one(mfS(-1, 4))},
		{name: "Maximum", class: "Maximum", dialect: graph.Keras2, in: two(mfS(-1, 4), mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Minimum", class: "Minimum", in: two(mfS(-1, 4), mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Subtract", class: "Subtract", in: two(mfS(-1, 4), mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Add one input Keras 3", class: "Add", in: one(mfS(-1, 4)), out: one(mfS(-1, 4))},
		{name: "Add one input Keras 2", class: "Add", dialect: graph.Keras2, in: one(mfS(-1, 4)), err: "at least 2 inputs"},
		{name: "Add incompatible", class: "Add", in: two(mfS(-1, 3), mfS(-1, 4)), err: "inputs have incompatible shapes (None, 3) and (None, 4)"},
		{name: "Add batch mismatch", class: "Add", in: two(mfS(8, 3), mfS(4, 3)), err: "different batch sizes"},
		{name: "Subtract three", class: "Subtract", in: []graph.Shape{mfS(-1, 4), mfS(-1, 4), mfS(-1, 4)}, err: "exactly 2 inputs"},

		// keras-io guides keras_cv/semantic_segmentation_deeplab_v3_plus.md
		// (Keras 3): concatenate_1 (None, None, None, 304) from the
		// upsampled 256-channel and the 48-channel branches.
		{name: "Concatenate deeplab", class: "Concatenate", cfg: map[string]any{"axis": int64(-1)},
			in: two(mfS(-1, -1, -1, 256), mfS(-1, -1, -1, 48)), out: one(mfS(-1, -1, -1, 304))},
		{name: "Concatenate axis 1", class: "Concatenate", cfg: map[string]any{"axis": int64(1)},
			in: two(mfS(-1, 4, 5), mfS(-1, 3, 5)), out: one(mfS(-1, 7, 5))},
		{name: "Concatenate unknown axis size", class: "Concatenate",
			in: two(mfS(-1, 4, -1), mfS(-1, 4, 3)), out: one(mfS(-1, 4, -1))},
		// concatenate.py compute_output_shape keeps the first input's other
		// sizes in Keras 3; tf.keras shapes come from tf.concat.
		{name: "Concatenate None Keras 3", class: "Concatenate", in: two(mfS(-1, -1, 5), mfS(-1, 4, 3)), out: one(mfS(-1, -1, 8))},
		{name: "Concatenate None tf.keras", class: "Concatenate", dialect: graph.TFKeras, in: two(mfS(-1, -1, 5), mfS(-1, 4, 3)), out: one(mfS(-1, 4, 8))},
		// keras@2.3.1:keras/layers/merge.py Concatenate.build compares the
		// shapes without the axis exactly.
		{name: "Concatenate None Keras 2", class: "Concatenate", dialect: graph.Keras2, in: two(mfS(-1, -1, 5), mfS(-1, 4, 3)),
			err: "matching shapes except for the concatenation axis"},
		{name: "Concatenate mismatch", class: "Concatenate", in: two(mfS(-1, 4, 5), mfS(-1, 3, 5)),
			err: "got shapes (None, 4, 5) and (None, 3, 5)"},
		{name: "Concatenate ranks", class: "Concatenate", in: two(mfS(-1, 4, 5), mfS(-1, 5)), err: "ranks differ"},
		{name: "Concatenate axis range", class: "Concatenate", cfg: map[string]any{"axis": int64(3)}, in: two(mfS(-1, 4), mfS(-1, 5)),
			err: "concatenation axis 3 out of range"},

		// dot.py compute_output_shape: shape1 without its axis + shape2
		// without its axis and batch; (batch,) becomes (batch, 1).
		{name: "Dot vectors", class: "Dot", cfg: map[string]any{"axes": int64(1)}, in: two(mfS(-1, 10), mfS(-1, 10)), out: one(mfS(-1, 1))},
		{name: "Dot matmul", class: "Dot", cfg: map[string]any{"axes": []any{int64(2), int64(1)}},
			in: two(mfS(-1, 3, 4), mfS(-1, 4, 5)), out: one(mfS(-1, 3, 5))},
		{name: "Dot negative", class: "Dot", cfg: map[string]any{"axes": int64(-1), "normalize": true},
			in: two(mfS(-1, 3, 4), mfS(-1, 5, 4)), out: one(mfS(-1, 3, 5))},
		{name: "Dot mismatch", class: "Dot", cfg: map[string]any{"axes": int64(1)}, in: two(mfS(-1, 10), mfS(-1, 11)),
			err: "axis values 10 (at axis 1) != 11 (at axis 1)"},
		{name: "Dot None vs known", class: "Dot", cfg: map[string]any{"axes": int64(1)}, in: two(mfS(-1, -1), mfS(-1, 11)),
			err: "axis values None (at axis 1) != 11"},
		{name: "Dot three inputs", class: "Dot", cfg: map[string]any{"axes": int64(1)}, in: []graph.Shape{mfS(-1, 1), mfS(-1, 1), mfS(-1, 1)},
			err: "list of 2 inputs"},
		{name: "Dot bad axes", class: "Dot", cfg: map[string]any{"axes": []any{int64(1), int64(1), int64(1)}}, in: two(mfS(-1, 2), mfS(-1, 2)),
			err: "axes: invalid format"},
		{name: "Dot batch axis", class: "Dot", cfg: map[string]any{"axes": int64(0)}, in: two(mfS(-1, 2), mfS(-1, 2)),
			err: "batch axis 0"},

		// keras@1.1.1:keras/engine/topology.py Merge.get_output_shape_for.
		{name: "Merge sum", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "sum", "mode_type": "raw", "concat_axis": int64(-1), "dot_axes": int64(-1)},
			in: two(mfS(-1, 32), mfS(-1, 32)), out: one(mfS(-1, 32))},
		{name: "Merge concat", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "concat", "concat_axis": int64(1)},
			in: two(mfS(-1, 32), mfS(-1, 16)), out: one(mfS(-1, 48))},
		{name: "Merge dot", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "dot", "dot_axes": []any{int64(1), int64(1)}},
			in: two(mfS(-1, 32), mfS(-1, 32)), out: one(mfS(-1, 1))},
		{name: "Merge cos", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "cos", "dot_axes": int64(-1)},
			in: two(mfS(-1, 5, 32), mfS(-1, 6, 32)), out: one(mfS(-1, 5, 6))},
		{name: "Merge callable", class: "Merge", dialect: graph.Keras1,
			cfg: map[string]any{"mode": "lambda x: x[0]", "mode_type": "lambda", "output_shape": []any{int64(7)}, "output_shape_type": "raw"},
			in:  two(mfS(-1, 32), mfS(-1, 32)), out: one(mfS(-1, 7))},
		{name: "Merge sum mismatch", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "sum"},
			in: two(mfS(-1, 32), mfS(-1, 16)), err: "only layers of same output shape can be merged using sum mode, got shapes (None, 32) and (None, 16)"},
		{name: "Merge one input", class: "Merge", dialect: graph.Keras1, in: one(mfS(-1, 32)), err: "at least 2 inputs"},
		{name: "Merge bad mode", class: "Merge", dialect: graph.Keras1, cfg: map[string]any{"mode": "avg"}, in: two(mfS(-1, 3), mfS(-1, 3)),
			err: "invalid merge mode \"avg\""},
		{name: "Merge callable no shape", class: "Merge", dialect: graph.Keras1, unknown: true,
			cfg: map[string]any{"mode": "f", "mode_type": "function"}, in: two(mfS(-1, 3), mfS(-1, 3)), err: "callable mode"},
	})
}
