// Memory discipline: memory() counts exactly the tensors this backend hands out (tf.memory()
// agrees), the in-place updates replace a matrix's tensor without adding one, and 10 000 training
// steps (plain SGD, and Adam, which uses every in-place primitive) leave tfjs's tensor count where
// it started.

import { exercise2 } from '@deltaml/conformance';
import { DisposedError, makeOptimizer, mse, Network, Optimizer, trainStep } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';

const STEPS = 10_000;
/** relative error allowed for a few float32 operations (each rounds by at most 2⁻²⁴ ≈ 6e-8) */
const FEW_FLOAT32_ROUNDINGS = 1e-6;

for (const engine of ['cpu', 'wasm'] as const) {
  describe(`tfjs-${engine} memory`, () => {
    it('memory() counts the tensors it hands out, and tf.memory() agrees', async () => {
      const backend = await createTfjsBackend({ engine });
      const tensorsBefore = tf.memory().numTensors;
      const before = backend.memory();
      const a = backend.upload([1, 2, 3, 4, 5, 6], 2, 3);
      const product = backend.matmul(a, a, { transB: true });
      expect(backend.memory()).toEqual({ buffers: before.buffers + 2, bytes: before.bytes + (6 + 4) * 4 });
      expect(tf.memory().numTensors).toBe(tensorsBefore + 2);
      backend.dispose(a);
      backend.dispose(product);
      expect(backend.memory()).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(() => backend.dispose(a)).toThrow(DisposedError);
    });

    it('the in-place updates compute their formula and replace the tensor, freeing the old one', async () => {
      const backend = await createTfjsBackend({ engine });
      const y = backend.upload([1, 2, 3, 4], 2, 2);
      const x = backend.upload([0.5, -1, 2, 0], 2, 2);
      const v = backend.upload([4, 1, 0.25, 9], 2, 2);
      const tensors = tf.memory().numTensors;
      const held = backend.memory();

      backend.scaleAdd(y, x, 0.5, -2); // y ← 0.5·y − 2·x
      expect(Array.from(backend.read(y))).toEqual([-0.5, 3, -2.5, 2]);
      backend.scaleAdd(y, y, 1, -0.5); // the same matrix as y and x: y ← 0.5·y
      expect(Array.from(backend.read(y))).toEqual([-0.25, 1.5, -1.25, 1]);
      backend.scaleAddSquare(y, x, 2, 4); // y ← 2·y + 4·x⊙x
      expect(Array.from(backend.read(y))).toEqual([0.5, 7, 13.5, 2]);
      backend.addQuotient(y, x, v, -0.5, 0.25, 0.5); // y ← y − 0.5·x ⊘ (√(v/4) + 0.5)
      const want = [0.5 - 0.25 / 1.5, 7 + 0.5 / 1, 13.5 - 1 / 0.75, 2 - 0];
      backend.read(y).forEach((value, i) => {
        expect(Math.abs(value - want[i])).toBeLessThanOrEqual(FEW_FLOAT32_ROUNDINGS * Math.abs(want[i]));
      });

      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.memory()).toEqual(held);
      for (const m of [y, x, v]) backend.dispose(m);
    });

    it('read() returns a copy: changing it leaves the matrix alone', async () => {
      const backend = await createTfjsBackend({ engine });
      const m = backend.upload([1, 2], 1, 2);
      backend.read(m).fill(9);
      expect(Array.from(backend.read(m))).toEqual([1, 2]);
      backend.dispose(m);
    });

    for (const optimizer of ['sgd', 'adam'] as const) {
      it(`${STEPS} training steps with ${optimizer} keep tf.memory().numTensors and memory() constant`, async () => {
        const backend = await createTfjsBackend({ engine });
        const { model, X, Y, lr } = exercise2;
        using network = Network.fromModel(backend, model);
        const Xm = backend.upload(X.flat(), X.length, X[0].length);
        const Ym = backend.upload(Y.flat(), Y.length, Y[0].length);
        // Adam's state (two slots per parameter) is created at its first step: count after it
        using state = new Optimizer(backend, makeOptimizer(optimizer));
        const options = { loss: mse(), lr: optimizer === 'sgd' ? lr / 10 : 1e-3, optimizer: state };
        const firstLoss = trainStep(network, Xm, Ym, options);
        const tensors = tf.memory().numTensors;
        const held = backend.memory();
        let loss = firstLoss;
        for (let step = 1; step < STEPS; step++) {
          loss = trainStep(network, Xm, Ym, { ...options, cache: step % 2 ? 'all' : 'preactivations' });
        }
        expect(tf.memory().numTensors).toBe(tensors);
        expect(backend.memory()).toEqual(held);
        expect(loss).toBeLessThan(firstLoss); // it trained
        backend.dispose(Xm);
        backend.dispose(Ym);
      });
    }
  });
}
