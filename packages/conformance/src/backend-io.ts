// Moving the suite's plain float64 matrices onto a backend and back, on synchronous and
// asynchronous backends alike, freeing what was uploaded whatever happens.

import {
  type Backend,
  type CachePolicy,
  computeGradientsAsync,
  type LossSpec,
  type Matrix,
  type ModelSpec,
  Network,
  readRowsAsync,
  uploadRows,
} from '@deltaml/core';
import type { Mat } from './reference.js';

/** Runs `use` on uploaded matrices and frees them afterwards. */
export async function withUploaded<T>(
  backend: Backend,
  mats: Mat[],
  use: (...m: Matrix[]) => T | Promise<T>,
): Promise<T> {
  const uploaded: Matrix[] = [];
  try {
    mats.forEach((m, i) => uploaded.push(uploadRows(backend, m, `operand ${i}`)));
    return await use(...uploaded);
  } finally {
    for (const m of uploaded) backend.dispose(m);
  }
}

/** Reads `m` back as rows and frees it. */
export async function readAndDispose(backend: Backend, m: Matrix): Promise<Mat> {
  try {
    return await readRowsAsync(backend, m);
  } finally {
    backend.dispose(m);
  }
}

/** Loss and gradients of a model on a backend, read back as plain numbers. */
export async function gradientsOnBackend(
  backend: Backend,
  model: ModelSpec,
  X: Mat,
  T: Mat,
  loss: LossSpec,
  cache: CachePolicy,
): Promise<{ loss: number; gradW: Mat[]; gradb: (number[] | null)[] }> {
  using network = Network.fromModel(backend, model);
  return await withUploaded(backend, [X, T], async (Xm, Tm) => {
    using g = await computeGradientsAsync(network, Xm, Tm, { loss, cache });
    const gradW: Mat[] = [];
    const gradb: (number[] | null)[] = [];
    for (const layer of g.layers) {
      gradW.push(await readRowsAsync(backend, layer.W));
      gradb.push(layer.b ? Array.from(await backend.read(layer.b)) : null);
    }
    return { loss: g.loss, gradW, gradb };
  });
}

/** A rows × cols matrix of uniform values in [-1, 1). */
export function randomMatrix(random: () => number, rows: number, cols: number): Mat {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * random() - 1));
}
