'use strict';
/**
 * Random-but-valid tfjs model generator.
 *
 * randomModelDefs(count, seed) returns model definitions random_SEED_i in the
 * same {name, desc, build} form as models.js. Model i uses its own PRNG
 * seeded from (seed, i), so a model does not change when count changes.
 *
 * Validity: every candidate layer is first tried on a throwaway "probe"
 * layer with an explicit name (explicit names do not advance tfjs' automatic
 * name counters) applied to a throwaway Input of the same shape. Only if tfjs
 * accepts it, the output shape is sane and the parameter count is modest is
 * the real (auto-named) layer created and connected.
 */

// ---------------------------------------------------------------------------
// PRNG (mulberry32) and helpers.
// ---------------------------------------------------------------------------

function mulberry32(a) {
  return function() {
    a |= 0;
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Float in [0, 1). */
  float() {
    return this.next();
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** Index into `weights`, chosen with probability proportional to weight. */
  weightedIndex(weights) {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      if ((r -= weights[i]) < 0) return i;
    }
    return weights.length - 1;
  }
  /** Picks from [[weight, value], ...]. */
  weighted(pairs) {
    return pairs[this.weightedIndex(pairs.map(p => p[0]))][1];
  }
}

const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'linear', 'elu', 'selu', 'softplus', 'softsign',
  'relu6', 'hardSigmoid', 'swish', 'mish', 'gelu', 'softmax'];
const MAX_ELEMENTS = 200000; // per-sample elements of any intermediate tensor
const MAX_LAYER_PARAMS = 2000000;
const MAX_ATTEMPTS = 25;

const known = shape => shape.every(d => d != null);
const prod = shape => shape.reduce((a, b) => a * b, 1);

/**
 * Completes a layer config. `nm` is either a probe name (string: the layer,
 * and with `suffix` its inner layers/cells, get explicit names) or an object
 * of extra config fields for the outer layer only (e.g. {inputShape}).
 */
function named(cfg, nm, suffix) {
  if (typeof nm === 'string') cfg.name = suffix ? `${nm}_${suffix}` : nm;
  else if (nm && !suffix) Object.assign(cfg, nm);
  return cfg;
}

function divisors(n) {
  const out = [];
  for (let d = 2; d < n && d <= 64; d++) if (n % d === 0) out.push(d);
  return out;
}

// ---------------------------------------------------------------------------
// Layer proposals. Each returns {label, make(name?) -> Layer} or null.
// `shape` is the per-sample shape (no batch dimension).
// ---------------------------------------------------------------------------

function rnnLayer(L, rng, name, suffix, returnSequences) {
  const kind = rng.pick(['simpleRNN', 'lstm', 'gru']);
  const cfg = {units: rng.pick([2, 4, 8, 16, 32]), returnSequences};
  if (rng.chance(0.2)) cfg.useBias = false;
  if (rng.chance(0.15)) cfg.goBackwards = true;
  return L[kind](named(cfg, name, suffix));
}

