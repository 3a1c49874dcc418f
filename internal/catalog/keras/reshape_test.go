package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// Sources as in TestConv (conv_test.go).
func TestReshape(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md (Keras 3): Reshape((4, 4, 1)) on (None, 16) -> (None, 4, 4, 1).
		{name: "guide", class: "Reshape", dialect: graph.Keras3, cfg: `{"target_shape": [4, 4, 1]}`,
			in: "(None, 16)", out: "(None, 4, 4, 1)"},
		// customizing_what_happens_in_fit.md generator: Dense(7*7*128) -> Reshape((7, 7, 128)).
		{name: "guide_gan", class: "Reshape", cfg: `{"target_shape": [7, 7, 128]}`,
			in: "(None, 6272)", out: "(None, 7, 7, 128)"},
		// TFK reshaping/reshape.py _fix_unknown_dimension: one -1 is inferred.
		{name: "infer", class: "Reshape", cfg: `{"target_shape": [4, -1]}`, in: "(None, 16)", out: "(None, 4, 4)"},
		{name: "infer_first", class: "Reshape", cfg: `{"target_shape": [-1, 2, 2]}`, in: "(None, 3, 8)", out: "(None, 6, 2, 2)"},
		// Unknown input dims: -1 becomes None (TFK compute_output_shape; K3 compute_reshape_output_shape).
		{name: "unknown_input", class: "Reshape", cfg: `{"target_shape": [-1, 2]}`, in: "(None, None, 4)", out: "(None, None, 2)"},
		{name: "unknown_no_infer", class: "Reshape", cfg: `{"target_shape": [2, 8]}`, in: "(None, None, 4)", out: "(None, 2, 8)"},
		{name: "none_in_target", class: "Reshape", cfg: `{"target_shape": [null, 4]}`, in: "(None, 3, 4)", out: "(None, None, 4)"},
		{name: "k1", class: "Reshape", dialect: graph.Keras1, cfg: `{"target_shape": [3, 2, 2]}`, in: "(None, 12)", out: "(None, 3, 2, 2)"},
		{name: "scalar_target", class: "Reshape", cfg: `{"target_shape": 12}`, in: "(None, 3, 4)", out: "(None, 12)"},
		{name: "batch_kept", class: "Reshape", cfg: `{"target_shape": [2, 3]}`, in: "(32, 6)", out: "(32, 2, 3)"},

		{name: "err_size", class: "Reshape", cfg: `{"target_shape": [4, 5]}`, in: "(None, 16)",
			err: "cannot reshape input of shape (None, 16) (16 values per sample) into target_shape (4, 5) (20 values)"},
		{name: "err_infer", class: "Reshape", cfg: `{"target_shape": [3, -1]}`, in: "(None, 16)",
			err: "cannot reshape input of shape (None, 16) (16 values per sample) into target_shape (3, -1): 16 is not a multiple of 3"},
		{name: "err_two_infer", class: "Reshape", cfg: `{"target_shape": [-1, -1, 4]}`, in: "(None, 16)",
			err: "target_shape (-1, -1, 4) has more than one -1"},
		{name: "err_negative", class: "Reshape", cfg: `{"target_shape": [-2, 8]}`, in: "(None, 16)",
			err: "target_shape: each dim must be a non-negative integer or -1, got [-2.0, 8.0]"},
		{name: "err_missing", class: "Reshape", cfg: `{}`, in: "(None, 16)", err: "missing required argument target_shape"},
	})
}

