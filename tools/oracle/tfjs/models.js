'use strict';
/**
 * Hand-written catalog of TensorFlow.js models used as netsum fixtures.
 *
 * Each entry is {name, desc, build}. `build(tf)` receives a freshly loaded
 * tfjs-layers instance (name counters reset) and returns a tf.LayersModel.
 * Layers are mostly left auto-named on purpose: the fixtures then show the
 * names tfjs generates (e.g. "dense_Dense1", "input1", "sequential_1").
 *
 * A build that throws is skipped (and logged) by generate.js; a few entries
 * deliberately probe features tfjs 4.22 may reject (they are marked "probe").
 */

const MODELS = [];

/** Registers a model definition. */
function def(name, desc, build) {
  if (MODELS.some(m => m.name === name)) {
    throw new Error(`duplicate model name ${name}`);
  }
  MODELS.push({name, desc, build});
}

/** tf.sequential with an optional explicit name. */
function seq(tf, layers, name) {
  return tf.sequential(name ? {layers, name} : {layers});
}

/** tf.model with an optional explicit name. */
function fmodel(tf, inputs, outputs, name) {
  return tf.model(name ? {inputs, outputs, name} : {inputs, outputs});
}

// ---------------------------------------------------------------------------
// The seed model and plain Dense stacks.
// ---------------------------------------------------------------------------

def('seed', 'Seed CNN: Conv2D/MaxPool x2, Dropout, Flatten, Dense 100, Dense 2 (154,798 params)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 32, kernelSize: [5, 5], inputShape: [28, 28, 1]}),
    L.activation({activation: 'relu'}),
    L.maxPooling2d({poolSize: 2}),
    L.conv2d({filters: 64, kernelSize: [5, 5]}),
    L.activation({activation: 'relu'}),
    L.maxPooling2d({poolSize: 2}),
    L.dropout({rate: 0.25}),
    L.flatten(),
    L.dense({units: 100}),
    L.activation({activation: 'relu'}),
    L.dropout({rate: 0.5}),
    L.dense({units: 2}),
    L.activation({activation: 'softmax'}),
  ]);
});

def('dense_mlp', 'MLP 784-128-64-10 with relu/softmax', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 128, activation: 'relu', inputShape: [784]}),
    L.dense({units: 64, activation: 'relu'}),
    L.dense({units: 10, activation: 'softmax'}),
  ]);
});

def('dense_nobias', 'Dense layers with useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 8, useBias: false, inputShape: [20]}),
    L.dense({units: 4, useBias: false, activation: 'tanh'}),
    L.dense({units: 1}),
  ]);
});

def('dense_rank3_input', 'Dense applied to a rank-3 input (acts on last axis)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 3, inputShape: [5, 7]}),
    L.dense({units: 2, activation: 'relu'}),
  ]);
});

def('dense_rank4_input', 'Dense applied to a rank-4 input', tf => {
  const L = tf.layers;
  return seq(tf, [L.dense({units: 5, inputShape: [2, 3, 4]}), L.flatten(), L.dense({units: 1})]);
});

def('dense_activations', 'Dense layers using every built-in activation name', tf => {
  const L = tf.layers;
  const acts = ['elu', 'selu', 'relu', 'relu6', 'sigmoid', 'hardSigmoid', 'softplus', 'softsign',
    'swish', 'mish', 'gelu', 'tanh', 'linear', 'logSoftmax', 'softmax'];
  return seq(tf, acts.map((a, i) =>
    L.dense(i === 0 ? {units: 6, activation: a, inputShape: [6]} : {units: 6, activation: a})));
});

def('activation_gelu_new', 'probe: gelu_new activation (serialized as "gelu_new", which tfjs 4.22 cannot load back)', tf => {
  const L = tf.layers;
  return seq(tf, [L.dense({units: 4, activation: 'gelu_new', inputShape: [4]}), L.activation({activation: 'gelu_new'})]);
});

def('dense_regularized', 'Dense with regularizers, constraints and non-default initializers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({
      units: 16, inputShape: [12],
      kernelRegularizer: tf.regularizers.l1l2({l1: 0.01, l2: 0.001}),
      biasRegularizer: tf.regularizers.l2({l2: 0.1}),
      kernelConstraint: tf.constraints.maxNorm({maxValue: 2, axis: 0}),
      biasConstraint: tf.constraints.nonNeg(),
      kernelInitializer: tf.initializers.heNormal({seed: 7}),
      biasInitializer: tf.initializers.constant({value: 0.1}),
    }),
    L.dense({
      units: 8,
      kernelInitializer: tf.initializers.orthogonal({gain: 1.0, seed: 3}),
      kernelConstraint: tf.constraints.unitNorm({axis: 0}),
      biasConstraint: tf.constraints.minMaxNorm({minValue: 0, maxValue: 1}),
    }),
    L.dense({
      units: 2,
      kernelInitializer: tf.initializers.varianceScaling({scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 1}),
      biasInitializer: 'ones',
    }),
  ]);
});

def('dense_batch_input_shape', 'Dense with a fixed batch size via batchInputShape', tf => {
  const L = tf.layers;
  return seq(tf, [L.dense({units: 8, batchInputShape: [32, 10]}), L.dense({units: 3})]);
});

def('dense_batch_size', 'Dense with inputShape plus batchSize', tf => {
  const L = tf.layers;
  return seq(tf, [L.dense({units: 4, inputShape: [10], batchSize: 16}), L.dense({units: 2})]);
});

def('dense_frozen_layer', 'MLP whose middle layer has trainable=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 32, inputShape: [16]}),
    L.dense({units: 16, trainable: false}),
    L.dense({units: 4}),
  ]);
});

def('dense_frozen_model', 'Sequential with model.trainable=false (not serialized: the reloaded model is trainable again)', tf => {
  const L = tf.layers;
  const m = seq(tf, [L.dense({units: 10, inputShape: [5]}), L.batchNormalization(), L.dense({units: 3})]);
  m.trainable = false;
  return m;
});

def('dense_frozen_layers_all', 'Every layer frozen with trainable=false, including a BatchNormalization', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 10, inputShape: [5], trainable: false}),
    L.batchNormalization({trainable: false}),
    L.dense({units: 3, trainable: false}),
  ]);
});

def('dense_large', 'Large Dense stack (multi-million parameter counts)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 2048, inputShape: [2048], activation: 'relu'}),
    L.dense({units: 1000, activation: 'softmax'}),
  ]);
});

def('dense_explicit_names', 'All layers and the model explicitly named', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 10, inputShape: [3], name: 'hidden_1'}),
    L.dense({units: 10, name: 'hidden_2'}),
    L.dense({units: 1, name: 'output'}),
  ], 'explicit_names');
});

def('sequential_explicit_input_layer', 'Sequential whose first layer is an explicit InputLayer (listed in summary and JSON)', tf => {
  const L = tf.layers;
  const m = tf.sequential();
  m.add(L.inputLayer({inputShape: [5]}));
  m.add(L.dense({units: 3}));
  m.add(L.dense({units: 1}));
  return m;
});

def('long_layer_names', 'Very long layer names (summary column truncation)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 4, inputShape: [8], name: 'a_very_long_layer_name_that_overflows_the_first_column'}),
    L.dense({units: 2, name: 'another_extremely_long_dense_layer_name_for_truncation_tests'}),
  ]);
});

def('mlp_dropout', 'MLP with Dropout between Dense layers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 64, activation: 'relu', inputShape: [30]}),
    L.dropout({rate: 0.5}),
    L.dense({units: 64, activation: 'relu'}),
    L.dropout({rate: 0.3, seed: 42}),
    L.dense({units: 1, activation: 'sigmoid'}),
  ]);
});

def('single_layer', 'Sequential with a single Dense layer', tf => {
  return seq(tf, [tf.layers.dense({units: 1, inputShape: [1]})]);
});

// ---------------------------------------------------------------------------
// Activation layers.
// ---------------------------------------------------------------------------

def('activation_layers', 'Activation layers with many activation names', tf => {
  const L = tf.layers;
  const acts = ['relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'softsign', 'relu6',
    'hardSigmoid', 'linear', 'swish', 'mish', 'gelu', 'logSoftmax'];
  return seq(tf, [L.dense({units: 12, inputShape: [12]}), ...acts.map(a => L.activation({activation: a}))]);
});

def('advanced_activations', 'ReLU, LeakyReLU, ELU, ThresholdedReLU, Softmax, PReLU layers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.reLU({inputShape: [16]}),
    L.reLU({maxValue: 6}),
    L.leakyReLU(),
    L.leakyReLU({alpha: 0.1}),
    L.elu(),
    L.elu({alpha: 1}),
    L.thresholdedReLU(),
    L.thresholdedReLU({theta: 0.5}),
    L.softmax(),
    L.prelu(),
  ]);
});

def('prelu_dense', 'Dense followed by PReLU (one alpha per unit)', tf => {
  const L = tf.layers;
  return seq(tf, [L.dense({units: 8, inputShape: [10]}), L.prelu(), L.dense({units: 1})]);
});

def('prelu_shared_axes_conv', 'PReLU with sharedAxes [1,2] after Conv2D', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 4, kernelSize: 3, inputShape: [8, 8, 3]}),
    L.prelu({sharedAxes: [1, 2]}),
    L.conv2d({filters: 2, kernelSize: 3}),
    L.prelu({sharedAxes: [1]}),
    L.prelu(),
  ]);
});

def('prelu_shared_axis_int', 'PReLU with sharedAxes given as an int and a custom alpha initializer', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.prelu({sharedAxes: 1, inputShape: [6, 5]}),
    L.prelu({alphaInitializer: tf.initializers.constant({value: 0.25})}),
  ]);
});

