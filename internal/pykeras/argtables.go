package pykeras

import (
	"strings"
)

// Positional parameters of the layer constructors, from the signatures in
// keras@2.3.1:keras/layers, tf.keras 2.15 and keras@v3 (modernArgs), and
// keras@1.1.1:keras/layers (keras1Args, see shared/reference §6). Keywords
// are taken as they are; these tables only say which name the n-th
// positional argument has. A class absent from a table takes keywords
// only.

// modernArgs and keras1Args are parsed from these by setup.
const modernArgsTable = `
InputLayer: input_shape batch_size dtype input_tensor sparse name ragged
Dense: units activation use_bias kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer kernel_constraint bias_constraint
EinsumDense: equation output_shape activation bias_axes kernel_initializer bias_initializer
Activation: activation
Dropout: rate noise_shape seed
SpatialDropout1D: rate
SpatialDropout2D: rate data_format
SpatialDropout3D: rate data_format
GaussianNoise: stddev seed
GaussianDropout: rate seed
AlphaDropout: rate noise_shape seed
ActivityRegularization: l1 l2
Masking: mask_value
Flatten: data_format
Reshape: target_shape
Permute: dims
RepeatVector: n
Lambda: function output_shape mask arguments
Conv1D: filters kernel_size strides padding data_format dilation_rate groups activation use_bias kernel_initializer bias_initializer
Conv2D: filters kernel_size strides padding data_format dilation_rate groups activation use_bias kernel_initializer bias_initializer
Conv3D: filters kernel_size strides padding data_format dilation_rate groups activation use_bias kernel_initializer bias_initializer
Conv1DTranspose: filters kernel_size strides padding output_padding data_format dilation_rate activation use_bias
Conv2DTranspose: filters kernel_size strides padding output_padding data_format dilation_rate activation use_bias
Conv3DTranspose: filters kernel_size strides padding output_padding data_format dilation_rate activation use_bias
SeparableConv1D: filters kernel_size strides padding data_format dilation_rate depth_multiplier activation use_bias
SeparableConv2D: filters kernel_size strides padding data_format dilation_rate depth_multiplier activation use_bias
DepthwiseConv1D: kernel_size strides padding depth_multiplier data_format dilation_rate activation use_bias
DepthwiseConv2D: kernel_size strides padding depth_multiplier data_format dilation_rate activation use_bias
LocallyConnected1D: filters kernel_size strides padding data_format activation use_bias
LocallyConnected2D: filters kernel_size strides padding data_format activation use_bias
ConvLSTM1D: filters kernel_size strides padding data_format dilation_rate activation recurrent_activation
ConvLSTM2D: filters kernel_size strides padding data_format dilation_rate activation recurrent_activation
ConvLSTM3D: filters kernel_size strides padding data_format dilation_rate activation recurrent_activation
Cropping1D: cropping
Cropping2D: cropping data_format
Cropping3D: cropping data_format
ZeroPadding1D: padding
ZeroPadding2D: padding data_format
ZeroPadding3D: padding data_format
UpSampling1D: size
UpSampling2D: size data_format interpolation
UpSampling3D: size data_format
MaxPooling1D: pool_size strides padding data_format
MaxPooling2D: pool_size strides padding data_format
MaxPooling3D: pool_size strides padding data_format
AveragePooling1D: pool_size strides padding data_format
AveragePooling2D: pool_size strides padding data_format
AveragePooling3D: pool_size strides padding data_format
GlobalMaxPooling1D: data_format keepdims
GlobalMaxPooling2D: data_format keepdims
GlobalMaxPooling3D: data_format keepdims
GlobalAveragePooling1D: data_format keepdims
GlobalAveragePooling2D: data_format keepdims
GlobalAveragePooling3D: data_format keepdims
AdaptiveMaxPooling1D: output_size data_format
AdaptiveMaxPooling2D: output_size data_format
AdaptiveMaxPooling3D: output_size data_format
AdaptiveAveragePooling1D: output_size data_format
AdaptiveAveragePooling2D: output_size data_format
AdaptiveAveragePooling3D: output_size data_format
BatchNormalization: axis momentum epsilon center scale beta_initializer gamma_initializer moving_mean_initializer moving_variance_initializer
LayerNormalization: axis epsilon center scale beta_initializer gamma_initializer
GroupNormalization: groups axis epsilon center scale
UnitNormalization: axis
RMSNormalization: axis epsilon
Embedding: input_dim output_dim embeddings_initializer embeddings_regularizer activity_regularizer embeddings_constraint mask_zero input_length
SimpleRNN: units activation use_bias kernel_initializer recurrent_initializer bias_initializer
LSTM: units activation recurrent_activation use_bias kernel_initializer recurrent_initializer bias_initializer unit_forget_bias
GRU: units activation recurrent_activation use_bias kernel_initializer recurrent_initializer bias_initializer
CuDNNLSTM: units kernel_initializer recurrent_initializer bias_initializer unit_forget_bias
CuDNNGRU: units kernel_initializer recurrent_initializer bias_initializer
SimpleRNNCell: units activation use_bias
LSTMCell: units activation recurrent_activation use_bias
GRUCell: units activation recurrent_activation use_bias
ConvLSTM2DCell: filters kernel_size strides padding data_format dilation_rate
StackedRNNCells: cells
RNN: cell return_sequences return_state go_backwards stateful unroll
Bidirectional: layer merge_mode weights backward_layer
TimeDistributed: layer
Concatenate: axis
Dot: axes normalize
Add:
Subtract:
Multiply:
Average:
Maximum:
Minimum:
LeakyReLU: alpha
PReLU: alpha_initializer alpha_regularizer alpha_constraint shared_axes
ELU: alpha
ThresholdedReLU: theta
Softmax: axis
ReLU: max_value negative_slope threshold
MultiHeadAttention: num_heads key_dim value_dim dropout use_bias output_shape attention_axes
Attention: use_scale score_mode dropout
AdditiveAttention: use_scale dropout
Rescaling: scale offset
Resizing: height width interpolation crop_to_aspect_ratio
CenterCrop: height width
RandomCrop: height width seed
RandomFlip: mode seed
RandomRotation: factor fill_mode interpolation seed fill_value
RandomZoom: height_factor width_factor fill_mode interpolation seed fill_value
RandomTranslation: height_factor width_factor fill_mode interpolation seed fill_value
RandomContrast: factor seed
RandomBrightness: factor value_range seed
RandomHeight: factor interpolation seed
RandomWidth: factor interpolation seed
Normalization: axis mean variance invert
TextVectorization: max_tokens standardize split ngrams output_mode output_sequence_length pad_to_max_tokens vocabulary
StringLookup: max_tokens num_oov_indices mask_token oov_token vocabulary idf_weights encoding invert output_mode
IntegerLookup: max_tokens num_oov_indices mask_token oov_token output_mode sparse pad_to_max_tokens vocabulary
CategoryEncoding: num_tokens output_mode sparse
Hashing: num_bins mask_value salt output_mode sparse
Discretization: bin_boundaries num_bins epsilon output_mode sparse
HashedCrossing: num_bins output_mode sparse
Highway: init transform_bias activation
MaxoutDense: output_dim nb_feature init
`

