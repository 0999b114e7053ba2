// The CPU backend: core's RawSyncBackend on typed arrays (float32 by default, float64 as a
// precise reference), behind core's checked facade. It only wires matrices and memory to the
// kernels in this folder; every argument check lives in core.

import {
  type Activation,
  type AdamStep,
  checkedBackend,
  type DenseResult,
  type DType,
  type IntoKernels,
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

  /** every kernel writing into a matrix it is given: a network's workspace reuses them */
  readonly into: IntoKernels<CpuMatrix>;

  constructor(readonly dtype: DType) {
    const store = new CpuStore(dtype);
    this.#store = store;
    this.into = {
      scratch: (rows, cols) => store.scratch(rows, cols),
      release: (m) => store.release(m),
      write: (m, data) => m.data.set(data),
      matmul: (a, b, C, options) => matmulInto(a, b, C, options),
      dense: (W, Z, b, f, S, Z_out) => denseInto(W, Z, b, f, S, Z_out),
      activate: (S, f, Z) => activateInto(f, S.data, Z.data),
      activateBackward: (X, dZ, f, delta) => activateBackwardInto(f, X.data, dZ.data, delta.data),
      rowSum: (delta, out) => rowSumInto(delta.data, out.data, delta.rows, delta.cols),
    };
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

  matmul(a: CpuMatrix, b: CpuMatrix, options?: MatmulOptions): CpuMatrix {
    const c = this.#store.alloc(options?.transA ? a.cols : a.rows, options?.transB ? b.rows : b.cols);
    matmulInto(a, b, c, options);
    return c;
  }

  dense(W: CpuMatrix, Z: CpuMatrix, b: CpuMatrix | null, f: Activation): DenseResult<CpuMatrix> {
    const S = this.#store.alloc(W.rows, Z.cols);
    const Z_out = this.#store.alloc(W.rows, Z.cols);
    denseInto(W, Z, b, f, S, Z_out);
    return { S, Z: Z_out };
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

/** C ← op(A)·op(B), C already op(A)'s rows × op(B)'s columns. */
function matmulInto(a: CpuMatrix, b: CpuMatrix, c: CpuMatrix, options?: MatmulOptions): void {
  const transA = options?.transA === true;
  const transB = options?.transB === true;
  gemm(a.data, a.cols, transA, b.data, b.cols, transB, c.data, c.rows, c.cols, transA ? a.rows : a.cols);
}

/** S ← W·Z + b and Z_out ← f(S). */
function denseInto(
  W: CpuMatrix,
  Z: CpuMatrix,
  b: CpuMatrix | null,
  f: Activation,
  S: CpuMatrix,
  Z_out: CpuMatrix,
): void {
  matmulInto(W, Z, S);
  if (b) addBias(S.data, b.data, S.rows, S.cols);
  activateInto(f, S.data, Z_out.data);
}

/** A backend that runs every kernel in plain TypeScript on this thread. */
export function createCpuBackend(options: CpuBackendOptions = {}): SyncBackend {
  return checkedBackend(new CpuKernels(options.dtype ?? 'float32'));
}
