// Memory discipline: memory() counts exactly the tensors this backend hands out (tf.memory()
// agrees), and 10 000 training steps leave tfjs's tensor count where it started.

import { exercise2 } from '@deltaml/conformance';
import { type Backend, DisposedError, mse, Network, trainStep } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';

const STEPS = 10_000;

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
      backend.sgdUpdate(a, a, 0.5);
      expect(tf.memory().numTensors).toBe(tensorsBefore + 2);
      expect(Array.from(backend.read(a))).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
      backend.dispose(a);
      backend.dispose(product);
      expect(backend.memory()).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(() => backend.dispose(a)).toThrow(DisposedError);
    });

    it('read() returns a copy: changing it leaves the matrix alone', async () => {
      const backend = await createTfjsBackend({ engine });
      const m = backend.upload([1, 2], 1, 2);
      backend.read(m).fill(9);
      expect(Array.from(backend.read(m))).toEqual([1, 2]);
      backend.dispose(m);
    });

    it(`${STEPS} training steps keep tf.memory().numTensors and memory() constant`, async () => {
      const backend: Backend = await createTfjsBackend({ engine });
      const { model, X, Y, lr } = exercise2;
      using network = Network.fromModel(backend, model);
      const Xm = backend.upload(X.flat(), X.length, X[0].length);
      const Ym = backend.upload(Y.flat(), Y.length, Y[0].length);
      const tensors = tf.memory().numTensors;
      const held = backend.memory();
      let loss = Number.NaN;
      for (let step = 0; step < STEPS; step++) {
        loss = trainStep(network, Xm, Ym, {
          loss: mse(),
          lr: lr / 10,
          cache: step % 2 ? 'all' : 'preactivations',
        });
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.memory()).toEqual(held);
      expect(loss).toBeLessThan(0.49161); // it trained: below the seed's initial loss
      backend.dispose(Xm);
      backend.dispose(Ym);
    });
  });
}
