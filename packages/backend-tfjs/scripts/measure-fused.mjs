// Measures whether fused tfjs kernels would beat core's general path on a tfjs engine, for the
// `mlp` step's shapes: the loss (core computes it on the host in float64 from Z_L and uploads
// ∂L/∂Z_L, against the same loss as tfjs ops and a read of the scalar) and Adam (core's three
// in-place primitives, against the whole update in one tf.tidy). The README's Speed section
// records the results; the backend has no fused kernels because neither candidate was faster.
// Not a test: timings vary with the machine's load. Run after `pnpm build`:
//   node packages/backend-tfjs/scripts/measure-fused.mjs [wasm] [cpu] [node]
import { createTfjsBackend } from '@deltaml/backend-tfjs';
import { crossEntropy, lossAndGradient, makeOptimizer, mse, Optimizer, seededRandom } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';

/** median µs per call over `samples` blocks of `block` calls, after 300 ms of warm-up */
function microseconds(run, block, samples) {
  for (const end = performance.now() + 300; performance.now() < end; ) run();
  const times = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let i = 0; i < block; i++) run();
    times.push(((performance.now() - start) / block) * 1000);
  }
  return times.sort((a, b) => a - b)[samples >> 1].toFixed(0);
}

async function measure(engine) {
  const backend = await createTfjsBackend({ engine });
  const random = seededRandom(1);
  const d = 10;
  const N = 128;
  const labels = Float32Array.from({ length: N }, () => Math.floor(random() * d));
  const oneHot = new Float32Array(d * N);
  labels.forEach((y, n) => {
    oneHot[y * N + n] = 1;
  });
  const Z = backend.upload(
    Float32Array.from({ length: d * N }, () => 4 * random() - 2),
    d,
    N,
  );
  const Y = backend.upload(oneHot, d, N);
  const L = backend.upload(labels, 1, N);

  const host = (loss, T) => () => backend.dispose(lossAndGradient(backend, loss, Z, T).dZ);
  const fused = (compute) => () => {
    const { loss, dZ } = tf.tidy(compute);
    loss.dataSync();
    loss.dispose();
    dZ.dispose();
  };
  const mseOps = () => {
    const diff = tf.sub(Z.tensor, Y.tensor);
    return { loss: tf.div(tf.sum(tf.square(diff)), 2 * N), dZ: tf.div(diff, N) };
  };
  const crossEntropyOps = () => {
    const logP = tf.logSoftmax(tf.transpose(Z.tensor)); // examples as rows
    const target = tf.oneHot(tf.cast(tf.reshape(L.tensor, [N]), 'int32'), d);
    const loss = tf.div(tf.neg(tf.sum(tf.mul(logP, target))), N);
    return { loss, dZ: tf.transpose(tf.div(tf.sub(tf.exp(logP), target), N)) };
  };

  // Adam on the mlp's parameters (784-256-128-10 with biases)
  const shapes = [
    [256, 784],
    [256, 1],
    [128, 256],
    [128, 1],
    [10, 128],
    [10, 1],
  ];
  const upload = ([rows, cols]) =>
    backend.upload(
      Float32Array.from({ length: rows * cols }, () => random() - 0.5),
      rows,
      cols,
    );
  const params = shapes.map(upload);
  const grads = shapes.map(upload);
  const optimizer = new Optimizer(backend, makeOptimizer('adam'));
  const state = shapes.map((shape) => ({ p: tf.zeros(shape), m: tf.zeros(shape), v: tf.zeros(shape) }));
  let t = 0;
  const fusedAdam = () => {
    t++;
    const [lr, beta1, beta2, eps] = [1e-3, 0.9, 0.999, 1e-8];
    state.forEach((s, i) => {
      const g = grads[i].tensor;
      const next = tf.tidy(() => {
        const m = tf.add(tf.mul(s.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(s.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const step = tf.div(
          tf.mul(m, -lr / (1 - beta1 ** t)),
          tf.add(tf.sqrt(tf.mul(v, 1 / (1 - beta2 ** t))), eps),
        );
        return { p: tf.add(s.p, step), m, v };
      });
      for (const old of Object.values(s)) old.dispose();
      Object.assign(s, next);
    });
  };

  console.log(`tfjs-${engine}, median of 9, µs:`);
  console.log(
    `  mse ${d}×${N}: host ${microseconds(host(mse(), Y), 200, 9)}, tfjs ops ${microseconds(fused(mseOps), 200, 9)}`,
  );
  console.log(
    `  cross-entropy ${d}×${N}: host ${microseconds(host(crossEntropy(), L), 200, 9)}, tfjs ops ${microseconds(fused(crossEntropyOps), 200, 9)}`,
  );
  console.log(
    `  adam, 6 parameters: three primitives ${microseconds(() => optimizer.step(params, grads, 1e-3), 20, 9)}, one tidy ${microseconds(fusedAdam, 20, 9)}`,
  );
  optimizer.dispose();
  for (const m of [Z, Y, L, ...params, ...grads]) backend.dispose(m);
  for (const s of state) for (const tensor of Object.values(s)) tensor.dispose();
}

const engines = process.argv.slice(2);
for (const engine of engines.length > 0 ? engines : ['wasm']) await measure(engine);
