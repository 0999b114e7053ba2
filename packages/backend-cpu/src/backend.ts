// The CPU backend: core's Backend interface on typed arrays (float32 by default, float64 as a
// precise reference). It only wires shapes and memory to the kernels in this folder.

import {
  type Activation,
  type Backend,
  type DenseResult,
  type DType,
  expectSameShape,
  expectShape,
  type LossResult,
  type MatmulOptions,
  type MemoryInfo,
  matmulShape,
} from '@deltaml/core';
import { activateBackwardInto, activateInto, addBias, rowSumInto, sgdInPlace } from './elementwise.js';
import { gemm } from './gemm.js';
import { hingeInto, mseInto } from './losses.js';
import { type CpuMatrix, CpuStore } from './memory.js';

/** Options of createCpuBackend. */
export interface CpuBackendOptions {
  /** float32 (default, like the other backends) or float64 (a precise reference) */
  readonly dtype?: DType;
}

class CpuBackend implements Backend<CpuMatrix> {
  readonly name = 'cpu';
  readonly #store: CpuStore;

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

  dispose(m: CpuMatrix): void {
    this.#store.free(m);
  }

  memory(): MemoryInfo {
    return this.#store.memory();
  }

  matmul(a: CpuMatrix, b: CpuMatrix, options: MatmulOptions = {}): CpuMatrix {
    const { M, N, K } = matmulShape(a, b, options);
    const c = this.#store.alloc(M, N);
    gemm(a.data, a.cols, options.transA === true, b.data, b.cols, options.transB === true, c.data, M, N, K);
    return c;
  }

  dense(W: CpuMatrix, Z: CpuMatrix, b: CpuMatrix | null, f: Activation): DenseResult<CpuMatrix> {
    const S = this.matmul(W, Z);
    if (b) {
      expectShape(b, W.rows, 1, 'bias b');
      addBias(S.data, b.data, S.rows, S.cols);
    }
    return { S, Z: this.activate(S, f) };
  }

  activate(S: CpuMatrix, f: Activation): CpuMatrix {
    const Z = this.#store.alloc(S.rows, S.cols);
    activateInto(f, S.data, Z.data);
    return Z;
  }

  activateBackward(S: CpuMatrix, dZ: CpuMatrix, f: Activation): CpuMatrix {
    expectSameShape(S, dZ, "dZ ⊙ f'(S)");
    const delta = this.#store.alloc(S.rows, S.cols);
    activateBackwardInto(f, S.data, dZ.data, delta.data);
    return delta;
  }

  rowSum(delta: CpuMatrix): CpuMatrix {
    const out = this.#store.alloc(delta.rows, 1);
    rowSumInto(delta.data, out.data, delta.rows, delta.cols);
    return out;
  }

  sgdUpdate(param: CpuMatrix, grad: CpuMatrix, lr: number): void {
    expectSameShape(param, grad, 'SGD update');
    sgdInPlace(param.data, grad.data, lr);
  }

  mse(Z: CpuMatrix, Y: CpuMatrix): LossResult<CpuMatrix> {
    expectSameShape(Z, Y, 'MSE of Z_L and Y');
    const dZ = this.#store.alloc(Z.rows, Z.cols);
    return { loss: mseInto(Z.data, Y.data, dZ.data, Z.cols), dZ };
  }

  hinge(Z: CpuMatrix, labels: CpuMatrix, margin: number): LossResult<CpuMatrix> {
    expectShape(labels, 1, Z.cols, 'labels');
    const dZ = this.#store.alloc(Z.rows, Z.cols);
    return { loss: hingeInto(Z.data, labels.data, dZ.data, Z.rows, Z.cols, margin), dZ };
  }
}

/** A backend that runs every kernel in plain TypeScript on this thread. */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  return new CpuBackend(options.dtype ?? 'float32');
}
