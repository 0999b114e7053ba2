// The packed SIMD GEMM (through the backend's matmul and dense) against a float64 triple loop,
// on shapes that straddle every block size (MR = 4, NR = 8, MC = 96, KC = 256, NC = 1024) and
// the direct path for tiny products, in all four transpose combinations.
import { type Activation, activateScalar } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';

/** float32 round-off of a K-term dot product: |error| ≤ K·u·Σ|a_k·b_k| with u = 2⁻²⁴ (γ_K bound), doubled for safety. */
const dotTolerance = (K: number, sumAbs: number) => 2 * K * 2 ** -24 * sumAbs + 1e-30;

function values(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed) * 2);
}

/** op(A)·op(B) in float64 with Σ|a·b| per entry, from the stored (possibly transposed) operands. */
function naive(
  A: Float32Array,
  B: Float32Array,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
) {
  const C = new Float64Array(M * N);
  const abs = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        const p = (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
        C[i * N + j] += p;
        abs[i * N + j] += Math.abs(p);
      }
  return { C, abs };
}

const backend = await createWasmBackend();

describe('matmul', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [17, 31, 6], // direct path (M·N·K ≤ 4096)
    [37, 29, 11], // packed, ragged edge tiles
    [97, 33, 257], // one row past MC, one k past KC
    [4, 1030, 9], // past NC
    [256, 128, 784], // the mlp's first layer
  ];
  for (const [M, N, K] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${M}×${K}·${K}×${N} transA=${transA} transB=${transB} equals the float64 product within float32 round-off`, () => {
          const A = values(M * K, 1);
          const B = values(K * N, 2);
          const a = transA ? backend.upload(A, K, M) : backend.upload(A, M, K);
          const b = transB ? backend.upload(B, N, K) : backend.upload(B, K, N);
          const c = backend.matmul(a, b, { transA, transB });
          expect([c.rows, c.cols]).toEqual([M, N]);
          const got = backend.read(c);
          const want = naive(A, B, M, N, K, transA, transB);
          for (let i = 0; i < M * N; i++) {
            expect(Math.abs(got[i] - want.C[i])).toBeLessThanOrEqual(dotTolerance(K, want.abs[i]));
          }
          for (const m of [a, b, c]) backend.dispose(m);
        });
      }
    }
  }
});

describe('dense (GEMM with the bias and activation epilogue)', () => {
  const activations: Activation[] = [
    { kind: 'identity' },
    { kind: 'relu' },
    { kind: 'leaky_relu', alpha: 0.1 },
    { kind: 'sigmoid' },
    { kind: 'tanh' },
    { kind: 'gelu' },
    { kind: 'softplus' },
  ];
  /** float32 f(s) against float64 f(s): a few float32 ulps (2⁻²⁴ relative each) of max(1, |f(s)|) */
  const activationTolerance = (z: number) => 8 * 2 ** -24 * Math.max(1, Math.abs(z));
  for (const f of activations) {
    for (const [M, N, K] of [
      [3, 4, 2],
      [45, 70, 33],
    ]) {
      it(`${f.kind}: S = W·Z + b and Z = f(S) for ${M}×${K}·${K}×${N}`, () => {
        const Wv = values(M * K, 3);
        const Zv = values(K * N, 4);
        const bv = values(M, 5);
        const W = backend.upload(Wv, M, K);
        const Z = backend.upload(Zv, K, N);
        const b = backend.upload(bv, M, 1);
        const { S, Z: out } = backend.dense(W, Z, b, f);
        const gotS = backend.read(S);
        const gotZ = backend.read(out);
        const want = naive(Wv, Zv, M, N, K, false, false);
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) {
            const at = i * N + j;
            const s = want.C[at] + bv[i];
            expect(Math.abs(gotS[at] - s)).toBeLessThanOrEqual(
              dotTolerance(K + 1, want.abs[at] + Math.abs(bv[i])),
            );
            const z = activateScalar(f, gotS[at]);
            expect(Math.abs(gotZ[at] - z)).toBeLessThanOrEqual(activationTolerance(z));
          }
        for (const m of [W, Z, b, S, out]) backend.dispose(m);
      });
    }
  }
});