function elementwiseProposals(L, rng, shape) {
  const r = shape.length;
  const last = shape[r - 1];
  return [
    [2, {label: 'Activation', make: n => L.activation(named({activation: rng.pick(ACTIVATIONS)}, n))}],
    [1, {label: 'Dropout', make: n => L.dropout(named({rate: rng.pick([0.1, 0.2, 0.5])}, n))}],
    [0.5, {label: 'GaussianNoise', make: n => L.gaussianNoise(named({stddev: rng.pick([0.1, 0.5])}, n))}],
    [0.5, {label: 'GaussianDropout', make: n => L.gaussianDropout(named({rate: 0.2}, n))}],
    [0.3, {label: 'AlphaDropout', make: n => L.alphaDropout(named({rate: 0.1}, n))}],
    [1, {label: 'BatchNormalization', make: n => L.batchNormalization(named(
      {axis: rng.chance(0.8) || r < 2 ? -1 : rng.int(1, r), center: rng.chance(0.8), scale: rng.chance(0.8)}, n))}],
    [0.8, {label: 'LayerNormalization', make: n => L.layerNormalization(named(
      {center: rng.chance(0.8), scale: rng.chance(0.8)}, n))}],
    [0.4, {label: 'ReLU', make: n => L.reLU(named(rng.chance(0.5) ? {maxValue: 6} : {}, n))}],
    [0.4, {label: 'LeakyReLU', make: n => L.leakyReLU(named({alpha: rng.pick([0.01, 0.2, 0.3])}, n))}],
    [0.3, {label: 'ELU', make: n => L.elu(named({alpha: rng.pick([0.5, 1])}, n))}],
    [0.3, {label: 'ThresholdedReLU', make: n => L.thresholdedReLU(named({theta: 0.5}, n))}],
    [0.3, {label: 'Softmax', make: n => L.softmax(named({axis: -1}, n))}],
    [0.5, {label: 'PReLU', make: n => L.prelu(named(
      r >= 2 && rng.chance(0.5) ? {sharedAxes: r >= 3 ? [1, 2] : [1]} : {}, n))}],
    [0.3, {label: 'Rescaling', make: n => L.rescaling(named({scale: rng.pick([0.5, 1 / 255, 2]), offset: rng.pick([0, -1])}, n))}],
    [last != null && last <= 256 ? 1.5 : 0, {label: 'Dense', make: n => L.dense(named(
      {units: rng.pick([1, 2, 4, 8, 16, 32, 64]), activation: rng.pick(ACTIVATIONS), useBias: rng.chance(0.85)}, n))}],
  ];
}

function rank1Proposals(L, rng, [n]) {
  const props = [
    [4, {label: 'Dense', make: nm => L.dense(named(
      {units: rng.pick([1, 2, 4, 8, 10, 16, 32, 64, 100, 128]), activation: rng.pick(ACTIVATIONS), useBias: rng.chance(0.85)}, nm))}],
    [1, {label: 'RepeatVector', make: nm => L.repeatVector(named({n: rng.int(2, 8)}, nm))}],
  ];
  const divs = divisors(n);
  if (divs.length) {
    const d = rng.pick(divs);
    props.push([1, {label: 'Reshape', make: nm => L.reshape(named(
      {targetShape: rng.chance(0.5) ? [d, n / d] : [-1, d]}, nm))}]);
  }
  return props;
}

function rank2Proposals(L, rng, [t, f]) {
  const props = [
    [2, {label: 'Conv1D', make: nm => {
      const cfg = {filters: rng.pick([2, 4, 8, 16, 32]), kernelSize: rng.int(1, 5), padding: rng.pick(['valid', 'same', 'causal'])};
      if (rng.chance(0.5)) cfg.strides = rng.int(1, 3);
      else if (rng.chance(0.3)) cfg.dilationRate = rng.int(2, 3);
      if (rng.chance(0.2)) cfg.useBias = false;
      if (rng.chance(0.4)) cfg.activation = rng.pick(ACTIVATIONS);
      return L.conv1d(named(cfg, nm));
    }}],
    [1, {label: 'Pooling1D', make: nm => {
      const cfg = {poolSize: rng.int(2, 3), padding: rng.pick(['valid', 'same'])};
      if (rng.chance(0.3)) cfg.strides = rng.int(1, 3);
      return (rng.chance(0.5) ? L.maxPooling1d : L.averagePooling1d)(named(cfg, nm));
    }}],
    [1, {label: 'GlobalPooling1D', make: nm =>
      (rng.chance(0.5) ? L.globalMaxPooling1d : L.globalAveragePooling1d)(named({}, nm))}],
    [2, {label: 'RNN', make: nm => rnnLayer(L, rng, nm, null, rng.chance(0.5))}],
    [1, {label: 'Bidirectional', make: nm => L.bidirectional(named({
      layer: rnnLayer(L, rng, nm, 'inner', rng.chance(0.5)),
      mergeMode: rng.pick(['concat', 'sum', 'mul', 'ave']),
    }, nm))}],
    [0.5, {label: 'RNN(cells)', make: nm => {
      const cells = [];
      const k = rng.int(1, 3);
      for (let i = 0; i < k; i++) {
        const kind = rng.pick(['simpleRNNCell', 'lstmCell', 'gruCell']);
        cells.push(L[kind](named({units: rng.pick([2, 4, 8])}, nm, `cell${i}`)));
      }
      const cell = k > 1 && rng.chance(0.5) ? L.stackedRNNCells(named({cells}, nm, 'stack')) : (k === 1 ? cells[0] : cells);
      return L.rnn(named({cell, returnSequences: rng.chance(0.5)}, nm));
    }}],
    [1, {label: 'TimeDistributed', make: nm => L.timeDistributed(named({
      layer: L.dense(named({units: rng.pick([2, 4, 8, 16])}, nm, 'inner')),
    }, nm))}],
    [0.7, {label: 'SpatialDropout1D', make: nm => L.spatialDropout1d(named({rate: 0.2}, nm))}],
    [0.5, {label: 'Permute', make: nm => L.permute(named({dims: [2, 1]}, nm))}],
    [0.4, {label: 'Masking', make: nm => L.masking(named({maskValue: 0}, nm))}],
  ];
  if (t != null) {
    props.push([1, {label: 'Flatten', make: nm => L.flatten(named({}, nm))}]);
    const divs = divisors(f);
    if (divs.length) {
      const d = rng.pick(divs);
      props.push([0.5, {label: 'Reshape', make: nm => L.reshape(named({targetShape: [t, f / d, d]}, nm))}]);
    }
  }
  return props;
}