const keras1ArgsTable = `
InputLayer: input_shape batch_input_shape input_dtype input_tensor sparse name
Dense: output_dim init activation weights W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias input_dim
TimeDistributedDense: output_dim init activation weights W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias input_dim input_length
MaxoutDense: output_dim nb_feature init weights W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias input_dim
Highway: init transform_bias activation weights W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias input_dim
Activation: activation
Dropout: p
SpatialDropout1D: p
SpatialDropout2D: p dim_ordering
SpatialDropout3D: p dim_ordering
GaussianNoise: sigma
GaussianDropout: p
ActivityRegularization: l1 l2
Masking: mask_value
Flatten:
Reshape: target_shape
Permute: dims
RepeatVector: n
Lambda: function output_shape arguments
Convolution1D: nb_filter filter_length init activation weights border_mode subsample_length W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias input_dim input_length
AtrousConvolution1D: nb_filter filter_length init activation weights border_mode subsample_length atrous_rate W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias
Convolution2D: nb_filter nb_row nb_col init activation weights border_mode subsample dim_ordering W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias
AtrousConvolution2D: nb_filter nb_row nb_col init activation weights border_mode subsample atrous_rate dim_ordering W_regularizer b_regularizer activity_regularizer W_constraint b_constraint bias
SeparableConvolution2D: nb_filter nb_row nb_col init activation weights border_mode subsample depth_multiplier dim_ordering
Deconvolution2D: nb_filter nb_row nb_col output_shape init activation weights border_mode subsample dim_ordering
Convolution3D: nb_filter kernel_dim1 kernel_dim2 kernel_dim3 init activation weights border_mode subsample dim_ordering
LocallyConnected1D: nb_filter filter_length init activation weights border_mode subsample_length
LocallyConnected2D: nb_filter nb_row nb_col init activation weights border_mode subsample dim_ordering
UpSampling1D: length
UpSampling2D: size dim_ordering
UpSampling3D: size dim_ordering
ZeroPadding1D: padding
ZeroPadding2D: padding dim_ordering
ZeroPadding3D: padding dim_ordering
Cropping1D: cropping
Cropping2D: cropping dim_ordering
Cropping3D: cropping dim_ordering
MaxPooling1D: pool_length stride border_mode
AveragePooling1D: pool_length stride border_mode
MaxPooling2D: pool_size strides border_mode dim_ordering
AveragePooling2D: pool_size strides border_mode dim_ordering
MaxPooling3D: pool_size strides border_mode dim_ordering
AveragePooling3D: pool_size strides border_mode dim_ordering
GlobalMaxPooling1D:
GlobalAveragePooling1D:
GlobalMaxPooling2D: dim_ordering
GlobalAveragePooling2D: dim_ordering
GlobalMaxPooling3D: dim_ordering
GlobalAveragePooling3D: dim_ordering
BatchNormalization: epsilon mode axis momentum weights beta_init gamma_init gamma_regularizer beta_regularizer
Embedding: input_dim output_dim init input_length W_regularizer activity_regularizer W_constraint mask_zero weights dropout
SimpleRNN: output_dim init inner_init activation W_regularizer U_regularizer b_regularizer dropout_W dropout_U
LSTM: output_dim init inner_init forget_bias_init activation inner_activation W_regularizer U_regularizer b_regularizer dropout_W dropout_U
GRU: output_dim init inner_init activation inner_activation W_regularizer U_regularizer b_regularizer dropout_W dropout_U
ConvLSTM2D: nb_filter nb_row nb_col init inner_init forget_bias_init activation inner_activation dim_ordering border_mode subsample
TimeDistributed: layer
Bidirectional: layer merge_mode weights
Merge: layers mode concat_axis dot_axes output_shape output_mask arguments node_indices tensor_indices name
LeakyReLU: alpha
PReLU: init weights
ELU: alpha
ParametricSoftplus: alpha_init beta_init weights
ThresholdedReLU: theta
SReLU: t_left_init a_left_init t_right_init a_right_init
`

