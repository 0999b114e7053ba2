import { createCpuBackend } from '@deltaml/backend-cpu';
import { describe, expect, test } from 'vitest';
import { fingerprint, trainData } from '../src/logic/train-data.js';
import { TrainSession } from '../src/logic/train-session.js';
import { DEFAULT_SETUP } from '../src/logic/train-setup.js';
import { GRID_RESOLUTION } from '../src/logic/worker-protocol.js';

describe('the Train panel’s data', () => {
  test('split into training and test points, targets as each loss reads them', () => {
    const ce = trainData({ ...DEFAULT_SETUP, points: 30, trainPercent: 50 });
    expect([ce.train.count, ce.test.count, ce.outputSize]).toEqual([15, 15, 3]);
    expect(Array.from(ce.train.targets.subarray(0, 3))).toEqual([0, 1, 2]); // class indices
    const mse = trainData({ ...DEFAULT_SETUP, points: 30, loss: 'mse' });
    expect(mse.train.targetSize).toBe(3);
    expect(Array.from(mse.train.targets.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]); // one-hot rows
    const bce = trainData({ ...DEFAULT_SETUP, dataset: 'xor', points: 30, loss: 'binary-cross-entropy' });
    expect(bce.outputSize).toBe(1); // one logit
  });

  test('features are computed from the points; the same setup gives the same data', () => {
    const data = trainData({ ...DEFAULT_SETUP, points: 20, features: ['x1x2', 'sinx2'] });
    const [x1, x2] = [data.toy.points[0], data.toy.points[1]];
    expect(Array.from(data.train.inputs.subarray(0, 2))).toEqual([x1 * x2, Math.sin(x2)]);
    const again = trainData({ ...DEFAULT_SETUP, points: 20, features: ['x1x2', 'sinx2'] });
    expect(fingerprint(again.toy.points)).toBe(fingerprint(data.toy.points));
  });
});

describe('a training session (what the worker runs)', () => {
  test('trains the default spiral through core’s Trainer, with live learning rate and batch size', async () => {
    const backend = createCpuBackend();
    const session = new TrainSession(backend, { ...DEFAULT_SETUP, backend: 'cpu' });
    const first = await session.snapshot(1, false, 0);
    expect(first.steps).toBe(0);
    expect(first.weights.W.map((W) => [W.length, W[0].length])).toEqual([
      [8, 2],
      [8, 8],
      [3, 8],
    ]);
    const M = GRID_RESOLUTION * GRID_RESOLUTION;
    const grid = await session.gridOutputs();
    expect(grid.activations.map((a) => a.length)).toEqual([8 * M, 8 * M, 3 * M]);
    expect(grid.scores.length).toBe(3 * M);
    expect(grid.scores[0] + grid.scores[M] + grid.scores[2 * M]).toBeCloseTo(1, 5); // softmax over classes
    expect(session.inputMaps.length).toBe(2 * M); // x₁ and x₂ over the grid
    while (session.trainer.steps < 1500) await session.trainFor(50);
    session.setLearningRate(0.01);
    session.setBatchSize(30);
    await session.trainFor(0);
    const later = await session.snapshot(1, true, 0);
    expect(later.lr).toBe(0.01);
    expect(later.batchSize).toBe(30);
    expect(later.steps).toBeGreaterThan(1500); // no reset
    expect(later.trainLoss).toBeLessThan(first.trainLoss / 2);
    expect(later.trainAccuracy).toBeGreaterThan(0.8);
    session.dispose();
  });

  test('the same setup starts from the same weights', async () => {
    const a = new TrainSession(createCpuBackend(), DEFAULT_SETUP);
    const b = new TrainSession(createCpuBackend(), DEFAULT_SETUP);
    expect(await a.weights()).toEqual(await b.weights());
    a.dispose();
    b.dispose();
  });
});
