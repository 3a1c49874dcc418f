package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// Attention / AdditiveAttention: output = query shape with value's last
// dim, scores (*query[:-1], Tv) (keras@HEAD:keras/src/layers/attention/
// attention.py compute_output_shape / compute_output_spec); weights from
// attention.py and additive_attention.py build (tf-keras@HEAD same files).
func TestDotAttention(t *testing.T) {
	q, v := rtS(rtN, 8, 16), rtS(rtN, 4, 16)
	rtRun(t, []rtCase{
		{name: "Attention defaults", class: "Attention", cfg: map[string]any{},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 0},
		{name: "use_scale scalar", dialect: graph.Keras3, class: "Attention", cfg: map[string]any{"use_scale": true, "score_mode": "dot"},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 1, weights: []string{"scale ()"}},
		{name: "score_mode concat", dialect: graph.Keras3, class: "Attention", cfg: map[string]any{"use_scale": true, "score_mode": "concat"},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 2, weights: []string{"scale ()", "concat_score_weight ()"}},
		{name: "value dim differs, explicit key", class: "Attention", cfg: map[string]any{},
			in: []graph.Shape{q, rtS(rtN, 4, 32), rtS(rtN, 4, 16)}, out: []graph.Shape{rtS(rtN, 8, 32)}, params: 0},
		{name: "return_attention_scores", class: "Attention", cfg: map[string]any{"return_attention_scores": true},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16), rtS(rtN, 8, 4)}, params: 0},
		{name: "unknown time dims", class: "Attention", cfg: map[string]any{},
			in: []graph.Shape{rtS(rtN, rtN, 16), rtS(rtN, rtN, 16)}, out: []graph.Shape{rtS(rtN, rtN, 16)}, params: 0},
		// AdditiveAttention: use_scale defaults to True, scale (dim,).
		{name: "AdditiveAttention", class: "AdditiveAttention", cfg: map[string]any{},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 16, weights: []string{"scale (16,)"}},
		{name: "AdditiveAttention no scale", class: "AdditiveAttention", cfg: map[string]any{"use_scale": false},
			in: []graph.Shape{q, v}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 0},
		// tf.keras sizes scale by the value's last dim, Keras 3 by the query's.
		{name: "AdditiveAttention tf.keras value dim", class: "AdditiveAttention", cfg: map[string]any{"use_scale": true},
			in: []graph.Shape{q, rtS(rtN, 4, 32), rtS(rtN, 4, 16)}, out: []graph.Shape{rtS(rtN, 8, 32)}, params: 32},
		{name: "AdditiveAttention Keras 3 query dim", dialect: graph.Keras3, class: "AdditiveAttention", cfg: map[string]any{"use_scale": true},
			in: []graph.Shape{q, rtS(rtN, 4, 32), rtS(rtN, 4, 16)}, out: []graph.Shape{rtS(rtN, 8, 32)}, params: 16},

		{name: "one input", class: "Attention", cfg: map[string]any{}, in: []graph.Shape{q}, err: "list of 2 or 3 inputs"},
		{name: "four inputs", class: "Attention", cfg: map[string]any{}, in: []graph.Shape{q, v, v, v}, err: "list of 2 or 3 inputs"},
		{name: "bad score_mode", class: "Attention", cfg: map[string]any{"score_mode": "add"}, in: []graph.Shape{q, v}, err: "score_mode"},
		{name: "query/key dim mismatch", class: "Attention", cfg: map[string]any{}, in: []graph.Shape{q, rtS(rtN, 4, 8)}, err: "must be equal"},
		{name: "value/key length mismatch", class: "Attention", cfg: map[string]any{}, in: []graph.Shape{q, v, rtS(rtN, 5, 16)}, err: "same number of time steps"},
		{name: "rank 2", class: "AdditiveAttention", cfg: map[string]any{}, in: []graph.Shape{rtS(rtN, 16), rtS(rtN, 16)}, err: "rank >= 3"},
	})
}

