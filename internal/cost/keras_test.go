package cost

import (
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/summary"
)

// TestSeedModel checks the seed model in Keras 1 and Keras 3 layouts: the
// MACs per layer, the parameter bytes and the training memory with SGD
// with momentum (the seed compiles SGD(lr=1e-3, decay=1e-6,
// momentum=0.9, nesterov=True)).
func TestSeedModel(t *testing.T) {
	for _, file := range []string{"testdata/keras/seed_keras1.json", "testdata/keras/seed_keras2.json", "testdata/keras/seed_tfkeras.json", "testdata/keras/seed_keras3.json"} {
		t.Run(file, func(t *testing.T) {
			s := open(t, file)
			s.Compile = map[string]string{"optimizer": "SGD", "momentum": "0.9", "nesterov": "True"}
			if err := Annotate(s, Options{}); err != nil {
				t.Fatal(err)
			}
			want := []struct {
				row     int
				macs    int64
				formula string
			}{
				{0, 460_800, "24·24·32 · 5·5·1 = 460,800"},
				{3, 3_276_800, "8·8·64 · 5·5·32 = 3,276,800"},
				{8, 102_400, "1024·100 = 102,400"},
				{11, 200, "100·2 = 200"},
			}
			rows := s.Rows
			if rows[0].IsInput {
				rows = rows[1:]
			}
			for _, w := range want {
				c := rows[w.row].Cost
				if c.MACs != w.macs || c.MACsFormula != w.formula {
					t.Errorf("%s: MACs %d %q, want %d %q", rows[w.row].Name, c.MACs, c.MACsFormula, w.macs, w.formula)
				}
			}
			tc := s.Totals.Cost
			if tc.MACs != 3_840_200 || tc.FLOPs != 7_748_192 {
				t.Errorf("totals: %d MACs, %d FLOPs", tc.MACs, tc.FLOPs)
			}
			if tc.ParamBytes != 619_192 || len(tc.ParamBytesByDType) != 1 || tc.ParamBytesByDType[0].Params != 154_798 {
				t.Errorf("param bytes %v %+v", tc.ParamBytes, tc.ParamBytesByDType)
			}
			tr := tc.Training
			if tr.Source != "compile" || tr.Slots != 1 || tr.ParamBytes != 619_192 || tr.GradientBytes != 619_192 ||
				tr.OptimizerBytes != 619_192 || tr.ActivationBytes != 212_160 || tr.TotalBytes != 2_069_736 {
				t.Errorf("training %+v", tr)
			}
			if tr.ParamFormula != "154,798 × 4 B (float32) = 619,192 B" {
				t.Errorf("param formula %q", tr.ParamFormula)
			}
			if tc.PeakActivationBytes != 147_456 {
				t.Errorf("peak %d", tc.PeakActivationBytes)
			}
		})
	}
}

// TestBatchAndDType: the batch size multiplies MACs and activations;
// --dtype float16 halves float activations and notes mixed precision.
func TestBatchAndDType(t *testing.T) {
	s := open(t, "testdata/keras/seed_keras3.json")
	if err := Annotate(s, Options{Batch: 32, DType: "float16", Optimizer: "adam"}); err != nil {
		t.Fatal(err)
	}
	c := s.Rows[0].Cost
	if c.MACs != 32*460_800 || c.MACsFormula != "32 · 24·24·32 · 5·5·1 = 14,745,600" {
		t.Errorf("conv MACs %d %q", c.MACs, c.MACsFormula)
	}
	if c.ActivationBytes != 32*24*24*32*2 {
		t.Errorf("activation %d %q", c.ActivationBytes, c.ActivationBytesFormula)
	}
	tr := s.Totals.Cost.Training
	if tr.Slots != 2 || tr.OptimizerBytes != 2*619_192 || tr.ActivationBytes != 32*212_160/2 {
		t.Errorf("training %+v", tr)
	}
	if len(tr.Notes) == 0 || !strings.Contains(tr.Notes[0], "mixed precision") {
		t.Errorf("notes %q", tr.Notes)
	}
	if err := Annotate(s, Options{DType: "int3"}); err == nil {
		t.Error("bad dtype accepted")
	}
}

