// The workloads as data: the networks, batches, targets and products of docs/benchmarks.md, and
// which workloads run by default.
import { exercise2 } from '@deltaml/conformance';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKLOADS,
  GEMM_PRODUCTS,
  gflops,
  MEMORY,
  MLP,
  mlpProblem,
  OPTIM_ADAM,
  optimProblem,
  productLabel,
  productOperands,
  SCALE_GRID,
  tinyProblem,
  WORKLOAD_NAMES,
} from '../src/index.js';

describe('workloads', () => {
  it('mlp: 784-256-128-10 with biases, ReLU, ReLU, identity, N = 128, one-hot targets matching the labels', () => {
    const { model, X, Y, labels, N, lr, step } = mlpProblem(MLP.hidden, MLP.batch);
    expect(model.layers.map((l) => [l.weights.length, l.weights[0].length])).toEqual([
      [256, 784],
      [128, 256],
      [10, 128],
    ]);
    expect(model.layers.map((l) => l.activation.kind)).toEqual(['relu', 'relu', 'identity']);
    expect(model.layers.every((l) => l.bias !== undefined)).toBe(true);
    expect([N, lr, step, X.length, Y.length]).toEqual([128, 0.01, 'mse-sgd', 784 * 128, 10 * 128]);
    for (let n = 0; n < N; n++) {
      const column = Array.from({ length: 10 }, (_, j) => Y[j * N + n]);
      expect(column.reduce((a, b) => a + b)).toBe(1);
      expect(column.indexOf(1)).toBe(labels[n]);
    }
  });

  it('optim: the mlp problem with Adam at lr 1e-3 and cross-entropy, the same batch', () => {
    const optim = optimProblem();
    const mlp = mlpProblem(MLP.hidden, MLP.batch);
    expect([optim.step, optim.lr]).toEqual(['cross-entropy-adam', OPTIM_ADAM.lr]);
    expect(OPTIM_ADAM).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    expect(optim.X).toEqual(mlp.X);
    expect(optim.labels).toEqual(mlp.labels);
  });

  it("tiny: the seed's Exercise 2 (2-3-1, no biases, N = 4, lr 0.5), X and Y one column per example", () => {
    const { model, X, Y, N, lr, step } = tinyProblem();
    expect(model).toEqual(exercise2.model);
    expect([N, lr, step]).toEqual([4, 0.5, 'mse-sgd']);
    expect(Array.from(X)).toEqual(exercise2.X.flat().map(Math.fround));
    expect(Array.from(Y)).toEqual(exercise2.Y.flat().map(Math.fround));
  });

  it('gemm: six sizes in three forms; GFLOP/s is 2·M·N·K over the time', () => {
    expect(GEMM_PRODUCTS).toHaveLength(18);
    expect(GEMM_PRODUCTS.slice(0, 3).map(productLabel)).toEqual([
      '256x256x256 A·B',
      '256x256x256 Aᵀ·B',
      '256x256x256 A·Bᵀ',
    ]);
    // 2·512³ flops in 1 ms = 268.435456 GFLOP/s
    expect(gflops({ M: 512, K: 512, N: 512, form: 'A·B' }, 1)).toBeCloseTo(268.435456, 9);
    const { A, B, transA, transB } = productOperands({ M: 3, K: 4, N: 5, form: 'Aᵀ·B' });
    expect([A.length, B.length, transA, transB]).toEqual([12, 20, true, false]);
    expect(productOperands({ M: 3, K: 4, N: 5, form: 'A·Bᵀ' }).transB).toBe(true);
    expect(Math.max(...A.map(Math.abs))).toBeLessThan(0.5);
  });

  it('scale and memory: the grid of widths × batches and the cache network', () => {
    expect(SCALE_GRID.map(({ hidden, batch }) => `${hidden}/${batch}`)).toEqual([
      '256/32',
      '256/128',
      '256/512',
      '1024/32',
      '1024/128',
      '1024/512',
    ]);
    expect(mlpProblem(1024, 32).model.layers.map((l) => l.weights.length)).toEqual([1024, 512, 10]);
    expect(MEMORY).toEqual({
      sizes: [784, 1024, 1024, 1024, 10],
      N: 256,
      policies: ['all', 'preactivations'],
    });
  });

  it('every workload runs by default but e2e, which is asked for by name', () => {
    expect(WORKLOAD_NAMES).toEqual(['mlp', 'tiny', 'gemm', 'scale', 'memory', 'optim', 'e2e']);
    expect(DEFAULT_WORKLOADS).toEqual(['mlp', 'tiny', 'gemm', 'scale', 'memory', 'optim']);
  });
});
