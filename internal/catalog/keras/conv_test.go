package keras

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// famCase is one layer call of the conv, pooling and reshape tables: a
// class, its config as JSON (numbers decode to float64, as from a .json
// model), the input shapes as Python tuples, and either the output shape
// and weights Keras gives or a substring of the error.
type famCase struct {
	name    string
	class   string
	cfg     string
	in      string // "(None, 28, 28, 1)"; several separated by ";"
	dialect graph.Dialect
	out     string // "(None, 26, 26, 16)"
	weights string // "kernel(3, 3, 1, 16) bias(16,)"; "~" marks non-trainable, "@dtype" a non-float32 dtype
	params  int64
	err     string
}

// famShape parses "(None, 28, 28, 1)".
func famShape(t *testing.T, s string) graph.Shape {
	t.Helper()
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	out := graph.Shape{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if p == "None" {
			out = append(out, -1)
			continue
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			t.Fatalf("bad shape %q", s)
		}
		out = append(out, n)
	}
	return out
}

// famWeights formats weights as the famCase.weights column.
func famWeights(l *graph.Layer) (string, int64) {
	var parts []string
	var total int64
	for _, w := range l.Weights {
		p := w.Name + graph.Shape(w.Shape).String()
		if !w.Trainable {
			p = "~" + p
		}
		if w.DType != "float32" {
			p += "@" + w.DType
		}
		parts = append(parts, p)
		total += w.Count()
		if len(w.Factors) != len(w.Shape) {
			parts = append(parts, fmt.Sprintf("!factors(%d dims, %d factors)", len(w.Shape), len(w.Factors)))
		}
		for i, f := range w.Factors {
			v := int64(1)
			for _, x := range f {
				v *= x.Value
			}
			if v != w.Shape[i] {
				parts = append(parts, fmt.Sprintf("!factor%d=%d", i, v))
			}
		}
	}
	return strings.Join(parts, " "), total
}

