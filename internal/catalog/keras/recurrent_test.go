package keras

import (
	"fmt"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// Shared helpers for the recurrent, wrapper and attention tests (prefixed
// rt to stay clear of other test files in the package).

const rtN = graph.Unknown

func rtS(d ...int64) graph.Shape { return graph.Shape(d) }

// rtL is a nested layer or cell config {"class_name", "config"}.
func rtL(class string, cfg map[string]any) map[string]any {
	return map[string]any{"class_name": class, "config": cfg}
}

// rtCase is one application of a layer.
type rtCase struct {
	name    string
	dialect graph.Dialect
	class   string
	cfg     map[string]any
	in      []graph.Shape
	out     []graph.Shape
	params  int64
	weights []string // optional: "name (d1, d2)" of every weight, in order
	err     string   // expected error substring
}

func rtApply(class string, cfg map[string]any, d graph.Dialect, in ...graph.Shape) (*graph.Layer, []*graph.Tensor, error) {
	l := &graph.Layer{Name: "layer", Class: class, Config: cfg, Trainable: true}
	ts := make([]*graph.Tensor, len(in))
	for i, s := range in {
		ts[i] = &graph.Tensor{Shape: s, DType: "float32"}
	}
	out, err := Apply(l, ts, Options{Dialect: d})
	return l, out, err
}

func rtWeightStrings(l *graph.Layer) []string {
	var ws []string
	for _, w := range l.Weights {
		ws = append(ws, fmt.Sprintf("%s %s", w.Name, graph.Shape(w.Shape)))
	}
	return ws
}

func rtRun(t *testing.T, cases []rtCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.dialect
			if d == graph.DialectUnknown {
				d = graph.TFKeras
			}
			l, out, err := rtApply(tc.class, tc.cfg, d, tc.in...)
			if tc.err != "" {
				if err == nil {
					t.Fatalf("want error containing %q, got outputs %v", tc.err, out)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("want error containing %q, got %v", tc.err, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(out) != len(tc.out) {
				t.Fatalf("got %d outputs %v, want %d %v", len(out), rtShapes(out), len(tc.out), tc.out)
			}
			for i := range out {
				if !out[i].Shape.Equal(tc.out[i]) {
					t.Errorf("output %d: got %s, want %s", i, out[i].Shape, tc.out[i])
				}
			}
			total, _, _, ok := graph.Counts(l.Weights)
			if !ok || total != tc.params {
				t.Errorf("params: got %d (known %v), want %d; weights %v", total, ok, tc.params, rtWeightStrings(l))
			}
			for _, w := range l.Weights {
				if len(w.Factors) != len(w.Shape) {
					t.Errorf("weight %s: %d factor groups for %d dims", w.Name, len(w.Factors), len(w.Shape))
				}
			}
			if tc.weights != nil {
				got := rtWeightStrings(l)
				if strings.Join(got, "; ") != strings.Join(tc.weights, "; ") {
					t.Errorf("weights:\n got  %v\n want %v", got, tc.weights)
				}
			}
		})
	}
}

func rtShapes(ts []*graph.Tensor) []graph.Shape {
	var out []graph.Shape
	for _, t := range ts {
		out = append(out, t.Shape)
	}
	return out
}

// Real summaries quoted below are from /work/shared/corpora/keras-io-guides
// (guides/md/working_with_rnns.md, tf.keras ca. 2.13: "Total params:
// 164106 (641.04 KB)"); the formulas are those of
// /work/shared/reference/keras-summary.md §7 and the build methods cited in
// recurrent.go.
func TestRecurrentLayers(t *testing.T) {
	emb := rtS(rtN, rtN, 64) // Embedding(1000, 64) output in the guide
	rtRun(t, []rtCase{
		// working_with_rnns.md:90 "lstm (LSTM) (None, 128) 98816"
		{name: "guide LSTM(128)", class: "LSTM", cfg: map[string]any{"units": 128.0},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, 128)}, params: 98816,
			weights: []string{"kernel (64, 512)", "recurrent_kernel (128, 512)", "bias (512,)"}},
		// working_with_rnns.md:149 "gru (GRU) (None, None, 256) 247296": tf.keras
		// default reset_after=True, 3u(in+u+2).
		{name: "guide GRU(256) tf.keras", class: "GRU", cfg: map[string]any{"units": 256.0, "return_sequences": true},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, rtN, 256)}, params: 247296,
			weights: []string{"kernel (64, 768)", "recurrent_kernel (256, 768)", "bias (2, 768)"}},
		{name: "GRU(256) Keras 3 default reset_after", dialect: graph.Keras3, class: "GRU", cfg: map[string]any{"units": int64(256), "return_sequences": true},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, rtN, 256)}, params: 247296},
		// working_with_rnns.md:151 "simple_rnn (SimpleRNN) (None, 128) 49280"
		{name: "guide SimpleRNN(128)", class: "SimpleRNN", cfg: map[string]any{"units": 128.0},
			in: []graph.Shape{rtS(rtN, rtN, 256)}, out: []graph.Shape{rtS(rtN, 128)}, params: 49280,
			weights: []string{"kernel (256, 128)", "recurrent_kernel (128, 128)", "bias (128,)"}},
		// working_with_rnns.md:224 "encoder (LSTM) [(None, 64), (None, 64), (None, 64)] 33024"
		{name: "guide encoder return_state", class: "LSTM", cfg: map[string]any{"units": 64.0, "return_state": true, "name": "encoder"},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, 64), rtS(rtN, 64), rtS(rtN, 64)}, params: 33024},
		// working_with_rnns.md:228 "decoder (LSTM) (None, 64) 33024" called on
		// [embedding_3, encoder[0][1], encoder[0][2]] (initial_state).
		{name: "guide decoder initial_state", class: "LSTM", cfg: map[string]any{"units": 64.0, "name": "decoder"},
			in: []graph.Shape{emb, rtS(rtN, 64), rtS(rtN, 64)}, out: []graph.Shape{rtS(rtN, 64)}, params: 33024},
		// Keras 2.0–2.3.1: reset_after absent → False, 3(u·in + u·u + u).
		{name: "GRU Keras 2 default", dialect: graph.Keras2, class: "GRU", cfg: map[string]any{"units": 256.0},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, 256)}, params: 246528,
			weights: []string{"kernel (64, 768)", "recurrent_kernel (256, 768)", "bias (768,)"}},
		{name: "GRU explicit reset_after=False in Keras 3", dialect: graph.Keras3, class: "GRU", cfg: map[string]any{"units": 256.0, "reset_after": false},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, 256)}, params: 246528},
		{name: "GRU explicit reset_after=True in Keras 2.3.1", dialect: graph.Keras2, class: "GRU", cfg: map[string]any{"units": 256.0, "reset_after": true},
			in: []graph.Shape{emb}, out: []graph.Shape{rtS(rtN, 256)}, params: 247296},
		// Keras 1.1.1 GRU(output_dim, inner_init, consume_less, dropout_W):
		// per-gate W_z/U_z/b_z... = 3(u·in + u·u + u).
		{name: "Keras 1 GRU output_dim", dialect: graph.Keras1, class: "GRU",
			cfg: map[string]any{"output_dim": 32.0, "inner_init": "orthogonal", "consume_less": "cpu", "dropout_W": 0.2, "dropout_U": 0.0, "return_sequences": true, "input_dim": 16.0, "input_length": 10.0},
			in:  []graph.Shape{rtS(rtN, 10, 16)}, out: []graph.Shape{rtS(rtN, 10, 32)}, params: 4704},
		// Keras 1 LSTM: 4 × (W_x (in, u) + U_x (u, u) + b_x (u)).
		{name: "Keras 1 LSTM output_dim", dialect: graph.Keras1, class: "LSTM",
			cfg: map[string]any{"output_dim": 16.0, "consume_less": "gpu", "forget_bias_init": "one", "inner_activation": "hard_sigmoid"},
			in:  []graph.Shape{rtS(rtN, 20, 8)}, out: []graph.Shape{rtS(rtN, 16)}, params: 1600},
		{name: "Keras 1 SimpleRNN", dialect: graph.Keras1, class: "SimpleRNN", cfg: map[string]any{"output_dim": 10.0, "return_sequences": true},
			in: []graph.Shape{rtS(rtN, 7, 3)}, out: []graph.Shape{rtS(rtN, 7, 10)}, params: 10*3 + 10*10 + 10},
		{name: "LSTM use_bias False", class: "LSTM", cfg: map[string]any{"units": 4.0, "use_bias": false},
			in: []graph.Shape{rtS(2, 5, 3)}, out: []graph.Shape{rtS(2, 4)}, params: 4 * (4*3 + 4*4)},
		{name: "LSTM go_backwards keeps shapes", class: "LSTM", cfg: map[string]any{"units": 4.0, "go_backwards": true, "return_sequences": true},
			in: []graph.Shape{rtS(rtN, 5, 3)}, out: []graph.Shape{rtS(rtN, 5, 4)}, params: 4 * (12 + 16 + 4)},
		{name: "GRU return_state one state", class: "GRU", cfg: map[string]any{"units": 4.0, "return_state": true, "return_sequences": true},
			in: []graph.Shape{rtS(rtN, rtN, 3)}, out: []graph.Shape{rtS(rtN, rtN, 4), rtS(rtN, 4)}, params: 3 * 4 * (3 + 4 + 2)},
		{name: "time_major tf.keras", class: "LSTM", cfg: map[string]any{"units": 4.0, "time_major": true, "return_sequences": true, "return_state": true},
			in: []graph.Shape{rtS(10, rtN, 3)}, out: []graph.Shape{rtS(10, rtN, 4), rtS(rtN, 4), rtS(rtN, 4)}, params: 4 * (12 + 16 + 4)},
		{name: "unroll with known time", class: "SimpleRNN", cfg: map[string]any{"units": 2.0, "unroll": true},
			in: []graph.Shape{rtS(rtN, 3, 2)}, out: []graph.Shape{rtS(rtN, 2)}, params: 4 + 4 + 2},
		// keras@2.3.1:keras/layers/cudnn_recurrent.py: bias (8u,) / (6u,).
		{name: "CuDNNLSTM", dialect: graph.Keras2, class: "CuDNNLSTM", cfg: map[string]any{"units": 32.0, "return_sequences": true},
			in: []graph.Shape{rtS(rtN, 10, 8)}, out: []graph.Shape{rtS(rtN, 10, 32)}, params: 4*32*8 + 4*32*32 + 8*32,
			weights: []string{"kernel (8, 128)", "recurrent_kernel (32, 128)", "bias (256,)"}},
		{name: "CuDNNGRU return_state", dialect: graph.Keras2, class: "CuDNNGRU", cfg: map[string]any{"units": 32.0, "return_state": true},
			in: []graph.Shape{rtS(rtN, 10, 8)}, out: []graph.Shape{rtS(rtN, 32), rtS(rtN, 32)}, params: 3*32*8 + 3*32*32 + 6*32},

		// Errors.
		{name: "unroll with unknown time", class: "LSTM", cfg: map[string]any{"units": 4.0, "unroll": true},
			in: []graph.Shape{rtS(rtN, rtN, 3)}, err: "cannot unroll"},
		{name: "rank 2 input", class: "LSTM", cfg: map[string]any{"units": 4.0},
			in: []graph.Shape{rtS(rtN, 3)}, err: "rank >= 3"},
		{name: "rank 4 input to LSTM", class: "LSTM", cfg: map[string]any{"units": 4.0},
			in: []graph.Shape{rtS(rtN, 3, 4, 5)}, err: "rank 3"},
		{name: "missing units", class: "GRU", cfg: map[string]any{},
			in: []graph.Shape{rtS(rtN, 3, 4)}, err: "missing required argument units"},
		{name: "zero units", class: "SimpleRNN", cfg: map[string]any{"units": 0.0},
			in: []graph.Shape{rtS(rtN, 3, 4)}, err: "units must be positive"},
		{name: "unknown features", class: "LSTM", cfg: map[string]any{"units": 4.0},
			in: []graph.Shape{rtS(rtN, 3, rtN)}, err: "must be known"},
		{name: "bad return_sequences", class: "LSTM", cfg: map[string]any{"units": 4.0, "return_sequences": "yes"},
			in: []graph.Shape{rtS(rtN, 3, 4)}, err: "return_sequences"},
		{name: "no input", class: "LSTM", cfg: map[string]any{"units": 4.0}, err: "none"},
	})
}