function rank3Proposals(L, rng, [h, w, c]) {
  const dataFormat = () => (rng.chance(0.15) ? 'channelsFirst' : 'channelsLast');
  const convCommon = cfg => {
    cfg.padding = rng.pick(['valid', 'same']);
    if (rng.chance(0.4)) cfg.strides = rng.pick([2, [1, 2], [2, 1]]);
    else if (rng.chance(0.2)) cfg.dilationRate = 2;
    if (rng.chance(0.2)) cfg.useBias = false;
    if (rng.chance(0.4)) cfg.activation = rng.pick(ACTIVATIONS);
    cfg.dataFormat = dataFormat();
    return cfg;
  };
  const props = [
    [3, {label: 'Conv2D', make: nm => L.conv2d(named(convCommon(
      {filters: rng.pick([2, 4, 8, 16, 32]), kernelSize: rng.pick([1, 2, 3, 5, [1, 3], [3, 1]])}), nm))}],
    [1, {label: 'SeparableConv2D', make: nm => L.separableConv2d(named(convCommon(
      // depthMultiplier stays 1: tfjs 4.22 does not serialize it for SeparableConv2D.
      {filters: rng.pick([4, 8, 16]), kernelSize: rng.pick([3, 5])}), nm))}],
    [1, {label: 'DepthwiseConv2D', make: nm => L.depthwiseConv2d(named(convCommon(
      {kernelSize: rng.pick([3, 5]), depthMultiplier: rng.int(1, 2)}), nm))}],
    [0.7, {label: 'Conv2DTranspose', make: nm => {
      const cfg = {filters: rng.pick([2, 4, 8]), kernelSize: rng.pick([2, 3]), padding: rng.pick(['valid', 'same'])};
      if (rng.chance(0.5)) cfg.strides = 2;
      cfg.dataFormat = dataFormat();
      return L.conv2dTranspose(named(cfg, nm));
    }}],
    [1.5, {label: 'Pooling2D', make: nm => {
      const cfg = {poolSize: rng.pick([2, 3, [2, 1]]), padding: rng.pick(['valid', 'same']), dataFormat: dataFormat()};
      if (rng.chance(0.3)) cfg.strides = rng.pick([1, 2]);
      return (rng.chance(0.5) ? L.maxPooling2d : L.averagePooling2d)(named(cfg, nm));
    }}],
    [1, {label: 'GlobalPooling2D', make: nm =>
      (rng.chance(0.5) ? L.globalMaxPooling2d : L.globalAveragePooling2d)(named({dataFormat: dataFormat()}, nm))}],
    [0.7, {label: 'ZeroPadding2D', make: nm => L.zeroPadding2d(named(
      {padding: rng.pick([1, 2, [1, 2], [[0, 1], [2, 1]]]), dataFormat: dataFormat()}, nm))}],
    [0.7, {label: 'Cropping2D', make: nm => L.cropping2D(named(
      {cropping: rng.pick([1, [1, 2], [[0, 1], [1, 0]]]), dataFormat: dataFormat()}, nm))}],
    [0.5, {label: 'UpSampling2D', make: nm => L.upSampling2d(named(
      {size: rng.pick([2, [2, 1], [1, 3]]), interpolation: rng.pick(['nearest', 'bilinear']), dataFormat: dataFormat()}, nm))}],
    [1, {label: 'Flatten', make: nm => L.flatten(named({}, nm))}],
    [0.3, {label: 'Reshape', make: nm => L.reshape(named({targetShape: [-1, c]}, nm))}],
    [0.3, {label: 'Permute', make: nm => L.permute(named({dims: rng.pick([[2, 1, 3], [3, 1, 2], [1, 3, 2]])}, nm))}],
    [0.5, {label: 'TimeDistributed', make: nm => L.timeDistributed(named({
      layer: L.conv1d(named({filters: rng.pick([2, 4]), kernelSize: rng.pick([1, 2, 3])}, nm, 'inner')),
    }, nm))}],
  ];
  // Resizing and RandomWidth are left out: their tfjs 4.22 output shapes are
  // broken (see models.js), so nothing sensible can follow them.
  if (h != null && w != null) {
    props.push([0.4, {label: 'CenterCrop', make: nm => L.centerCrop(named(
      {height: Math.max(1, h - rng.int(0, 4)), width: Math.max(1, w - rng.int(0, 4))}, nm))}]);
  }
  return props;
}