func runFamCases(t *testing.T, cases []famCase) {
	t.Helper()
	for _, tc := range cases {
		name := tc.name
		if name == "" {
			name = tc.class
		}
		t.Run(name, func(t *testing.T) {
			cfg := map[string]any{}
			if tc.cfg != "" {
				if err := json.Unmarshal([]byte(tc.cfg), &cfg); err != nil {
					t.Fatalf("bad cfg %s: %v", tc.cfg, err)
				}
			}
			l := &graph.Layer{Name: "l", Class: tc.class, Config: cfg, Trainable: true}
			var in []*graph.Tensor
			for _, s := range strings.Split(tc.in, ";") {
				in = append(in, &graph.Tensor{Shape: famShape(t, s)})
			}
			outs, err := Apply(l, in, Options{Dialect: tc.dialect})
			if tc.err != "" {
				if err == nil {
					t.Fatalf("%s%s on %s: want error containing %q, got output %s", tc.class, tc.cfg, tc.in, tc.err, outs[0].Shape)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("%s%s on %s: error %q does not contain %q", tc.class, tc.cfg, tc.in, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s%s on %s: %v", tc.class, tc.cfg, tc.in, err)
			}
			if got := outs[0].Shape.String(); got != tc.out {
				t.Errorf("%s%s on %s: output %s, want %s", tc.class, tc.cfg, tc.in, got, tc.out)
			}
			ws, params := famWeights(l)
			if ws != tc.weights {
				t.Errorf("%s%s on %s: weights %q, want %q", tc.class, tc.cfg, tc.in, ws, tc.weights)
			}
			if params != tc.params {
				t.Errorf("%s%s on %s: params %d, want %d", tc.class, tc.cfg, tc.in, params, tc.params)
			}
		})
	}
}

// Expected values come from real printed summaries where there is one
// (keras-io guides in shared/corpora/keras-io-guides/guides/md, Keras 3;
// the tfjs-layers MobileNet in shared/corpora/keras-files, whose weight
// shapes expected/tfjs_tm_131.json reads from the file) and otherwise from
// the Keras source formulas cited on each row (K3 = keras-team/keras
// keras/src/..., TFK = keras-team/keras v2.15.0 keras/..., K1 =
// keras@1.1.1:keras/...).
func TestConv(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md (Keras 3): encoder on img (None, 28, 28, 1).
		{name: "guide_conv2d", class: "Conv2D", cfg: `{"filters": 16, "kernel_size": [3, 3], "activation": "relu"}`, in: "(None, 28, 28, 1)",
			out: "(None, 26, 26, 16)", weights: "kernel(3, 3, 1, 16) bias(16,)", params: 160},
		{name: "guide_conv2d_1", class: "Conv2D", cfg: `{"filters": 32, "kernel_size": 3}`, in: "(None, 26, 26, 16)",
			out: "(None, 24, 24, 32)", weights: "kernel(3, 3, 16, 32) bias(32,)", params: 4640},
		// sequential_model.md: Conv2D(32, 5, strides=2) on (250, 250, 3) -> (123, 123, 32), 2,432.
		{name: "guide_strided", class: "Conv2D", cfg: `{"filters": 32, "kernel_size": 5, "strides": 2}`, in: "(None, 250, 250, 3)",
			out: "(None, 123, 123, 32)", weights: "kernel(5, 5, 3, 32) bias(32,)", params: 2432},
		// writing_a_custom_training_loop_in_tensorflow.md: Conv2D(64, 3, strides=2, padding="same") on 28x28x1 -> 14x14x64, 640.
		{name: "guide_same_strided", class: "Conv2D", cfg: `{"filters": 64, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same"}`, in: "(None, 28, 28, 1)",
			out: "(None, 14, 14, 64)", weights: "kernel(3, 3, 1, 64) bias(64,)", params: 640},
		// tfjs_tm_131 (tfjs-layers 1.3.1 MobileNetV2): Conv1 3x3 s2 valid, no bias, on the 225x225 padded input;
		// expected/tfjs_tm_131.json: Conv1/kernel [3, 3, 3, 16].
		{name: "mobilenet_conv1", class: "Conv2D", dialect: graph.TFKeras, cfg: `{"filters": 16, "kernel_size": [3, 3], "strides": [2, 2], "padding": "valid", "use_bias": false, "data_format": "channels_last", "dilation_rate": [1, 1]}`,
			in: "(None, 225, 225, 3)", out: "(None, 112, 112, 16)", weights: "kernel(3, 3, 3, 16)", params: 432},
		// Keras 1 spellings; reference keras-summary.md §4.1: Convolution2D(32, 3, 3) on 28x28x1 -> (None, 26, 26, 32), 320.
		{name: "k1_conv2d", class: "Convolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 32, "nb_row": 3, "nb_col": 3, "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "tf", "bias": true}`,
			in: "(None, 28, 28, 1)", out: "(None, 26, 26, 32)", weights: "kernel(3, 3, 1, 32) bias(32,)", params: 320},
		// K1 convolutional.py:404: "th" kernel (nb_filter, stack, rows, cols); output channels first.
		{name: "k1_conv2d_th", class: "Convolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 8, "nb_row": 3, "nb_col": 5, "border_mode": "same", "subsample": [2, 2], "dim_ordering": "th"}`,
			in: "(None, 3, 32, 31)", out: "(None, 8, 16, 16)", weights: "kernel(8, 3, 3, 5) bias(8,)", params: 368},
		// K1 convolutional.py:116: Convolution1D kernel (filter_length, 1, input_dim, nb_filter).
		{name: "k1_conv1d", class: "Convolution1D", dialect: graph.Keras1, cfg: `{"nb_filter": 64, "filter_length": 3, "border_mode": "same", "subsample_length": 1}`,
			in: "(None, 10, 32)", out: "(None, 10, 64)", weights: "kernel(3, 1, 32, 64) bias(64,)", params: 6208},
		// K1 AtrousConvolution1D docstring: (64, 3, atrous_rate=2, border_mode='same') on (10, 32) -> (None, 10, 64).
		{name: "k1_atrous1d", class: "AtrousConvolution1D", dialect: graph.Keras1, cfg: `{"nb_filter": 64, "filter_length": 3, "atrous_rate": 2, "border_mode": "same"}`,
			in: "(None, 10, 32)", out: "(None, 10, 64)", weights: "kernel(3, 1, 32, 64) bias(64,)", params: 6208},
		// K1 AtrousConvolution2D docstring: (64, 3, 3, atrous_rate=(2,2)) on 256x256 -> 252x252 ("th" there).
		{name: "k1_atrous2d", class: "AtrousConvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 64, "nb_row": 3, "nb_col": 3, "atrous_rate": [2, 2], "dim_ordering": "th"}`,
			in: "(None, 3, 256, 256)", out: "(None, 64, 252, 252)", weights: "kernel(64, 3, 3, 3) bias(64,)", params: 1792},
		// K1 Convolution3D: kernel_dim1..3, "th" kernel (nb_filter, stack, k1, k2, k3).
		{name: "k1_conv3d_th", class: "Convolution3D", dialect: graph.Keras1, cfg: `{"nb_filter": 4, "kernel_dim1": 3, "kernel_dim2": 3, "kernel_dim3": 3, "dim_ordering": "th"}`,
			in: "(None, 2, 8, 9, 10)", out: "(None, 4, 6, 7, 8)", weights: "kernel(4, 2, 3, 3, 3) bias(4,)", params: 220},
		// Keras 2 legacy AtrousConv2D -> Conv2D(dilation_rate); dilation 2 on k 3 is k_eff 5.
		{name: "k2_dilated", class: "Conv2D", dialect: graph.Keras2, cfg: `{"filters": 8, "kernel_size": [3, 3], "dilation_rate": [2, 2]}`,
			in: "(None, 10, 12, 4)", out: "(None, 6, 8, 8)", weights: "kernel(3, 3, 4, 8) bias(8,)", params: 296},
		// K3 base_conv.py: channels_first.
		{name: "channels_first", class: "Conv2D", dialect: graph.Keras3, cfg: `{"filters": 6, "kernel_size": 3, "data_format": "channels_first", "padding": "same", "strides": 2}`,
			in: "(None, 3, 9, 10)", out: "(None, 6, 5, 5)", weights: "kernel(3, 3, 3, 6) bias(6,)", params: 168},
		// K3 base_conv.py build: groups -> kernel (k, k, in/groups, filters).
		{name: "groups", class: "Conv2D", dialect: graph.Keras3, cfg: `{"filters": 8, "kernel_size": 3, "groups": 4}`,
			in: "(None, 9, 9, 16)", out: "(None, 7, 7, 8)", weights: "kernel(3, 3, 4, 8) bias(8,)", params: 296},
		// K3 conv1d.py: causal pads dilation*(k-1) on the left; length kept.
		{name: "causal", class: "Conv1D", dialect: graph.Keras3, cfg: `{"filters": 8, "kernel_size": 3, "padding": "causal", "dilation_rate": 4}`,
			in: "(None, 100, 3)", out: "(None, 100, 8)", weights: "kernel(3, 3, 8) bias(8,)", params: 80},
		// Unknown length stays None (K3 compute_conv_output_shape none_dims).
		{name: "none_length", class: "Conv1D", cfg: `{"filters": 8, "kernel_size": 3}`,
			in: "(None, None, 3)", out: "(None, None, 8)", weights: "kernel(3, 3, 8) bias(8,)", params: 80},
		{name: "conv3d", class: "Conv3D", cfg: `{"filters": 4, "kernel_size": [3, 3, 3], "strides": [1, 2, 3], "padding": "valid"}`,
			in: "(None, 8, 9, 10, 2)", out: "(None, 6, 4, 3, 4)", weights: "kernel(3, 3, 3, 2, 4) bias(4,)", params: 220},
		// K3 base_conv.py enable_lora: kernel frozen, lora_kernel_a (3, 3, 1, 4), lora_kernel_b (4, 16), float32.
		{name: "lora", class: "Conv2D", dialect: graph.Keras3, cfg: `{"filters": 16, "kernel_size": 3, "lora_rank": 4, "dtype": "bfloat16"}`,
			in: "(None, 28, 28, 1)", out: "(None, 26, 26, 16)", weights: "~kernel(3, 3, 1, 16)@bfloat16 bias(16,)@bfloat16 lora_kernel_a(3, 3, 1, 4) lora_kernel_b(4, 16)", params: 260},

		// Errors.
		{name: "err_too_small", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 5}`, in: "(None, 3, 3, 2)",
			err: `kernel 5x5 larger than input 3x3 with padding="valid"`},
		{name: "err_dilated_too_small", class: "Conv1D", cfg: `{"filters": 8, "kernel_size": 3, "dilation_rate": 3}`, in: "(None, 6, 2)",
			err: `kernel 7 larger than input 6 with padding="valid"`},
		{name: "err_rank", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3}`, in: "(None, 28, 28)",
			err: "expected input of rank 4 (batch included), got shape (None, 28, 28)"},
		{name: "err_channels", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3}`, in: "(None, 28, 28, None)",
			err: "channel dimension of the input must be known"},
		{name: "err_groups", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3, "groups": 3}`, in: "(None, 9, 9, 16)",
			err: "groups=3 must divide input channels 16 and filters 8"},
		{name: "err_strides", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3, "strides": [0, 1]}`, in: "(None, 9, 9, 1)",
			err: "strides must be positive, got (0, 1)"},
		{name: "err_strided_dilation", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3, "strides": 2, "dilation_rate": 2}`, in: "(None, 9, 9, 1)",
			err: "strides (2, 2) > 1 are not supported together with dilation_rate (2, 2) > 1"},
		{name: "err_causal_2d", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3, "padding": "causal"}`, in: "(None, 9, 9, 1)",
			err: "causal"},
		{name: "err_no_filters", class: "Conv2D", cfg: `{"kernel_size": 3}`, in: "(None, 9, 9, 1)",
			err: "missing required argument filters"},
		{name: "err_padding", class: "Conv2D", cfg: `{"filters": 8, "kernel_size": 3, "padding": "reflect"}`, in: "(None, 9, 9, 1)",
			err: `padding: expected "valid" or "same", got "reflect"`},
	})
}

func TestConvTranspose(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md (Keras 3) decoder: Reshape (4, 4, 1) -> Conv2DTranspose(16, 3) (6, 6, 16) 160
		// -> Conv2DTranspose(32, 3) (8, 8, 32) 4,640; after UpSampling2D(3) (24, 24, 32):
		// Conv2DTranspose(16, 3) (26, 26, 16) 4,624 -> Conv2DTranspose(1, 3) (28, 28, 1) 145.
		{name: "guide_t1", class: "Conv2DTranspose", dialect: graph.Keras3, cfg: `{"filters": 16, "kernel_size": 3, "activation": "relu"}`,
			in: "(None, 4, 4, 1)", out: "(None, 6, 6, 16)", weights: "kernel(3, 3, 16, 1) bias(16,)", params: 160},
		{name: "guide_t2", class: "Conv2DTranspose", dialect: graph.Keras3, cfg: `{"filters": 32, "kernel_size": [3, 3]}`,
			in: "(None, 6, 6, 16)", out: "(None, 8, 8, 32)", weights: "kernel(3, 3, 32, 16) bias(32,)", params: 4640},
		{name: "guide_t3", class: "Conv2DTranspose", dialect: graph.Keras3, cfg: `{"filters": 16, "kernel_size": 3}`,
			in: "(None, 24, 24, 32)", out: "(None, 26, 26, 16)", weights: "kernel(3, 3, 16, 32) bias(16,)", params: 4624},
		{name: "guide_t4", class: "Conv2DTranspose", dialect: graph.Keras3, cfg: `{"filters": 1, "kernel_size": 3}`,
			in: "(None, 26, 26, 16)", out: "(None, 28, 28, 1)", weights: "kernel(3, 3, 1, 16) bias(1,)", params: 145},
		// customizing_what_happens_in_fit.md GAN generator: Conv2DTranspose(128, (4, 4), strides=2, padding="same") on 7x7x128:
		// same -> L*s = 14 (K3 backend_utils.py _get_output_shape_given_tf_padding).
		{name: "same_strided", class: "Conv2DTranspose", cfg: `{"filters": 128, "kernel_size": [4, 4], "strides": [2, 2], "padding": "same"}`,
			in: "(None, 7, 7, 128)", out: "(None, 14, 14, 128)", weights: "kernel(4, 4, 128, 128) bias(128,)", params: 262272},
		// valid, no output_padding: (L-1)s + max(k, s): 5 -> 4*2+3 = 11, 6 -> 13.
		{name: "valid_strided", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3, "strides": 2}`,
			in: "(None, 5, 6, 3)", out: "(None, 11, 13, 8)", weights: "kernel(3, 3, 8, 3) bias(8,)", params: 224},
		// stride larger than kernel: (L-1)s + max(k, s) = 4*3+3 = 15.
		{name: "stride_gt_kernel", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 1, "strides": 3}`,
			in: "(None, 5, 6, 3)", out: "(None, 15, 18, 8)", weights: "kernel(1, 1, 8, 3) bias(8,)", params: 32},
		// output_padding: valid (L-1)s + k + p = 4*2+3+1 = 12; same (L-1)s + k%2 + p = 4*2+1+1 = 10.
		{name: "output_padding_valid", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3, "strides": 2, "output_padding": 1}`,
			in: "(None, 5, 5, 3)", out: "(None, 12, 12, 8)", weights: "kernel(3, 3, 8, 3) bias(8,)", params: 224},
		{name: "output_padding_same", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3, "strides": [2, 2], "padding": "same", "output_padding": [1, 0]}`,
			in: "(None, 5, 5, 3)", out: "(None, 10, 9, 8)", weights: "kernel(3, 3, 8, 3) bias(8,)", params: 224},
		// dilation: k_eff = (3-1)*2+1 = 5, stride 1: (L-1) + 5 = 10.
		{name: "dilated", class: "Conv2DTranspose", cfg: `{"filters": 2, "kernel_size": 3, "dilation_rate": 2}`,
			in: "(None, 6, 6, 3)", out: "(None, 10, 10, 2)", weights: "kernel(3, 3, 2, 3) bias(2,)", params: 56},
		{name: "channels_first_none", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first", "use_bias": false}`,
			in: "(None, 3, None, 6)", out: "(None, 8, None, 12)", weights: "kernel(3, 3, 8, 3)", params: 216},
		{name: "conv1d_transpose", class: "Conv1DTranspose", dialect: graph.Keras3, cfg: `{"filters": 4, "kernel_size": 5, "strides": 2}`,
			in: "(None, 10, 3)", out: "(None, 23, 4)", weights: "kernel(5, 4, 3) bias(4,)", params: 64},
		{name: "conv3d_transpose", class: "Conv3DTranspose", cfg: `{"filters": 4, "kernel_size": 3, "strides": 2}`,
			in: "(None, 5, 6, 7, 2)", out: "(None, 11, 13, 15, 4)", weights: "kernel(3, 3, 3, 4, 2) bias(4,)", params: 220},
		// Keras 2 alias Deconvolution2D = Conv2DTranspose: output_shape is dropped, shape computed.
		{name: "k2_deconv_alias", class: "Deconvolution2D", dialect: graph.Keras2, cfg: `{"filters": 3, "kernel_size": [3, 3], "strides": [2, 2], "output_shape": [null, 99, 99, 3]}`,
			in: "(None, 12, 12, 3)", out: "(None, 25, 25, 3)", weights: "kernel(3, 3, 3, 3) bias(3,)", params: 84},
		// K1 Deconvolution2D docstring: Deconvolution2D(3, 3, 3, output_shape=(None, 3, 25, 25), subsample=(2, 2),
		// border_mode='valid', input_shape=(3, 12, 12)) (th) -> (None, 3, 25, 25); kernel is Convolution2D's.
		{name: "k1_deconv_th", class: "Deconvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [null, 3, 25, 25], "subsample": [2, 2], "border_mode": "valid", "dim_ordering": "th"}`,
			in: "(None, 3, 12, 12)", out: "(None, 3, 25, 25)", weights: "kernel(3, 3, 3, 3) bias(3,)", params: 84},
		// reference keras-summary.md §6: output_shape (None, 14, 14, 3) (tf) is printed as is, whatever the formula.
		{name: "k1_deconv_tf", class: "Deconvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [null, 14, 14, 3], "border_mode": "valid", "dim_ordering": "tf"}`,
			in: "(None, 12, 12, 8)", out: "(None, 14, 14, 3)", weights: "kernel(3, 3, 8, 3) bias(3,)", params: 219},

		// Keras 1.2 / tf.keras "full": L*s - (s + k - 2) = 1 - 2 < 1 (TFK utils/conv_utils.py deconv_output_length).
		{name: "full", class: "Conv2DTranspose", cfg: `{"filters": 2, "kernel_size": 3, "padding": "full", "strides": 2}`,
			in: "(None, 4, 4, 1)", out: "(None, 5, 5, 2)", weights: "kernel(3, 3, 2, 1) bias(2,)", params: 20},
		{name: "err_full_empty", class: "Conv2DTranspose", cfg: `{"filters": 2, "kernel_size": 3, "padding": "full"}`,
			in: "(None, 1, 4, 1)", err: `kernel 3x3 with strides (1, 1) and padding="full" gives an empty output on input 1x4`},
		{name: "err_output_padding", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3, "strides": 2, "output_padding": 2}`,
			in: "(None, 5, 5, 3)", err: "output_padding (2, 2) must be >= 0 and smaller than strides (2, 2)"},
		{name: "err_k1_output_shape", class: "Deconvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [14, 14, 3]}`,
			in: "(None, 12, 12, 8)", err: "output_shape must have 4 entries (batch included), got [14.0, 14.0, 3.0]"},
		{name: "err_channels", class: "Conv2DTranspose", cfg: `{"filters": 8, "kernel_size": 3}`,
			in: "(None, 5, 5, None)", err: "channel dimension of the input must be known"},
	})
}

