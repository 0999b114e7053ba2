// The packed GEMM against a naive triple loop, on shapes that are not multiples of the 4×4 block.
import { describe, expect, it } from 'vitest';
import { gemm } from '../src/gemm.js';

function naive(A: Float64Array, B: Float64Array, M: number, N: number, K: number): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) C[i * N + j] += A[i * K + k] * B[k * N + j];
  return C;
}

function transpose(X: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = X[i * cols + j];
  return T;
}

describe('gemm', () => {
  const shapes = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [9, 2, 13],
    [17, 31, 6],
    [37, 29, 11], // above DIRECT_MAX_WORK: the packed path, with ragged panels
    [64, 64, 64],
  ];
  for (const [M, N, K] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${M}×${K}·${K}×${N} transA=${transA} transB=${transB} equals the naive product (float64, exact to 1e-12)`, () => {
          const A = Float64Array.from({ length: M * K }, (_, i) => Math.sin(i + 1));
          const B = Float64Array.from({ length: K * N }, (_, i) => Math.cos(i * 0.7));
          const C = new Float64Array(M * N).fill(Number.NaN); // every entry must be written
          gemm(
            transA ? transpose(A, M, K) : A,
            transA ? M : K,
            transA,
            transB ? transpose(B, K, N) : B,
            transB ? K : N,
            transB,
            C,
            M,
            N,
            K,
          );
          const want = naive(A, B, M, N, K);
          for (let i = 0; i < want.length; i++) expect(Math.abs(C[i] - want[i])).toBeLessThan(1e-12);
        });
      }
    }
  }
});
