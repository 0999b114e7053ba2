// Conformance checks on memory and misuse: both cache policies agree and `preactivations` holds
// fewer bytes (Exercise 4), training leaks nothing, and every misuse raises its typed error.

import {
  type Backend,
  DisposedError,
  datasetFromRows,
  forward,
  InputError,
  initModel,
  mse,
  Network,
  ShapeError,
  train,
  trainStep,
  uploadBatch,
  uploadChecked,
  uploadRows,
} from '@deltaml/core';
import { gradientsOnBackend } from './checks-values.js';
import { exercise2 } from './exercise2.js';
import { exercise2Exact } from './exercise2-rows.js';
import { expectClose, expectRejects, expectThrows, expectTrue } from './expect.js';
import { randomCase } from './random-cases.js';
import { FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

const policiesAgreeCheck: ConformanceCheck = {
  name: 'cache policies give the same loss and gradients',
  run(backend) {
    for (let seed = 100; seed < 108; seed++) {
      const c = randomCase(seed);
      const all = gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, 'all');
      const pre = gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, 'preactivations');
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

const leakCheck: ConformanceCheck = {
  name: 'no buffer leaked by training steps or the training loop',
  async run(backend) {
    for (let seed = 200; seed < 204; seed++) {
      const c = randomCase(seed);
      using network = Network.fromModel(backend, c.model);
      const data = datasetFromRows(
        c.X[0].map((_, n) => c.X.map((row) => row[n])),
        c.T[0].map((_, n) => c.T.map((row) => row[n])),
      );
      const before = backend.memory();
      for (const cache of ['all', 'preactivations'] as const) {
        using batch = uploadBatch(
          backend,
          data,
          Uint32Array.from({ length: data.count }, (_, i) => i),
        );
        trainStep(network, batch.X, batch.T, { loss: c.loss, lr: 1e-3, cache });
      }
      await train(network, data, { loss: c.loss, lr: 1e-3, epochs: 2, batchSize: 3, seed });
      const after = backend.memory();
      expectTrue(
        after.buffers === before.buffers && after.bytes === before.bytes,
        `case ${seed}: ${before.buffers} buffers / ${before.bytes} bytes before, ${after.buffers} / ${after.bytes} after`,
      );
    }
  },
};

const trainLoopCheck: ConformanceCheck = {
  name: 'training loop: one full-batch epoch is the seed’s SGD step',
  async run(backend) {
    const { model, X, Y, lr } = exercise2;
    using network = Network.fromModel(backend, model);
    const data = datasetFromRows(
      X[0].map((_, n) => X.map((row) => row[n])),
      Y[0].map((_, n) => [Y[0][n]]),
    );
    await train(network, data, { loss: mse(), lr, epochs: 1, batchSize: 'full', shuffle: false });
    const exact = exercise2Exact();
    const layers = network.toModel().layers;
    expectClose(layers[0].weights, exact.W_1_updated, FLOAT32, 'W_1 after one epoch');
    expectClose(layers[1].weights, exact.W_2_updated, FLOAT32, 'W_2 after one epoch');
  },
};

const errorsCheck: ConformanceCheck = {
  name: 'misuse raises typed errors that say what and where',
  async run(backend) {
    const { model } = exercise2;
    using network = Network.fromModel(backend, model);
    const wide = uploadRows(backend, [[1], [2], [3]], 'X');
    try {
      expectThrows(() => forward(network, wide), ShapeError, /3 rows.*d_0 = 2/, 'input of the wrong width');
      expectThrows(
        () => backend.matmul(wide, wide),
        ShapeError,
        /3×1.*3×1/,
        'matmul with mismatched inner sizes',
      );
    } finally {
      backend.dispose(wide);
    }
    expectThrows(
      () =>
        Network.fromModel(backend, {
          ...model,
          layers: [model.layers[0], { ...model.layers[1], weights: [[1, 2]] }],
        }),
      ShapeError,
      /layers\[1\]\.weights has 2 columns, expected d_1 = 3/,
      'layers that do not chain',
    );
    expectThrows(
      () => uploadChecked(backend, [1, Number.NaN], 1, 2, 'X'),
      InputError,
      /X\[0\]\[1\] is NaN/,
      'a NaN input',
    );
    const data = datasetFromRows([[0.5, 0.5]], [[3]]);
    await expectRejects(
      () => train(network, data, { loss: { kind: 'hinge', margin: 0.1 }, lr: 0.1, epochs: 1, batchSize: 1 }),
      InputError,
      /label 3 is out of range/,
      'a label out of range',
    );
    for (const lr of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expectRejects(
        () =>
          train(network, datasetFromRows([[0.5, 0.5]], [[1]]), { loss: mse(), lr, epochs: 1, batchSize: 1 }),
        InputError,
        /learning rate/,
        `learning rate ${lr}`,
      );
    }
    using line = Network.fromModel(
      backend,
      initModel({ sizes: [2, 1], activations: [{ kind: 'identity' }], seed: 3 }),
    );
    const far = datasetFromRows(
      [
        [1e3, -2e3],
        [3e3, 1e3],
      ],
      [[1], [-1]],
    );
    await expectRejects(
      () => train(line, far, { loss: mse(), lr: 1e6, epochs: 50, batchSize: 'full' }),
      InputError,
      /loss became/,
      'a diverging run',
    );
    const m = backend.upload([1, 2], 1, 2);
    backend.dispose(m);
    expectThrows(() => backend.read(m), DisposedError, /dispose/, 'reading a disposed matrix');
    const gone = Network.fromModel(backend, model);
    gone.dispose();
    expectThrows(() => gone.toModel(), DisposedError, /network/, 'a disposed network');
  },
};

/** The checks on memory: cache policies agree, live-buffer accounting, no leaks over training, disposed and diverging cases throw typed errors. */
export const memoryChecks: ConformanceCheck[] = [
  policiesAgreeCheck,
  memoryCheck,
  leakCheck,
  trainLoopCheck,
  errorsCheck,
];