func TestSeparableDepthwise(t *testing.T) {
	runFamCases(t, []famCase{
		// K3 base_separable_conv.py build: depthwise (k, k, in, dm), pointwise (1, 1, in*dm, filters), bias (filters).
		{name: "separable2d", class: "SeparableConv2D", dialect: graph.Keras3, cfg: `{"filters": 32, "kernel_size": 3, "depth_multiplier": 2}`,
			in: "(None, 28, 28, 3)", out: "(None, 26, 26, 32)", weights: "depthwise_kernel(3, 3, 3, 2) pointwise_kernel(1, 1, 6, 32) bias(32,)", params: 278},
		{name: "separable2d_same", class: "SeparableConv2D", cfg: `{"filters": 32, "kernel_size": [3, 3], "strides": [2, 2], "padding": "same", "use_bias": false}`,
			in: "(None, 28, 27, 3)", out: "(None, 14, 14, 32)", weights: "depthwise_kernel(3, 3, 3, 1) pointwise_kernel(1, 1, 3, 32)", params: 123},
		{name: "separable1d", class: "SeparableConv1D", dialect: graph.TFKeras, cfg: `{"filters": 16, "kernel_size": 5, "depth_multiplier": 3, "padding": "causal"}`,
			in: "(None, 50, 4)", out: "(None, 50, 16)", weights: "depthwise_kernel(5, 4, 3) pointwise_kernel(1, 12, 16) bias(16,)", params: 268},
		// K1 SeparableConvolution2D (convolutional.py:939-950), "th": depthwise (dm, in, rows, cols), pointwise (nb_filter, in*dm, 1, 1).
		{name: "k1_separable_th", class: "SeparableConvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 16, "nb_row": 3, "nb_col": 3, "depth_multiplier": 2, "subsample": [1, 1], "border_mode": "valid", "dim_ordering": "th"}`,
			in: "(None, 3, 10, 10)", out: "(None, 16, 8, 8)", weights: "depthwise_kernel(2, 3, 3, 3) pointwise_kernel(16, 6, 1, 1) bias(16,)", params: 166},
		{name: "k1_separable_tf", class: "SeparableConvolution2D", dialect: graph.Keras1, cfg: `{"nb_filter": 16, "nb_row": 3, "nb_col": 3, "depth_multiplier": 2, "dim_ordering": "tf"}`,
			in: "(None, 10, 10, 3)", out: "(None, 8, 8, 16)", weights: "depthwise_kernel(3, 3, 3, 2) pointwise_kernel(1, 1, 6, 16) bias(16,)", params: 166},
		// tfjs_tm_131 MobileNetV2: expanded_conv_depthwise 3x3 same, no bias: depthwise_kernel [3, 3, 16, 1];
		// block_1_depthwise 3x3 s2 valid on the 113x113x48 padded map: [3, 3, 48, 1], 56x56.
		{name: "mobilenet_dw_same", class: "DepthwiseConv2D", dialect: graph.TFKeras, cfg: `{"kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "depth_multiplier": 1, "use_bias": false, "data_format": "channels_last", "dilation_rate": [1, 1]}`,
			in: "(None, 112, 112, 16)", out: "(None, 112, 112, 16)", weights: "depthwise_kernel(3, 3, 16, 1)", params: 144},
		{name: "mobilenet_dw_valid", class: "DepthwiseConv2D", dialect: graph.TFKeras, cfg: `{"kernel_size": [3, 3], "strides": [2, 2], "padding": "valid", "depth_multiplier": 1, "use_bias": false, "data_format": "channels_last", "dilation_rate": [1, 1]}`,
			in: "(None, 113, 113, 48)", out: "(None, 56, 56, 48)", weights: "depthwise_kernel(3, 3, 48, 1)", params: 432},
		// K3 base_depthwise_conv.py: the kernel is named "kernel"; bias (in*dm); output channels in*dm.
		{name: "depthwise_k3", class: "DepthwiseConv2D", dialect: graph.Keras3, cfg: `{"kernel_size": 3, "depth_multiplier": 2}`,
			in: "(None, 28, 28, 3)", out: "(None, 26, 26, 6)", weights: "kernel(3, 3, 3, 2) bias(6,)", params: 60},
		{name: "depthwise_cf", class: "DepthwiseConv2D", dialect: graph.TFKeras, cfg: `{"kernel_size": 3, "depth_multiplier": 2, "data_format": "channels_first", "dilation_rate": 2}`,
			in: "(None, 3, 10, 11)", out: "(None, 6, 6, 7)", weights: "depthwise_kernel(3, 3, 3, 2) bias(6,)", params: 60},
		{name: "depthwise1d", class: "DepthwiseConv1D", dialect: graph.Keras3, cfg: `{"kernel_size": 4, "depth_multiplier": 3, "strides": 2}`,
			in: "(None, 20, 5)", out: "(None, 9, 15)", weights: "kernel(4, 5, 3) bias(15,)", params: 75},

		{name: "err_dm", class: "DepthwiseConv2D", cfg: `{"kernel_size": 3, "depth_multiplier": 0}`, in: "(None, 8, 8, 3)",
			err: "depth_multiplier must be positive, got 0"},
		{name: "err_small", class: "SeparableConv2D", cfg: `{"filters": 4, "kernel_size": [5, 2]}`, in: "(None, 4, 8, 3)",
			err: `kernel 5x2 larger than input 4x8 with padding="valid"`},
		{name: "err_causal", class: "DepthwiseConv1D", cfg: `{"kernel_size": 3, "padding": "causal"}`, in: "(None, 8, 3)",
			err: `padding="causal" is not supported by DepthwiseConv1D`},
	})
}

