package kerash5

import (
	"regexp"
	"strings"
	"sync"

	"github.com/netsum/netsum/internal/graph"
	"github.com/netsum/netsum/internal/kerasmodel"
)

// knownClasses are Keras layer classes (Keras 1, 2, tf.keras, 3) used to
// guess a layer's class from its default name in weights-only files, where
// no config says it: "conv2d_3" → Conv2D, "convolution2d_1" →
// Convolution2D, Keras 3 group "batch_normalization_2" → BatchNormalization.
var knownClasses = []string{
	"InputLayer", "Dense", "Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector",
	"Lambda", "Masking", "Embedding", "EinsumDense", "Identity",
	"Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
	"SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
	"MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
	"GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
	"GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
	"UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
	"Cropping1D", "Cropping2D", "Cropping3D",
	"SimpleRNN", "GRU", "LSTM", "CuDNNGRU", "CuDNNLSTM", "Bidirectional", "TimeDistributed", "RNN",
	"BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization", "Normalization",
	"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
	"ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax",
	"GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
	"ActivityRegularization", "MultiHeadAttention", "Attention", "AdditiveAttention",
	"Rescaling", "Resizing", "CenterCrop", "StringLookup", "IntegerLookup", "TextVectorization",
	"Sequential", "Functional", "Model",
	// Keras 1 names.
	"Convolution1D", "Convolution2D", "Convolution3D", "Deconvolution2D", "AtrousConvolution2D", "Merge",
	"MaxoutDense", "Highway", "TimeDistributedDense",
}

// classByName is built on first use: start-up of every netsum command
// should not pay for it.
var classByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range knownClasses {
		for _, k := range []string{SnakeCase(c), strings.ToLower(c)} {
			if _, dup := m[k]; !dup {
				m[k] = c
			}
		}
	}
	return m
})

var numSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`_\d+$`) })

// GuessClass returns the class a default layer name implies, or "?".
func GuessClass(name string) string {
	base := numSuffix().ReplaceAllString(name, "")
	if base == "input" || base == "input_layer" || strings.HasSuffix(base, "_input") {
		return "InputLayer" // input_1, input_layer, tf.keras' implicit conv2d_input
	}
	if c, ok := classByName()[base]; ok {
		return c
	}
	if c, ok := classByName()[name]; ok {
		return c
	}
	return "?"
}

// SnakeCase is keras.src.utils.naming.to_snake_case, which Keras 3 uses
// to name the group of each layer in model.weights.h5.
func SnakeCase(name string) string { return kerasmodel.Snake(name, graph.Keras3) }