def('softmax_axis', 'Softmax layers over different axes', tf => {
  const L = tf.layers;
  return seq(tf, [L.softmax({axis: 1, inputShape: [4, 5]}), L.softmax({axis: -1}), L.softmax({axis: 2})]);
});

// ---------------------------------------------------------------------------
// 1D convolutions and pooling.
// ---------------------------------------------------------------------------

def('conv1d_basic', 'Conv1D stack with GlobalMaxPooling1D and Dense', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 16, kernelSize: 5, activation: 'relu', inputShape: [100, 8]}),
    L.conv1d({filters: 32, kernelSize: 3, activation: 'relu'}),
    L.globalMaxPooling1d(),
    L.dense({units: 1}),
  ]);
});

def('conv1d_same_strides', 'Conv1D with strides and same/valid padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 8, kernelSize: 3, strides: 2, padding: 'same', inputShape: [50, 4]}),
    L.conv1d({filters: 8, kernelSize: 4, strides: 3, padding: 'valid'}),
    L.conv1d({filters: 3, kernelSize: 1, strides: 1}),
  ]);
});

def('conv1d_dilation', 'Conv1D with dilation rates', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 6, kernelSize: 3, dilationRate: 2, inputShape: [64, 3]}),
    L.conv1d({filters: 6, kernelSize: 3, dilationRate: 4, padding: 'same'}),
    L.conv1d({filters: 2, kernelSize: 5, dilationRate: 3}),
  ]);
});

def('conv1d_causal', 'Conv1D with causal padding (WaveNet style)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 4, kernelSize: 2, padding: 'causal', inputShape: [30, 2]}),
    L.conv1d({filters: 4, kernelSize: 2, padding: 'causal', dilationRate: 2}),
    L.conv1d({filters: 4, kernelSize: 2, padding: 'causal', dilationRate: 4}),
  ]);
});

def('conv1d_nobias', 'Conv1D with useBias=false and activations', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 10, kernelSize: 7, useBias: false, activation: 'relu', inputShape: [40, 3]}),
    L.conv1d({filters: 5, kernelSize: 3, useBias: false}),
    L.flatten(),
  ]);
});

def('conv1d_null_length', 'Conv1D on a variable-length (null) time axis', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 16, kernelSize: 3, inputShape: [null, 8]}),
    L.maxPooling1d({poolSize: 2}),
    L.conv1d({filters: 16, kernelSize: 3, padding: 'same', strides: 2}),
    L.globalAveragePooling1d(),
    L.dense({units: 3}),
  ]);
});

def('pool1d_variants', 'MaxPooling1D / AveragePooling1D with sizes, strides and padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.maxPooling1d({poolSize: 3, inputShape: [40, 6]}),
    L.maxPooling1d({poolSize: 2, strides: 1, padding: 'same'}),
    L.averagePooling1d({poolSize: 4, strides: 2}),
    L.averagePooling1d({poolSize: 3, padding: 'same'}),
    L.avgPool1d({poolSize: 2}),
    L.maxPool1d({poolSize: 2, strides: 3}),
  ]);
});

def('global_pool1d', 'GlobalMax/AveragePooling1D branches concatenated', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [12, 5]});
  const a = L.globalMaxPooling1d().apply(x);
  const b = L.globalAveragePooling1d().apply(x);
  return fmodel(tf, x, L.concatenate().apply([a, b]));
});

// ---------------------------------------------------------------------------
// 2D convolutions and pooling.
// ---------------------------------------------------------------------------

def('conv2d_basic', 'Conv2D x2, Flatten, Dense', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 16, kernelSize: 3, activation: 'relu', inputShape: [32, 32, 3]}),
    L.conv2d({filters: 32, kernelSize: 3, activation: 'relu'}),
    L.flatten(),
    L.dense({units: 10, activation: 'softmax'}),
  ]);
});

def('conv2d_same_strides', 'Conv2D with same/valid padding and asymmetric strides/kernels', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 8, kernelSize: 3, strides: 2, padding: 'same', inputShape: [28, 28, 1]}),
    L.conv2d({filters: 16, kernelSize: 5, strides: [2, 1], padding: 'same'}),
    L.conv2d({filters: 16, kernelSize: [3, 5], strides: [1, 2], padding: 'valid'}),
    L.conv2d({filters: 4, kernelSize: [1, 2], strides: 3}),
  ]);
});

def('conv2d_dilation', 'Conv2D with dilation rates (int and pair)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 4, kernelSize: 3, dilationRate: 2, inputShape: [20, 20, 3]}),
    L.conv2d({filters: 4, kernelSize: 3, dilationRate: [2, 3], padding: 'same'}),
    L.conv2d({filters: 4, kernelSize: [2, 3], dilationRate: [3, 1]}),
  ]);
});

def('conv2d_channels_first', 'Conv2D/MaxPooling2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 8, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [3, 32, 32]}),
    L.maxPooling2d({poolSize: 2, dataFormat: 'channelsFirst'}),
    L.conv2d({filters: 16, kernelSize: 3, strides: 2, padding: 'same', dataFormat: 'channelsFirst'}),
    L.flatten(),
    L.dense({units: 10}),
  ]);
});

def('conv2d_nobias', 'Conv2D with useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 12, kernelSize: 3, useBias: false, inputShape: [16, 16, 4]}),
    L.conv2d({filters: 6, kernelSize: 1, useBias: false}),
  ]);
});

def('conv2d_null_spatial', 'Conv2D on unknown (null) height/width with global pooling', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 8, kernelSize: 3, inputShape: [null, null, 3]}),
    L.conv2d({filters: 8, kernelSize: 3, strides: 2}),
    L.maxPooling2d({poolSize: 2}),
    L.globalAveragePooling2d({}),
    L.dense({units: 5}),
  ]);
});

def('conv2d_odd_kernels', 'Conv2D with 1x1 and 7x1 kernels on a non-square input', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 3, kernelSize: 1, inputShape: [7, 9, 5]}),
    L.conv2d({filters: 2, kernelSize: [7, 1]}),
    L.conv2d({filters: 2, kernelSize: [1, 9]}),
  ]);
});

def('pool2d_variants', 'MaxPooling2D / AveragePooling2D with sizes, strides and padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.maxPooling2d({poolSize: 2, inputShape: [15, 15, 4]}),
    L.maxPooling2d({poolSize: 3, strides: 2, padding: 'same'}),
    L.averagePooling2d({poolSize: [2, 3]}),
    L.averagePooling2d({poolSize: 2, strides: 1, padding: 'same'}),
  ]);
});

def('pool2d_strides_only', 'Pooling with strides different from poolSize, plus aliases', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.maxPool2d({poolSize: [3, 3], strides: [1, 2], inputShape: [20, 20, 2]}),
    L.avgPool2d({poolSize: [2, 2], strides: [3, 1]}),
  ]);
});

def('pool2d_channels_first', 'Pooling layers with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.maxPooling2d({poolSize: 2, dataFormat: 'channelsFirst', inputShape: [4, 16, 16]}),
    L.averagePooling2d({poolSize: 2, strides: 1, padding: 'same', dataFormat: 'channelsFirst'}),
    L.globalAveragePooling2d({dataFormat: 'channelsFirst'}),
  ]);
});

def('global_pool2d', 'GlobalMax/AveragePooling2D branches concatenated', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [8, 8, 6]});
  const a = L.globalMaxPooling2d({}).apply(x);
  const b = L.globalAveragePooling2d({}).apply(x);
  return fmodel(tf, x, L.concatenate().apply([a, b]));
});

def('global_pool2d_channels_first', 'GlobalMaxPooling2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 5, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [2, 10, 12]}),
    L.globalMaxPooling2d({dataFormat: 'channelsFirst'}),
  ]);
});

// ---------------------------------------------------------------------------
// 3D convolutions and pooling.
// ---------------------------------------------------------------------------

def('conv3d_basic', 'Conv3D, MaxPooling3D, Flatten, Dense', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3d({filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 16, 16, 1]}),
    L.maxPooling3d({poolSize: 2}),
    L.conv3d({filters: 8, kernelSize: [1, 3, 3]}),
    L.flatten(),
    L.dense({units: 2}),
  ]);
});

def('conv3d_same_strides', 'Conv3D with same/valid padding and mixed strides', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3d({filters: 4, kernelSize: 3, strides: 2, padding: 'same', inputShape: [10, 10, 10, 2]}),
    L.conv3d({filters: 4, kernelSize: [2, 3, 1], strides: [1, 2, 1]}),
    L.conv3d({filters: 2, kernelSize: 1, useBias: false}),
  ]);
});

def('conv3d_channels_first', 'Conv3D and 3D pooling with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3d({filters: 3, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [2, 8, 8, 8]}),
    L.maxPooling3d({poolSize: 2, dataFormat: 'channelsFirst'}),
    L.averagePooling3d({poolSize: [1, 2, 2], dataFormat: 'channelsFirst'}),
  ]);
});

def('conv3d_dilation', 'Conv3D with a dilation rate', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3d({filters: 2, kernelSize: 2, dilationRate: 2, inputShape: [9, 9, 9, 1]}),
    L.conv3d({filters: 2, kernelSize: 3, dilationRate: [1, 2, 2], padding: 'same'}),
  ]);
});

