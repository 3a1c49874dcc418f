package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestEmbeddingLayers(t *testing.T) {
	mfRun(t, []mfCase{
		// keras-io guides working_with_rnns.md (tf.keras): embedding
		// (Embedding) (None, None, 64) 64000 for input_dim=1000,
		// output_dim=64; 128000 for input_dim=2000.
		{name: "tf.keras variable length", class: "Embedding", dialect: graph.TFKeras,
			cfg: map[string]any{"input_dim": int64(1000), "output_dim": int64(64)},
			in:  []graph.Shape{mfS(-1, -1)}, out: []graph.Shape{mfS(-1, -1, 64)},
			weights: [][]int64{{1000, 64}}, params: 64000},
		{name: "tf.keras 2000", class: "Embedding", dialect: graph.TFKeras,
			cfg: map[string]any{"input_dim": 2000.0, "output_dim": 64.0},
			in:  []graph.Shape{mfS(-1, -1)}, out: []graph.Shape{mfS(-1, -1, 64)},
			weights: [][]int64{{2000, 64}}, params: 128000},
		// keras@2.3.1:keras/layers/embeddings.py compute_output_shape:
		// input_length fills unknown dims and must match known ones.
		{name: "Keras 2 input_length", class: "Embedding", dialect: graph.Keras2,
			cfg: map[string]any{"input_dim": int64(1000), "output_dim": int64(64), "input_length": int64(10)},
			in:  []graph.Shape{mfS(-1, -1)}, out: []graph.Shape{mfS(-1, 10, 64)},
			weights: [][]int64{{1000, 64}}, params: 64000},
		{name: "Keras 2 input_length list", class: "Embedding", dialect: graph.TFKeras,
			cfg: map[string]any{"input_dim": int64(10), "output_dim": int64(4), "input_length": []any{nil, int64(3)}},
			in:  []graph.Shape{mfS(-1, 5, -1)}, out: []graph.Shape{mfS(-1, 5, 3, 4)},
			weights: [][]int64{{10, 4}}, params: 40},
		{name: "Keras 2 input_length mismatch", class: "Embedding", dialect: graph.Keras2,
			cfg: map[string]any{"input_dim": int64(1000), "output_dim": int64(64), "input_length": int64(10)},
			in:  []graph.Shape{mfS(-1, 12)}, err: "input_length is 10, but the input has shape (None, 12)"},
		{name: "Keras 2 input_length rank", class: "Embedding", dialect: graph.Keras2,
			cfg: map[string]any{"input_dim": int64(1000), "output_dim": int64(64), "input_length": int64(10)},
			in:  []graph.Shape{mfS(-1, 10, 2)}, err: "input_length is 10"},
		// keras@1.1.1:keras/layers/embeddings.py get_output_shape_for:
		// (batch, input_length or input_shape[1], output_dim).
		{name: "Keras 1", class: "Embedding", dialect: graph.Keras1,
			cfg: map[string]any{"input_dim": int64(5000), "output_dim": int64(32), "input_length": int64(100), "dropout": 0.0},
			in:  []graph.Shape{mfS(-1, 100)}, out: []graph.Shape{mfS(-1, 100, 32)},
			weights: [][]int64{{5000, 32}}, params: 160000},
		{name: "Keras 1 no input_length", class: "Embedding", dialect: graph.Keras1,
			cfg: map[string]any{"input_dim": int64(50), "output_dim": int64(8), "input_length": nil},
			in:  []graph.Shape{mfS(-1, -1)}, out: []graph.Shape{mfS(-1, -1, 8)},
			weights: [][]int64{{50, 8}}, params: 400},
		// keras/src/layers/core/embedding.py: input_length is dropped with a
		// warning; output = input_shape + (output_dim,).
		{name: "Keras 3 ignores input_length", class: "Embedding",
			cfg: map[string]any{"input_dim": int64(100), "output_dim": int64(16), "input_length": int64(7)},
			in:  []graph.Shape{mfS(-1, 10)}, out: []graph.Shape{mfS(-1, 10, 16)},
			weights: [][]int64{{100, 16}}, params: 1600},
		{name: "Keras 3 lora", class: "Embedding",
			cfg: map[string]any{"input_dim": int64(100), "output_dim": int64(16), "lora_rank": int64(4)},
			in:  []graph.Shape{mfS(-1, 10)}, out: []graph.Shape{mfS(-1, 10, 16)},
			weights: [][]int64{{100, 16}, {100, 4}, {4, 16}}, params: 1600 + 400 + 64, nonTr: 1600},
		// keras/src/layers/core/reversible_embedding.py: reverse_embeddings
		// (output_dim, input_dim) when tie_weights=False.
		{name: "ReversibleEmbedding untied", class: "ReversibleEmbedding",
			cfg: map[string]any{"input_dim": int64(100), "output_dim": int64(16), "tie_weights": false},
			in:  []graph.Shape{mfS(-1, 10)}, out: []graph.Shape{mfS(-1, 10, 16)},
			weights: [][]int64{{100, 16}, {16, 100}}, params: 3200},
		{name: "missing output_dim", class: "Embedding", cfg: map[string]any{"input_dim": int64(100)},
			in: []graph.Shape{mfS(-1, 10)}, err: "missing required argument output_dim"},
		{name: "zero input_dim", class: "Embedding", cfg: map[string]any{"input_dim": int64(0), "output_dim": int64(3)},
			in: []graph.Shape{mfS(-1, 10)}, err: "input_dim must be a positive integer"},
	})
}
