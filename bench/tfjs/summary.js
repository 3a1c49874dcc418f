// Loads one Keras model JSON with TensorFlow.js and prints its summary: the
// reference side of bench/tfjs/run.sh. Usage: node summary.js MODEL.json
const path = require('path');
const tf = require(path.join(__dirname, '../../tools/oracle/tfjs/node_modules/@tensorflow/tfjs'));
const fs = require('fs');
(async () => {
  const topo = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const model = await tf.models.modelFromJSON({ modelTopology: topo });
  model.summary(undefined, undefined, (line) => process.stdout.write(line + '\n'));
})().catch((e) => { console.error(e.message); process.exit(1); });