def('pool3d_variants', 'MaxPooling3D / AveragePooling3D with sizes, strides and padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.averagePooling3d({poolSize: 2, inputShape: [12, 12, 12, 3]}),
    L.averagePooling3d({poolSize: [1, 2, 2], strides: [1, 1, 2], padding: 'same'}),
    L.maxPooling3d({poolSize: [2, 2, 1], strides: 1}),
    L.maxPooling3d({poolSize: 3, strides: 2, padding: 'same'}),
    L.avgPool3d({poolSize: 1}),
  ]);
});

// ---------------------------------------------------------------------------
// Transposed convolutions.
// ---------------------------------------------------------------------------

def('conv2d_transpose_basic', 'Conv2DTranspose with valid/same padding and strides', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2dTranspose({filters: 8, kernelSize: 3, inputShape: [7, 7, 16]}),
    L.conv2dTranspose({filters: 4, kernelSize: 3, strides: 2, padding: 'same'}),
    L.conv2dTranspose({filters: 1, kernelSize: 4, strides: 2, padding: 'valid'}),
    L.conv2dTranspose({filters: 2, kernelSize: [3, 2], strides: [1, 3]}),
  ]);
});

def('conv2d_transpose_channels_first', 'Conv2DTranspose with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2dTranspose({filters: 6, kernelSize: 3, strides: 2, dataFormat: 'channelsFirst', inputShape: [4, 5, 5]}),
    L.conv2dTranspose({filters: 3, kernelSize: 2, padding: 'same', dataFormat: 'channelsFirst'}),
  ]);
});

def('conv2d_transpose_nobias', 'Conv2DTranspose with useBias=false and dilation', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2dTranspose({filters: 5, kernelSize: 3, useBias: false, inputShape: [6, 6, 2]}),
    L.conv2dTranspose({filters: 5, kernelSize: 2, dilationRate: 2}),
  ]);
});

def('conv3d_transpose', 'Conv3DTranspose with strides and padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3dTranspose({filters: 4, kernelSize: 3, strides: 2, padding: 'same', inputShape: [4, 4, 4, 8]}),
    L.conv3dTranspose({filters: 2, kernelSize: 2, strides: 2}),
    L.conv3dTranspose({filters: 1, kernelSize: [3, 1, 2], useBias: false}),
  ]);
});

def('conv3d_transpose_channels_first', 'Conv3DTranspose with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv3dTranspose({filters: 3, kernelSize: 2, strides: [1, 2, 2], dataFormat: 'channelsFirst', inputShape: [2, 3, 4, 5]}),
  ]);
});

def('dcgan_generator', 'DCGAN-style generator: Dense, Reshape, Conv2DTranspose, BatchNorm', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 7 * 7 * 64, useBias: false, inputShape: [100]}),
    L.batchNormalization(),
    L.leakyReLU(),
    L.reshape({targetShape: [7, 7, 64]}),
    L.conv2dTranspose({filters: 32, kernelSize: 5, strides: 2, padding: 'same', useBias: false}),
    L.batchNormalization(),
    L.leakyReLU(),
    L.conv2dTranspose({filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh'}),
  ]);
});

// ---------------------------------------------------------------------------
// Separable and depthwise convolutions.
// ---------------------------------------------------------------------------

def('separable_conv2d', 'SeparableConv2D with depthMultiplier (not serialized by tfjs 4.22: reload uses 1), strides, useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.separableConv2d({filters: 16, kernelSize: 3, inputShape: [32, 32, 3]}),
    L.separableConv2d({filters: 32, kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', useBias: false}),
    L.separableConv2d({filters: 8, kernelSize: [1, 5], depthMultiplier: 3}),
  ]);
});

def('separable_conv2d_channels_first', 'SeparableConv2D with dataFormat=channelsFirst (and a depthMultiplier tfjs drops)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.separableConv2d({filters: 6, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [3, 12, 12]}),
    L.separableConv2d({filters: 6, kernelSize: 3, depthMultiplier: 2, padding: 'same', dataFormat: 'channelsFirst'}),
  ]);
});

def('separable_conv2d_multiplier1', 'SeparableConv2D stack with the default depthMultiplier and useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.separableConv2d({filters: 8, kernelSize: 3, padding: 'same', inputShape: [20, 20, 4]}),
    L.separableConv2d({filters: 16, kernelSize: [3, 5], strides: 2, useBias: false}),
  ]);
});

def('separable_conv2d_dilation', 'SeparableConv2D with a dilation rate', tf => {
  const L = tf.layers;
  return seq(tf, [L.separableConv2d({filters: 4, kernelSize: 3, dilationRate: 2, inputShape: [16, 16, 2]})]);
});

def('depthwise_conv2d', 'DepthwiseConv2D with depthMultiplier, strides and useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.depthwiseConv2d({kernelSize: 3, inputShape: [28, 28, 8]}),
    L.depthwiseConv2d({kernelSize: 5, depthMultiplier: 2, strides: 2, padding: 'same'}),
    L.depthwiseConv2d({kernelSize: [3, 1], depthMultiplier: 3, useBias: false}),
  ]);
});

def('depthwise_conv2d_channels_first', 'DepthwiseConv2D with dataFormat=channelsFirst and dilation', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.depthwiseConv2d({kernelSize: 3, depthMultiplier: 2, dataFormat: 'channelsFirst', inputShape: [4, 10, 10]}),
    L.depthwiseConv2d({kernelSize: 3, dilationRate: 2, dataFormat: 'channelsFirst'}),
  ]);
});

def('mobilenet_block', 'MobileNet-style block: depthwise + pointwise + BatchNorm + ReLU6', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false, inputShape: [64, 64, 3]}),
    L.batchNormalization(),
    L.reLU({maxValue: 6}),
    L.depthwiseConv2d({kernelSize: 3, padding: 'same', useBias: false}),
    L.batchNormalization(),
    L.reLU({maxValue: 6}),
    L.conv2d({filters: 64, kernelSize: 1, useBias: false}),
    L.batchNormalization(),
    L.reLU({maxValue: 6}),
    L.globalAveragePooling2d({}),
    L.dense({units: 10, activation: 'softmax'}),
  ]);
});

// ---------------------------------------------------------------------------
// Cropping, padding, upsampling.
// ---------------------------------------------------------------------------

def('cropping2d_variants', 'Cropping2D with int, pair and nested-pair arguments', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.cropping2D({cropping: 2, inputShape: [28, 28, 3]}),
    L.cropping2D({cropping: [[1, 2], [3, 4]]}),
    L.cropping2D({cropping: [2, 1]}),
  ]);
});

def('cropping2d_channels_first', 'Cropping2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [L.cropping2D({cropping: [[0, 1], [2, 0]], dataFormat: 'channelsFirst', inputShape: [3, 10, 12]})]);
});

def('zero_padding2d_variants', 'ZeroPadding2D with default, int, pair and nested-pair padding', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.zeroPadding2d({inputShape: [10, 10, 3]}),
    L.zeroPadding2d({padding: 2}),
    L.zeroPadding2d({padding: [1, 3]}),
    L.zeroPadding2d({padding: [[1, 2], [3, 4]]}),
  ]);
});

def('zero_padding2d_channels_first', 'ZeroPadding2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [L.zeroPadding2d({padding: [[2, 0], [0, 1]], dataFormat: 'channelsFirst', inputShape: [2, 5, 6]})]);
});

def('upsampling2d_variants', 'UpSampling2D with default size, pair size and bilinear interpolation', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.upSampling2d({inputShape: [5, 5, 2]}),
    L.upSampling2d({size: [2, 3]}),
    L.upSampling2d({size: [1, 2], interpolation: 'bilinear'}),
  ]);
});

def('upsampling2d_channels_first', 'UpSampling2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [L.upSampling2d({size: [3, 2], dataFormat: 'channelsFirst', inputShape: [2, 4, 5]})]);
});

def('conv_autoencoder', 'Convolutional autoencoder with MaxPooling2D / UpSampling2D', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', inputShape: [28, 28, 1]}),
    L.maxPooling2d({poolSize: 2, padding: 'same'}),
    L.conv2d({filters: 8, kernelSize: 3, activation: 'relu', padding: 'same'}),
    L.maxPooling2d({poolSize: 2, padding: 'same'}),
    L.conv2d({filters: 8, kernelSize: 3, activation: 'relu', padding: 'same'}),
    L.upSampling2d({size: 2}),
    L.conv2d({filters: 16, kernelSize: 3, activation: 'relu', padding: 'same'}),
    L.upSampling2d({size: 2}),
    L.conv2d({filters: 1, kernelSize: 3, activation: 'sigmoid', padding: 'same'}),
  ]);
});

// ---------------------------------------------------------------------------
// Reshaping layers.
// ---------------------------------------------------------------------------

def('reshape_variants', 'Reshape with explicit shapes and -1', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.reshape({targetShape: [3, 4], inputShape: [12]}),
    L.reshape({targetShape: [-1, 2]}),
    L.reshape({targetShape: [2, -1, 3]}),
    L.reshape({targetShape: [12]}),
  ]);
});

def('reshape_minus1_after_conv', 'Reshape with -1 after a conv (tfjs reports the -1 dim as null), Dense, Reshape([-1])', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 2, kernelSize: 1, inputShape: [4, 4, 3]}),
    L.reshape({targetShape: [-1, 2]}),
    L.dense({units: 3}),
    L.reshape({targetShape: [-1]}),
  ]);
});

def('reshape_minus1_then_dense', 'probe: Reshape([-1]) followed by Dense (tfjs cannot size the kernel)', tf => {
  const L = tf.layers;
  return seq(tf, [L.reshape({targetShape: [-1], inputShape: [4, 4, 3]}), L.dense({units: 3})]);
});