// parseArgTable reads "Class: p1 p2 ..." lines.
func parseArgTable(s string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		class, rest, _ := strings.Cut(line, ":")
		out[strings.TrimSpace(class)] = strings.Fields(rest)
	}
	return out
}

// keras1Names lists the layer classes of keras.layers in Keras 1.1.1
// (besides the catalog's Keras 1 aliases), in the spelling of that
// version.
const keras1NamesList = `
InputLayer Dense TimeDistributedDense MaxoutDense Highway Activation Dropout SpatialDropout1D
SpatialDropout2D SpatialDropout3D GaussianNoise GaussianDropout ActivityRegularization Masking
Flatten Reshape Permute RepeatVector Lambda Convolution1D AtrousConvolution1D Convolution2D
AtrousConvolution2D SeparableConvolution2D Deconvolution2D Convolution3D LocallyConnected1D
LocallyConnected2D UpSampling1D UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D
ZeroPadding3D Cropping1D Cropping2D Cropping3D MaxPooling1D AveragePooling1D MaxPooling2D
AveragePooling2D MaxPooling3D AveragePooling3D GlobalMaxPooling1D GlobalAveragePooling1D
GlobalMaxPooling2D GlobalAveragePooling2D GlobalMaxPooling3D GlobalAveragePooling3D
BatchNormalization Embedding SimpleRNN LSTM GRU ConvLSTM2D TimeDistributed Bidirectional Merge
LeakyReLU PReLU ELU ParametricSoftplus ThresholdedReLU SReLU`

// keras1Only are classes that later versions dropped (Keras 2 kept some in
// keras.legacy); Keras 3 and tf.keras do not have them.
var keras1Only = map[string]bool{"Merge": true, "Highway": true, "MaxoutDense": true, "TimeDistributedDense": true,
	"ParametricSoftplus": true, "SReLU": true}

// modernAliases are other names of a class in Keras 2, tf.keras and
// Keras 3 (the printed class is the canonical one).
var modernAliases = map[string]string{
	"Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
	"AtrousConvolution1D": "Conv1D", "AtrousConvolution2D": "Conv2D",
	"Convolution2DTranspose": "Conv2DTranspose", "Convolution3DTranspose": "Conv3DTranspose",
	"Conv1DTranspose": "Conv1DTranspose", "Convolution1DTranspose": "Conv1DTranspose",
	"Deconvolution2D": "Conv2DTranspose", "Deconvolution3D": "Conv3DTranspose", "Deconv2D": "Conv2DTranspose", "Deconv3D": "Conv3DTranspose",
	"SeparableConvolution1D": "SeparableConv1D", "SeparableConvolution2D": "SeparableConv2D",
	"MaxPool1D": "MaxPooling1D", "MaxPool2D": "MaxPooling2D", "MaxPool3D": "MaxPooling3D",
	"AvgPool1D": "AveragePooling1D", "AvgPool2D": "AveragePooling2D", "AvgPool3D": "AveragePooling3D",
	"GlobalMaxPool1D": "GlobalMaxPooling1D", "GlobalMaxPool2D": "GlobalMaxPooling2D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
	"GlobalAvgPool1D": "GlobalAveragePooling1D", "GlobalAvgPool2D": "GlobalAveragePooling2D", "GlobalAvgPool3D": "GlobalAveragePooling3D",
}

// The tables, built by setup on first use.
var (
	modernArgs  map[string][]string
	keras1Args  map[string][]string
	keras1Names []string
)
