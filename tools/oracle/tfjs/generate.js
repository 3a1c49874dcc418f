#!/usr/bin/env node
'use strict';
/**
 * TensorFlow.js oracle for netsum.
 *
 * Builds tfjs-layers models and, for each model NAME, writes to the output
 * directory:
 *   NAME.json           model.toJSON(null, false): the Keras-format topology
 *                       tfjs writes ("modelTopology" of a model.json file).
 *   NAME.expected.json  what tfjs itself reports: per-layer output shapes,
 *                       parameter counts, weights, totals and the exact text
 *                       printed by model.summary().
 * plus INDEX.tsv (NAME <tab> description).
 *
 * Usage:
 *   node generate.js [--out DIR] [--random N] [--seed S] [--only NAME,...]
 *                    [--clean] [--no-verify]
 *
 *   (no --random/--seed)  hand-written catalog (models.js) + 40 random
 *                         models with seed 1.
 *   --random N / --seed S only N random models random_S_0 .. random_S_{N-1}
 *                         (N defaults to 40, S to 1); INDEX.tsv rows for
 *                         them are merged into an existing INDEX.tsv.
 *   --only a,b            only the named models (hand-written or random).
 *   --clean               delete existing *.json and INDEX.tsv in DIR first.
 *   --no-verify           skip the reload check (see below).
 *
 * Reproducibility: tfjs-layers keeps module-level counters for automatic
 * names (dense_Dense1, input1, sequential_1, ...). Each model is therefore
 * built with a freshly loaded copy of the tfjs-layers module (see freshTf),
 * so names do not depend on which models were built before it. Random models
 * use a seeded PRNG. Running the script twice gives byte-identical files.
 *
 * Reload check: unless --no-verify, each topology is reloaded with
 * tf.models.modelFromJSON in a fresh tfjs, because the fixture must say what
 * tfjs makes of the JSON file. A model tfjs cannot reload is skipped. Where
 * the reloaded model reports differently from the built one (tfjs does not
 * serialize everything, e.g. SeparableConv2D depthMultiplier or a
 * model-level trainable=false), the expected file follows the reloaded model
 * and INDEX.tsv says so.
 */

const fs = require('fs');
const path = require('path');

const HAND_WRITTEN = require('./models');
const {randomModelDefs} = require('./random_models');

const DEFAULT_RANDOM_COUNT = 40;
const DEFAULT_RANDOM_SEED = 1;

// ---------------------------------------------------------------------------
// Fresh tfjs per model.
// ---------------------------------------------------------------------------

/**
 * Returns a tfjs namespace whose tfjs-layers module is freshly evaluated, so
 * its automatic-name counters start from zero. tfjs-core (engine, backends,
 * kernels) stays loaded; its variable registry is cleared.
 */
async function freshTf() {
  const pattern = /[\\/]node_modules[\\/]@tensorflow[\\/]tfjs(-layers)?[\\/]/;
  for (const key of Object.keys(require.cache)) {
    if (pattern.test(key)) {
      delete require.cache[key];
    }
  }
  const tf = require('@tensorflow/tfjs');
  tf.disposeVariables();
  if (tf.getBackend() !== 'cpu') {
    await tf.setBackend('cpu');
  }
  return tf;
}

// ---------------------------------------------------------------------------
// Describing a model the way tfjs reports it.
// ---------------------------------------------------------------------------

function weightCount(weights) {
  // Same as tfjs-layers countParamsInWeights (used by printSummary).
  let n = 0;
  for (const w of weights) {
    n += w.shape.reduce((a, b) => a * b, 1);
  }
  return n;
}

function describeWeight(w) {
  return {name: w.originalName || w.name, shape: w.shape, trainable: w.trainable};
}

function outputShapeOf(layer) {
  try {
    return layer.outputShape;
  } catch (e) {
    return 'multiple';
  }
}

function describeLayer(layer) {
  return {
    name: layer.name,
    class_name: layer.getClassName(),
    output_shape: outputShapeOf(layer),
    params: layer.countParams(),
    trainable_params: weightCount(layer.trainableWeights),
    non_trainable_params: weightCount(layer.nonTrainableWeights),
    weights: layer.weights.map(describeWeight),
    // Extras (not in the brief's minimum): the layer's trainable flag and the
    // inputShapes of every inbound node (printed as "Input Shape" by summary).
    trainable: layer.trainable,
    inbound_input_shapes: layer.inboundNodes.map(n => n.inputShapes),
  };
}

function describeModel(model) {
  const lines = [];
  model.summary(undefined, undefined, line => lines.push(line));
  // printSummary: trainable = collectedTrainableWeights (only set by compile)
  // or trainableWeights; non-trainable = nonTrainableWeights. No de-duplication.
  const trainableWeights = model.collectedTrainableWeights != null ?
    model.collectedTrainableWeights : model.trainableWeights;
  const trainable = weightCount(trainableWeights);
  const nonTrainable = weightCount(model.nonTrainableWeights);
  const report = {
    name: model.name,
    class_name: model.getClassName(),
    layers: model.layers.map(describeLayer),
    totals: {params: trainable + nonTrainable, trainable_params: trainable, non_trainable_params: nonTrainable},
    summary: lines.join('\n'),
  };
  const expectTotal = `Total params: ${report.totals.params}`;
  if (!lines.includes(expectTotal)) {
    throw new Error(`summary does not contain "${expectTotal}"`);
  }
  return report;
}