def('permute_variants', 'Permute with different dimension orders', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.permute({dims: [2, 1, 3], inputShape: [3, 4, 5]}),
    L.permute({dims: [3, 1, 2]}),
    L.permute({dims: [1, 2, 3]}),
  ]);
});

def('permute_rnn', 'Permute a [features, time] input for an LSTM', tf => {
  const L = tf.layers;
  return seq(tf, [L.permute({dims: [2, 1], inputShape: [6, 20]}), L.lstm({units: 4})]);
});

def('repeat_vector', 'RepeatVector between Dense layers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 8, inputShape: [8]}),
    L.repeatVector({n: 5}),
    L.dense({units: 2}),
    L.flatten(),
  ]);
});

def('flatten_variants', 'Flatten on rank-3 and channelsFirst Flatten', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 3, kernelSize: 2, dataFormat: 'channelsFirst', inputShape: [2, 3, 4]}),
    L.flatten({dataFormat: 'channelsFirst'}),
    L.reshape({targetShape: [2, 3, 3]}),
    L.flatten(),
  ]);
});

// ---------------------------------------------------------------------------
// Dropout and noise layers.
// ---------------------------------------------------------------------------

def('dropout_variants', 'Dropout (with noiseShape/seed), GaussianDropout, GaussianNoise, AlphaDropout', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 32, inputShape: [16]}),
    L.dropout({rate: 0.1}),
    L.dropout({rate: 0.5, noiseShape: [1, 32], seed: 3}),
    L.gaussianDropout({rate: 0.3}),
    L.gaussianNoise({stddev: 0.2}),
    L.alphaDropout({rate: 0.1}),
    L.dense({units: 2}),
  ]);
});

def('spatial_dropout1d', 'SpatialDropout1D between Conv1D layers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 8, kernelSize: 3, inputShape: [20, 8]}),
    L.spatialDropout1d({rate: 0.2}),
    L.conv1d({filters: 4, kernelSize: 3}),
    L.spatialDropout1d({rate: 0.5, seed: 1}),
  ]);
});

def('noise_on_images', 'GaussianNoise and GaussianDropout on image tensors', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.gaussianNoise({stddev: 0.1, inputShape: [8, 8, 3]}),
    L.conv2d({filters: 4, kernelSize: 3}),
    L.gaussianDropout({rate: 0.2}),
    L.alphaDropout({rate: 0.05}),
  ]);
});

// ---------------------------------------------------------------------------
// Normalization.
// ---------------------------------------------------------------------------

def('batchnorm_dense', 'Dense + BatchNormalization + ReLU', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.dense({units: 16, inputShape: [16], useBias: false}),
    L.batchNormalization(),
    L.activation({activation: 'relu'}),
    L.dense({units: 1}),
  ]);
});

def('batchnorm_variants', 'BatchNormalization with center/scale on and off', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.batchNormalization({inputShape: [8, 8, 4]}),
    L.batchNormalization({center: false}),
    L.batchNormalization({scale: false}),
    L.batchNormalization({center: false, scale: false}),
    L.batchNormalization({momentum: 0.9, epsilon: 1e-5}),
  ]);
});

def('batchnorm_axis1_channels_first', 'BatchNormalization axis=1 after a channelsFirst Conv2D', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 6, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [4, 8, 8]}),
    L.batchNormalization({axis: 1}),
  ]);
});

def('batchnorm_axes', 'BatchNormalization over axis 1, 2 and -1 of a rank-3 input', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.batchNormalization({axis: 1, inputShape: [5, 6, 7]}),
    L.batchNormalization({axis: 2}),
    L.batchNormalization({axis: -1}),
    L.batchNormalization({axis: 3, center: false}),
  ]);
});

def('batchnorm_frozen', 'Frozen BatchNormalization (trainable=false)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 4, kernelSize: 3, inputShape: [10, 10, 1]}),
    L.batchNormalization({trainable: false}),
    L.flatten(),
    L.dense({units: 2}),
  ]);
});

def('layernorm_variants', 'LayerNormalization with center/scale on and off', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.layerNormalization({inputShape: [10, 6]}),
    L.layerNormalization({center: false}),
    L.layerNormalization({scale: false}),
    L.layerNormalization({center: false, scale: false, epsilon: 1e-6}),
  ]);
});

def('layernorm_axes', 'LayerNormalization over axis arrays and positive axes', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.layerNormalization({axis: [1, 2], inputShape: [4, 5, 6]}),
    L.layerNormalization({axis: 1}),
    L.layerNormalization({axis: [-2, -1]}),
    L.layerNormalization({axis: 3}),
  ]);
});

// ---------------------------------------------------------------------------
// Embedding.
// ---------------------------------------------------------------------------

def('embedding_basic', 'Embedding with inputLength, Flatten, Dense', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.embedding({inputDim: 1000, outputDim: 64, inputLength: 10, inputShape: [10]}),
    L.flatten(),
    L.dense({units: 1, activation: 'sigmoid'}),
  ]);
});

def('embedding_mask_zero', 'Embedding with maskZero feeding an LSTM', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.embedding({inputDim: 100, outputDim: 8, maskZero: true, inputShape: [15]}),
    L.lstm({units: 16}),
    L.dense({units: 2, activation: 'softmax'}),
  ]);
});

def('embedding_null_length', 'Embedding on a variable-length input with GlobalAveragePooling1D', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.embedding({inputDim: 50, outputDim: 4, inputShape: [null]}),
    L.globalAveragePooling1d(),
    L.dense({units: 3}),
  ]);
});

def('embedding_rank2_input', 'Embedding on a rank-2 integer input', tf => {
  const L = tf.layers;
  return seq(tf, [L.embedding({inputDim: 20, outputDim: 3, inputShape: [3, 4]}), L.flatten()]);
});

def('embedding_functional_int32', 'Embedding in a functional model with an int32 Input', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [12], dtype: 'int32', name: 'tokens'});
  const e = L.embedding({
    inputDim: 300, outputDim: 16,
    embeddingsRegularizer: tf.regularizers.l2({l2: 1e-4}),
    embeddingsConstraint: tf.constraints.maxNorm({maxValue: 1}),
  }).apply(x);
  return fmodel(tf, x, L.dense({units: 1}).apply(L.globalMaxPooling1d().apply(e)));
});

// ---------------------------------------------------------------------------
// Recurrent layers.
// ---------------------------------------------------------------------------

def('simple_rnn_basic', 'SimpleRNN returning the last output', tf => {
  const L = tf.layers;
  return seq(tf, [L.simpleRNN({units: 16, inputShape: [10, 8]}), L.dense({units: 1})]);
});

def('simple_rnn_sequences', 'Stacked SimpleRNN on a null time axis', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.simpleRNN({units: 8, returnSequences: true, inputShape: [null, 4]}),
    L.simpleRNN({units: 4, activation: 'relu', useBias: false}),
  ]);
});

def('lstm_basic', 'Single LSTM layer', tf => {
  const L = tf.layers;
  return seq(tf, [L.lstm({units: 32, inputShape: [20, 10]}), L.dense({units: 1})]);
});

def('lstm_stacked', 'Three stacked LSTMs on a null time axis', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.lstm({units: 32, returnSequences: true, inputShape: [null, 16]}),
    L.lstm({units: 32, returnSequences: true}),
    L.lstm({units: 16}),
    L.dense({units: 4, activation: 'softmax'}),
  ]);
});

def('lstm_options', 'LSTM with non-default options (no bias, goBackwards, dropout, activations)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.lstm({
      units: 12, inputShape: [7, 3], useBias: false, goBackwards: true, activation: 'relu',
      recurrentActivation: 'sigmoid', dropout: 0.2, recurrentDropout: 0.1, unitForgetBias: false,
      implementation: 2,
    }),
    L.repeatVector({n: 3}),
    L.lstm({units: 5, returnSequences: true, unitForgetBias: true, unroll: true}),
  ]);
});

def('gru_basic', 'Single GRU layer', tf => {
  const L = tf.layers;
  return seq(tf, [L.gru({units: 24, inputShape: [15, 6]}), L.dense({units: 3})]);
});

def('gru_stacked', 'Stacked GRUs with returnSequences and useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.gru({units: 16, returnSequences: true, inputShape: [null, 5]}),
    L.gru({units: 8, returnSequences: true, useBias: false}),
    L.gru({units: 4, recurrentActivation: 'sigmoid', goBackwards: true}),
  ]);
});

def('gru_reset_after', 'probe: GRU with resetAfter=true (expected to be rejected by tfjs 4.22)', tf => {
  const L = tf.layers;
  return seq(tf, [L.gru({units: 8, resetAfter: true, inputShape: [10, 4]})]);
});

def('lstm_return_state', 'Functional LSTM with returnState (3 outputs)', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [5, 3]});
  const [out, h, c] = L.lstm({units: 4, returnState: true}).apply(x);
  return fmodel(tf, x, [out, h, c]);
});

def('lstm_return_state_sequences', 'LSTM with returnSequences and returnState', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [null, 6]});
  const [seqOut, h, c] = L.lstm({units: 8, returnSequences: true, returnState: true}).apply(x);
  const y = L.dense({units: 2}).apply(L.concatenate().apply([h, c]));
  return fmodel(tf, x, [seqOut, y]);
});

def('gru_return_state', 'GRU with returnState, Dense on the final state', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [9, 4]});
  const [out, h] = L.gru({units: 6, returnState: true}).apply(x);
  return fmodel(tf, x, [out, L.dense({units: 1}).apply(h)]);
});