// The generic RNN layer over cells: RNN(LSTMCell(u)) has LSTM(u)'s weights
// (working_with_rnns.md: "Mathematically, RNN(LSTMCell(10)) produces the
// same result as LSTM(10)"); a list of cells is a StackedRNNCells whose
// states are every cell's, in order (keras@HEAD:keras/src/layers/rnn/
// stacked_rnn_cells.py, rnn.py compute_output_shape).
func TestRNNCells(t *testing.T) {
	lstm8 := rtL("LSTMCell", map[string]any{"units": 8.0, "name": "lstm_cell"})
	gru4 := rtL("GRUCell", map[string]any{"units": 4.0, "name": "gru_cell"})
	// LSTMCell(8) on 5: 4(8·5 + 64 + 8) = 448; GRUCell(4) on 8, reset_after
	// (Keras 3 default): 3·4·(8 + 4 + 2) = 168.
	rtRun(t, []rtCase{
		{name: "RNN(LSTMCell(64)) like LSTM(64)", class: "RNN", cfg: map[string]any{"cell": rtL("LSTMCell", map[string]any{"units": 64.0})},
			in: []graph.Shape{rtS(rtN, rtN, 28)}, out: []graph.Shape{rtS(rtN, 64)}, params: 4 * (64*28 + 64*64 + 64),
			weights: []string{"kernel (28, 256)", "recurrent_kernel (64, 256)", "bias (256,)"}},
		{name: "RNN(SimpleRNNCell) return_sequences", class: "RNN", cfg: map[string]any{"cell": rtL("SimpleRNNCell", map[string]any{"units": 3.0}), "return_sequences": true},
			in: []graph.Shape{rtS(rtN, 6, 2)}, out: []graph.Shape{rtS(rtN, 6, 3)}, params: 6 + 9 + 3},
		{name: "RNN(GRUCell) Keras 2 reset_after default False", dialect: graph.Keras2, class: "RNN", cfg: map[string]any{"cell": rtL("GRUCell", map[string]any{"units": 3.0})},
			in: []graph.Shape{rtS(rtN, 6, 2)}, out: []graph.Shape{rtS(rtN, 3)}, params: 3 * (6 + 9 + 3)},
		{name: "stacked list return_state", dialect: graph.Keras3, class: "RNN",
			cfg: map[string]any{"cell": []any{lstm8, gru4}, "return_state": true},
			in:  []graph.Shape{rtS(rtN, 7, 5)}, out: []graph.Shape{rtS(rtN, 4), rtS(rtN, 8), rtS(rtN, 8), rtS(rtN, 4)}, params: 448 + 168,
			weights: []string{"lstm_cell/kernel (5, 32)", "lstm_cell/recurrent_kernel (8, 32)", "lstm_cell/bias (32,)",
				"gru_cell/kernel (8, 12)", "gru_cell/recurrent_kernel (4, 12)", "gru_cell/bias (2, 12)"}},
		{name: "StackedRNNCells config", dialect: graph.Keras3, class: "RNN",
			cfg: map[string]any{"cell": rtL("StackedRNNCells", map[string]any{"cells": []any{lstm8, gru4}}), "return_sequences": true},
			in:  []graph.Shape{rtS(rtN, 7, 5)}, out: []graph.Shape{rtS(rtN, 7, 4)}, params: 448 + 168},
		{name: "stacked unnamed cells get distinct names", class: "RNN",
			cfg: map[string]any{"cell": []any{rtL("SimpleRNNCell", map[string]any{"units": 2.0}), rtL("SimpleRNNCell", map[string]any{"units": 2.0})}},
			in:  []graph.Shape{rtS(rtN, 7, 1)}, out: []graph.Shape{rtS(rtN, 2)}, params: (2 + 4 + 2) + (4 + 4 + 2),
			weights: []string{"simple_rnn_cell/kernel (1, 2)", "simple_rnn_cell/recurrent_kernel (2, 2)", "simple_rnn_cell/bias (2,)",
				"simple_rnn_cell_1/kernel (2, 2)", "simple_rnn_cell_1/recurrent_kernel (2, 2)", "simple_rnn_cell_1/bias (2,)"}},
		// Cells used as layers: cell(x, states) → (output, new_states).
		{name: "LSTMCell as a layer", class: "LSTMCell", cfg: map[string]any{"units": 16.0},
			in: []graph.Shape{rtS(rtN, 8), rtS(rtN, 16), rtS(rtN, 16)}, out: []graph.Shape{rtS(rtN, 16), rtS(rtN, 16), rtS(rtN, 16)}, params: 4 * (16*8 + 256 + 16)},
		{name: "GRUCell as a layer", dialect: graph.Keras2, class: "GRUCell", cfg: map[string]any{"units": 2.0},
			in: []graph.Shape{rtS(rtN, 3)}, out: []graph.Shape{rtS(rtN, 2), rtS(rtN, 2)}, params: 3 * (6 + 4 + 2)},
		{name: "StackedRNNCells as a layer", class: "StackedRNNCells", cfg: map[string]any{"cells": []any{lstm8}},
			in: []graph.Shape{rtS(rtN, 5)}, out: []graph.Shape{rtS(rtN, 8), rtS(rtN, 8), rtS(rtN, 8)}, params: 448},

		{name: "unknown cell class", class: "RNN", cfg: map[string]any{"cell": rtL("MinimalRNNCell", map[string]any{"units": 4.0})},
			in: []graph.Shape{rtS(rtN, 7, 5)}, err: "unknown RNN cell class \"MinimalRNNCell\""},
		{name: "missing cell", class: "RNN", cfg: map[string]any{},
			in: []graph.Shape{rtS(rtN, 7, 5)}, err: "needs a cell"},
		{name: "empty stack", class: "RNN", cfg: map[string]any{"cell": []any{}},
			in: []graph.Shape{rtS(rtN, 7, 5)}, err: "at least one cell"},
		{name: "cell not an object", class: "RNN", cfg: map[string]any{"cell": "lstm"},
			in: []graph.Shape{rtS(rtN, 7, 5)}, err: "expected a cell config object"},
		{name: "cell as layer wrong rank", class: "LSTMCell", cfg: map[string]any{"units": 4.0},
			in: []graph.Shape{rtS(rtN, 3, 5)}, err: "rank 2"},
	})
}

