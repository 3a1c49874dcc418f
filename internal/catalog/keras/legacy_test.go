package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestLegacyLayers(t *testing.T) {
	one := func(a graph.Shape) []graph.Shape { return []graph.Shape{a} }
	mfRun(t, []mfCase{
		// keras@1.1.1:keras/layers/core.py Highway.build: W, W_carry
		// (in, in), b, b_carry (in): 2·in² + 2·in (reference §7).
		{name: "Highway", class: "Highway", dialect: graph.Keras1, cfg: map[string]any{"transform_bias": -2.0, "activation": "relu", "bias": true},
			in: one(mfS(-1, 10)), out: one(mfS(-1, 10)), weights: [][]int64{{10, 10}, {10}, {10, 10}, {10}}, params: 220},
		{name: "Highway no bias", class: "Highway", dialect: graph.Keras2, cfg: map[string]any{"bias": false},
			in: one(mfS(-1, 10)), out: one(mfS(-1, 10)), weights: [][]int64{{10, 10}, {10, 10}}, params: 200},
		// MaxoutDense.build: W (nb_feature, in, output_dim), b (nb_feature,
		// output_dim): nb_feature·(in·u + u).
		{name: "MaxoutDense", class: "MaxoutDense", dialect: graph.Keras1, cfg: map[string]any{"output_dim": int64(16), "nb_feature": int64(4)},
			in: one(mfS(-1, 10)), out: one(mfS(-1, 16)), weights: [][]int64{{4, 10, 16}, {4, 16}}, params: 4 * (10*16 + 16)},
		{name: "MaxoutDense default nb_feature", class: "MaxoutDense", dialect: graph.Keras2, cfg: map[string]any{"output_dim": int64(3)},
			in: one(mfS(-1, 5)), out: one(mfS(-1, 3)), weights: [][]int64{{4, 5, 3}, {4, 3}}, params: 72},
		// TimeDistributedDense.build: W (input_dim, output_dim), b
		// (output_dim); output (batch, steps, output_dim).
		{name: "TimeDistributedDense", class: "TimeDistributedDense", dialect: graph.Keras1, cfg: map[string]any{"output_dim": int64(8)},
			in: one(mfS(-1, 20, 32)), out: one(mfS(-1, 20, 8)), weights: [][]int64{{32, 8}, {8}}, params: 264},
		{name: "Highway rank", class: "Highway", dialect: graph.Keras1, in: one(mfS(-1, 3, 10)), err: "expected input of rank 2"},
		{name: "MaxoutDense unknown features", class: "MaxoutDense", dialect: graph.Keras1, cfg: map[string]any{"output_dim": int64(3)},
			in: one(mfS(-1, -1)), err: "must be known"},
		{name: "TimeDistributedDense missing output_dim", class: "TimeDistributedDense", dialect: graph.Keras1,
			in: one(mfS(-1, 20, 32)), err: "missing required argument output_dim"},
	})
}