def('simple_rnn_return_state', 'SimpleRNN with returnState and returnSequences', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [4, 2]});
  const [s, h] = L.simpleRNN({units: 3, returnState: true, returnSequences: true}).apply(x);
  return fmodel(tf, x, [s, h]);
});

def('lstm_stateful', 'Stateful LSTM with a fixed batchInputShape', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.lstm({units: 10, stateful: true, returnSequences: true, batchInputShape: [4, 10, 3]}),
    L.lstm({units: 5, stateful: true}),
    L.dense({units: 1}),
  ]);
});

def('rnn_simple_cell', 'Generic RNN layer wrapping a SimpleRNNCell', tf => {
  const L = tf.layers;
  return seq(tf, [L.rnn({cell: L.simpleRNNCell({units: 8}), inputShape: [5, 3]})]);
});

def('rnn_lstm_cell_sequences', 'Generic RNN with an LSTMCell and returnSequences', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.rnn({cell: L.lstmCell({units: 6}), returnSequences: true, inputShape: [null, 4]}),
    L.rnn({cell: L.gruCell({units: 3})}),
  ]);
});

def('rnn_cells_array', 'Generic RNN given an array of cells (implicit StackedRNNCells)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.rnn({cell: [L.lstmCell({units: 8}), L.gruCell({units: 4}), L.simpleRNNCell({units: 2})], inputShape: [7, 5]}),
  ]);
});

def('rnn_stacked_cells', 'Generic RNN with an explicit StackedRNNCells', tf => {
  const L = tf.layers;
  const cells = L.stackedRNNCells({cells: [L.simpleRNNCell({units: 5}), L.lstmCell({units: 7, useBias: false})]});
  return seq(tf, [L.rnn({cell: cells, returnSequences: true, inputShape: [6, 2]}), L.flatten()]);
});

def('rnn_cells_return_state', 'Generic RNN over stacked cells with returnState (functional)', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [8, 3]});
  const outs = L.rnn({cell: [L.lstmCell({units: 4}), L.gruCell({units: 3})], returnState: true}).apply(x);
  return fmodel(tf, x, outs);
});

for (const mode of ['concat', 'sum', 'mul', 'ave']) {
  def(`bidirectional_${mode}`, `Bidirectional LSTM with mergeMode=${mode}`, tf => {
    const L = tf.layers;
    return seq(tf, [
      L.bidirectional({layer: L.lstm({units: 8}), mergeMode: mode, inputShape: [10, 4]}),
      L.dense({units: 1}),
    ]);
  });
}

def('bidirectional_default_merge', 'Bidirectional SimpleRNN with the default mergeMode', tf => {
  const L = tf.layers;
  return seq(tf, [L.bidirectional({layer: L.simpleRNN({units: 3}), inputShape: [5, 2]})]);
});

def('bidirectional_null', 'Bidirectional LSTM with mergeMode=null (two outputs, functional)', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [10, 4]});
  const outs = L.bidirectional({layer: L.lstm({units: 6}), mergeMode: null}).apply(x);
  return fmodel(tf, x, outs);
});

def('bidirectional_gru_sequences', 'Stacked Bidirectional GRU (returnSequences) then Bidirectional LSTM', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.bidirectional({layer: L.gru({units: 16, returnSequences: true}), inputShape: [null, 8]}),
    L.bidirectional({layer: L.lstm({units: 8}), mergeMode: 'sum'}),
    L.dense({units: 2}),
  ]);
});

def('bidirectional_return_state', 'probe: Bidirectional LSTM with returnState (functional)', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [6, 3]});
  const outs = L.bidirectional({layer: L.lstm({units: 4, returnState: true})}).apply(x);
  return fmodel(tf, x, outs);
});

def('convlstm2d_basic', 'ConvLSTM2D returning the last output', tf => {
  const L = tf.layers;
  return seq(tf, [L.convLstm2d({filters: 8, kernelSize: 3, inputShape: [5, 16, 16, 3]}), L.flatten(), L.dense({units: 2})]);
});

def('convlstm2d_sequences', 'Stacked ConvLSTM2D with returnSequences, same padding and BatchNorm', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.convLstm2d({filters: 4, kernelSize: 3, padding: 'same', returnSequences: true, inputShape: [null, 10, 10, 1]}),
    L.batchNormalization(),
    L.convLstm2d({filters: 2, kernelSize: [3, 2], returnSequences: false}),
  ]);
});

def('convlstm2d_strides', 'ConvLSTM2D with strides and useBias=false', tf => {
  const L = tf.layers;
  return seq(tf, [L.convLstm2d({filters: 3, kernelSize: 3, strides: 2, useBias: false, inputShape: [4, 11, 11, 2]})]);
});

def('convlstm2d_channels_first', 'ConvLSTM2D with dataFormat=channelsFirst', tf => {
  const L = tf.layers;
  return seq(tf, [L.convLstm2d({filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', returnSequences: true, inputShape: [3, 2, 8, 8]})]);
});

def('convlstm2d_dilation', 'ConvLSTM2D with a dilation rate', tf => {
  const L = tf.layers;
  return seq(tf, [L.convLstm2d({filters: 2, kernelSize: 3, dilationRate: 2, inputShape: [3, 9, 9, 1]})]);
});

def('time_distributed_dense', 'TimeDistributed(Dense) layers', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.timeDistributed({layer: L.dense({units: 4}), inputShape: [10, 8]}),
    L.timeDistributed({layer: L.dense({units: 2, useBias: false})}),
  ]);
});

def('time_distributed_conv2d', 'TimeDistributed Conv2D/MaxPooling2D/Flatten feeding an LSTM', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.timeDistributed({layer: L.conv2d({filters: 8, kernelSize: 3}), inputShape: [5, 16, 16, 3]}),
    L.timeDistributed({layer: L.maxPooling2d({poolSize: 2})}),
    L.timeDistributed({layer: L.flatten()}),
    L.lstm({units: 8}),
  ]);
});

def('time_distributed_null_time', 'TimeDistributed(Dense) on a null time axis', tf => {
  const L = tf.layers;
  return seq(tf, [L.timeDistributed({layer: L.dense({units: 3}), inputShape: [null, 5]})]);
});

def('masking_lstm', 'Masking followed by an LSTM', tf => {
  const L = tf.layers;
  return seq(tf, [L.masking({maskValue: 0, inputShape: [null, 6]}), L.lstm({units: 8}), L.dense({units: 1})]);
});

def('masking_default', 'Masking with the default mask value, then GRU', tf => {
  const L = tf.layers;
  return seq(tf, [L.masking({inputShape: [12, 3]}), L.gru({units: 4, returnSequences: true})]);
});

def('encoder_decoder_lstm', 'Encoder-decoder LSTM (encoder states as decoder initialState)', tf => {
  const L = tf.layers;
  const encIn = tf.input({shape: [null, 20], name: 'encoder_inputs'});
  const [, h, c] = L.lstm({units: 64, returnState: true, name: 'encoder_lstm'}).apply(encIn);
  const decIn = tf.input({shape: [null, 30], name: 'decoder_inputs'});
  const [decSeq] = L.lstm({units: 64, returnSequences: true, returnState: true, name: 'decoder_lstm'})
    .apply(decIn, {initialState: [h, c]});
  const out = L.dense({units: 30, activation: 'softmax', name: 'decoder_dense'}).apply(decSeq);
  return fmodel(tf, [encIn, decIn], out, 'seq2seq');
});

def('seq2seq_repeat_vector', 'LSTM autoencoder with RepeatVector and TimeDistributed(Dense)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.lstm({units: 16, inputShape: [10, 4]}),
    L.repeatVector({n: 10}),
    L.lstm({units: 16, returnSequences: true}),
    L.timeDistributed({layer: L.dense({units: 4})}),
  ]);
});

def('gru_initial_state', 'GRU whose initial state comes from a Dense on a second input', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [7, 3]});
  const ctx = tf.input({shape: [5]});
  const h0 = L.dense({units: 6, activation: 'tanh'}).apply(ctx);
  const out = L.gru({units: 6}).apply(x, {initialState: [h0]});
  return fmodel(tf, [x, ctx], out);
});

// ---------------------------------------------------------------------------
// Merge layers.
// ---------------------------------------------------------------------------

for (const [op, fnName] of [['add', 'add'], ['multiply', 'multiply'], ['average', 'average'],
  ['maximum', 'maximum'], ['minimum', 'minimum']]) {
  def(`merge_${op}`, `${op} of two Dense branches`, tf => {
    const L = tf.layers;
    const a = tf.input({shape: [8]});
    const b = tf.input({shape: [8]});
    const m = L[fnName]().apply([L.dense({units: 4}).apply(a), L.dense({units: 4}).apply(b)]);
    return fmodel(tf, [a, b], L.dense({units: 1}).apply(m));
  });
  def(`merge_${op}_three`, `${op} of three image inputs`, tf => {
    const L = tf.layers;
    const xs = [0, 1, 2].map(() => tf.input({shape: [4, 4, 2]}));
    return fmodel(tf, xs, L[fnName]().apply(xs));
  });
}

def('merge_broadcast', 'probe: Add of [4,5] and [1,5] tensors (broadcasting)', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [4, 5]});
  const b = tf.input({shape: [1, 5]});
  return fmodel(tf, [a, b], L.add().apply([a, b]));
});

def('merge_all_ops', 'All elementwise merges of two inputs, concatenated', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [6]});
  const b = tf.input({shape: [6]});
  const outs = ['add', 'multiply', 'average', 'maximum', 'minimum'].map(f => L[f]().apply([a, b]));
  return fmodel(tf, [a, b], L.concatenate().apply(outs));
});

