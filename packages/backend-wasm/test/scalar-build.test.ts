// The scalar build (for engines without SIMD) computes what the SIMD build computes: GEMM sums
// in the same order in both, so products agree bit for bit; a whole training step agrees within
// float32 tolerance (row sums add in a different order).
import {
  computeGradients,
  initModel,
  makeOptimizer,
  mse,
  Network,
  Optimizer,
  readRows,
  trainStep,
} from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, simdSupported } from '../src/index.js';

/**
 * The two builds differ only in the order of float32 row sums (4 lanes, then the lanes added):
 * a relative difference of a few float32 ulps per sum, which a few layers of products carry on,
 * so 1e-5 relative (about 100 ulps) with 1e-7 absolute for values near 0.
 */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 + 1e-5 * Math.abs(b);

const simd = await createWasmBackend({ simd: true });
const scalar = await createWasmBackend({ simd: false });

describe('scalar build', () => {
  it('this engine runs the SIMD build by default', async () => {
    expect(simdSupported()).toBe(true);
    expect((await createWasmBackend()).simd).toBe(true);
    expect(scalar.simd).toBe(false);
  });

  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
  ]) {
    it(`gives the same GEMM bits as the SIMD build (transA=${transA}, transB=${transB})`, () => {
      const [M, N, K] = [101, 67, 300];
      const A = Float32Array.from({ length: M * K }, (_, i) => Math.cos(i));
      const B = Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 1.3));
      const run = (backend: typeof simd) => {
        const a = transA ? backend.upload(A, K, M) : backend.upload(A, M, K);
        const b = transB ? backend.upload(B, N, K) : backend.upload(B, K, N);
        return backend.read(backend.matmul(a, b, { transA, transB }));
      };
      expect(run(scalar)).toEqual(run(simd));
    });
  }

  const model = initModel({
    sizes: [13, 40, 9, 8, 3],
    activations: [{ kind: 'relu' }, { kind: 'gelu' }, { kind: 'tanh' }, { kind: 'identity' }],
    bias: true,
    seed: 7,
  });

  it('gives the same loss and gradients on a training step', () => {
    const N = 21;
    const X = Float32Array.from({ length: 13 * N }, (_, i) => Math.sin(i));
    const Y = Float32Array.from({ length: 3 * N }, (_, i) => Math.cos(i));
    const step = (backend: typeof simd) => {
      const network = Network.fromModel(backend, model);
      const g = computeGradients(network, backend.upload(X, 13, N), backend.upload(Y, 3, N), { loss: mse() });
      return { loss: g.loss, W: g.layers.map((l) => readRows(backend, l.W).flat()) };
    };
    const a = step(simd);
    const b = step(scalar);
    expect(close(a.loss, b.loss)).toBe(true);
    a.W.forEach((W, l) =>
      W.forEach((w, i) => {
        expect(close(w, b.W[l][i]), `∂L/∂W_${l + 1}[${i}]: ${w} vs ${b.W[l][i]}`).toBe(true);
      }),
    );
  });

  it('gives the same weights after three Adam steps', () => {
    const N = 16;
    const X = Float32Array.from({ length: 13 * N }, (_, i) => Math.sin(i * 0.3));
    const Y = Float32Array.from({ length: 3 * N }, (_, i) => Math.cos(i * 0.5));
    const train = (backend: typeof simd) => {
      const network = Network.fromModel(backend, model);
      const optimizer = new Optimizer(backend, makeOptimizer('adam'));
      const [x, y] = [backend.upload(X, 13, N), backend.upload(Y, 3, N)];
      for (let t = 0; t < 3; t++) trainStep(network, x, y, { loss: mse(), lr: 1e-3, optimizer });
      return network.layers.flatMap((l) => readRows(backend, l.W).flat());
    };
    const a = train(simd);
    const b = train(scalar);
    a.forEach((w, i) => {
      expect(close(w, b[i]), `weight ${i}: ${w} vs ${b[i]}`).toBe(true);
    });
  });
});
