// General matrix product C = op(A)·op(B) for row-major typed arrays, with op = identity or
// transpose and no transposed copy of the inputs: both operands are packed into 4-wide panels
// (which reads them with the right strides) and a 4×4 register-blocked kernel runs on the panels.

import type { Float } from './memory.js';

const PANEL = 4;

/** Scratch panels reused across calls so the hot path does not allocate. */
let packedA: Float64Array = new Float64Array(0);
let packedB: Float64Array = new Float64Array(0);

function scratch(current: Float64Array, size: number): Float64Array {
  return current.length >= size ? current : new Float64Array(size);
}

/**
 * Packs op(X) (an R×K matrix, R = rows of op(X)) into panels of 4 rows, k-major:
 * out[p·K·4 + k·4 + r] = op(X)[4p + r][k], zero-padded past R.
 */
function packRows(data: Float, cols: number, trans: boolean, R: number, K: number, out: Float64Array): void {
  // element (r, k) of op(X) sits at r·rs + k·ks in X's row-major storage (X has `cols` columns)
  const rs = trans ? 1 : cols;
  const ks = trans ? cols : 1;
  const panels = Math.ceil(R / PANEL);
  for (let p = 0; p < panels; p++) {
    const base = p * K * PANEL;
    for (let r = 0; r < PANEL; r++) {
      const row = p * PANEL + r;
      if (row >= R) {
        for (let k = 0; k < K; k++) out[base + k * PANEL + r] = 0;
        continue;
      }
      const start = row * rs;
      for (let k = 0; k < K; k++) out[base + k * PANEL + r] = data[start + k * ks];
    }
  }
}

/** Below this many multiply-adds, packing costs more than it saves: a direct strided loop runs instead. */
const DIRECT_MAX_WORK = 4096;

/** C = op(A)·op(B) by dot products straight from the strided operands (for tiny products). */
// biome-ignore format: operands grouped as (data, columns, transposed)
function gemmDirect(
  A: Float, aCols: number, transA: boolean,
  B: Float, bCols: number, transB: boolean,
  c: Float, M: number, N: number, K: number,
): void {
  const ai = transA ? 1 : aCols; // op(A)[i][k] = A[i·ai + k·ak]
  const ak = transA ? aCols : 1;
  const bk = transB ? 1 : bCols; // op(B)[k][j] = B[k·bk + j·bj]
  const bj = transB ? bCols : 1;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += A[i * ai + k * ak] * B[k * bk + j * bj];
      c[i * N + j] = sum;
    }
  }
}

/**
 * C (M×N, row-major, overwritten) = op(A) (M×K) · op(B) (K×N), where A has aCols columns as stored
 * and transA says to read it transposed (likewise B). Shapes are checked by the caller. Plain
 * arguments rather than option objects: a product allocates nothing but its result.
 */
// biome-ignore format: operands grouped as (data, columns, transposed)
export function gemm(
  A: Float, aCols: number, transA: boolean,
  B: Float, bCols: number, transB: boolean,
  c: Float, M: number, N: number, K: number,
): void {
  if (M * N * K <= DIRECT_MAX_WORK) {
    gemmDirect(A, aCols, transA, B, bCols, transB, c, M, N, K);
    return;
  }
  const panelsM = Math.ceil(M / PANEL);
  const panelsN = Math.ceil(N / PANEL);
  packedA = scratch(packedA, panelsM * PANEL * K);
  packedB = scratch(packedB, panelsN * PANEL * K);
  const pa = packedA;
  const pb = packedB;
  packRows(A, aCols, transA, M, K, pa);
  packRows(B, bCols, !transB, N, K, pb); // the columns of op(B) are the rows of op(B)ᵀ
  for (let jp = 0; jp < panelsN; jp++) {
    const bBase = jp * K * PANEL;
    const j0 = jp * PANEL;
    for (let ip = 0; ip < panelsM; ip++) {
      const aBase = ip * K * PANEL;
      // biome-ignore format: the 16 accumulators read best as the 4×4 block they are
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0,
        c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      // biome-ignore format: one line per row of the 4×4 block
      for (let k = 0; k < K; k++) {
        const ak = aBase + k * PANEL;
        const bk = bBase + k * PANEL;
        const a0 = pa[ak], a1 = pa[ak + 1], a2 = pa[ak + 2], a3 = pa[ak + 3];
        const b0 = pb[bk], b1 = pb[bk + 1], b2 = pb[bk + 2], b3 = pb[bk + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const i0 = ip * PANEL;
      store(c, N, M, i0, j0, c00, c01, c02, c03);
      store(c, N, M, i0 + 1, j0, c10, c11, c12, c13);
      store(c, N, M, i0 + 2, j0, c20, c21, c22, c23);
      store(c, N, M, i0 + 3, j0, c30, c31, c32, c33);
    }
  }
}

/** Writes one row of a 4×4 block, dropping the padding past M rows and N columns. */
function store(
  c: Float,
  N: number,
  M: number,
  i: number,
  j: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
) {
  if (i >= M) return;
  const row = i * N + j;
  if (j + 3 < N) {
    c[row] = v0;
    c[row + 1] = v1;
    c[row + 2] = v2;
    c[row + 3] = v3;
    return;
  }
  const values = [v0, v1, v2, v3];
  for (let t = 0; j + t < N; t++) c[row + t] = values[t];
}