def('concatenate_last_axis', 'Concatenate on the last axis of rank-2 inputs with different widths', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [4, 5]});
  const b = tf.input({shape: [4, 3]});
  return fmodel(tf, [a, b], L.concatenate({axis: -1}).apply([a, b]));
});

def('concatenate_axis1', 'Concatenate on axis 1 (time axis)', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [2, 5]});
  const b = tf.input({shape: [4, 5]});
  const c = tf.input({shape: [1, 5]});
  return fmodel(tf, [a, b, c], L.concatenate({axis: 1}).apply([a, b, c]));
});

def('concatenate_rank4_axes', 'Concatenate image tensors on channel, width and height axes', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [8, 8, 3]});
  const b = tf.input({shape: [8, 8, 5]});
  const ch = L.concatenate({axis: 3}).apply([a, b]);
  const w = L.concatenate({axis: 2}).apply([ch, ch]);
  const h = L.concatenate({axis: 1}).apply([w, L.conv2d({filters: 8, kernelSize: [1, 9], padding: 'same'}).apply(w)]);
  return fmodel(tf, [a, b], h);
});

def('concatenate_null_dims', 'Concatenate of variable-length sequences on the feature axis', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [null, 3]});
  const b = tf.input({shape: [null, 4]});
  return fmodel(tf, [a, b], L.concatenate().apply([a, b]));
});

def('dot_axes1', 'Dot of two vectors on axis 1', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [8]});
  const b = tf.input({shape: [8]});
  return fmodel(tf, [a, b], L.dot({axes: 1}).apply([a, b]));
});

def('dot_normalize', 'Dot with normalize=true (cosine similarity) of two Dense embeddings', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [10]});
  const b = tf.input({shape: [12]});
  const ea = L.dense({units: 5}).apply(a);
  const eb = L.dense({units: 5}).apply(b);
  return fmodel(tf, [a, b], L.dot({axes: -1, normalize: true}).apply([ea, eb]));
});

def('dot_3d_axes', 'Dot on rank-3 tensors with various axes', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [5, 4]});
  const b = tf.input({shape: [5, 4]});
  const c = tf.input({shape: [4, 6]});
  const d1 = L.dot({axes: 2}).apply([a, b]);
  const d2 = L.dot({axes: [1, 1]}).apply([a, b]);
  const d3 = L.dot({axes: [2, 1]}).apply([a, c]);
  return fmodel(tf, [a, b, c], [d1, d2, d3]);
});

def('dot_attention', 'Dot-product attention built from Dot and Softmax layers', tf => {
  const L = tf.layers;
  const q = tf.input({shape: [6, 8], name: 'query'});
  const k = tf.input({shape: [7, 8], name: 'key'});
  const v = tf.input({shape: [7, 8], name: 'value'});
  const scores = L.dot({axes: [2, 2]}).apply([q, k]);
  const weights = L.softmax({axis: -1}).apply(scores);
  const ctx = L.dot({axes: [2, 1]}).apply([weights, v]);
  return fmodel(tf, [q, k, v], ctx);
});

// ---------------------------------------------------------------------------
// Preprocessing layers.
// ---------------------------------------------------------------------------

def('rescaling', 'Rescaling(1/255) before a Conv2D', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.rescaling({scale: 1 / 255, inputShape: [32, 32, 3]}),
    L.conv2d({filters: 4, kernelSize: 3}),
  ]);
});

def('rescaling_offset', 'Rescaling with scale and offset', tf => {
  const L = tf.layers;
  return seq(tf, [L.rescaling({scale: 2, offset: -1, inputShape: [10]}), L.dense({units: 2})]);
});

def('center_crop', 'CenterCrop to 24x24 (tfjs mutates the input shape in place: input becomes 24x24 too)', tf => {
  const L = tf.layers;
  return seq(tf, [L.centerCrop({height: 24, width: 24, inputShape: [32, 32, 3]}), L.conv2d({filters: 2, kernelSize: 3})]);
});

def('center_crop_rect', 'CenterCrop to a non-square size', tf => {
  const L = tf.layers;
  return seq(tf, [L.centerCrop({height: 5, width: 9, inputShape: [10, 12, 1]})]);
});

def('resizing', 'Resizing chain (tfjs 4.22 Resizing.computeOutputShape drops the batch dim: [h, w, inputShape[2]])', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.resizing({height: 64, width: 48, inputShape: [32, 32, 3]}),
    L.resizing({height: 20, width: 20, interpolation: 'nearest'}),
    L.resizing({height: 10, width: 15, cropToAspectRatio: true}),
  ]);
});

def('preprocessing_pipeline', 'Rescaling, CenterCrop, then a small CNN', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.rescaling({scale: 1 / 127.5, offset: -1, inputShape: [40, 40, 3]}),
    L.centerCrop({height: 32, width: 32}),
    L.conv2d({filters: 8, kernelSize: 3, activation: 'relu'}),
    L.globalAveragePooling2d({}),
    L.dense({units: 3}),
  ]);
});

def('category_encoding_multi_hot', 'CategoryEncoding in multiHot mode', tf => {
  const L = tf.layers;
  return seq(tf, [L.categoryEncoding({numTokens: 10, inputShape: [4]}), L.dense({units: 2})]);
});

def('category_encoding_one_hot', 'CategoryEncoding oneHot on a [1] input (tfjs mutates the input shape in place)', tf => {
  const L = tf.layers;
  return seq(tf, [L.categoryEncoding({numTokens: 6, outputMode: 'oneHot', inputShape: [1]}), L.dense({units: 3})]);
});

def('category_encoding_count', 'CategoryEncoding in count mode', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [5], dtype: 'int32'});
  return fmodel(tf, x, L.categoryEncoding({numTokens: 8, outputMode: 'count'}).apply(x));
});

def('random_width', 'probe: RandomWidth in a model (tfjs 4.22 computes output shape [undefined, -1, C])', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 3, kernelSize: 1, inputShape: [32, 32, 3]}),
    L.randomWidth({factor: 0.2}),
  ]);
});

def('random_width_range', 'probe: RandomWidth with a [lower, upper] factor and nearest interpolation', tf => {
  const L = tf.layers;
  return seq(tf, [L.randomWidth({factor: [-0.1, 0.3], interpolation: 'nearest', inputShape: [16, 20, 1]})]);
});

// ---------------------------------------------------------------------------
// Functional topologies.
// ---------------------------------------------------------------------------

def('functional_chain', 'Functional model that is a plain chain (printed sequential-style)', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [4]});
  const y = L.dense({units: 2}).apply(L.dense({units: 8, activation: 'relu'}).apply(x));
  return fmodel(tf, x, y);
});

def('functional_named_io', 'Functional chain with explicitly named Input and model', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [3, 3], name: 'features'});
  const y = L.flatten({name: 'flat'}).apply(x);
  return fmodel(tf, x, L.dense({units: 1, name: 'score'}).apply(y), 'named_functional');
});

def('functional_batch_shape', 'Functional model whose Input has a fixed batch dimension', tf => {
  const L = tf.layers;
  const x = tf.input({batchShape: [8, 5, 2]});
  return fmodel(tf, x, L.lstm({units: 3}).apply(x));
});

def('multi_input', 'Two inputs with separate Dense towers, concatenated', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [8], name: 'input_a'});
  const b = tf.input({shape: [4], name: 'input_b'});
  const ha = L.dense({units: 16, activation: 'relu'}).apply(a);
  const hb = L.dense({units: 8, activation: 'relu'}).apply(b);
  const h = L.concatenate().apply([ha, hb]);
  return fmodel(tf, [a, b], L.dense({units: 1}).apply(h));
});

def('multi_output', 'One input, two output heads', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [20]});
  const h = L.dense({units: 32, activation: 'relu'}).apply(x);
  const cls = L.dense({units: 5, activation: 'softmax', name: 'class_head'}).apply(h);
  const reg = L.dense({units: 1, name: 'reg_head'}).apply(h);
  return fmodel(tf, x, [cls, reg]);
});

def('multi_input_multi_output', 'Keras-guide style: title/body/tags inputs, priority/department outputs', tf => {
  const L = tf.layers;
  const title = tf.input({shape: [null], name: 'title'});
  const body = tf.input({shape: [null], name: 'body'});
  const tags = tf.input({shape: [12], name: 'tags'});
  const tf1 = L.embedding({inputDim: 10000, outputDim: 64}).apply(title);
  const bf1 = L.embedding({inputDim: 10000, outputDim: 64}).apply(body);
  const tf2 = L.lstm({units: 128}).apply(tf1);
  const bf2 = L.lstm({units: 32}).apply(bf1);
  const x = L.concatenate().apply([tf2, bf2, tags]);
  const priority = L.dense({units: 1, name: 'priority'}).apply(x);
  const department = L.dense({units: 4, name: 'department'}).apply(x);
  return fmodel(tf, [title, body, tags], [priority, department]);
});

def('shared_dense', 'One Dense layer shared by two inputs, outputs added', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [6]});
  const b = tf.input({shape: [6]});
  const shared = L.dense({units: 4, name: 'shared_dense'});
  return fmodel(tf, [a, b], L.add().apply([shared.apply(a), shared.apply(b)]));
});

def('shared_lstm_siamese', 'Shared LSTM encoder for two sequences (Siamese)', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [280, 256]});
  const b = tf.input({shape: [280, 256]});
  const enc = L.lstm({units: 64});
  const merged = L.concatenate({axis: -1}).apply([enc.apply(a), enc.apply(b)]);
  return fmodel(tf, [a, b], L.dense({units: 1, activation: 'sigmoid'}).apply(merged));
});