// MultiHeadAttention: reference §7, h·dk·(dq+1) + h·dk·(dkey+1) +
// h·dv·(dval+1) + h·dv·dout + dout; num_heads=2, key_dim=2 on dims 16 → 284.
// Shapes: tf-keras@HEAD:tf_keras/layers/attention/multi_head_attention.py
// docstring (target (8, 16), source (4, 16) → output (None, 8, 16), scores
// (None, 2, 8, 4); 5-D input with attention_axes=(2, 3) → (None, 5, 3, 4, 16)).
func TestMultiHeadAttention(t *testing.T) {
	target, source := rtS(rtN, 8, 16), rtS(rtN, 4, 16)
	mha := map[string]any{"num_heads": 2.0, "key_dim": 2.0}
	with := func(extra map[string]any) map[string]any {
		m := map[string]any{"num_heads": 2.0, "key_dim": 2.0}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	rtRun(t, []rtCase{
		{name: "284", class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{target, source}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 284,
			weights: []string{"query/kernel (16, 2, 2)", "query/bias (2, 2)", "key/kernel (16, 2, 2)", "key/bias (2, 2)",
				"value/kernel (16, 2, 2)", "value/bias (2, 2)", "attention_output/kernel (2, 2, 16)", "attention_output/bias (16,)"}},
		{name: "docstring scores tf.keras", class: "MultiHeadAttention", cfg: with(map[string]any{"return_attention_scores": true}),
			in: []graph.Shape{target, source}, out: []graph.Shape{rtS(rtN, 8, 16), rtS(rtN, 2, 8, 4)}, params: 284},
		// keras@v3.3.0+ compute_output_spec: (B, num_heads, Tq, Tq).
		{name: "scores Keras 3", dialect: graph.Keras3, class: "MultiHeadAttention", cfg: with(map[string]any{"return_attention_scores": true}),
			in: []graph.Shape{target, source}, out: []graph.Shape{rtS(rtN, 8, 16), rtS(rtN, 2, 8, 8)}, params: 284},
		{name: "docstring 5-D attention_axes (2, 3)", class: "MultiHeadAttention",
			cfg: with(map[string]any{"attention_axes": []any{2.0, 3.0}, "return_attention_scores": true}),
			in:  []graph.Shape{rtS(rtN, 5, 3, 4, 16), rtS(rtN, 5, 3, 4, 16)},
			out: []graph.Shape{rtS(rtN, 5, 3, 4, 16), rtS(rtN, 5, 2, 3, 4, 3, 4)}, params: 284},
		{name: "4-D default axes scores", class: "MultiHeadAttention", cfg: with(map[string]any{"return_attention_scores": true}),
			in:  []graph.Shape{rtS(rtN, 5, 3, 16), rtS(rtN, 6, 7, 16)},
			out: []graph.Shape{rtS(rtN, 5, 3, 16), rtS(rtN, 2, 5, 3, 6, 7)}, params: 284},
		{name: "negative attention axis", class: "MultiHeadAttention", cfg: with(map[string]any{"attention_axes": -2.0, "return_attention_scores": true}),
			in:  []graph.Shape{rtS(rtN, 5, 3, 16), rtS(rtN, 5, 7, 16)},
			out: []graph.Shape{rtS(rtN, 5, 3, 16), rtS(rtN, 5, 2, 3, 7)}, params: 284},
		// value_dim 3, output_shape 8, no bias, dq=16, dv=12, dk=10:
		// 16·2·2 + 10·2·2 + 12·2·3 + 2·3·8 = 224.
		{name: "value_dim output_shape no bias, key input", class: "MultiHeadAttention",
			cfg: with(map[string]any{"value_dim": 3.0, "output_shape": 8.0, "use_bias": false}),
			in:  []graph.Shape{target, rtS(rtN, 4, 12), rtS(rtN, 4, 10)}, out: []graph.Shape{rtS(rtN, 8, 8)}, params: 224,
			weights: []string{"query/kernel (16, 2, 2)", "key/kernel (10, 2, 2)", "value/kernel (12, 2, 3)", "attention_output/kernel (2, 3, 8)"}},
		{name: "Keras 3 output_shape tuple", dialect: graph.Keras3, class: "MultiHeadAttention",
			cfg: with(map[string]any{"output_shape": []any{4.0, 5.0}, "value_dim": nil}),
			in:  []graph.Shape{target, source}, out: []graph.Shape{rtS(rtN, 8, 4, 5)}, params: 3*68 + 2*2*20 + 20,
			weights: []string{"query/kernel (16, 2, 2)", "query/bias (2, 2)", "key/kernel (16, 2, 2)", "key/bias (2, 2)",
				"value/kernel (16, 2, 2)", "value/bias (2, 2)", "attention_output/kernel (2, 2, 4, 5)", "attention_output/bias (4, 5)"}},
		// keras@v3.15 use_gate: a gate EinsumDense (dq, h, value_dim) + (h, value_dim).
		{name: "Keras 3 use_gate", dialect: graph.Keras3, class: "MultiHeadAttention", cfg: with(map[string]any{"use_gate": true}),
			in: []graph.Shape{target, source}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 284 + 68},
		// tf.keras saved config with query/value/key shapes and one listed input.
		{name: "tf.keras config shapes", class: "MultiHeadAttention",
			cfg: with(map[string]any{"query_shape": []any{nil, 8.0, 16.0}, "value_shape": []any{nil, 4.0, 12.0}, "key_shape": []any{nil, 4.0, 12.0}}),
			in:  []graph.Shape{target}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 68 + 2*(12*4+4) + 80},
		{name: "one input self-attention", dialect: graph.Keras3, class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{target}, out: []graph.Shape{rtS(rtN, 8, 16)}, params: 284},
		{name: "unknown sequence lengths", class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{rtS(rtN, rtN, 16), rtS(rtN, rtN, 16)}, out: []graph.Shape{rtS(rtN, rtN, 16)}, params: 284},

		{name: "missing num_heads", class: "MultiHeadAttention", cfg: map[string]any{"key_dim": 2.0},
			in: []graph.Shape{target, source}, err: "num_heads"},
		{name: "zero key_dim", class: "MultiHeadAttention", cfg: map[string]any{"num_heads": 2.0, "key_dim": 0.0},
			in: []graph.Shape{target, source}, err: "must be positive"},
		{name: "unknown query dim", class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{rtS(rtN, 8, rtN), source}, err: "must be known"},
		{name: "value/key mismatch", class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{target, source, rtS(rtN, 5, 16)}, err: "except the last one"},
		{name: "rank 2", class: "MultiHeadAttention", cfg: mha,
			in: []graph.Shape{rtS(rtN, 16), rtS(rtN, 16)}, err: "rank >= 3"},
		{name: "bad attention axis", class: "MultiHeadAttention", cfg: with(map[string]any{"attention_axes": 5.0, "return_attention_scores": true}),
			in: []graph.Shape{target, source}, err: "out of range"},
		{name: "no inputs", class: "MultiHeadAttention", cfg: mha, err: "none"},
	})
}