// TestKerasLayers checks rules on models written by TensorFlow.js
// (testdata/tfjs); the numbers are worked out by hand from the shapes.
func TestKerasLayers(t *testing.T) {
	cases := []struct {
		file, layer   string
		macs, flops   int64
		formula, note string
	}{
		// input 6x6x2, kernel 3x3, 5 filters: every input element meets 3·3·5 weights.
		{"conv2d_transpose_nobias.json", "conv2d_transpose_Conv2DTranspose1", 3_240, 6_480, "6·6·2 · 3·3·5 = 3,240", ""},
		{"conv2d_transpose_nobias.json", "conv2d_transpose_Conv2DTranspose2", 6_400, 13_205, "8·8·5 · 2·2·5 = 6,400", ""},
		// depthwise 3x3 on 2 channels, then pointwise 2→4, at 12x12 positions.
		{"separable_conv2d_dilation.json", "separable_conv2d_SeparableConv2D1", 3_744, 8_064, "12·12 · (3·3·2·1 + 1·1·2·4) = 3,744", ""},
		// channels_first, depth multiplier 2: 8 output channels of 8x8, 3x3 window each.
		{"depthwise_conv2d_channels_first.json", "depthwise_conv2d_DepthwiseConv2D1", 4_608, 9_728, "8·8·8 · 3·3 = 4,608", ""},
		// 5 steps at 14x14 of (3·3·3 + 3·3·8)·4·8 weights.
		{"convlstm2d_basic.json", "conv_lst_m2d_ConvLSTM2D1", 3_104_640, 6_311_200, "5 · 14·14 · (3·3·3·32 + 3·3·8·32) = 3,104,640", ""},
		{"time_distributed_conv2d.json", "time_distributed_TimeDistributed1", 211_680, 431_200, "5 · 14·14·8 · 3·3·3 = 211,680", ""},
		{"time_distributed_conv2d.json", "lstm_LSTM1", 64_000, 128_520, "5 · (392·32 + 8·32) = 64,000", ""},
		{"dense_rank3_input.json", "dense_Dense1", 105, 225, "5 · 7·3 = 105", ""},
		{"dense_rank3_input.json", "dense_Dense2", 30, 80, "5 · 3·2 = 30", ""},
		{"dot_3d_axes.json", "dot_Dot1", 100, 200, "5·5 · 4 = 100", ""},
		// timesteps None: no figure.
		{"bidirectional_gru_sequences.json", "bidirectional_Bidirectional1", -1, -1, "? (timesteps unknown (None))", ""},
	}
	for _, tc := range cases {
		t.Run(tc.file+"/"+tc.layer, func(t *testing.T) {
			s := open(t, "testdata/tfjs/"+tc.file)
			if err := Annotate(s, Options{}); err != nil {
				t.Fatal(err)
			}
			for _, r := range s.Rows {
				if r.Name != tc.layer {
					continue
				}
				if r.Cost.MACs != tc.macs || r.Cost.FLOPs != tc.flops || r.Cost.MACsFormula != tc.formula {
					t.Errorf("got %d %d %q (FLOPs %q), want %d %d %q", r.Cost.MACs, r.Cost.FLOPs, r.Cost.MACsFormula, r.Cost.FLOPsFormula, tc.macs, tc.flops, tc.formula)
				}
				return
			}
			t.Fatalf("no layer %s", tc.layer)
		})
	}
}

func w(name string, shape ...int64) summary.Weight {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	return summary.Weight{Name: name, Shape: shape, DType: "float32", Trainable: true, Count: n}
}

