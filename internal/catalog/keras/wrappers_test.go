package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func rtLSTM(name string, units float64, extra map[string]any) map[string]any {
	cfg := map[string]any{"name": name, "units": units}
	for k, v := range extra {
		cfg[k] = v
	}
	return rtL("LSTM", cfg)
}

// Bidirectional: 2 × the wrapped layer, outputs per merge_mode
// (keras@HEAD:keras/src/layers/rnn/bidirectional.py,
// tf-keras@HEAD:tf_keras/layers/rnn/bidirectional.py compute_output_shape).
func TestBidirectional(t *testing.T) {
	seq := map[string]any{"return_sequences": true}
	rtRun(t, []rtCase{
		// working_with_rnns.md:395 "bidirectional (Bidirectional) (None, 5, 128) 38400"
		// for Bidirectional(LSTM(64, return_sequences=True), input_shape=(5, 10)).
		{name: "guide bidirectional", class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm", 64, seq), "merge_mode": "concat"},
			in:  []graph.Shape{rtS(rtN, 5, 10)}, out: []graph.Shape{rtS(rtN, 5, 128)}, params: 38400,
			weights: []string{"forward_lstm/kernel (10, 256)", "forward_lstm/recurrent_kernel (64, 256)", "forward_lstm/bias (256,)",
				"backward_lstm/kernel (10, 256)", "backward_lstm/recurrent_kernel (64, 256)", "backward_lstm/bias (256,)"}},
		// working_with_rnns.md:398 "bidirectional_1 (Bidirectional) (None, 64) 41216"
		// for Bidirectional(LSTM(32)) on the previous output.
		{name: "guide bidirectional_1", class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm_1", 32, nil)},
			in:  []graph.Shape{rtS(rtN, 5, 128)}, out: []graph.Shape{rtS(rtN, 64)}, params: 41216},
		{name: "sum", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 64, seq), "merge_mode": "sum"},
			in: []graph.Shape{rtS(rtN, 5, 10)}, out: []graph.Shape{rtS(rtN, 5, 64)}, params: 38400},
		{name: "mul", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 64, seq), "merge_mode": "mul"},
			in: []graph.Shape{rtS(rtN, 5, 10)}, out: []graph.Shape{rtS(rtN, 5, 64)}, params: 38400},
		{name: "ave", dialect: graph.Keras3, class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 64, seq), "merge_mode": "ave"},
			in: []graph.Shape{rtS(rtN, 5, 10)}, out: []graph.Shape{rtS(rtN, 5, 64)}, params: 38400},
		{name: "merge_mode None gives two outputs", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 64, seq), "merge_mode": nil},
			in: []graph.Shape{rtS(rtN, 5, 10)}, out: []graph.Shape{rtS(rtN, 5, 64), rtS(rtN, 5, 64)}, params: 38400},
		{name: "return_state concat", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 16, map[string]any{"return_state": true})},
			in:  []graph.Shape{rtS(rtN, 5, 10)},
			out: []graph.Shape{rtS(rtN, 32), rtS(rtN, 16), rtS(rtN, 16), rtS(rtN, 16), rtS(rtN, 16)}, params: 2 * 4 * (16*10 + 256 + 16)},
		{name: "return_state None GRU", dialect: graph.Keras3, class: "Bidirectional",
			cfg: map[string]any{"layer": rtL("GRU", map[string]any{"name": "gru", "units": 4.0, "return_state": true, "return_sequences": true}), "merge_mode": nil},
			in:  []graph.Shape{rtS(rtN, 5, 3)},
			out: []graph.Shape{rtS(rtN, 5, 4), rtS(rtN, 5, 4), rtS(rtN, 4), rtS(rtN, 4)}, params: 2 * 3 * 4 * (3 + 4 + 2)},
		// The dialect reaches the wrapped GRU: Keras 2 reset_after=False.
		{name: "Keras 2 GRU inside", dialect: graph.Keras2, class: "Bidirectional",
			cfg: map[string]any{"layer": rtL("GRU", map[string]any{"name": "gru_1", "units": 8.0})},
			in:  []graph.Shape{rtS(rtN, 4, 4)}, out: []graph.Shape{rtS(rtN, 16)}, params: 2 * 3 * (32 + 64 + 8)},
		// Keras 1.1.1 wrappers.py Bidirectional: forward_/backward_ + name.
		{name: "Keras 1 SimpleRNN inside", dialect: graph.Keras1, class: "Bidirectional",
			cfg: map[string]any{"layer": rtL("SimpleRNN", map[string]any{"name": "simplernn_1", "output_dim": 2.0, "return_sequences": true}), "merge_mode": "concat"},
			in:  []graph.Shape{rtS(rtN, 4, 3)}, out: []graph.Shape{rtS(rtN, 4, 4)}, params: 2 * (6 + 4 + 2),
			weights: []string{"forward_simplernn_1/kernel (3, 2)", "forward_simplernn_1/recurrent_kernel (2, 2)", "forward_simplernn_1/bias (2,)",
				"backward_simplernn_1/kernel (3, 2)", "backward_simplernn_1/recurrent_kernel (2, 2)", "backward_simplernn_1/bias (2,)"}},
		// A Keras 3 config stores the forward copy ("forward_lstm") and the
		// backward copy; names are kept as they are.
		{name: "Keras 3 saved names", dialect: graph.Keras3, class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("forward_lstm", 2, nil),
				"backward_layer": rtLSTM("backward_lstm", 2, map[string]any{"go_backwards": true})},
			in: []graph.Shape{rtS(rtN, 4, 1)}, out: []graph.Shape{rtS(rtN, 4)}, params: 2 * 4 * (2 + 4 + 2),
			weights: []string{"forward_lstm/kernel (1, 8)", "forward_lstm/recurrent_kernel (2, 8)", "forward_lstm/bias (8,)",
				"backward_lstm/kernel (1, 8)", "backward_lstm/recurrent_kernel (2, 8)", "backward_lstm/bias (8,)"}},
		// A different backward layer: tf.keras runs call (concat 8 + 4);
		// Keras 3 uses compute_output_shape (forward dim × 2).
		{name: "backward_layer tf.keras", class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm", 8, nil),
				"backward_layer": rtL("GRU", map[string]any{"name": "gru", "units": 4.0, "go_backwards": true})},
			in: []graph.Shape{rtS(rtN, 4, 2)}, out: []graph.Shape{rtS(rtN, 12)}, params: 4*(16+64+8) + 3*4*(2+4+2),
			weights: []string{"forward_lstm/kernel (2, 32)", "forward_lstm/recurrent_kernel (8, 32)", "forward_lstm/bias (32,)",
				"backward_gru/kernel (2, 12)", "backward_gru/recurrent_kernel (4, 12)", "backward_gru/bias (2, 12)"}},
		{name: "backward_layer Keras 3", dialect: graph.Keras3, class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm", 8, nil),
				"backward_layer": rtL("GRU", map[string]any{"name": "gru", "units": 4.0, "go_backwards": true})},
			in: []graph.Shape{rtS(rtN, 4, 2)}, out: []graph.Shape{rtS(rtN, 16)}, params: 4*(16+64+8) + 3*4*(2+4+2)},
		{name: "initial states as extra inputs", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 2, nil)},
			in: []graph.Shape{rtS(rtN, 4, 1), rtS(rtN, 2), rtS(rtN, 2), rtS(rtN, 2), rtS(rtN, 2)}, out: []graph.Shape{rtS(rtN, 4)}, params: 2 * 4 * (2 + 4 + 2)},
		{name: "ConvLSTM2D inside", class: "Bidirectional",
			cfg: map[string]any{"layer": rtL("ConvLSTM2D", map[string]any{"name": "conv_lst_m2d", "filters": 2.0, "kernel_size": 3.0, "padding": "same"})},
			in:  []graph.Shape{rtS(rtN, 3, 8, 8, 1)}, out: []graph.Shape{rtS(rtN, 8, 8, 4)}, params: 2 * 4 * 2 * (9*3 + 1)},

		{name: "bad merge_mode", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 2, nil), "merge_mode": "max"},
			in: []graph.Shape{rtS(rtN, 4, 1)}, err: "merge_mode"},
		{name: "missing layer", class: "Bidirectional", cfg: map[string]any{},
			in: []graph.Shape{rtS(rtN, 4, 1)}, err: "wrapped layer"},
		{name: "mismatched return_sequences", class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm", 2, nil), "backward_layer": rtLSTM("lstm_b", 2, map[string]any{"return_sequences": true, "go_backwards": true})},
			in:  []graph.Shape{rtS(rtN, 4, 1)}, err: "same return_sequences"},
		// keras@HEAD bidirectional.py _verify_layer_config.
		{name: "same go_backwards", class: "Bidirectional",
			cfg: map[string]any{"layer": rtLSTM("lstm", 2, nil), "backward_layer": rtLSTM("lstm_b", 2, nil)},
			in:  []graph.Shape{rtS(rtN, 4, 1)}, err: "different go_backwards"},
		{name: "inner error propagates", class: "Bidirectional", cfg: map[string]any{"layer": rtLSTM("lstm", 2, nil)},
			in: []graph.Shape{rtS(rtN, 4)}, err: "rank >= 3"},
		{name: "unknown inner class", class: "Bidirectional", cfg: map[string]any{"layer": rtL("MyRNN", map[string]any{})},
			in: []graph.Shape{rtS(rtN, 4, 1)}, err: "unknown layer class \"MyRNN\""},
	})
}