func TestPermuteRepeat(t *testing.T) {
	runFamCases(t, []famCase{
		// K3 reshaping/permute.py docstring: Permute((2, 1)) on (None, 10, 64) -> (None, 64, 10).
		{name: "permute", class: "Permute", cfg: `{"dims": [2, 1]}`, in: "(None, 10, 64)", out: "(None, 64, 10)"},
		{name: "permute3", class: "Permute", cfg: `{"dims": [3, 1, 2]}`, in: "(None, 2, None, 4)", out: "(None, 4, 2, None)"},
		{name: "err_permute_dims", class: "Permute", cfg: `{"dims": [0, 1]}`, in: "(None, 10, 64)",
			err: "dims (0, 1) must be a permutation of 1..2"},
		{name: "err_permute_dup", class: "Permute", cfg: `{"dims": [1, 1]}`, in: "(None, 10, 64)",
			err: "dims (1, 1) must be a permutation of 1..2"},
		{name: "err_permute_rank", class: "Permute", cfg: `{"dims": [2, 1]}`, in: "(None, 10, 64, 3)",
			err: "dims (2, 1) expect input of rank 3 (batch included), got shape (None, 10, 64, 3)"},
		// K3 reshaping/repeat_vector.py docstring: RepeatVector(3) on (None, 32) -> (None, 3, 32).
		{name: "repeat", class: "RepeatVector", cfg: `{"n": 3}`, in: "(None, 32)", out: "(None, 3, 32)"},
		{name: "err_repeat_rank", class: "RepeatVector", cfg: `{"n": 3}`, in: "(None, 3, 32)",
			err: "expected input of rank 2 (batch included), got shape (None, 3, 32)"},
		{name: "err_repeat_n", class: "RepeatVector", cfg: `{"n": 0}`, in: "(None, 32)", err: "n must be positive, got 0"},
	})
}

func TestCropping(t *testing.T) {
	runFamCases(t, []famCase{
		// K3 cropping1d.py: default (1, 1); a pair (before, after); an int crops both ends.
		{name: "1d_default", class: "Cropping1D", cfg: `{}`, in: "(None, 10, 3)", out: "(None, 8, 3)"},
		{name: "1d_pair", class: "Cropping1D", cfg: `{"cropping": [2, 3]}`, in: "(None, 10, 3)", out: "(None, 5, 3)"},
		{name: "1d_int", class: "Cropping1D", cfg: `{"cropping": 4}`, in: "(None, 10, 3)", out: "(None, 2, 3)"},
		{name: "1d_none", class: "Cropping1D", cfg: `{"cropping": [2, 3]}`, in: "(None, None, 3)", out: "(None, None, 3)"},
		// K1 convolutional.py Cropping2D docstring: cropping=((2, 2), (4, 4)) on (3, 28, 28) "th" -> (None, 3, 24, 20).
		{name: "k1_2d_th", class: "Cropping2D", dialect: graph.Keras1, cfg: `{"cropping": [[2, 2], [4, 4]], "dim_ordering": "th"}`,
			in: "(None, 3, 28, 28)", out: "(None, 3, 24, 20)"},
		// K3 cropping2d.py docstring: Cropping2D(cropping=((2, 2), (4, 4))) on (28, 28, 3) -> (None, 24, 20, 3).
		{name: "2d", class: "Cropping2D", cfg: `{"cropping": [[2, 2], [4, 4]]}`, in: "(None, 28, 28, 3)", out: "(None, 24, 20, 3)"},
		{name: "2d_default", class: "Cropping2D", cfg: `{}`, in: "(None, 28, 28, 3)", out: "(None, 28, 28, 3)"},
		{name: "2d_int", class: "Cropping2D", cfg: `{"cropping": 1}`, in: "(None, 28, 28, 3)", out: "(None, 26, 26, 3)"},
		{name: "2d_sym", class: "Cropping2D", cfg: `{"cropping": [1, 2]}`, in: "(None, 28, None, 3)", out: "(None, 26, None, 3)"},
		{name: "2d_cf", class: "Cropping2D", cfg: `{"cropping": [[2, 2], [4, 4]], "data_format": "channels_first"}`,
			in: "(None, 3, 28, 28)", out: "(None, 3, 24, 20)"},
		{name: "3d_default", class: "Cropping3D", cfg: `{}`, in: "(None, 5, 6, 7, 2)", out: "(None, 3, 4, 5, 2)"},
		{name: "3d_mixed", class: "Cropping3D", cfg: `{"cropping": [[0, 1], 2, [3, 0]]}`, in: "(None, 5, 6, 7, 2)", out: "(None, 4, 2, 4, 2)"},

		// K3 cropping1d.py/cropping2d.py raise when the crop is not smaller than the dim.
		{name: "err_1d", class: "Cropping1D", cfg: `{"cropping": [3, 3]}`, in: "(None, 6, 3)",
			err: "cropping 3+3 is not smaller than input size 6 on spatial axis 1 (input shape (None, 6, 3))"},
		{name: "err_2d", class: "Cropping2D", cfg: `{"cropping": [[1, 1], [5, 5]]}`, in: "(None, 28, 10, 3)",
			err: "cropping 5+5 is not smaller than input size 10 on spatial axis 2"},
		{name: "err_form", class: "Cropping2D", cfg: `{"cropping": [1, 2, 3]}`, in: "(None, 28, 10, 3)",
			err: "cropping: expected an int, 2 ints or 2 pairs of ints ((top, bottom), (left, right)), got [1.0, 2.0, 3.0]"},
		{name: "err_negative", class: "Cropping1D", cfg: `{"cropping": -1}`, in: "(None, 6, 3)",
			err: "cropping must not be negative"},
	})
}