function rank4Proposals(L, rng, [d, h, w, c]) {
  const props = [
    [3, {label: 'Conv3D', make: nm => {
      const cfg = {filters: rng.pick([2, 4, 8]), kernelSize: rng.pick([1, 2, 3, [1, 3, 3]]), padding: rng.pick(['valid', 'same'])};
      if (rng.chance(0.3)) cfg.strides = rng.pick([2, [1, 2, 2]]);
      if (rng.chance(0.2)) cfg.useBias = false;
      return L.conv3d(named(cfg, nm));
    }}],
    [0.7, {label: 'Conv3DTranspose', make: nm => L.conv3dTranspose(named(
      {filters: rng.pick([2, 4]), kernelSize: rng.pick([2, 3]), strides: rng.pick([1, 2]), padding: rng.pick(['valid', 'same'])}, nm))}],
    [1.5, {label: 'Pooling3D', make: nm => {
      const cfg = {poolSize: rng.pick([2, [1, 2, 2]]), padding: rng.pick(['valid', 'same'])};
      return (rng.chance(0.5) ? L.maxPooling3d : L.averagePooling3d)(named(cfg, nm));
    }}],
    [1, {label: 'ConvLSTM2D', make: nm => L.convLstm2d(named(
      {filters: rng.pick([2, 4]), kernelSize: rng.pick([1, 3]), padding: rng.pick(['valid', 'same']), returnSequences: rng.chance(0.5)}, nm))}],
    [1, {label: 'TimeDistributed', make: nm => {
      const inner = rng.pick(['conv2d', 'maxPooling2d', 'flatten']);
      const cfg = inner === 'conv2d' ? {filters: rng.pick([2, 4]), kernelSize: 3} : inner === 'maxPooling2d' ? {poolSize: 2} : {};
      return L.timeDistributed(named({layer: L[inner](named(cfg, nm, 'inner'))}, nm));
    }}],
    [1, {label: 'Flatten', make: nm => L.flatten(named({}, nm))}],
  ];
  if (d != null && h != null) {
    props.push([0.5, {label: 'Reshape', make: nm => L.reshape(named({targetShape: [d * h, w, c]}, nm))}]);
  }
  return props;
}

function proposals(L, rng, shape) {
  const byRank = [null, rank1Proposals, rank2Proposals, rank3Proposals, rank4Proposals][shape.length];
  const props = byRank ? byRank(L, rng, shape) : [];
  return props.concat(elementwiseProposals(L, rng, shape));
}

// ---------------------------------------------------------------------------
// Probing and model construction.
// ---------------------------------------------------------------------------

class Builder {
  constructor(tf, rng) {
    this.tf = tf;
    this.L = tf.layers;
    this.rng = rng;
    this.probeId = 0;
    this.labels = [];
  }

  saneShape(shape) {
    if (shape.length > 5) return false;
    if (!shape.every(d => d === null || (Number.isInteger(d) && d >= 1))) return false;
    return prod(shape.filter(d => d !== null)) <= MAX_ELEMENTS;
  }

