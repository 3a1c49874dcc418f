#!/usr/bin/env python3
"""Writes the Keras JSON models of internal/explain/testdata/models: small
models for layer classes the project's oracle fixtures (testdata/tfjs,
testdata/keras) do not cover. They are hand-written configs in the layout
each Keras version saves; their counts are checked by the catalog (every
formula must add up to what the catalog computes) and the explanations by
the golden files. Run from this directory: python3 gen_models.py"""
import json, os

def layer(cls, name, inbound=None, **cfg):
    cfg["name"] = name
    d = {"class_name": cls, "config": cfg, "name": name}
    if inbound is not None:
        d["inbound_nodes"] = [[[i if isinstance(i, list) else [i, 0, 0, {}]][0] for i in inbound]] if inbound else []
    return d

def ref(name, **kw):
    return [name, 0, 0, kw]

def inp(name, shape):
    return {"class_name": "InputLayer", "name": name, "inbound_nodes": [],
            "config": {"batch_input_shape": [None] + shape, "dtype": "float32", "name": name}}

def functional(name, layers, inputs, outputs, version):
    return {"class_name": "Functional" if version.startswith("2.1") else "Model",
            "config": {"name": name, "layers": layers,
                       "input_layers": [[i, 0, 0] for i in inputs],
                       "output_layers": [[o, 0, 0] for o in outputs]},
            "keras_version": version, "backend": "tensorflow"}

def sequential(name, layers, version):
    return {"class_name": "Sequential", "config": {"name": name, "layers": layers},
            "keras_version": version, "backend": "tensorflow"}

def seq_layer(cls, name, **cfg):
    cfg["name"] = name
    return {"class_name": cls, "config": cfg}

models = {}

# Attention: MultiHeadAttention (cross and self), Attention, AdditiveAttention.
models["attention_layers"] = functional("attention", [
    inp("query", [10, 16]),
    inp("memory", [12, 8]),
    layer("MultiHeadAttention", "cross_attention", [ref("query", value=["memory", 0, 0])],
          num_heads=2, key_dim=8, value_dim=None, use_bias=True),
    layer("MultiHeadAttention", "self_attention", [ref("query", value=["query", 0, 0])],
          num_heads=4, key_dim=4, value_dim=6, use_bias=False),
    layer("Add", "add", [ref("cross_attention"), ref("self_attention")]),
    layer("LayerNormalization", "norm", [ref("add")], axis=-1, epsilon=1e-6, center=True, scale=True),
    layer("Dense", "project", [ref("memory")], units=16, use_bias=True),
    layer("Attention", "dot_attention", [ref("norm"), ref("project")], use_scale=True),
    layer("AdditiveAttention", "additive_attention", [ref("norm"), ref("project")], use_scale=True),
    layer("Concatenate", "concat", [ref("dot_attention"), ref("additive_attention")], axis=-1),
], ["query", "memory"], ["concat"], "2.15.0")

# Keras 2.2.4 recurrent layers: GRU without reset_after, CuDNN layers, SimpleRNN.
models["recurrent_keras2"] = sequential("recurrent", [
    seq_layer("GRU", "gru_1", units=16, return_sequences=True, batch_input_shape=[None, 20, 8]),
    seq_layer("CuDNNLSTM", "cu_dnnlstm_1", units=8, return_sequences=True),
    seq_layer("CuDNNGRU", "cu_dnngru_1", units=6, return_sequences=True),
    seq_layer("SimpleRNN", "simple_rnn_1", units=4, return_sequences=False, return_state=False),
    seq_layer("RepeatVector", "repeat_vector_1", n=3),
    seq_layer("GRU", "gru_2", units=5, reset_after=True),
], "2.2.4")

# Keras 1.1.1: BatchNormalization with running_mean/running_std, Highway,
# MaxoutDense, a Merge in a functional model.
models["legacy_keras1"] = {
    "class_name": "Model", "keras_version": "1.1.1",
    "config": {"name": "model_1", "layers": [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 12], "input_dtype": "float32", "sparse": False, "name": "input_1"}},
        {"class_name": "Dense", "name": "dense_1", "inbound_nodes": [[["input_1", 0, 0]]],
         "config": {"name": "dense_1", "output_dim": 10, "input_dim": 12, "bias": True, "activation": "linear", "trainable": True}},
        {"class_name": "BatchNormalization", "name": "batchnormalization_1", "inbound_nodes": [[["dense_1", 0, 0]]],
         "config": {"name": "batchnormalization_1", "mode": 0, "axis": -1, "epsilon": 0.001, "momentum": 0.99, "trainable": True}},
        {"class_name": "Highway", "name": "highway_1", "inbound_nodes": [[["batchnormalization_1", 0, 0]]],
         "config": {"name": "highway_1", "activation": "linear", "bias": True, "trainable": True}},
        {"class_name": "MaxoutDense", "name": "maxoutdense_1", "inbound_nodes": [[["input_1", 0, 0]]],
         "config": {"name": "maxoutdense_1", "output_dim": 10, "nb_feature": 3, "bias": True, "trainable": True}},
        {"class_name": "Merge", "name": "merge_1", "inbound_nodes": [[["highway_1", 0, 0], ["maxoutdense_1", 0, 0]]],
         "config": {"name": "merge_1", "mode": "sum", "mode_type": "raw", "concat_axis": -1}},
        {"class_name": "Activation", "name": "activation_1", "inbound_nodes": [[["merge_1", 0, 0]]],
         "config": {"name": "activation_1", "activation": "tanh", "trainable": True}},
    ], "input_layers": [["input_1", 0, 0]], "output_layers": [["activation_1", 0, 0]]}}