func TestZeroPadding(t *testing.T) {
	runFamCases(t, []famCase{
		// tfjs_tm_131 MobileNetV2 Conv1_pad: padding [[0, 1], [0, 1]] on 224x224x3 -> 225 (then Conv1 3x3 s2 -> 112).
		{name: "mobilenet_pad", class: "ZeroPadding2D", dialect: graph.TFKeras, cfg: `{"padding": [[0, 1], [0, 1]], "data_format": "channels_last"}`,
			in: "(None, 224, 224, 3)", out: "(None, 225, 225, 3)"},
		// K3 zero_padding2d.py: default (1, 1); int; (sym_h, sym_w).
		{name: "2d_default", class: "ZeroPadding2D", cfg: `{}`, in: "(None, 10, 10, 3)", out: "(None, 12, 12, 3)"},
		{name: "2d_sym", class: "ZeroPadding2D", cfg: `{"padding": [1, 2]}`, in: "(None, 10, 10, 3)", out: "(None, 12, 14, 3)"},
		{name: "2d_int_none", class: "ZeroPadding2D", cfg: `{"padding": 3}`, in: "(None, None, 10, 3)", out: "(None, None, 16, 3)"},
		{name: "2d_cf", class: "ZeroPadding2D", cfg: `{"padding": [[1, 2], [3, 4]], "data_format": "channels_first"}`,
			in: "(None, 3, 10, 10)", out: "(None, 3, 13, 17)"},
		// K1 convolutional.py ZeroPadding2D: 4-tuple (top, bottom, left, right) and dict forms.
		{name: "k1_2d_4tuple", class: "ZeroPadding2D", dialect: graph.Keras1, cfg: `{"padding": [1, 2, 3, 4], "dim_ordering": "tf"}`,
			in: "(None, 10, 10, 3)", out: "(None, 13, 17, 3)"},
		{name: "k1_2d_dict", class: "ZeroPadding2D", dialect: graph.Keras1, cfg: `{"padding": {"top_pad": 1, "left_pad": 2}, "dim_ordering": "th"}`,
			in: "(None, 3, 10, 10)", out: "(None, 3, 11, 12)"},
		{name: "k1_2d_sym", class: "ZeroPadding2D", dialect: graph.Keras1, cfg: `{"padding": [1, 1], "dim_ordering": "tf"}`,
			in: "(None, 224, 224, 3)", out: "(None, 226, 226, 3)"},
		// K1 ZeroPadding1D: int, (left, right), dict {left_pad, right_pad}.
		{name: "1d_default", class: "ZeroPadding1D", cfg: `{}`, in: "(None, 10, 3)", out: "(None, 12, 3)"},
		{name: "1d_pair", class: "ZeroPadding1D", cfg: `{"padding": [2, 0]}`, in: "(None, 10, 3)", out: "(None, 12, 3)"},
		{name: "k1_1d_dict", class: "ZeroPadding1D", dialect: graph.Keras1, cfg: `{"padding": {"right_pad": 5}}`, in: "(None, 10, 3)", out: "(None, 15, 3)"},
		// K3 zero_padding1d.py has a data_format.
		{name: "1d_cf", class: "ZeroPadding1D", dialect: graph.Keras3, cfg: `{"padding": 2, "data_format": "channels_first"}`, in: "(None, 3, 10)", out: "(None, 3, 14)"},
		// K1 ZeroPadding3D: 3-tuple symmetric; K3 adds pairs.
		{name: "3d", class: "ZeroPadding3D", cfg: `{"padding": [1, 2, 3]}`, in: "(None, 5, 6, 7, 2)", out: "(None, 7, 10, 13, 2)"},
		{name: "3d_pairs_cf", class: "ZeroPadding3D", cfg: `{"padding": [[1, 0], [0, 2], [3, 3]], "data_format": "channels_first"}`,
			in: "(None, 2, 5, 6, 7)", out: "(None, 2, 6, 8, 13)"},

		{name: "err_dict_key", class: "ZeroPadding2D", dialect: graph.Keras1, cfg: `{"padding": {"top": 1}}`, in: "(None, 10, 10, 3)",
			err: `padding: unexpected key "top" in {'top': 1.0}`},
		{name: "err_form", class: "ZeroPadding3D", cfg: `{"padding": [1, 2]}`, in: "(None, 5, 6, 7, 2)",
			err: "padding: expected an int, 3 ints or 3 pairs of ints, got [1.0, 2.0]"},
		{name: "err_rank", class: "ZeroPadding2D", cfg: `{}`, in: "(None, 10, 3)",
			err: "expected input of rank 4 (batch included), got shape (None, 10, 3)"},
	})
}

