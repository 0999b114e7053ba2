// Products large enough for the wasm engine's explicit-transpose path (engines.ts
// EXPLICIT_TRANSPOSE_FROM), and small ones on the flags path, against a float64 product.

import { FLOAT32, firstMismatch } from '@deltaml/conformance';
import { seededRandom } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, EXPLICIT_TRANSPOSE_FROM } from '../src/index.js';

/** C = op(A)·op(B) in float64, A and B row-major as stored */
function reference(
  A: Float64Array,
  B: Float64Array,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
) {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++)
        C[i * N + j] += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
  return C;
}

describe('matmul on both sides of the explicit-transpose threshold', () => {
  for (const engine of ['wasm', 'cpu'] as const) {
    for (const [M, N, K] of [
      [40, 20, 30], // 24 000 multiply-adds: explicit transposes on wasm
      [3, 4, 2], // tiny: transpose flags everywhere
    ]) {
      it(`tfjs-${engine}: ${M}·${N}·${K} with every transpose (threshold ${EXPLICIT_TRANSPOSE_FROM[engine]})`, async () => {
        const backend = await createTfjsBackend({ engine });
        const random = seededRandom(M + N + K);
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const A = Float64Array.from({ length: M * K }, () => random() - 0.5);
            const B = Float64Array.from({ length: K * N }, () => random() - 0.5);
            const a = transA ? backend.upload(A, K, M) : backend.upload(A, M, K);
            const b = transB ? backend.upload(B, N, K) : backend.upload(B, K, N);
            const C = backend.matmul(a, b, { transA, transB });
            expect([C.rows, C.cols]).toEqual([M, N]);
            const want = reference(
              Float64Array.from(Float32Array.from(A)),
              Float64Array.from(Float32Array.from(B)),
              M,
              N,
              K,
              transA,
              transB,
            );
            expect(
              firstMismatch(backend.read(C), want, FLOAT32, `C (transA ${transA}, transB ${transB})`),
            ).toBeNull();
            for (const m of [a, b, C]) backend.dispose(m);
          }
        }
      });
    }
  }
});

describe('matmul with inner size K = 0', () => {
  for (const engine of ['wasm', 'cpu'] as const) {
    it(`tfjs-${engine}: a sum of no terms is zeros (tfjs-wasm used to return garbage)`, async () => {
      const backend = await createTfjsBackend({ engine });
      const a = backend.upload([], 3, 0);
      const b = backend.upload([], 0, 2);
      const C = backend.matmul(a, b);
      expect([C.rows, C.cols, Array.from(backend.read(C))]).toEqual([3, 2, [0, 0, 0, 0, 0, 0]]);
      for (const m of [a, b, C]) backend.dispose(m);
    });
  }
});
