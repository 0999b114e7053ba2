// The scalar build (for engines without SIMD) computes what the SIMD build computes: GEMM sums
// in the same order in both, so products agree bit for bit; a whole training step agrees within
// float32 tolerance (row sums add in a different order).
import { FLOAT32, isClose } from '@deltaml/conformance';
import { computeGradients, initModel, mse, Network, readRows } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, simdSupported } from '../src/index.js';

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

  it('gives the same loss and gradients on a training step', () => {
    const model = initModel({
      sizes: [13, 40, 9, 3],
      activations: [{ kind: 'relu' }, { kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed: 7,
    });
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
    expect(isClose(a.loss, b.loss, FLOAT32)).toBe(true);
    a.W.forEach((W, l) =>
      W.forEach((w, i) => {
        expect(isClose(w, b.W[l][i], FLOAT32), `∂L/∂W_${l + 1}[${i}]: ${w} vs ${b.W[l][i]}`).toBe(true);
      }),
    );
  });
});