func TestLocallyConnected(t *testing.T) {
	runFamCases(t, []famCase{
		// TFK locally_connected/locally_connected1d.py build, implementation 1: kernel (out_len, k*in, filters), bias (out_len, filters).
		// Docstring: LocallyConnected1D(64, 3) on (10, 32) -> (None, 8, 64).
		{name: "lc1d", class: "LocallyConnected1D", dialect: graph.TFKeras, cfg: `{"filters": 64, "kernel_size": 3}`,
			in: "(None, 10, 32)", out: "(None, 8, 64)", weights: "kernel(8, 96, 64) bias(8, 64)", params: 49664},
		// TFK locally_connected2d.py docstring: LocallyConnected2D(64, (3, 3)) on (32, 32, 3) -> (None, 30, 30, 64),
		// "(30*30)*(3*3*3*64) + (30*30)*64" parameters = 1,612,800.
		{name: "lc2d_docstring", class: "LocallyConnected2D", dialect: graph.TFKeras, cfg: `{"filters": 64, "kernel_size": [3, 3]}`,
			in: "(None, 32, 32, 3)", out: "(None, 30, 30, 64)", weights: "kernel(900, 27, 64) bias(30, 30, 64)", params: 1612800},
		// K1 local.py: nb_filter, nb_row, nb_col, subsample; same layout.
		{name: "k1_lc2d", class: "LocallyConnected2D", dialect: graph.Keras1, cfg: `{"nb_filter": 4, "nb_row": 3, "nb_col": 3, "subsample": [2, 2], "dim_ordering": "tf"}`,
			in: "(None, 9, 8, 2)", out: "(None, 4, 3, 4)", weights: "kernel(12, 18, 4) bias(4, 3, 4)", params: 912},
		{name: "lc1d_cf", class: "LocallyConnected1D", cfg: `{"filters": 4, "kernel_size": 3, "strides": 2, "data_format": "channels_first"}`,
			in: "(None, 2, 9)", out: "(None, 4, 4)", weights: "kernel(4, 6, 4) bias(4, 4)", params: 112},
		// implementation 2: dense masked kernel (in_len, in, out_len, filters).
		{name: "lc1d_impl2", class: "LocallyConnected1D", cfg: `{"filters": 4, "kernel_size": 3, "implementation": 2, "padding": "same"}`,
			in: "(None, 5, 2)", out: "(None, 5, 4)", weights: "kernel(5, 2, 5, 4) bias(5, 4)", params: 220},
		// implementation 2, channels_first 2D: (in_ch, in_h, in_w, filters, out_h, out_w).
		{name: "lc2d_impl2_cf", class: "LocallyConnected2D", cfg: `{"filters": 4, "kernel_size": 2, "implementation": 2, "data_format": "channels_first"}`,
			in: "(None, 2, 3, 3)", out: "(None, 4, 2, 2)", weights: "kernel(2, 3, 3, 4, 2, 2) bias(2, 2, 4)", params: 304},
		// implementation 3: one weight per connection (TFK conv_utils.conv_kernel_idxs). Same padding, L=5, k=3, s=1:
		// windows [0,2) [0,3) [1,4) [2,5) [3,5) -> 2+3+3+3+2 = 13 positions; x in 2 x filters 4 = 104.
		{name: "lc1d_impl3_same", class: "LocallyConnected1D", cfg: `{"filters": 4, "kernel_size": 3, "implementation": 3, "padding": "same"}`,
			in: "(None, 5, 2)", out: "(None, 5, 4)", weights: "kernel(104,) bias(5, 4)", params: 124},
		// valid: out_len*k per axis: (3*2)*(2*2)*in 1*filters 2 = 48.
		{name: "lc2d_impl3_valid", class: "LocallyConnected2D", cfg: `{"filters": 2, "kernel_size": 2, "implementation": 3}`,
			in: "(None, 4, 3, 1)", out: "(None, 3, 2, 2)", weights: "kernel(48,) bias(3, 2, 2)", params: 60},

		{name: "err_same_impl1", class: "LocallyConnected1D", cfg: `{"filters": 4, "kernel_size": 3, "padding": "same"}`,
			in: "(None, 5, 2)", err: "implementation"},
		{name: "err_unknown_len", class: "LocallyConnected1D", cfg: `{"filters": 4, "kernel_size": 3}`,
			in: "(None, None, 2)", err: "needs known spatial input dims"},
		{name: "err_small", class: "LocallyConnected2D", cfg: `{"filters": 4, "kernel_size": 3}`,
			in: "(None, 2, 5, 2)", err: `kernel 3x3 larger than input 2x5 with padding="valid"`},
	})
}

// TestLocalConnectionsBrute checks the implementation-3 connection count
// against a direct transcription of conv_utils.conv_connected_inputs.
func TestLocalConnectionsBrute(t *testing.T) {
	for in := int64(1); in <= 12; in++ {
		for k := int64(1); k <= 6; k++ {
			for s := int64(1); s <= 4; s++ {
				for _, pad := range []string{"valid", "same"} {
					var out int64
					if pad == "same" {
						out = (in + s - 1) / s
					} else {
						if in < k {
							continue
						}
						out = (in-k)/s + 1
					}
					var want int64
					for o := int64(0); o < out; o++ {
						left, right := k/2, k-k/2
						center := o * s
						if pad == "valid" {
							center += left
						}
						start, end := max(0, center-left), min(in, center+right)
						if end > start {
							want += end - start
						}
					}
					if got := localConnections(in, k, s, out, pad); got != want {
						t.Errorf("in=%d k=%d s=%d %s: %d, want %d", in, k, s, pad, got, want)
					}
				}
			}
		}
	}
}