# One-dimensional and unusual convolutions (tf.keras 2.15).
models["conv_extra"] = sequential("conv_extra", [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 32, 4], "dtype": "float32", "name": "signal"}},
    seq_layer("SeparableConv1D", "separable_conv1d", filters=8, kernel_size=[3], strides=[1], padding="valid", depth_multiplier=2, use_bias=True),
    seq_layer("DepthwiseConv1D", "depthwise_conv1d", kernel_size=[3], strides=[1], padding="same", depth_multiplier=1, use_bias=True),
    seq_layer("Conv1D", "grouped_conv1d", filters=8, kernel_size=[3], strides=[2], padding="valid", groups=4, use_bias=True),
    seq_layer("Conv1DTranspose", "conv1d_transpose", filters=4, kernel_size=[3], strides=[2], padding="same", use_bias=True),
    seq_layer("UpSampling1D", "up_sampling1d", size=2),
    seq_layer("ZeroPadding1D", "zero_padding1d", padding=[1, 2]),
    seq_layer("Cropping1D", "cropping1d", cropping=[2, 1]),
    seq_layer("LocallyConnected1D", "locally_connected1d", filters=2, kernel_size=[5], strides=[3], padding="valid", implementation=1, use_bias=True),
    seq_layer("AveragePooling1D", "average_pooling1d", pool_size=[3], strides=[2], padding="same"),
    seq_layer("ActivityRegularization", "activity_regularization", l1=0.01, l2=0.0),
    seq_layer("GlobalMaxPooling1D", "global_max_pooling1d"),
], "2.15.0")

# Images: LocallyConnected2D, SpatialDropout2D, GlobalMaxPooling3D over a
# volume, UnitNormalization, GroupNormalization, Normalization (tf.keras).
models["images_extra"] = sequential("images_extra", [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 12, 12, 3], "dtype": "float32", "name": "image"}},
    seq_layer("Normalization", "normalization", axis=-1),
    seq_layer("Rescaling", "rescaling", scale=0.00392156862745098, offset=0.0),
    seq_layer("LocallyConnected2D", "locally_connected2d", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="valid", implementation=1, use_bias=True),
    seq_layer("SpatialDropout2D", "spatial_dropout2d", rate=0.2),
    seq_layer("GroupNormalization", "group_normalization", groups=2, axis=-1, center=True, scale=True),
    seq_layer("Reshape", "to_volume", target_shape=[2, 5, 10, 4]),
    seq_layer("Conv3D", "conv3d", filters=6, kernel_size=[1, 3, 3], strides=[1, 1, 1], padding="same", use_bias=False),
    seq_layer("GlobalMaxPooling3D", "global_max_pooling3d"),
    seq_layer("UnitNormalization", "unit_normalization", axis=-1),
    seq_layer("Dense", "dense", units=3, use_bias=True),
], "2.15.0")

# Sequences of images and tokens: ConvLSTM1D, EinsumDense, Masking, Lambda.
models["sequence_extra"] = functional("sequence_extra", [
    inp("frames", [5, 16, 3]),
    layer("ConvLSTM1D", "conv_lstm1d", [ref("frames")], filters=4, kernel_size=[3], strides=[1], padding="valid", return_sequences=False, use_bias=True),
    layer("Flatten", "flatten", [ref("conv_lstm1d")]),
    inp("tokens", [7]),
    layer("Embedding", "embedding", [ref("tokens")], input_dim=50, output_dim=6, mask_zero=True),
    layer("Masking", "masking", [ref("embedding")], mask_value=0.0),
    layer("EinsumDense", "einsum_dense", [ref("masking")], equation="abc,cd->abd", output_shape=[None, 5], bias_axes="d"),
    layer("Lambda", "sum_over_time", [ref("einsum_dense")], function="reduce_sum", output_shape=[5]),
    layer("GaussianNoise", "gaussian_noise", [ref("flatten")], stddev=0.1),
    layer("GaussianDropout", "gaussian_dropout", [ref("gaussian_noise")], rate=0.1),
    layer("AlphaDropout", "alpha_dropout", [ref("gaussian_dropout")], rate=0.05),
    layer("Dense", "frame_features", [ref("alpha_dropout")], units=5),
    layer("Subtract", "subtract", [ref("frame_features"), ref("frame_features")]),
    layer("Dot", "dot", [ref("subtract"), ref("frame_features")], axes=1, normalize=True),
], ["frames", "tokens"], ["dot", "sum_over_time"], "2.15.0")

