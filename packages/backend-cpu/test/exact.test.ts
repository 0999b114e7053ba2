// On cpu float64 the new machinery is exact, not just close: plain SGD through core's optimizer
// is bit for bit the worked example's W ← W − lr·∂L/∂W, and a Trainer saved mid-run and restored
// lands on the same bits as the uninterrupted run.

import { exercise2 } from '@deltaml/conformance';
import {
  computeGradients,
  datasetFromRows,
  initModel,
  makeActivation,
  makeLoss,
  makeOptimizer,
  mse,
  Network,
  sgdUpdate,
  Trainer,
  type TrainerOptions,
  uploadRows,
} from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';

const backend = createCpuBackend({ dtype: 'float64' });

describe('cpu float64, bit for bit', () => {
  it('plain SGD is W − lr·∂L/∂W exactly', () => {
    const { model, X, Y, lr } = exercise2;
    using network = Network.fromModel(backend, model);
    const Xm = uploadRows(backend, X, 'X');
    const Ym = uploadRows(backend, Y, 'Y');
    using grads = computeGradients(network, Xm, Ym, { loss: mse() });
    const before = network.toModel();
    const dW = grads.layers.map((g) => Array.from(backend.read(g.W)));
    sgdUpdate(network, grads, lr);
    const after = network.toModel();
    after.layers.forEach((layer, l) => {
      const want = before.layers[l].weights.flat().map((w, i) => w - lr * dW[l][i]);
      expect(layer.weights.flat()).toEqual(want);
    });
    backend.dispose(Xm);
    backend.dispose(Ym);
  });

  for (const optimizer of ['sgd', 'adam', 'rmsprop'] as const) {
    it(`10 epochs straight equal 5 + save + restore + 5 (${optimizer}, cross-entropy, shuffled batches of 7)`, async () => {
      const model = initModel({
        sizes: [3, 8, 4],
        activations: [makeActivation('gelu'), makeActivation('identity')],
        bias: true,
        seed: 4,
      });
      const rows = Array.from({ length: 50 }, (_, n) => [Math.sin(n), Math.cos(3 * n), (n % 7) / 7]);
      const data = datasetFromRows(
        rows,
        rows.map((_, n) => [n % 4]),
      );
      const options: TrainerOptions = {
        loss: makeLoss('cross-entropy'),
        optimizer: makeOptimizer(optimizer, optimizer === 'sgd' ? { momentum: 0.9, nesterov: true } : {}),
        lr: 0.05,
        epochs: 10,
        batchSize: 7,
        seed: 123,
        plan: { schedule: { kind: 'step', every: 3, gamma: 0.5 }, warmupEpochs: 2 },
      };
      using straight = Network.fromModel(backend, model);
      const one = new Trainer(straight, data, options);
      await one.run();
      one.dispose();
      using first = Network.fromModel(backend, model);
      const two = new Trainer(first, data, options);
      await two.run({ onEpoch: (e) => (e.epoch === 4 ? 'stop' : undefined) });
      const state = JSON.parse(JSON.stringify(await two.saveState()));
      two.dispose();
      using resumed = Network.fromModel(backend, state.model);
      const three = Trainer.restore(resumed, data, options, state);
      await three.run();
      three.dispose();
      expect(resumed.toModel()).toEqual(straight.toModel());
    });
  }
});