def('shared_layer_three_uses', 'A Dense layer applied to three inputs (summary shows three inbound nodes)', tf => {
  const L = tf.layers;
  const xs = [0, 1, 2].map(() => tf.input({shape: [8]}));
  const shared = L.dense({units: 8});
  return fmodel(tf, xs, L.average().apply(xs.map(x => shared.apply(x))));
});

def('shared_layer_chain', 'The same Dense layer applied twice in a chain', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [8]});
  const d = L.dense({units: 8, activation: 'relu'});
  return fmodel(tf, x, d.apply(d.apply(x)));
});

def('shared_layer_different_shapes', 'A Conv2D shared by inputs of different spatial size (outputShape "multiple")', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [16, 16, 3]});
  const b = tf.input({shape: [8, 8, 3]});
  const conv = L.conv2d({filters: 4, kernelSize: 3});
  const pa = L.globalAveragePooling2d({}).apply(conv.apply(a));
  const pb = L.globalAveragePooling2d({}).apply(conv.apply(b));
  return fmodel(tf, [a, b], L.concatenate().apply([pa, pb]));
});

def('skip_connections', 'DenseNet-like concatenation skip connections', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [16]});
  const h1 = L.dense({units: 8}).apply(x);
  const c1 = L.concatenate().apply([x, h1]);
  const h2 = L.dense({units: 8}).apply(c1);
  const c2 = L.concatenate().apply([x, h1, h2]);
  return fmodel(tf, x, L.dense({units: 2}).apply(c2));
});

def('diamond', 'Diamond topology: split into two branches and add them back', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [10]});
  const h = L.dense({units: 6}).apply(x);
  const a = L.dense({units: 6, activation: 'relu'}).apply(h);
  const b = L.dense({units: 6, activation: 'tanh'}).apply(h);
  return fmodel(tf, x, L.dense({units: 1}).apply(L.add().apply([a, b])));
});

def('inputs_reordered', 'Model inputs listed in a different order than created', tf => {
  const L = tf.layers;
  const a = tf.input({shape: [3], name: 'first_created'});
  const b = tf.input({shape: [5], name: 'second_created'});
  const y = L.concatenate().apply([L.dense({units: 2}).apply(a), b]);
  return fmodel(tf, [b, a], y);
});

def('outputs_reordered', 'Model outputs listed in a different order than created', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [4]});
  const o1 = L.dense({units: 1, name: 'out_one'}).apply(x);
  const o2 = L.dense({units: 2, name: 'out_two'}).apply(o1);
  const o3 = L.dense({units: 3, name: 'out_three'}).apply(x);
  return fmodel(tf, x, [o3, o2, o1]);
});

def('input_passthrough_output', 'probe: an Input tensor that is also a model output', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [4]});
  return fmodel(tf, x, [x, L.dense({units: 2}).apply(x)]);
});

def('intermediate_output', 'An intermediate tensor used both as an output and further downstream', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [28, 28, 1]});
  const f = L.conv2d({filters: 4, kernelSize: 3, name: 'features'}).apply(x);
  const y = L.dense({units: 10}).apply(L.flatten().apply(L.maxPooling2d({poolSize: 2}).apply(f)));
  return fmodel(tf, x, [y, f]);
});

// ---------------------------------------------------------------------------
// Realistic architectures.
// ---------------------------------------------------------------------------

def('lenet5', 'LeNet-5 (tanh, average pooling)', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 6, kernelSize: 5, activation: 'tanh', padding: 'same', inputShape: [28, 28, 1]}),
    L.averagePooling2d({poolSize: 2}),
    L.conv2d({filters: 16, kernelSize: 5, activation: 'tanh'}),
    L.averagePooling2d({poolSize: 2}),
    L.flatten(),
    L.dense({units: 120, activation: 'tanh'}),
    L.dense({units: 84, activation: 'tanh'}),
    L.dense({units: 10, activation: 'softmax'}),
  ], 'lenet5');
});

def('vgg_blocks', 'Small VGG: two conv-conv-pool blocks and a classifier', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv2d({filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [32, 32, 3], name: 'block1_conv1'}),
    L.conv2d({filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'block1_conv2'}),
    L.maxPooling2d({poolSize: 2, name: 'block1_pool'}),
    L.conv2d({filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'block2_conv1'}),
    L.conv2d({filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'block2_conv2'}),
    L.maxPooling2d({poolSize: 2, name: 'block2_pool'}),
    L.flatten({name: 'flatten'}),
    L.dense({units: 256, activation: 'relu', name: 'fc1'}),
    L.dropout({rate: 0.5}),
    L.dense({units: 10, activation: 'softmax', name: 'predictions'}),
  ], 'vgg_small');
});

def('resnet_block', 'Small ResNet: identity block and projection block with Add', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [32, 32, 3]});
  let h = L.conv2d({filters: 16, kernelSize: 3, padding: 'same', useBias: false}).apply(x);
  h = L.batchNormalization().apply(h);
  h = L.activation({activation: 'relu'}).apply(h);
  // Identity block.
  let r = L.conv2d({filters: 16, kernelSize: 3, padding: 'same', useBias: false}).apply(h);
  r = L.batchNormalization().apply(r);
  r = L.activation({activation: 'relu'}).apply(r);
  r = L.conv2d({filters: 16, kernelSize: 3, padding: 'same', useBias: false}).apply(r);
  r = L.batchNormalization().apply(r);
  h = L.activation({activation: 'relu'}).apply(L.add().apply([h, r]));
  // Projection block (stride 2).
  let p = L.conv2d({filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false}).apply(h);
  p = L.batchNormalization().apply(p);
  p = L.activation({activation: 'relu'}).apply(p);
  p = L.conv2d({filters: 32, kernelSize: 3, padding: 'same', useBias: false}).apply(p);
  p = L.batchNormalization().apply(p);
  let s = L.conv2d({filters: 32, kernelSize: 1, strides: 2, useBias: false}).apply(h);
  s = L.batchNormalization().apply(s);
  h = L.activation({activation: 'relu'}).apply(L.add().apply([p, s]));
  const y = L.dense({units: 10, activation: 'softmax'}).apply(L.globalAveragePooling2d({}).apply(h));
  return fmodel(tf, x, y, 'resnet_small');
});

def('inception_block', 'Inception-style block: parallel 1x1/3x3/5x5/pool branches concatenated', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [28, 28, 192]});
  const b1 = L.conv2d({filters: 64, kernelSize: 1, padding: 'same', activation: 'relu'}).apply(x);
  let b2 = L.conv2d({filters: 96, kernelSize: 1, padding: 'same', activation: 'relu'}).apply(x);
  b2 = L.conv2d({filters: 128, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(b2);
  let b3 = L.conv2d({filters: 16, kernelSize: 1, padding: 'same', activation: 'relu'}).apply(x);
  b3 = L.conv2d({filters: 32, kernelSize: 5, padding: 'same', activation: 'relu'}).apply(b3);
  let b4 = L.maxPooling2d({poolSize: 3, strides: 1, padding: 'same'}).apply(x);
  b4 = L.conv2d({filters: 32, kernelSize: 1, padding: 'same', activation: 'relu'}).apply(b4);
  return fmodel(tf, x, L.concatenate({axis: -1}).apply([b1, b2, b3, b4]), 'inception_3a');
});

def('unet_tiny', 'Tiny U-Net with Conv2DTranspose and skip concatenations', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [32, 32, 1]});
  const c1 = L.conv2d({filters: 8, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(x);
  const p1 = L.maxPooling2d({poolSize: 2}).apply(c1);
  const c2 = L.conv2d({filters: 16, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(p1);
  const p2 = L.maxPooling2d({poolSize: 2}).apply(c2);
  const b = L.conv2d({filters: 32, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(p2);
  const u2 = L.conv2dTranspose({filters: 16, kernelSize: 2, strides: 2, padding: 'same'}).apply(b);
  const d2 = L.conv2d({filters: 16, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(L.concatenate().apply([u2, c2]));
  const u1 = L.conv2dTranspose({filters: 8, kernelSize: 2, strides: 2, padding: 'same'}).apply(d2);
  const d1 = L.conv2d({filters: 8, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(L.concatenate().apply([u1, c1]));
  return fmodel(tf, x, L.conv2d({filters: 1, kernelSize: 1, activation: 'sigmoid'}).apply(d1), 'unet');
});

def('text_cnn', 'Text CNN: Embedding, parallel Conv1D (3/4/5) with GlobalMaxPooling1D, Dense', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [100], dtype: 'int32'});
  const e = L.embedding({inputDim: 5000, outputDim: 50}).apply(x);
  const pooled = [3, 4, 5].map(k =>
    L.globalMaxPooling1d().apply(L.conv1d({filters: 32, kernelSize: k, activation: 'relu'}).apply(e)));
  const h = L.dropout({rate: 0.5}).apply(L.concatenate().apply(pooled));
  return fmodel(tf, x, L.dense({units: 2, activation: 'softmax'}).apply(h), 'text_cnn');
});

def('text_bilstm_classifier', 'Embedding + Bidirectional LSTM + Dense text classifier', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.embedding({inputDim: 20000, outputDim: 128, inputShape: [null]}),
    L.bidirectional({layer: L.lstm({units: 64, returnSequences: true})}),
    L.bidirectional({layer: L.lstm({units: 64})}),
    L.dense({units: 1, activation: 'sigmoid'}),
  ]);
});

def('cnn_lstm_video', 'Video classifier: TimeDistributed CNN + GRU', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.timeDistributed({layer: L.conv2d({filters: 16, kernelSize: 3, activation: 'relu'}), inputShape: [8, 32, 32, 3]}),
    L.timeDistributed({layer: L.maxPooling2d({poolSize: 2})}),
    L.timeDistributed({layer: L.globalAveragePooling2d({})}),
    L.gru({units: 32}),
    L.dense({units: 5, activation: 'softmax'}),
  ]);
});