// TimeDistributed: the wrapped layer on (batch,) + shape[2:], time dim put
// back (keras@HEAD:keras/src/layers/rnn/time_distributed.py
// compute_output_shape).
func TestTimeDistributed(t *testing.T) {
	rtRun(t, []rtCase{
		{name: "Dense", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Dense", map[string]any{"name": "dense", "units": 8.0})},
			in: []graph.Shape{rtS(rtN, 10, 16)}, out: []graph.Shape{rtS(rtN, 10, 8)}, params: 16*8 + 8,
			weights: []string{"dense/kernel (16, 8)", "dense/bias (8,)"}},
		// tf-keras@HEAD:tf_keras/layers/rnn/time_distributed.py docstring:
		// TimeDistributed(Conv2D(64, (3, 3))) on Input((10, 128, 128, 3)) →
		// TensorShape([None, 10, 126, 126, 64]).
		{name: "docstring Conv2D", class: "TimeDistributed",
			cfg: map[string]any{"layer": rtL("Conv2D", map[string]any{"name": "conv2d", "filters": 64.0, "kernel_size": []any{3.0, 3.0}})},
			in:  []graph.Shape{rtS(rtN, 10, 128, 128, 3)}, out: []graph.Shape{rtS(rtN, 10, 126, 126, 64)}, params: 9*3*64 + 64},
		{name: "Flatten", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Flatten", map[string]any{})},
			in: []graph.Shape{rtS(rtN, 5, 4, 4, 2)}, out: []graph.Shape{rtS(rtN, 5, 32)}, params: 0},
		{name: "Keras 1 Dense output_dim, known time", dialect: graph.Keras1, class: "TimeDistributed",
			cfg: map[string]any{"layer": rtL("Dense", map[string]any{"name": "dense_1", "output_dim": 3.0})},
			in:  []graph.Shape{rtS(rtN, 7, 2)}, out: []graph.Shape{rtS(rtN, 7, 3)}, params: 9},
		{name: "LSTM with return_state: every output", class: "TimeDistributed",
			cfg: map[string]any{"layer": rtLSTM("lstm", 4, map[string]any{"return_state": true})},
			in:  []graph.Shape{rtS(rtN, 3, 5, 2)}, out: []graph.Shape{rtS(rtN, 3, 4), rtS(rtN, 3, 4), rtS(rtN, 3, 4)}, params: 4 * (8 + 16 + 4)},
		{name: "nested Bidirectional", class: "TimeDistributed",
			cfg: map[string]any{"layer": rtL("Bidirectional", map[string]any{"name": "bidirectional", "layer": rtLSTM("lstm", 4, nil)})},
			in:  []graph.Shape{rtS(rtN, 2, 5, 3)}, out: []graph.Shape{rtS(rtN, 2, 8)}, params: 2 * 4 * (12 + 16 + 4),
			weights: []string{"bidirectional/forward_lstm/kernel (3, 16)", "bidirectional/forward_lstm/recurrent_kernel (4, 16)", "bidirectional/forward_lstm/bias (16,)",
				"bidirectional/backward_lstm/kernel (3, 16)", "bidirectional/backward_lstm/recurrent_kernel (4, 16)", "bidirectional/backward_lstm/bias (16,)"}},
		{name: "unnamed inner gets a snake name", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Dense", map[string]any{"units": 1.0})},
			in: []graph.Shape{rtS(4, 3, 2)}, out: []graph.Shape{rtS(4, 3, 1)}, params: 3,
			weights: []string{"dense/kernel (2, 1)", "dense/bias (1,)"}},

		{name: "rank 2", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Dense", map[string]any{"units": 1.0})},
			in: []graph.Shape{rtS(rtN, 3)}, err: "rank >= 3"},
		{name: "two inputs", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Dense", map[string]any{"units": 1.0})},
			in: []graph.Shape{rtS(rtN, 3, 2), rtS(rtN, 3, 2)}, err: "expects 1 input"},
		{name: "missing layer", class: "TimeDistributed", cfg: map[string]any{},
			in: []graph.Shape{rtS(rtN, 3, 2)}, err: "wrapped layer"},
		{name: "layer not an object", class: "TimeDistributed", cfg: map[string]any{"layer": 3.0},
			in: []graph.Shape{rtS(rtN, 3, 2)}, err: "expected a layer config object"},
		{name: "inner error", class: "TimeDistributed", cfg: map[string]any{"layer": rtL("Conv2D", map[string]any{"filters": 1.0, "kernel_size": 3.0})},
			in: []graph.Shape{rtS(rtN, 3, 2)}, err: "rank"},
	})
}

