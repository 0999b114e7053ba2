// Measures, per tfjs engine, the two ways to multiply by a transpose: matMul's transpose flags,
// or tf.transpose then a plain matMul, for the `mlp` step's products (W 256×784, Z 784×128,
// δ 256×128) and for small square ones. engines.ts (EXPLICIT_TRANSPOSE_FROM) records from which
// size the explicit transpose wins. Not a test: timings vary with the machine's load.
// Run: node packages/backend-tfjs/scripts/measure-transposes.mjs [cpu] [wasm] [tensorflow]
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

// the .wasm files from tfjs-backend-wasm's own dist/, as engines.ts does
const binary = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
);
setWasmPaths(dirname(binary) + sep);

const median = (fn, reps) => {
  const times = [];
  for (let i = 0; i < reps + 3; i++) {
    const start = performance.now();
    tf.tidy(() => {
      fn().dataSync();
    });
    if (i >= 3) times.push(performance.now() - start); // the first 3 are warm-up
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
};

const ms = (fn, reps) => median(fn, reps).toFixed(3);

for (const engine of process.argv.slice(2).length ? process.argv.slice(2) : ['cpu', 'wasm']) {
  if (engine === 'tensorflow') await import('@tensorflow/tfjs-node');
  await tf.setBackend(engine);
  const W = tf.randomNormal([256, 784]);
  const Z = tf.randomNormal([784, 128]);
  const delta = tf.randomNormal([256, 128]);
  const reps = engine === 'cpu' ? 5 : 30;
  console.log(`${engine}: W·Z plain ${ms(() => tf.matMul(W, Z), reps)} ms`);
  console.log(
    `${engine}: δ·Zᵀ flag ${ms(() => tf.matMul(delta, Z, false, true), reps)} ms, ` +
      `explicit ${ms(() => tf.matMul(delta, tf.transpose(Z)), reps)} ms`,
  );
  console.log(
    `${engine}: Wᵀ·δ flag ${ms(() => tf.matMul(W, delta, true, false), reps)} ms, ` +
      `explicit ${ms(() => tf.matMul(tf.transpose(W), delta), reps)} ms`,
  );
  for (const n of [4, 8, 16, 32]) {
    const [A, B] = [tf.randomNormal([n, n]), tf.randomNormal([n, n])];
    ms(() => tf.matMul(A, B), 2000); // warm-up for this shape
    console.log(
      `${engine}: ${n}·${n}·${n} A·Bᵀ flag ${ms(() => tf.matMul(A, B, false, true), 2000)} ms, ` +
        `explicit ${ms(() => tf.matMul(A, tf.transpose(B)), 2000)} ms`,
    );
    tf.dispose([A, B]);
  }
  tf.dispose([W, Z, delta]);
}
