// Conformance checks on memory: both cache policies agree and `preactivations` holds fewer bytes
// (Exercise 4), training leaks nothing, the training loop is the worked example's step, and a
// saved and restored Trainer continues the run exactly.

import {
  type Backend,
  datasetFromRows,
  forward,
  initModel,
  makeOptimizer,
  mse,
  Network,
  Trainer,
  train,
  trainStepAsync,
  uploadBatch,
} from '@deltaml/core';
import { gradientsOnBackend } from './backend-io.js';
import { exercise2 } from './exercise2.js';
import { exercise2Exact } from './exercise2-rows.js';
import { expectClose, expectTrue } from './expect.js';
import { randomCase } from './random-cases.js';
import type { Mat } from './reference.js';
import { FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

const policiesAgreeCheck: ConformanceCheck = {
  name: 'cache policies give the same loss and gradients',
  async run(backend) {
    for (let seed = 100; seed < 108; seed++) {
      const c = randomCase(seed);
      const all = await gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, 'all');
      const pre = await gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, 'preactivations');
      expectClose([pre.loss], [all.loss], FLOAT32, `case ${seed}: loss`);
      pre.gradW.forEach((g, l) => expectClose(g, all.gradW[l], FLOAT32, `case ${seed}: ∂L/∂W_${l + 1}`));
    }
  },
};

/** The largest share of `all`'s cache bytes that `preactivations` may hold (BENCHMARKS.md). */
export const PREACTIVATION_SHARE = 0.55;

/** Bytes the backend holds between forward and backward, beyond the network and X. */
export function forwardCacheBytes(
  backend: Backend,
  sizes: number[],
  N: number,
  policy: 'all' | 'preactivations',
): number {
  const activations = sizes.slice(1).map(() => ({ kind: 'relu' }) as const);
  using network = Network.fromModel(backend, initModel({ sizes, activations, bias: true, seed: 1 }));
  const X = backend.upload(new Float32Array(sizes[0] * N).fill(0.5), sizes[0], N);
  try {
    const before = backend.memory().bytes;
    using _cache = forward(network, X, policy);
    return backend.memory().bytes - before;
  } finally {
    backend.dispose(X);
  }
}

const memoryCheck: ConformanceCheck = {
  name: `preactivations holds ≤ ${Math.round(PREACTIVATION_SHARE * 100)}% of the cache bytes of all`,
  run(backend) {
    const sizes = [64, 128, 128, 10];
    const all = forwardCacheBytes(backend, sizes, 32, 'all');
    const pre = forwardCacheBytes(backend, sizes, 32, 'preactivations');
    expectTrue(all > 0, `cache policy all reported ${all} bytes`);
    expectTrue(pre <= PREACTIVATION_SHARE * all, `preactivations holds ${pre} bytes, all holds ${all}`);
  },
};

/** The rows of a dataset from a case's columns (X is d_0 × N, T targets × N). */
function datasetOf(X: Mat, T: Mat) {
  return datasetFromRows(
    X[0].map((_, n) => X.map((row) => row[n])),
    T[0].map((_, n) => T.map((row) => row[n])),
  );
}

const leakCheck: ConformanceCheck = {
  name: 'no buffer leaked by training steps, optimizers or the training loop',
  async run(backend) {
    for (let seed = 200; seed < 204; seed++) {
      const c = randomCase(seed);
      using network = Network.fromModel(backend, c.model);
      const data = datasetOf(c.X, c.T);
      const before = backend.memory();
      for (const cache of ['all', 'preactivations'] as const) {
        using batch = uploadBatch(
          backend,
          data,
          Uint32Array.from({ length: data.count }, (_, i) => i),
        );
        await trainStepAsync(network, batch.X, batch.T, { loss: c.loss, lr: 1e-3, cache });
      }
      await train(network, data, { loss: c.loss, lr: 1e-3, epochs: 2, batchSize: 3, seed });
      await train(network, data, {
        loss: c.loss,
        lr: 1e-3,
        epochs: 2,
        batchSize: 3,
        seed,
        optimizer: makeOptimizer('adam'),
        validation: data,
        earlyStopPatience: 1,
      });
      const after = backend.memory();
      expectTrue(
        after.buffers === before.buffers && after.bytes === before.bytes,
        `case ${seed}: ${before.buffers} buffers / ${before.bytes} bytes before, ${after.buffers} / ${after.bytes} after`,
      );
    }
  },
};

const trainLoopCheck: ConformanceCheck = {
  name: 'training loop: one full-batch epoch is the worked example’s SGD step',
  async run(backend) {
    const { model, X, Y, lr } = exercise2;
    using network = Network.fromModel(backend, model);
    await train(network, datasetOf(X, Y), { loss: mse(), lr, epochs: 1, batchSize: 'full', shuffle: false });
    const exact = exercise2Exact();
    const layers = (await network.readModel()).layers;
    expectClose(layers[0].weights, exact.W_1_updated, FLOAT32, 'W_1 after one epoch');
    expectClose(layers[1].weights, exact.W_2_updated, FLOAT32, 'W_2 after one epoch');
  },
};

const resumeCheck: ConformanceCheck = {
  name: 'a saved and restored Trainer continues the run exactly (Adam, shuffled mini-batches)',
  async run(backend) {
    const c = randomCase(5);
    const data = datasetOf(c.X, c.T);
    const options = {
      loss: c.loss,
      lr: 1e-2,
      epochs: 6,
      batchSize: 4,
      seed: 9,
      optimizer: makeOptimizer('adam', { weightDecay: 0.01 }),
    };
    using straight = Network.fromModel(backend, c.model);
    {
      using trainer = new Trainer(straight, data, options);
      await trainer.run();
    }
    using first = Network.fromModel(backend, c.model);
    let state: Awaited<ReturnType<Trainer['saveState']>>;
    {
      using trainer = new Trainer(first, data, options);
      await trainer.run({ onEpoch: (e) => (e.epoch === 2 ? 'stop' : undefined) });
      state = JSON.parse(JSON.stringify(await trainer.saveState()));
    }
    using resumed = Network.fromModel(backend, state.model);
    {
      using trainer = Trainer.restore(resumed, data, options, state);
      await trainer.run();
    }
    const want = await straight.readModel();
    const got = await resumed.readModel();
    got.layers.forEach((layer, l) =>
      expectClose(layer.weights, want.layers[l].weights, FLOAT32, `W_${l + 1} after 3 + 3 epochs`),
    );
  },
};

/** The checks on memory and training runs. */
export const memoryChecks: ConformanceCheck[] = [
  policiesAgreeCheck,
  memoryCheck,
  leakCheck,
  trainLoopCheck,
  resumeCheck,
];
