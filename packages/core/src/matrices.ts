// Moving plain numbers in and out of a backend with the checks users need: sizes that match,
// finite values, and messages that say which matrix was wrong.

import type { Backend, FloatArray, Matrix, SyncBackend } from './backend.js';
import { checkUploadData } from './checked-backend.js';
import { ShapeError } from './errors.js';

/** Uploads `rows·cols` row-major numbers after checking the count and that every value is finite and fits the dtype. */
export function uploadChecked(
  backend: Backend,
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  what: string,
): Matrix {
  if (data.length !== rows * cols) {
    throw new ShapeError(`${what} has ${data.length} numbers, expected ${rows}×${cols} = ${rows * cols}`);
  }
  // checked here so that a value beyond the backend's range is named as `what`, not as `upload`
  checkUploadData(data, rows, cols, backend.dtype === 'float32', what);
  return backend.upload(data, rows, cols);
}

/** Uploads a matrix given as rows of numbers (`number[][]`), checking that it is rectangular. */
export function uploadRows(backend: Backend, rows: readonly (readonly number[])[], what: string): Matrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const flat = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols)
      throw new ShapeError(`${what}[${i}] has ${row.length} numbers, expected ${cols}`);
    flat.set(row, i * cols);
  });
  return uploadChecked(backend, flat, rows.length, cols, what);
}

/** Row-major numbers as rows (`number[][]`). */
export function toRows(data: FloatArray, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}

/** Reads a matrix back as rows of numbers (`number[][]`). */
export function readRows(backend: SyncBackend, m: Matrix): number[][] {
  return toRows(backend.read(m), m.rows, m.cols);
}

/** Reads a column vector (d × 1) or row vector back as a flat list of numbers. */
export function readVector(backend: SyncBackend, m: Matrix): number[] {
  return Array.from(backend.read(m));
}

/** readRows on any backend (awaiting an asynchronous read). */
export async function readRowsAsync(backend: Backend, m: Matrix): Promise<number[][]> {
  return toRows(await backend.read(m), m.rows, m.cols);
}

/** Throws a ShapeError unless `m` is rows × cols. */
export function expectShape(m: Matrix, rows: number, cols: number, what: string): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(`${what} is ${m.rows}×${m.cols}, expected ${rows}×${cols}`);
  }
}

/** The sizes of C = op(A)·op(B) as M×K times K×N; throws a ShapeError naming both operands if K differs. */
export function matmulShape(
  a: Matrix,
  b: Matrix,
  options: { readonly transA?: boolean; readonly transB?: boolean } = {},
): { M: number; N: number; K: number } {
  const [M, K] = options.transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [Kb, N] = options.transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (K !== Kb) {
    const name = (m: Matrix, t: boolean | undefined, s: string) =>
      `${s}${t ? 'ᵀ' : ''} (${m.rows}×${m.cols})`;
    throw new ShapeError(
      `cannot multiply ${name(a, options.transA, 'A')} by ${name(b, options.transB, 'B')}: inner sizes ${K} and ${Kb} differ`,
    );
  }
  return { M, N, K };
}

/** Throws a ShapeError unless a and b have the same shape. */
export function expectSameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${what}: ${a.rows}×${a.cols} and ${b.rows}×${b.cols} must have the same shape`);
  }
}