# Volumes: the 3-D reshaping layers and ConvLSTM3D (tf.keras 2.15).
models["volumes"] = functional("volumes", [
    inp("volume", [6, 6, 6, 2]),
    layer("ZeroPadding3D", "zero_padding3d", [ref("volume")], padding=[[1, 1], [1, 1], [0, 0]]),
    layer("Cropping3D", "cropping3d", [ref("zero_padding3d")], cropping=[[1, 1], [2, 0], [0, 0]]),
    layer("UpSampling3D", "up_sampling3d", [ref("cropping3d")], size=[2, 1, 1]),
    layer("SpatialDropout3D", "spatial_dropout3d", [ref("up_sampling3d")], rate=0.1),
    layer("MaxPooling3D", "max_pooling3d", [ref("spatial_dropout3d")], pool_size=[2, 2, 2], strides=[2, 2, 2], padding="valid"),
    layer("GlobalAveragePooling3D", "global_average_pooling3d", [ref("max_pooling3d")]),
    inp("clips", [3, 4, 4, 4, 1]),
    layer("ConvLSTM3D", "conv_lstm3d", [ref("clips")], filters=2, kernel_size=[2, 2, 2], strides=[1, 1, 1], padding="same", return_sequences=True, use_bias=True),
    layer("TimeDistributed", "per_frame_pool", [ref("conv_lstm3d")],
          layer={"class_name": "GlobalMaxPooling3D", "config": {"name": "global_max_pooling3d"}}),
    layer("RNN", "stacked_cells", [ref("per_frame_pool")],
          cell=[{"class_name": "SimpleRNNCell", "config": {"name": "simple_rnn_cell", "units": 3}},
                {"class_name": "LSTMCell", "config": {"name": "lstm_cell", "units": 2}},
                {"class_name": "GRUCell", "config": {"name": "gru_cell", "units": 2, "reset_after": True}}]),
], ["volume", "clips"], ["global_average_pooling3d", "stacked_cells"], "2.15.0")

# Image augmentation and lookups (tf.keras 2.15): no weights, and why.
models["preprocessing_layers"] = sequential("preprocessing", [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 32, 32, 3], "dtype": "float32", "name": "image"}},
    seq_layer("RandomFlip", "random_flip", mode="horizontal"),
    seq_layer("RandomRotation", "random_rotation", factor=0.1),
    seq_layer("RandomZoom", "random_zoom", height_factor=0.1),
    seq_layer("RandomContrast", "random_contrast", factor=0.2),
    seq_layer("RandomCrop", "random_crop", height=28, width=28),
    seq_layer("Resizing", "resizing", height=24, width=24),
    seq_layer("CenterCrop", "center_crop", height=20, width=20),
    seq_layer("Flatten", "flatten"),
    seq_layer("Discretization", "discretization", bin_boundaries=[0.0, 0.5]),
], "2.15.0")

# Keras 1.1.1 layers gone later: TimeDistributedDense, SReLU, ParametricSoftplus.
models["legacy_keras1_sequence"] = {
    "class_name": "Sequential", "keras_version": "1.1.1",
    "config": [
        {"class_name": "TimeDistributedDense", "config": {"name": "timedistributeddense_1", "output_dim": 6, "batch_input_shape": [None, 5, 4], "bias": True, "trainable": True}},
        {"class_name": "SReLU", "config": {"name": "srelu_1", "trainable": True}},
        {"class_name": "ParametricSoftplus", "config": {"name": "parametricsoftplus_1", "trainable": True}},
    ]}

# Keras 3: RMSNormalization, adaptive pooling; an Embedding with LoRA.
def k3(cls, name, **cfg):
    cfg["name"] = name
    return {"module": "keras.layers", "class_name": cls, "config": cfg, "registered_name": None}

models["keras3_layers"] = {"module": "keras", "class_name": "Sequential", "keras_version": "3.13.0",
    "config": {"name": "keras3_layers", "trainable": True, "layers": [
        k3("InputLayer", "pixels", batch_shape=[None, 16, 16, 3], dtype="float32"),
        k3("AdaptiveAveragePooling2D", "adaptive_average_pooling2d", output_size=[4, 4]),
        k3("AdaptiveMaxPooling2D", "adaptive_max_pooling2d", output_size=[2, 2]),
        k3("Reshape", "tokens", target_shape=[4, 3]),
        k3("RMSNormalization", "rms_normalization", axis=-1, epsilon=1e-6),
        k3("Dense", "dense", units=8, use_bias=False),
    ]}}

models["keras3_embedding"] = {"module": "keras", "class_name": "Sequential", "keras_version": "3.13.0",
    "config": {"name": "keras3_embedding", "trainable": True, "layers": [
        k3("InputLayer", "token_ids", batch_shape=[None, 6], dtype="int32"),
        k3("Embedding", "lora_embedding", input_dim=100, output_dim=8, lora_rank=4),
    ]}}

for name, m in models.items():
    with open(os.path.join("models", name + ".json"), "w") as f:
        json.dump(m, f, indent=1)
        f.write("\n")
