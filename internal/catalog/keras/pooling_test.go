package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// Sources as in TestConv (conv_test.go).
func TestPooling(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md (Keras 3): MaxPooling2D(3) on (None, 24, 24, 32) -> (None, 8, 8, 32).
		{name: "guide_maxpool3", class: "MaxPooling2D", dialect: graph.Keras3, cfg: `{"pool_size": 3}`,
			in: "(None, 24, 24, 32)", out: "(None, 8, 8, 32)"},
		// functional_api.md toy ResNet: MaxPooling2D(3) on (None, 28, 28, 64) -> (None, 9, 9, 64).
		{name: "guide_maxpool_floor", class: "MaxPooling2D", cfg: `{"pool_size": [3, 3], "strides": [3, 3], "padding": "valid", "data_format": "channels_last"}`,
			in: "(None, 28, 28, 64)", out: "(None, 9, 9, 64)"},
		// sequential_model.md: MaxPooling2D(3) on (None, 121, 121, 32) -> (None, 40, 40, 32).
		{name: "guide_maxpool_121", class: "MaxPooling2D", cfg: `{"pool_size": 3}`,
			in: "(None, 121, 121, 32)", out: "(None, 40, 40, 32)"},
		// intro_to_keras_for_engineers.md: MaxPooling2D(pool_size=(2, 2)) on (None, 24, 24, 64) -> (None, 12, 12, 64).
		{name: "guide_maxpool2", class: "MaxPooling2D", cfg: `{"pool_size": [2, 2]}`,
			in: "(None, 24, 24, 64)", out: "(None, 12, 12, 64)"},
		// Default pool_size 2 and aliases (K3 max_pooling2d.py, TFK pooling/max_pooling2d.py: MaxPool2D = MaxPooling2D).
		{name: "alias_default", class: "MaxPool2D", cfg: `{}`, in: "(None, 7, 9, 3)", out: "(None, 3, 4, 3)"},
		{name: "same", class: "AvgPool2D", cfg: `{"pool_size": [3, 2], "strides": [2, 2], "padding": "same"}`,
			in: "(None, 7, 9, 3)", out: "(None, 4, 5, 3)"},
		{name: "strides_1", class: "AveragePooling2D", cfg: `{"pool_size": 3, "strides": 1}`,
			in: "(None, 10, 7, 4)", out: "(None, 8, 5, 4)"},
		{name: "channels_first", class: "MaxPooling2D", cfg: `{"pool_size": 2, "padding": "same", "data_format": "channels_first"}`,
			in: "(None, 4, 7, 9)", out: "(None, 4, 4, 5)"},
		{name: "none_dim", class: "MaxPooling2D", cfg: `{"pool_size": 2}`,
			in: "(None, None, 9, 3)", out: "(None, None, 4, 3)"},
		// 1D: Keras 2/3 pool_size [3]; strides default to pool_size.
		{name: "1d", class: "MaxPooling1D", cfg: `{"pool_size": [3], "strides": null, "padding": "valid"}`,
			in: "(None, 10, 4)", out: "(None, 3, 4)"},
		{name: "1d_same", class: "MaxPool1D", cfg: `{"pool_size": 3, "strides": 2, "padding": "same"}`,
			in: "(None, 10, 4)", out: "(None, 5, 4)"},
		{name: "1d_channels_first", class: "AveragePooling1D", cfg: `{"pool_size": 2, "data_format": "channels_first"}`,
			in: "(None, 4, 10)", out: "(None, 4, 5)"},
		// K1 pooling.py _Pooling1D: pool_length, stride (None -> pool_length), border_mode.
		{name: "k1_1d", class: "MaxPooling1D", dialect: graph.Keras1, cfg: `{"pool_length": 4, "stride": null, "border_mode": "valid"}`,
			in: "(None, 17, 8)", out: "(None, 4, 8)"},
		{name: "k1_1d_stride", class: "AveragePooling1D", dialect: graph.Keras1, cfg: `{"pool_length": 4, "stride": 2, "border_mode": "same"}`,
			in: "(None, 17, 8)", out: "(None, 9, 8)"},
		// K1 _Pooling2D: dim_ordering "th"; reference keras-summary.md §4.1: MaxPooling2D((2,2)) on 26x26x32 -> 13x13x32.
		{name: "k1_2d", class: "MaxPooling2D", dialect: graph.Keras1, cfg: `{"pool_size": [2, 2], "strides": [2, 2], "border_mode": "valid", "dim_ordering": "tf"}`,
			in: "(None, 26, 26, 32)", out: "(None, 13, 13, 32)"},
		{name: "k1_2d_th", class: "MaxPooling2D", dialect: graph.Keras1, cfg: `{"pool_size": [2, 2], "strides": null, "border_mode": "valid", "dim_ordering": "th"}`,
			in: "(None, 32, 26, 25)", out: "(None, 32, 13, 12)"},
		{name: "3d", class: "MaxPooling3D", cfg: `{"pool_size": [2, 2, 2]}`,
			in: "(None, 5, 6, 7, 2)", out: "(None, 2, 3, 3, 2)"},
		{name: "3d_same", class: "AvgPool3D", cfg: `{"pool_size": [2, 3, 1], "strides": [1, 2, 3], "padding": "same"}`,
			in: "(None, 5, 6, 7, 2)", out: "(None, 5, 3, 3, 2)"},
		{name: "3d_cf", class: "AveragePooling3D", cfg: `{"pool_size": 2, "data_format": "channels_first"}`,
			in: "(None, 2, 5, 6, 7)", out: "(None, 2, 2, 3, 3)"},

		// K3 compute_pooling_output_shape raises "Computed output size would be zero or negative".
		{name: "err_small", class: "MaxPooling2D", cfg: `{"pool_size": 3}`, in: "(None, 2, 5, 1)",
			err: `pool size 3x3 larger than input 2x5 with padding="valid"`},
		{name: "err_rank", class: "MaxPooling2D", cfg: `{}`, in: "(None, 5, 5)",
			err: "expected input of rank 4 (batch included), got shape (None, 5, 5)"},
		{name: "err_padding", class: "MaxPooling1D", cfg: `{"padding": "causal"}`, in: "(None, 5, 5)",
			err: `padding: expected "valid" or "same", got "causal"`},
		{name: "err_pool", class: "MaxPooling2D", cfg: `{"pool_size": [2, 0]}`, in: "(None, 5, 5, 1)",
			err: "pool_size must be positive, got (2, 0)"},
		{name: "err_pool_len", class: "MaxPooling2D", cfg: `{"pool_size": [2, 2, 2]}`, in: "(None, 5, 5, 1)",
			err: "pool_size: expected 2 integers"},
	})
}