// A non-trainable cell inside RNN gives non-trainable weights.
func TestRNNCellTrainable(t *testing.T) {
	cell := rtL("LSTMCell", map[string]any{"units": 2.0, "trainable": false})
	l, _, err := rtApply("RNN", map[string]any{"cell": cell}, graph.Keras3, rtS(rtN, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	total, tr, nt, _ := graph.Counts(l.Weights)
	if total != 4*(2+4+2) || tr != 0 || nt != total {
		t.Fatalf("got total %d trainable %d non-trainable %d", total, tr, nt)
	}
}

// ConvLSTM: 4f·(k·(cin + f) + 1), reference §7; output spatial dims by the
// conv rule of the input convolution.
func TestConvLSTM(t *testing.T) {
	rtRun(t, []rtCase{
		// keras@1.2.2:examples/conv_lstm.py: ConvLSTM2D(nb_filter=40, nb_row=3,
		// nb_col=3, input_shape=(None, 40, 40, 1), border_mode='same',
		// return_sequences=True): 4·40·(9·(1+40)+1) = 59200.
		{name: "Keras 1.2 conv_lstm example layer 1", dialect: graph.Keras1, class: "ConvLSTM2D",
			cfg: map[string]any{"nb_filter": 40.0, "nb_row": 3.0, "nb_col": 3.0, "border_mode": "same", "return_sequences": true, "dim_ordering": "tf", "subsample": []any{1.0, 1.0}},
			in:  []graph.Shape{rtS(rtN, rtN, 40, 40, 1)}, out: []graph.Shape{rtS(rtN, rtN, 40, 40, 40)}, params: 59200},
		// Same example, layers 2–4 (40 input channels): 4·40·(9·80+1) = 115360.
		{name: "Keras 1.2 conv_lstm example layer 2", dialect: graph.Keras1, class: "ConvLSTM2D",
			cfg: map[string]any{"nb_filter": 40.0, "nb_row": 3.0, "nb_col": 3.0, "border_mode": "same", "return_sequences": true, "dim_ordering": "tf"},
			in:  []graph.Shape{rtS(rtN, rtN, 40, 40, 40)}, out: []graph.Shape{rtS(rtN, rtN, 40, 40, 40)}, params: 115360},
		// keras@2.3.1:examples/conv_lstm.py spells the same layer in Keras 2.
		{name: "Keras 2 conv_lstm example", dialect: graph.Keras2, class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 40.0, "kernel_size": []any{3.0, 3.0}, "padding": "same", "return_sequences": true, "data_format": "channels_last"},
			in:  []graph.Shape{rtS(rtN, rtN, 40, 40, 1)}, out: []graph.Shape{rtS(rtN, rtN, 40, 40, 40)}, params: 59200,
			weights: []string{"kernel (3, 3, 1, 160)", "recurrent_kernel (3, 3, 40, 160)", "bias (160,)"}},
		{name: "valid strided", class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 8.0, "kernel_size": 3.0, "strides": 2.0},
			in:  []graph.Shape{rtS(rtN, 5, 32, 32, 3)}, out: []graph.Shape{rtS(rtN, 15, 15, 8)}, params: 4 * 8 * (9*(3+8) + 1)},
		{name: "channels_first return_state", class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 8.0, "kernel_size": []any{3.0, 3.0}, "data_format": "channels_first", "return_state": true},
			in:  []graph.Shape{rtS(rtN, 5, 3, 32, 32)}, out: []graph.Shape{rtS(rtN, 8, 30, 30), rtS(rtN, 8, 30, 30), rtS(rtN, 8, 30, 30)}, params: 4 * 8 * (9*(3+8) + 1)},
		{name: "Keras 1 th ordering", dialect: graph.Keras1, class: "ConvLSTM2D",
			cfg: map[string]any{"nb_filter": 2.0, "nb_row": 3.0, "nb_col": 3.0, "dim_ordering": "th", "return_sequences": true},
			in:  []graph.Shape{rtS(rtN, 4, 1, 10, 10)}, out: []graph.Shape{rtS(rtN, 4, 2, 8, 8)}, params: 4 * 2 * (9*(1+2) + 1)},
		{name: "ConvLSTM1D", dialect: graph.Keras3, class: "ConvLSTM1D",
			cfg: map[string]any{"filters": 4.0, "kernel_size": []any{3.0}, "return_sequences": true},
			in:  []graph.Shape{rtS(rtN, 7, 20, 2)}, out: []graph.Shape{rtS(rtN, 7, 18, 4)}, params: 4 * 4 * (3*(2+4) + 1),
			weights: []string{"kernel (3, 2, 16)", "recurrent_kernel (3, 4, 16)", "bias (16,)"}},
		{name: "ConvLSTM3D same no bias", dialect: graph.Keras3, class: "ConvLSTM3D",
			cfg: map[string]any{"filters": 2.0, "kernel_size": 3.0, "padding": "same", "use_bias": false},
			in:  []graph.Shape{rtS(rtN, 4, 8, 8, 8, 1)}, out: []graph.Shape{rtS(rtN, 8, 8, 8, 2)}, params: 4 * 2 * 27 * (1 + 2)},
		{name: "dilation", class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0, "dilation_rate": 2.0},
			in:  []graph.Shape{rtS(rtN, 2, 9, 9, 1)}, out: []graph.Shape{rtS(rtN, 5, 5, 1)}, params: 4 * (9*2 + 1)},
		{name: "unknown spatial in tf.keras", class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0},
			in:  []graph.Shape{rtS(rtN, 2, rtN, rtN, 1)}, out: []graph.Shape{rtS(rtN, rtN, rtN, 1)}, params: 4 * (9*2 + 1)},
		{name: "ConvLSTM2DCell as a layer", dialect: graph.Keras2, class: "ConvLSTM2DCell",
			cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0},
			in:  []graph.Shape{rtS(rtN, 9, 9, 1)}, out: []graph.Shape{rtS(rtN, 7, 7, 1), rtS(rtN, 7, 7, 1), rtS(rtN, 7, 7, 1)}, params: 4 * (9*2 + 1)},
		{name: "RNN over ConvLSTM2DCell", dialect: graph.Keras2, class: "RNN",
			cfg: map[string]any{"cell": rtL("ConvLSTM2DCell", map[string]any{"filters": 1.0, "kernel_size": 3.0}), "return_sequences": true},
			in:  []graph.Shape{rtS(rtN, 4, 9, 9, 1)}, out: []graph.Shape{rtS(rtN, 4, 7, 7, 1)}, params: 4 * (9*2 + 1)},

		// keras@HEAD conv_lstm.py ConvLSTMCell.build refuses None spatial dims.
		{name: "unknown spatial in Keras 3", dialect: graph.Keras3, class: "ConvLSTM2D",
			cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0},
			in:  []graph.Shape{rtS(rtN, 2, rtN, rtN, 1)}, err: "static input shapes"},
		{name: "wrong rank", class: "ConvLSTM2D", cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0},
			in: []graph.Shape{rtS(rtN, 2, 9, 1)}, err: "rank 5"},
		{name: "kernel too large", class: "ConvLSTM2D", cfg: map[string]any{"filters": 1.0, "kernel_size": 5.0},
			in: []graph.Shape{rtS(rtN, 2, 3, 3, 1)}, err: "larger than input"},
		{name: "unknown channels", class: "ConvLSTM1D", cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0},
			in: []graph.Shape{rtS(rtN, 2, 9, rtN)}, err: "channel dimension"},
		{name: "causal padding", class: "ConvLSTM1D", cfg: map[string]any{"filters": 1.0, "kernel_size": 3.0, "padding": "causal"},
			in: []graph.Shape{rtS(rtN, 2, 9, 1)}, err: "padding"},
		{name: "missing filters", class: "ConvLSTM2D", cfg: map[string]any{"kernel_size": 3.0},
			in: []graph.Shape{rtS(rtN, 2, 9, 9, 1)}, err: "filters"},
	})
}

// A layer applied twice (shared) builds its weights once.
func TestRecurrentSharedLayerBuildsOnce(t *testing.T) {
	l := &graph.Layer{Name: "lstm", Class: "LSTM", Config: map[string]any{"units": 4.0}, Trainable: true}
	for i := 0; i < 2; i++ {
		if _, err := Apply(l, []*graph.Tensor{{Shape: rtS(rtN, 3, 2)}}, Options{Dialect: graph.Keras3}); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.Weights) != 3 {
		t.Fatalf("got %d weights, want 3", len(l.Weights))
	}
}

func TestLayerSnakeName(t *testing.T) {
	for in, want := range map[string]string{
		"LSTMCell": "lstm_cell", "SimpleRNNCell": "simple_rnn_cell", "GRU": "gru",
		"ConvLSTM2D": "conv_lst_m2d", "Dense": "dense", "CuDNNLSTM": "cu_dnnlstm", "TimeDistributed": "time_distributed",
	} {
		if got := layerSnakeName(in); got != want {
			t.Errorf("layerSnakeName(%q) = %q, want %q", in, got, want)
		}
	}
}