// Wrappers build their weights once when shared, and follow trainable.
func TestWrapperWeightsOnceAndTrainable(t *testing.T) {
	l := &graph.Layer{Name: "td", Class: "TimeDistributed", Trainable: false,
		Config: map[string]any{"layer": rtL("Dense", map[string]any{"name": "dense", "units": 2.0})}}
	for i := 0; i < 2; i++ {
		if _, err := Apply(l, []*graph.Tensor{{Shape: rtS(rtN, 3, 4)}}, Options{Dialect: graph.Keras3}); err != nil {
			t.Fatal(err)
		}
	}
	total, tr, nt, _ := graph.Counts(l.Weights)
	if len(l.Weights) != 2 || total != 10 || tr != 0 || nt != 10 {
		t.Fatalf("got %d weights, total %d trainable %d non-trainable %d", len(l.Weights), total, tr, nt)
	}
	if len(l.Inner) != 1 || l.Inner[0].Name != "dense" {
		t.Fatalf("Inner: %+v", l.Inner)
	}
	// A non-trainable wrapped layer inside a trainable Bidirectional.
	b, _, err := rtApply("Bidirectional", map[string]any{"layer": rtLSTM("lstm", 2, map[string]any{"trainable": false})}, graph.TFKeras, rtS(rtN, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if total, tr, _, _ := graph.Counts(b.Weights); tr != 0 || total != 64 {
		t.Fatalf("Bidirectional of a frozen LSTM: total %d trainable %d", total, tr)
	}
}