def('wide_and_deep', 'Wide & deep model: linear path plus deep path', tf => {
  const L = tf.layers;
  const wide = tf.input({shape: [50], name: 'wide'});
  const deep = tf.input({shape: [10], name: 'deep'});
  let d = L.dense({units: 64, activation: 'relu'}).apply(deep);
  d = L.dense({units: 32, activation: 'relu'}).apply(d);
  const both = L.concatenate().apply([wide, d]);
  return fmodel(tf, [wide, deep], L.dense({units: 1, activation: 'sigmoid'}).apply(both));
});

def('conv1d_audio', 'Audio-style 1D CNN with BatchNorm, pooling and dropout', tf => {
  const L = tf.layers;
  return seq(tf, [
    L.conv1d({filters: 16, kernelSize: 9, strides: 4, inputShape: [16000, 1]}),
    L.batchNormalization(),
    L.activation({activation: 'relu'}),
    L.maxPooling1d({poolSize: 4}),
    L.conv1d({filters: 32, kernelSize: 3, padding: 'same'}),
    L.batchNormalization(),
    L.activation({activation: 'relu'}),
    L.globalAveragePooling1d(),
    L.dropout({rate: 0.3}),
    L.dense({units: 12, activation: 'softmax'}),
  ]);
});

def('transformer_like_block', 'Transformer-like block from Dense/Dot/Softmax/LayerNorm/Add', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [10, 16]});
  const q = L.dense({units: 16, name: 'q_proj'}).apply(x);
  const k = L.dense({units: 16, name: 'k_proj'}).apply(x);
  const v = L.dense({units: 16, name: 'v_proj'}).apply(x);
  const attn = L.softmax().apply(L.dot({axes: [2, 2]}).apply([q, k]));
  const ctx = L.dot({axes: [2, 1]}).apply([attn, v]);
  const h = L.layerNormalization().apply(L.add().apply([x, L.dense({units: 16}).apply(ctx)]));
  const ff = L.dense({units: 16}).apply(L.dense({units: 64, activation: 'gelu'}).apply(h));
  const out = L.layerNormalization().apply(L.add().apply([h, ff]));
  return fmodel(tf, x, L.dense({units: 3}).apply(L.globalAveragePooling1d().apply(out)));
});

// ---------------------------------------------------------------------------
// Nested models.
// ---------------------------------------------------------------------------

def('nested_seq_in_functional', 'A Sequential used as a layer inside a functional model', tf => {
  const L = tf.layers;
  const inner = seq(tf, [L.dense({units: 16, activation: 'relu', inputShape: [8]}), L.dense({units: 4})]);
  const x = tf.input({shape: [8]});
  const y = L.dense({units: 1}).apply(inner.apply(x));
  return fmodel(tf, x, y);
});

def('nested_functional_in_seq', 'A functional model used as the first layer of a Sequential', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [6]});
  const inner = fmodel(tf, x, L.dense({units: 5}).apply(x), 'inner_functional');
  const m = tf.sequential();
  m.add(inner);
  m.add(L.dense({units: 2}));
  return m;
});

def('nested_seq_in_seq', 'A Sequential containing another Sequential', tf => {
  const L = tf.layers;
  const inner = seq(tf, [L.conv2d({filters: 4, kernelSize: 3, inputShape: [12, 12, 1]}), L.maxPooling2d({poolSize: 2})], 'feature_extractor');
  return seq(tf, [inner, L.flatten(), L.dense({units: 3})], 'classifier');
});

def('nested_single_layer_sequential', 'One-layer Sequential used as a layer: tfjs reports its outputShape as "multiple"', tf => {
  const L = tf.layers;
  // Sequential.add stores the first layer's output shape unwrapped on the
  // model's own node; the outer call stores it wrapped, so the two differ.
  const inner = seq(tf, [L.dense({units: 3, inputShape: [6]})], 'one_layer');
  const x = tf.input({shape: [6]});
  return fmodel(tf, x, L.dense({units: 1}).apply(inner.apply(x)));
});

def('nested_three_levels', 'Functional > Sequential > functional nesting (3 levels)', tf => {
  const L = tf.layers;
  const x0 = tf.input({shape: [10]});
  const level3 = fmodel(tf, x0, L.dense({units: 6, activation: 'relu'}).apply(x0), 'level3');
  const level2 = tf.sequential({name: 'level2'});
  level2.add(level3);
  level2.add(L.dense({units: 4}));
  const x = tf.input({shape: [10]});
  const y = L.dense({units: 1}).apply(level2.apply(x));
  return fmodel(tf, x, y, 'level1');
});

def('nested_four_levels_seq', 'Sequential nested four levels deep', tf => {
  const L = tf.layers;
  const d = seq(tf, [L.dense({units: 3, inputShape: [3]})], 'depth4');
  const c = seq(tf, [d, L.dense({units: 3})], 'depth3');
  const b = seq(tf, [c, L.dense({units: 3})], 'depth2');
  return seq(tf, [b, L.dense({units: 1})], 'depth1');
});

def('nested_shared_submodel', 'A Sequential tower shared by two inputs (Siamese), Dot(normalize)', tf => {
  const L = tf.layers;
  const tower = seq(tf, [
    L.conv2d({filters: 8, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
    L.maxPooling2d({poolSize: 2}),
    L.flatten(),
    L.dense({units: 32}),
  ], 'tower');
  const a = tf.input({shape: [28, 28, 1]});
  const b = tf.input({shape: [28, 28, 1]});
  const sim = L.dot({axes: 1, normalize: true}).apply([tower.apply(a), tower.apply(b)]);
  return fmodel(tf, [a, b], sim, 'siamese');
});

def('nested_frozen_base', 'Transfer-learning style: frozen functional base inside a Sequential', tf => {
  const L = tf.layers;
  const x = tf.input({shape: [32, 32, 3]});
  let h = L.conv2d({filters: 8, kernelSize: 3, activation: 'relu'}).apply(x);
  h = L.batchNormalization().apply(h);
  h = L.globalAveragePooling2d({}).apply(h);
  const base = fmodel(tf, x, h, 'base');
  // Freeze layer by layer: a model-level trainable=false is not serialized.
  base.layers.forEach(l => { l.trainable = false; });
  return seq(tf, [base, L.dense({units: 16, activation: 'relu'}), L.dense({units: 2})], 'finetune');
});

def('nested_multi_output_submodel', 'Submodel with two outputs used inside a functional model', tf => {
  const L = tf.layers;
  const si = tf.input({shape: [12]});
  const s1 = L.dense({units: 4}).apply(si);
  const s2 = L.dense({units: 6}).apply(si);
  const sub = fmodel(tf, si, [s1, s2], 'two_heads');
  const x = tf.input({shape: [12]});
  const [o1, o2] = sub.apply(x);
  return fmodel(tf, x, L.concatenate().apply([o1, o2]));
});

def('nested_multi_input_submodel', 'Submodel with two inputs used inside a functional model', tf => {
  const L = tf.layers;
  const sa = tf.input({shape: [3]});
  const sb = tf.input({shape: [5]});
  const sub = fmodel(tf, [sa, sb], L.dense({units: 2}).apply(L.concatenate().apply([sa, sb])), 'pair_scorer');
  const a = tf.input({shape: [3]});
  const b = tf.input({shape: [5]});
  const c = L.dense({units: 3}).apply(b);
  return fmodel(tf, [a, b], [sub.apply([a, b]), sub.apply([c, L.dense({units: 5}).apply(a)])]);
});

def('nested_submodel_and_layers', 'Functional model mixing a nested Sequential with sibling branches', tf => {
  const L = tf.layers;
  const enc = seq(tf, [
    L.lstm({units: 8, returnSequences: true, inputShape: [null, 4]}),
    L.lstm({units: 8}),
  ], 'encoder');
  const x = tf.input({shape: [null, 4]});
  const e = enc.apply(x);
  const p = L.globalMaxPooling1d().apply(x);
  return fmodel(tf, x, L.dense({units: 2}).apply(L.concatenate().apply([e, p])));
});

def('nested_frozen_inner_layer', 'Nested Sequential with one frozen inner layer and BatchNorm', tf => {
  const L = tf.layers;
  const inner = seq(tf, [
    L.dense({units: 8, inputShape: [4], trainable: false}),
    L.batchNormalization(),
    L.dense({units: 8}),
  ]);
  return seq(tf, [inner, L.dense({units: 1})]);
});

def('nested_time_distributed_model', 'TimeDistributed wrapping a Sequential model', tf => {
  const L = tf.layers;
  const frame = seq(tf, [L.dense({units: 6, inputShape: [4]}), L.dense({units: 2})], 'per_step');
  return seq(tf, [L.timeDistributed({layer: frame, inputShape: [5, 4]})]);
});

def('nested_layer_also_in_outer', 'A Dense layer used inside a nested model and directly in the outer model', tf => {
  const L = tf.layers;
  const shared = L.dense({units: 4, name: 'shared'});
  const si = tf.input({shape: [4]});
  const inner = fmodel(tf, si, L.dense({units: 4}).apply(shared.apply(si)), 'inner');
  const x = tf.input({shape: [4]});
  return fmodel(tf, x, shared.apply(inner.apply(x)), 'outer');
});

module.exports = MODELS;