  /**
   * Tries `make` on explicitly named probe inputs/layers. Returns the
   * per-sample output shape, or null if tfjs rejects it or it is not sane.
   */
  probe(make, inputShapes) {
    const id = this.probeId++;
    try {
      const ins = inputShapes.map((s, i) => this.tf.input({shape: s, name: `probe${id}_in${i}`}));
      const layer = make(`probe${id}`);
      const out = layer.apply(ins.length === 1 ? ins[0] : ins);
      if (Array.isArray(out)) return null;
      const shape = out.shape.slice(1);
      if (!this.saneShape(shape) || layer.countParams() > MAX_LAYER_PARAMS) return null;
      return shape;
    } catch (e) {
      return null;
    }
  }

  /**
   * Picks a unary layer valid for `shape`: {label, make, shape} or null.
   * Proposals draw their hyperparameters from their own PRNG seeded once per
   * attempt, so the probe and every later make() build identical layers.
   */
  proposeUnary(shape) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seed = this.rng.int(0, 0x7fffffff);
      const list = () => proposals(this.L, new Rng(seed), shape).filter(p => p[0] > 0);
      const idx = this.rng.weightedIndex(list().map(p => p[0]));
      const label = list()[idx][1].label;
      const make = nm => list()[idx][1].make(nm);
      const out = this.probe(make, [shape]);
      if (out) return {label, make, shape: out};
    }
    return null;
  }

  randomInputShape() {
    const rng = this.rng;
    switch (rng.weighted([[2, 1], [3, 2], [3, 3], [1, 4], [1, 'tokens']])) {
      case 1: return {shape: [rng.pick([4, 8, 10, 16, 20, 32, 64, 100, 128, 256])]};
      case 2: return {shape: [rng.chance(0.25) ? null : rng.int(4, 40), rng.int(1, 32)]};
      case 3: {
        const s = rng.pick([8, 12, 16, 28, 32, 48, 64]);
        return {shape: [s, rng.chance(0.7) ? s : rng.pick([8, 16, 24, 32]), rng.pick([1, 3, 4, 8])]};
      }
      case 4: return {shape: [rng.int(2, 8), rng.int(4, 16), rng.int(4, 16), rng.int(1, 4)]};
      default: return {shape: [rng.chance(0.3) ? null : rng.int(5, 50)], tokens: true};
    }
  }

  /** A random Embedding config. */
  embeddingConfig() {
    const cfg = {inputDim: this.rng.pick([50, 100, 1000, 5000]), outputDim: this.rng.pick([4, 8, 16, 32])};
    if (this.rng.chance(0.3)) cfg.maskZero = true;
    return cfg;
  }

  /** Reduces a tensor to rank 1 (Flatten or global pooling). */
  toVector(x) {
    const shape = x.shape.slice(1);
    const L = this.L;
    if (shape.length === 1) return x;
    if (known(shape) && (shape.length === 4 || this.rng.chance(0.5))) {
      this.labels.push('Flatten');
      return L.flatten().apply(x);
    }
    if (shape.length === 2) {
      this.labels.push('GlobalPooling1D');
      return (this.rng.chance(0.5) ? L.globalAveragePooling1d() : L.globalMaxPooling1d()).apply(x);
    }
    if (shape.length === 3) {
      this.labels.push('GlobalPooling2D');
      return (this.rng.chance(0.5) ? L.globalAveragePooling2d({}) : L.globalMaxPooling2d({})).apply(x);
    }
    // Rank 4 with unknown dims: pool over time and space via a ConvLSTM2D.
    this.labels.push('ConvLSTM2D');
    return this.toVector(L.convLstm2d({filters: 2, kernelSize: 1}).apply(x));
  }
}