func TestGlobalPooling(t *testing.T) {
	runFamCases(t, []famCase{
		// functional_api.md: GlobalMaxPooling2D on (None, 4, 4, 16) -> (None, 16).
		{name: "guide_gmp", class: "GlobalMaxPooling2D", dialect: graph.Keras3, cfg: `{}`,
			in: "(None, 4, 4, 16)", out: "(None, 16)"},
		// intro_to_keras_for_engineers.md: GlobalAveragePooling2D on (None, 8, 8, 128) -> (None, 128).
		{name: "guide_gap", class: "GlobalAveragePooling2D", cfg: `{"data_format": "channels_last", "keepdims": false}`,
			in: "(None, 8, 8, 128)", out: "(None, 128)"},
		// K3 base_global_pooling.py compute_output_shape: keepdims keeps the spatial axes as 1.
		{name: "keepdims", class: "GlobalAveragePooling2D", cfg: `{"keepdims": true}`,
			in: "(None, 8, 8, 128)", out: "(None, 1, 1, 128)"},
		{name: "keepdims_cf", class: "GlobalMaxPool3D", cfg: `{"keepdims": true, "data_format": "channels_first"}`,
			in: "(None, 5, 8, 8, 2)", out: "(None, 5, 1, 1, 1)"},
		{name: "cf", class: "GlobalMaxPooling2D", cfg: `{"data_format": "channels_first"}`,
			in: "(None, 3, 10, 4)", out: "(None, 3)"},
		{name: "1d", class: "GlobalAveragePooling1D", cfg: `{}`, in: "(None, None, 4)", out: "(None, 4)"},
		{name: "1d_alias", class: "GlobalAvgPool1D", cfg: `{"data_format": "channels_first"}`, in: "(None, 6, 4)", out: "(None, 6)"},
		{name: "k1_th", class: "GlobalAveragePooling2D", dialect: graph.Keras1, cfg: `{"dim_ordering": "th"}`,
			in: "(None, 64, 7, 7)", out: "(None, 64)"},
		{name: "3d", class: "GlobalAveragePooling3D", cfg: `{}`, in: "(None, 5, 8, 8, 2)", out: "(None, 2)"},
		{name: "gmp1d", class: "GlobalMaxPool1D", cfg: `{"keepdims": true}`, in: "(None, 5, 2)", out: "(None, 1, 2)"},
		{name: "err_rank", class: "GlobalMaxPooling2D", cfg: `{}`, in: "(None, 5, 2)",
			err: "expected input of rank 4 (batch included), got shape (None, 5, 2)"},
	})
}

func TestAdaptivePooling(t *testing.T) {
	runFamCases(t, []famCase{
		// K3 (3.13+) base_adaptive_pooling.py compute_output_shape: (batch, *output_size, channels).
		{name: "2d", class: "AdaptiveAveragePooling2D", dialect: graph.Keras3, cfg: `{"output_size": [7, 7], "data_format": "channels_last"}`,
			in: "(None, 33, 35, 64)", out: "(None, 7, 7, 64)"},
		{name: "2d_int_cf", class: "AdaptiveMaxPooling2D", cfg: `{"output_size": 4, "data_format": "channels_first"}`,
			in: "(None, 64, None, None)", out: "(None, 64, 4, 4)"},
		{name: "1d", class: "AdaptiveMaxPooling1D", cfg: `{"output_size": [5]}`, in: "(None, 100, 3)", out: "(None, 5, 3)"},
		{name: "3d", class: "AdaptiveAveragePooling3D", cfg: `{"output_size": [1, 2, 3]}`, in: "(None, 8, 8, 8, 2)", out: "(None, 1, 2, 3, 2)"},
		{name: "err_missing", class: "AdaptiveAveragePooling2D", cfg: `{}`, in: "(None, 8, 8, 2)",
			err: "missing required argument output_size"},
	})
}