func TestUpSampling(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md (Keras 3): UpSampling2D(3) on (None, 8, 8, 32) -> (None, 24, 24, 32).
		{name: "guide", class: "UpSampling2D", dialect: graph.Keras3, cfg: `{"size": 3}`, in: "(None, 8, 8, 32)", out: "(None, 24, 24, 32)"},
		{name: "2d_default", class: "UpSampling2D", cfg: `{"interpolation": "bilinear"}`, in: "(None, 8, 5, 32)", out: "(None, 16, 10, 32)"},
		{name: "2d_cf_none", class: "UpSampling2D", cfg: `{"size": [2, 3], "data_format": "channels_first"}`, in: "(None, 3, 8, None)", out: "(None, 3, 16, None)"},
		{name: "k1_2d_th", class: "UpSampling2D", dialect: graph.Keras1, cfg: `{"size": [2, 2], "dim_ordering": "th"}`, in: "(None, 3, 8, 9)", out: "(None, 3, 16, 18)"},
		// K1 convolutional.py UpSampling1D(length=2).
		{name: "k1_1d", class: "UpSampling1D", dialect: graph.Keras1, cfg: `{"length": 3}`, in: "(None, 8, 4)", out: "(None, 24, 4)"},
		{name: "1d", class: "UpSampling1D", cfg: `{"size": 2}`, in: "(None, None, 4)", out: "(None, None, 4)"},
		{name: "1d_default", class: "UpSampling1D", cfg: `{}`, in: "(None, 5, 4)", out: "(None, 10, 4)"},
		{name: "3d", class: "UpSampling3D", cfg: `{"size": [1, 2, 3]}`, in: "(None, 2, 3, 4, 5)", out: "(None, 2, 6, 12, 5)"},
		{name: "err_size", class: "UpSampling2D", cfg: `{"size": [2, 0]}`, in: "(None, 8, 5, 32)", err: "size must be positive, got (2, 0)"},
	})
}
