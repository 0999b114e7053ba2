// The CPU backend: core's RawSyncBackend on typed arrays (float32 by default, float64 as a
// precise reference), behind core's checked facade. It only wires matrices and memory to the
// kernels in this folder; every argument check lives in core.

import {
  type Activation,
  type AdamStep,
  checkedBackend,
  type DenseResult,
  type DType,
  type MatmulOptions,
  type MemoryInfo,
  type RawSyncBackend,
  type SyncBackend,
} from '@deltaml/core';
import { activateBackwardInto, activateInto, addBias } from './activations.js';
import {
  adamInPlace,
  addQuotientInPlace,
  rowSumInto,
  scaleAddInPlace,
  scaleAddSquareInPlace,
} from './elementwise.js';
import { gemm } from './gemm.js';
import { type CpuMatrix, CpuStore } from './memory.js';

/** Options of createCpuBackend. */
export interface CpuBackendOptions {
  /** float32 (default, like the other backends) or float64 (a precise reference) */
  readonly dtype?: DType;
}

class CpuKernels implements RawSyncBackend<CpuMatrix> {
  readonly name = 'cpu';
  readonly reads = 'sync';
  readonly #store: CpuStore;
  readonly fused = {
    adam: (p: CpuMatrix, g: CpuMatrix, m: CpuMatrix, v: CpuMatrix, step: AdamStep) =>
      adamInPlace(p.data, g.data, m.data, v.data, step),
  };

  constructor(readonly dtype: DType) {
    this.#store = new CpuStore(dtype);
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): CpuMatrix {
    const m = this.#store.alloc(rows, cols);
    m.data.set(data);
    return m;
  }

  read(m: CpuMatrix): Float32Array | Float64Array {
    return m.data.slice();
  }

  view(m: CpuMatrix): Float32Array | Float64Array {
    return m.data;
  }

  dispose(m: CpuMatrix): void {
    this.#store.free(m);
  }

  memory(): MemoryInfo {
    return this.#store.memory();
  }

  matmul(a: CpuMatrix, b: CpuMatrix, options: MatmulOptions = {}): CpuMatrix {
    const transA = options.transA === true;
    const transB = options.transB === true;
    const M = transA ? a.cols : a.rows;
    const K = transA ? a.rows : a.cols;
    const N = transB ? b.rows : b.cols;
    const c = this.#store.alloc(M, N);
    gemm(a.data, a.cols, transA, b.data, b.cols, transB, c.data, M, N, K);
    return c;
  }

  dense(W: CpuMatrix, Z: CpuMatrix, b: CpuMatrix | null, f: Activation): DenseResult<CpuMatrix> {
    const S = this.matmul(W, Z);
    if (b) addBias(S.data, b.data, S.rows, S.cols);
    return { S, Z: this.activate(S, f) };
  }

  activate(S: CpuMatrix, f: Activation): CpuMatrix {
    const Z = this.#store.alloc(S.rows, S.cols);
    activateInto(f, S.data, Z.data);
    return Z;
  }

  activateBackward(X: CpuMatrix, dZ: CpuMatrix, f: Activation): CpuMatrix {
    const delta = this.#store.alloc(X.rows, X.cols);
    activateBackwardInto(f, X.data, dZ.data, delta.data);
    return delta;
  }

  rowSum(delta: CpuMatrix): CpuMatrix {
    const out = this.#store.alloc(delta.rows, 1);
    rowSumInto(delta.data, out.data, delta.rows, delta.cols);
    return out;
  }

  scaleAdd(y: CpuMatrix, x: CpuMatrix, a: number, b: number): void {
    scaleAddInPlace(y.data, x.data, a, b);
  }

  scaleAddSquare(y: CpuMatrix, x: CpuMatrix, a: number, b: number): void {
    scaleAddSquareInPlace(y.data, x.data, a, b);
  }

  addQuotient(y: CpuMatrix, x: CpuMatrix, v: CpuMatrix, a: number, c: number, eps: number): void {
    addQuotientInPlace(y.data, x.data, v.data, a, c, eps);
  }
}

/** A backend that runs every kernel in plain TypeScript on this thread. */
export function createCpuBackend(options: CpuBackendOptions = {}): SyncBackend {
  return checkedBackend(new CpuKernels(options.dtype ?? 'float32'));
}