// TestSyntheticRows checks rules on rows built by hand, for classes that
// the fixtures lack.
func TestSyntheticRows(t *testing.T) {
	N := graph.Unknown
	cases := []struct {
		name string
		row  summary.Row
		macs int64
		form string
	}{
		{
			// Self-attention, T=10, D=16, 2 heads of 8: projections 3·10·16·16,
			// scores and context 2·2·10·10·8, output 10·16·16.
			"mha", summary.Row{Class: "MultiHeadAttention", InputShapes: []graph.Shape{{N, 10, 16}, {N, 10, 16}}, OutputShapes: []graph.Shape{{N, 10, 16}},
				Weights: []summary.Weight{w("query/kernel", 16, 2, 8), w("query/bias", 2, 8), w("key/kernel", 16, 2, 8), w("key/bias", 2, 8), w("value/kernel", 16, 2, 8), w("value/bias", 2, 8), w("attention_output/kernel", 2, 8, 16), w("attention_output/bias", 16)}},
			3*10*16*16 + 2*2*10*10*8 + 10*16*16, "10 · 16·2·8 query + 10 · 16·2·8 key + 10 · 16·2·8 value + 2 · 10 · 10 · 8 scores + 2 · 10 · 10 · 8 context + 10 · 2·8·16 output = 13,440",
		},
		{
			"attention", summary.Row{Class: "Attention", InputShapes: []graph.Shape{{N, 4, 8}, {N, 6, 8}}, OutputShapes: []graph.Shape{{N, 4, 8}}},
			2 * 4 * 6 * 8, "4 · 6 · 8 scores + 4 · 6 · 8 context = 384",
		},
		{
			"einsum", summary.Row{Class: "EinsumDense", Config: map[string]any{"equation": "abc,cde->abde"}, InputShapes: []graph.Shape{{N, 5, 8}}, OutputShapes: []graph.Shape{{N, 5, 2, 4}},
				Weights: []summary.Weight{w("kernel", 8, 2, 4)}},
			5 * 8 * 2 * 4, "1·5·8·2·4 = 320",
		},
		{
			"gru", summary.Row{Class: "GRU", Config: map[string]any{"units": 4}, InputShapes: []graph.Shape{{N, 7, 3}}, OutputShapes: []graph.Shape{{N, 4}},
				Weights: []summary.Weight{w("kernel", 3, 12), w("recurrent_kernel", 4, 12), w("bias", 2, 12)}},
			7 * (36 + 48), "7 · (3·12 + 4·12) = 588",
		},
		{
			"lambda", summary.Row{Class: "Lambda", OutputShapes: []graph.Shape{{N, 4}}}, -1, "? (arbitrary code: not counted)",
		},
		{
			"shared dense called twice", summary.Row{Class: "Dense", Calls: 2, InputShapes: []graph.Shape{{N, 3}}, OutputShapes: []graph.Shape{{N, 2}},
				Weights: []summary.Weight{w("kernel", 3, 2)}},
			12, "2 · 6 = 12",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.row.Name = tc.name
			tc.row.Called = true
			s := &summary.Summary{Framework: "keras", Dialect: graph.Keras3, Rows: []summary.Row{tc.row}}
			if err := Annotate(s, Options{}); err != nil {
				t.Fatal(err)
			}
			c := s.Rows[0].Cost
			if c.MACs != tc.macs || c.MACsFormula != tc.form {
				t.Errorf("got %d %q, want %d %q", c.MACs, c.MACsFormula, tc.macs, tc.form)
			}
		})
	}
}

// TestPeak: a diamond a → (b, c) → d keeps a alive until c has run.
func TestPeak(t *testing.T) {
	N := graph.Unknown
	row := func(name string, n int64, in ...string) summary.Row {
		return summary.Row{Name: name, Class: "ReLU", Called: true, Inbound: in, InputShapes: []graph.Shape{{N, n}}, OutputShapes: []graph.Shape{{N, n}}}
	}
	s := &summary.Summary{Framework: "keras", Rows: []summary.Row{row("a", 100), row("b", 10, "a"), row("c", 20, "a"), row("d", 5, "b", "c")}}
	if err := Annotate(s, Options{}); err != nil {
		t.Fatal(err)
	}
	c := s.Totals.Cost
	// While c runs: a (400 B), b (40 B), c (80 B) are live.
	if c.PeakActivationBytes != 520 || c.PeakActivationAfter != "c" || c.ActivationBytes != 540 {
		t.Errorf("peak %d at %s, sum %d", c.PeakActivationBytes, c.PeakActivationAfter, c.ActivationBytes)
	}
}

func TestSlots(t *testing.T) {
	cases := []struct {
		name  string
		args  map[string]string
		slots int
	}{
		{"SGD", nil, 0},
		{"SGD", map[string]string{"momentum": "0.9"}, 1},
		{"sgd-momentum", nil, 1},
		{"Adam", nil, 2},
		{"Adam", map[string]string{"amsgrad": "true"}, 3},
		{"AdamW", nil, 2},
		{"RMSprop", nil, 1},
		{"RMSprop", map[string]string{"centered": "True"}, 2},
		{"Adagrad", nil, 1},
		{"Adadelta", nil, 2},
		{"Adamax", nil, 2},
		{"Nadam", nil, 2},
		{"Ftrl", nil, 2},
		{"keras.optimizers.legacy.Adam", nil, 2},
	}
	for _, tc := range cases {
		got, _, _, err := Slots(tc.name, tc.args)
		if err != nil || got != tc.slots {
			t.Errorf("%s %v: %d %v, want %d", tc.name, tc.args, got, err, tc.slots)
		}
	}
	if _, _, _, err := Slots("Sophia", nil); err == nil {
		t.Error("unknown optimizer accepted")
	}
}