/** Random Sequential model. */
function buildSequential(tf, rng) {
  const b = new Builder(tf, rng);
  const L = tf.layers;
  const model = tf.sequential();
  const input = b.randomInputShape();
  let shape = input.shape;
  // The input shape goes either on an explicit InputLayer or on layer 0.
  let firstExtra = {inputShape: shape};
  if (rng.chance(0.2)) {
    model.add(L.inputLayer(input.tokens ? {inputShape: shape, dtype: 'int32'} : {inputShape: shape}));
    firstExtra = undefined;
  }
  if (input.tokens) {
    const cfg = b.embeddingConfig();
    shape = b.probe(nm => L.embedding(named({...cfg}, nm)), [shape]);
    model.add(L.embedding(named({...cfg}, firstExtra)));
    firstExtra = undefined;
    b.labels.push('Embedding');
  }
  const depth = rng.int(2, 10);
  for (let i = 0; i < depth; i++) {
    const prop = b.proposeUnary(shape);
    if (!prop) break;
    model.add(prop.make(firstExtra));
    firstExtra = undefined;
    b.labels.push(prop.label);
    shape = prop.shape;
  }
  if (firstExtra) throw new Error('no layer fits the input');
  if (shape.length > 1 && rng.chance(0.6)) {
    if (known(shape)) {
      model.add(L.flatten());
      b.labels.push('Flatten');
    } else if (shape.length === 2) {
      model.add(L.globalMaxPooling1d());
      b.labels.push('GlobalPooling1D');
    } else if (shape.length === 3) {
      model.add(L.globalAveragePooling2d({}));
      b.labels.push('GlobalPooling2D');
    }
    shape = model.outputs[0].shape.slice(1);
  }
  if (shape.length === 1 && shape[0] != null && shape[0] <= 100000 && rng.chance(0.8)) {
    model.add(L.dense({units: rng.pick([1, 2, 3, 10]), activation: rng.pick(['softmax', 'sigmoid', 'linear'])}));
    b.labels.push('Dense');
  }
  return {model, desc: `random Sequential, input ${fmtShape(input.shape)}${input.tokens ? ' int' : ''}: ${b.labels.join(', ')}`};
}

/** Random functional DAG model. */
function buildFunctional(tf, rng) {
  const b = new Builder(tf, rng);
  const L = tf.layers;
  const numInputs = rng.weighted([[6, 1], [3, 2], [1, 3]]);
  const inputs = [];
  const live = []; // {t, uses}
  const inputDescs = [];
  for (let i = 0; i < numInputs; i++) {
    const spec = b.randomInputShape();
    const x = tf.input(spec.tokens ? {shape: spec.shape, dtype: 'int32'} : {shape: spec.shape});
    inputs.push(x);
    inputDescs.push(fmtShape(spec.shape) + (spec.tokens ? ' int' : ''));
    // Every input gets at least one layer so none is left unused.
    let t;
    if (spec.tokens) {
      t = L.embedding(b.embeddingConfig()).apply(x);
      b.labels.push('Embedding');
    } else {
      const prop = b.proposeUnary(spec.shape);
      if (!prop) throw new Error('no layer fits input');
      t = prop.make().apply(x);
      b.labels.push(prop.label);
    }
    live.push({t, uses: 0});
  }
  const applied = []; // {layer, inShape} unary layers with weights, for sharing

  const steps = rng.int(3, 12);
  for (let s = 0; s < steps; s++) {
    const op = rng.weighted([[6, 'unary'], [2.5, 'merge'], [0.8, 'share'], [0.7, 'submodel']]);
    // Prefer recent tensors.
    const pickLive = () => live[Math.max(0, live.length - 1 - Math.floor(Math.pow(rng.float(), 2) * live.length))];
    if (op === 'merge' && live.length >= 2) {
      const a = pickLive();
      let c = rng.pick(live);
      if (c === a) c = live[(live.indexOf(a) + 1) % live.length];
      const out = mergeTensors(b, a.t, c.t);
      a.uses++;
      c.uses++;
      live.push({t: out, uses: 0});
    } else if (op === 'share' && applied.length) {
      const cand = live.filter(e => applied.some(p => sameShape(p.inShape, e.t.shape.slice(1))));
      if (!cand.length) continue;
      const e = rng.pick(cand);
      const p = rng.pick(applied.filter(p => sameShape(p.inShape, e.t.shape.slice(1))));
      const out = p.layer.apply(e.t);
      b.labels.push(`shared ${p.layer.getClassName()}`);
      e.uses++;
      live.push({t: out, uses: 0});
    } else if (op === 'submodel') {
      const e = pickLive();
      const inShape = e.t.shape.slice(1);
      const sub = buildSubSequential(b, inShape);
      if (!sub) continue;
      const out = sub.apply(e.t);
      b.labels.push(`Sequential[${sub.layers.map(l => l.getClassName()).join(', ')}]`);
      e.uses++;
      live.push({t: out, uses: 0});
    } else {
      const e = pickLive();
      const inShape = e.t.shape.slice(1);
      const prop = b.proposeUnary(inShape);
      if (!prop) continue;
      const layer = prop.make();
      const out = layer.apply(e.t);
      b.labels.push(prop.label);
      if (layer.countParams() > 0) applied.push({layer, inShape});
      e.uses++;
      live.push({t: out, uses: 0});
    }
  }

  // Outputs: unused tensors; too many are merged into one.
  let leaves = live.filter(e => e.uses === 0).map(e => e.t);
  if (leaves.length > 3 || (leaves.length > 1 && rng.chance(0.4))) {
    const vecs = leaves.map(t => b.toVector(t));
    let merged = L.concatenate().apply(vecs);
    b.labels.push('Concatenate');
    merged = L.dense({units: rng.pick([1, 2, 5])}).apply(merged);
    b.labels.push('Dense');
    leaves = [merged];
  }
  const model = tf.model({inputs, outputs: leaves.length === 1 ? leaves[0] : leaves});
  return {
    model,
    desc: `random functional, inputs ${inputDescs.join(' + ')}, ${leaves.length} output(s): ${b.labels.join(', ')}`,
  };
}

