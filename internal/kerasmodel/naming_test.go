package kerasmodel

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

// Expected names from shared/reference/keras-summary.md §5.
func TestSnake(t *testing.T) {
	tests := []struct {
		class string
		d     graph.Dialect
		want  string
	}{
		{"Conv2D", graph.TFKeras, "conv2d"},
		{"MaxPooling2D", graph.TFKeras, "max_pooling2d"},
		{"BatchNormalization", graph.Keras2, "batch_normalization"},
		{"PReLU", graph.TFKeras, "p_re_lu"},
		{"LeakyReLU", graph.TFKeras, "leaky_re_lu"},
		{"ReLU", graph.Keras2, "re_lu"},
		{"ThresholdedReLU", graph.TFKeras, "thresholded_re_lu"},
		{"SimpleRNN", graph.TFKeras, "simple_rnn"},
		{"UpSampling2D", graph.TFKeras, "up_sampling2d"},
		{"ZeroPadding2D", graph.TFKeras, "zero_padding2d"},
		{"Conv2DTranspose", graph.TFKeras, "conv2d_transpose"},
		{"GlobalAveragePooling2D", graph.TFKeras, "global_average_pooling2d"},
		{"RepeatVector", graph.TFKeras, "repeat_vector"},
		{"TimeDistributed", graph.TFKeras, "time_distributed"},
		{"MultiHeadAttention", graph.Keras3, "multi_head_attention"},
		{"CuDNNLSTM", graph.Keras2, "cu_dnnlstm"},
		{"MaxoutDense", graph.Keras2, "maxout_dense"},
		{"ConvLSTM2D", graph.TFKeras, "conv_lst_m2d"},
		{"ConvLSTM2D", graph.Keras3, "conv_lstm2d"},
		{"Conv2D", graph.Keras3, "conv2d"},
		{"MaxPooling2D", graph.Keras3, "max_pooling2d"},
	}
	for _, tt := range tests {
		if got := Snake(tt.class, tt.d); got != tt.want {
			t.Errorf("Snake(%s, %v) = %s, want %s", tt.class, tt.d, got, tt.want)
		}
	}
}

func TestNamer(t *testing.T) {
	k1 := NewNamer(graph.Keras1)
	if got := k1.Layer("Convolution2D"); got != "convolution2d_1" {
		t.Errorf("got %s", got)
	}
	if got := k1.Layer("Convolution2D"); got != "convolution2d_2" {
		t.Errorf("got %s", got)
	}
	if got := k1.SequentialInput(&graph.Layer{Class: "Convolution2D"}); got != "convolution2d_input_1" {
		t.Errorf("got %s", got)
	}
	if got := k1.Model("Sequential"); got != "sequential_1" {
		t.Errorf("got %s", got)
	}
	tf := NewNamer(graph.TFKeras)
	if a, b := tf.Layer("Dense"), tf.Layer("Dense"); a != "dense" || b != "dense_1" {
		t.Errorf("got %s %s", a, b)
	}
	if got := tf.Input(); got != "input_1" {
		t.Errorf("got %s", got)
	}
	k3 := NewNamer(graph.Keras3)
	if a, b := k3.Input(), k3.Input(); a != "input_layer" || b != "input_layer_1" {
		t.Errorf("got %s %s", a, b)
	}
	if got := k3.Model("Functional"); got != "functional" {
		t.Errorf("got %s", got)
	}
}