// ---------------------------------------------------------------------------
// Driver.
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {out: path.resolve(__dirname, '../../../testdata/tfjs'), verify: true, clean: false};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--random') opts.random = parseNonNegInt(a, next());
    else if (a === '--seed') opts.seed = parseNonNegInt(a, next());
    else if (a === '--only') opts.only = new Set(next().split(',').filter(Boolean));
    else if (a === '--clean') opts.clean = true;
    else if (a === '--no-verify') opts.verify = false;
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  opts.randomOnly = opts.random !== undefined || opts.seed !== undefined;
  if (opts.random === undefined) opts.random = DEFAULT_RANDOM_COUNT;
  if (opts.seed === undefined) opts.seed = DEFAULT_RANDOM_SEED;
  return opts;
}

function parseNonNegInt(flag, s) {
  if (!/^\d+$/.test(s)) throw new Error(`${flag} expects a non-negative integer, got ${s}`);
  return Number(s);
}

function stringify(obj) {
  return JSON.stringify(obj, null, 1) + '\n';
}

function log(msg) {
  process.stderr.write(msg + '\n');
}

/** Builds one model in a fresh tfjs; returns {model, desc} or throws. */
async function build(def) {
  const tf = await freshTf();
  const result = def.build(tf);
  if (result && result.model) {
    return {model: result.model, desc: result.desc || def.desc};
  }
  return {model: result, desc: def.desc};
}

/** Reloads a topology with tf.models.modelFromJSON in a fresh tfjs and reports it. */
async function reloadReport(topology) {
  const tf = await freshTf();
  const loaded = await tf.models.modelFromJSON({modelTopology: JSON.parse(JSON.stringify(topology))});
  return describeModel(loaded);
}

/** Top-level report keys whose values differ. */
function reportDiffs(a, b) {
  return Object.keys(a).filter(k => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Adds every layer/model class_name found anywhere in a topology to `counts`. */
function collectClasses(node, counts) {
  if (Array.isArray(node)) {
    node.forEach(n => collectClasses(n, counts));
  } else if (node && typeof node === 'object') {
    const cfg = node.config;
    if (typeof node.class_name === 'string' && cfg && typeof cfg === 'object' &&
        ('trainable' in cfg || 'layers' in cfg)) {
      counts.set(node.class_name, (counts.get(node.class_name) || 0) + 1);
    }
    Object.values(node).forEach(v => collectClasses(v, counts));
  }
}

function readIndex(file) {
  const rows = new Map();
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const tab = line.indexOf('\t');
      rows.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }
  return rows;
}

function writeIndex(file, rows) {
  let text = '# name\tdescription\n';
  for (const [name, desc] of rows) text += `${name}\t${desc}\n`;
  fs.writeFileSync(file, text);
}

/**
 * Routes tfjs console warnings to stderr, prefixed with the model name, and
 * drops the noisy ones that say nothing about the fixture.
 */
const QUIET_WARNINGS = [/^Orthogonal initializer is being called/, /Hi, looks like you are running TensorFlow.js in Node.js/];
let currentModel = '';
console.warn = (...args) => {
  const msg = args.join(' ');
  if (!QUIET_WARNINGS.some(re => re.test(msg))) log(`  [tfjs warning, ${currentModel}] ${msg.split('\n')[0]}`);
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(opts.out, {recursive: true});
  const indexFile = path.join(opts.out, 'INDEX.tsv');
  if (opts.clean) {
    for (const f of fs.readdirSync(opts.out)) {
      if (f.endsWith('.json') || f === 'INDEX.tsv') fs.unlinkSync(path.join(opts.out, f));
    }
  }

  let defs = opts.randomOnly ? [] : HAND_WRITTEN.slice();
  defs = defs.concat(randomModelDefs(opts.random, opts.seed));
  if (opts.only) defs = defs.filter(d => opts.only.has(d.name));

  // A full default run rewrites INDEX.tsv; partial runs merge into it.
  const partial = opts.randomOnly || opts.only;
  const index = partial ? readIndex(indexFile) : new Map();
  let written = 0;
  const skipped = [];
  const mismatched = [];
  const classes = new Map();

  for (const def of defs) {
    currentModel = def.name;
    let model, desc, topology, expected;
    try {
      ({model, desc} = await build(def));
      topology = model.toJSON(null, false);
      expected = describeModel(model);
    } catch (e) {
      skipped.push(def.name);
      log(`SKIP ${def.name}: ${String(e.message || e).split('\n')[0]}`);
      continue;
    }
    if (opts.verify) {
      // The fixture must describe what tfjs makes of the JSON file itself.
      let reloaded;
      try {
        reloaded = await reloadReport(topology);
      } catch (e) {
        skipped.push(def.name);
        log(`SKIP ${def.name}: tfjs cannot reload its own JSON: ${String(e.message || e).split('\n')[0]}`);
        continue;
      }
      const diffs = reportDiffs(expected, reloaded);
      if (diffs.length) {
        mismatched.push(def.name);
        log(`NOTE ${def.name}: reloaded model differs from the built one in ${diffs.join(', ')}; using the reloaded report`);
        expected = reloaded;
        desc += ` [built model differed in ${diffs.join('/')}; expected follows the reloaded JSON]`;
      }
    }
    fs.writeFileSync(path.join(opts.out, `${def.name}.json`), stringify(topology));
    fs.writeFileSync(path.join(opts.out, `${def.name}.expected.json`), stringify(expected));
    index.set(def.name, desc.replace(/[\t\n]/g, ' '));
    collectClasses(topology, classes);
    written++;
  }
  writeIndex(indexFile, index);

  log(`wrote ${written} models to ${opts.out} (${skipped.length} skipped${skipped.length ? ': ' + skipped.join(', ') : ''})`);
  if (mismatched.length) log(`expected follows the reloaded model for: ${mismatched.join(', ')}`);
  log(`classes in topologies: ${[...classes.keys()].sort().map(k => `${k}(${classes.get(k)})`).join(' ')}`);
}

main().catch(e => {
  log(e.stack || String(e));
  process.exit(1);
});