function sameShape(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Merges two tensors with a merge layer that fits their shapes. */
function mergeTensors(b, x, y) {
  const L = b.L;
  const rng = b.rng;
  const sx = x.shape.slice(1);
  const sy = y.shape.slice(1);
  if (sameShape(sx, sy)) {
    const kind = rng.pick(['add', 'multiply', 'average', 'maximum', 'minimum', 'concatenate', 'dot']);
    if (kind === 'dot' && sx.length <= 2 && known(sx)) {
      b.labels.push('Dot');
      return L.dot({axes: sx.length === 1 ? 1 : rng.pick([1, 2]), normalize: rng.chance(0.3)}).apply([x, y]);
    }
    if (kind === 'concatenate' || kind === 'dot') {
      b.labels.push('Concatenate');
      return L.concatenate({axis: rng.pick([-1, 1])}).apply([x, y]);
    }
    b.labels.push(kind[0].toUpperCase() + kind.slice(1));
    return L[kind]().apply([x, y]);
  }
  if (sx.length === sy.length) {
    const diff = sx.map((d, i) => (d !== sy[i] ? i : -1)).filter(i => i >= 0);
    if (diff.length === 1 && sx[diff[0]] != null && sy[diff[0]] != null) {
      b.labels.push('Concatenate');
      return L.concatenate({axis: diff[0] + 1}).apply([x, y]);
    }
  }
  b.labels.push('Concatenate');
  return L.concatenate().apply([b.toVector(x), b.toVector(y)]);
}

/** A small random Sequential usable as a layer on `inShape`, or null. */
function buildSubSequential(b, inShape) {
  const tf = b.tf;
  // Choose 1-3 layers by probing, then build the real Sequential.
  const chosen = [];
  let shape = inShape;
  const n = b.rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const prop = b.proposeUnary(shape);
    if (!prop) break;
    chosen.push(prop);
    shape = prop.shape;
  }
  if (!chosen.length) return null;
  const sub = tf.sequential();
  chosen.forEach((prop, i) => sub.add(prop.make(i === 0 ? {inputShape: inShape} : undefined)));
  return sub;
}

function fmtShape(shape) {
  return `[${shape.map(d => (d === null ? 'null' : d)).join(',')}]`;
}

/** Model definitions random_SEED_0 .. random_SEED_{count-1}. */
function randomModelDefs(count, seed) {
  const defs = [];
  for (let i = 0; i < count; i++) {
    const name = `random_${seed}_${i}`;
    defs.push({
      name,
      desc: 'random model',
      build: tf => {
        const rng = new Rng((Math.imul(seed + 1, 0x9E3779B1) ^ Math.imul(i + 1, 0x85EBCA77)) >>> 0);
        return rng.chance(0.45) ? buildSequential(tf, rng) : buildFunctional(tf, rng);
      },
    });
  }
  return defs;
}

module.exports = {randomModelDefs, Rng};
