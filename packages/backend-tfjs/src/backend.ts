// The tfjs kernels: core's RawSyncBackend on tf.Tensor2D, one engine per backend. They wire
// shapes and memory to tfjs ops without checking arguments (core's checkedBackend does, the same
// way for every backend); every kernel runs inside tf.tidy so no intermediate survives.
//
// tfjs's engine is global to the process. Each backend remembers its engine and, before a kernel,
// makes it tfjs's current one if another backend (or the user) switched away. Switching to an
// engine already started is synchronous; it costs a little, so code that interleaves two tfjs
// backends kernel by kernel pays that cost at every switch. Tensors never cross engines.

import {
  type Activation,
  BackendUnavailableError,
  type DenseResult,
  type MatmulOptions,
  type MemoryInfo,
  type RawSyncBackend,
  type Rejection,
  type SyncBackend,
} from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { activateBackwardOp, activateOp } from './activations.js';
import { asOutOfMemory, guardWasmHeap, silenceCpuBanner } from './engine-guards.js';
import { EXPLICIT_TRANSPOSE_FROM, TF_BACKEND_NAME, type TfjsEngine } from './engines.js';
import { TensorStore, type TfjsMatrix } from './memory.js';
import { addQuotientOp, scaleAddOp, scaleAddSquareOp } from './updates.js';

/** A deltaml backend running on one tfjs engine (its matrices hold tf.Tensor2D). */
export interface TfjsBackend extends SyncBackend {
  /** the engine that runs the kernels */
  readonly engine: TfjsEngine;
  /** the engines tried before this one (under `auto`) and why each could not start */
  readonly rejected: readonly Rejection[];
}

/** The kernels on one tfjs engine, unchecked; createTfjsBackend wraps them with core's checks. */
export class TfjsKernels implements RawSyncBackend<TfjsMatrix> {
  readonly name: string;
  readonly dtype = 'float32';
  readonly reads = 'sync';
  readonly #store = new TensorStore();
  readonly #tfBackend: string;
  readonly #explicitTransposeFrom: number;

  /** `engine` must already be started (engines.ts startEngine). */
  constructor(readonly engine: TfjsEngine) {
    this.name = `tfjs-${engine}`;
    this.#tfBackend = TF_BACKEND_NAME[engine];
    this.#explicitTransposeFrom = EXPLICIT_TRANSPOSE_FROM[engine];
    if (engine === 'wasm') guardWasmHeap();
    if (engine === 'cpu') silenceCpuBanner();
  }

  /** Makes this backend's engine tfjs's current one (see the header). */
  #enter(): void {
    if (tf.getBackend() === this.#tfBackend) return;
    tf.setBackend(this.#tfBackend).catch(() => {}); // an engine already started switches synchronously
    if (tf.getBackend() !== this.#tfBackend) {
      throw new BackendUnavailableError(
        `${this.name}: tfjs could not switch back to its ${this.engine} engine`,
      );
    }
  }

  /** Runs `compute` on this engine inside tf.tidy (which frees its tensors if it throws). */
  #tidy<T extends tf.TensorContainer>(compute: () => T): T {
    this.#enter();
    try {
      return tf.tidy(compute);
    } catch (error) {
      throw asOutOfMemory(error, this.name);
    }
  }

  /** Runs `compute` (see #tidy) and takes ownership of its result. */
  #run(compute: () => tf.Tensor2D): TfjsMatrix {
    return this.#store.own(this.#tidy(compute));
  }

  /** Replaces y's tensor by `compute`'s result, freeing the old one: tfjs's tensor count stays. */
  #update(y: TfjsMatrix, compute: () => tf.Tensor2D): void {
    this.#store.replace(y, this.#tidy(compute));
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): TfjsMatrix {
    // a copy: the cpu engine would otherwise keep the caller's array as its storage
    return this.#run(() => tf.tensor2d(Float32Array.from(data), [rows, cols], 'float32'));
  }

  read(m: TfjsMatrix): Float32Array {
    return (m.tensor.dataSync() as Float32Array).slice(); // the cpu engine hands out its own storage
  }

  /** The numbers without read's copy (core's host loss reads Z_L and T this way, without writing them). */
  view(m: TfjsMatrix): Float32Array {
    return m.tensor.dataSync() as Float32Array;
  }

  dispose(m: TfjsMatrix): void {
    this.#store.free(m);
  }

  memory(): MemoryInfo {
    return this.#store.memory();
  }

  matmul(a: TfjsMatrix, b: TfjsMatrix, options: MatmulOptions = {}): TfjsMatrix {
    const transA = options.transA === true;
    const transB = options.transB === true;
    const multiplyAdds = (transA ? a.cols : a.rows) * (transA ? a.rows : a.cols) * (transB ? b.rows : b.cols);
    if ((transA || transB) && multiplyAdds >= this.#explicitTransposeFrom) {
      return this.#run(() =>
        tf.matMul(transA ? tf.transpose(a.tensor) : a.tensor, transB ? tf.transpose(b.tensor) : b.tensor),
      );
    }
    return this.#run(() => tf.matMul(a.tensor, b.tensor, transA, transB));
  }

  dense(W: TfjsMatrix, Z: TfjsMatrix, b: TfjsMatrix | null, f: Activation): DenseResult<TfjsMatrix> {
    const out = this.#tidy(() => {
      const product = tf.matMul<tf.Tensor2D>(W.tensor, Z.tensor);
      const S: tf.Tensor2D = b ? tf.add(product, b.tensor) : product;
      return { S, Z: activateOp(S, f) };
    });
    return { S: this.#store.own(out.S), Z: this.#store.own(out.Z) };
  }

  activate(S: TfjsMatrix, f: Activation): TfjsMatrix {
    return this.#run(() => activateOp(S.tensor, f));
  }

  activateBackward(X: TfjsMatrix, dZ: TfjsMatrix, f: Activation): TfjsMatrix {
    return this.#run(() => activateBackwardOp(X.tensor, dZ.tensor, f, this.engine));
  }

  rowSum(delta: TfjsMatrix): TfjsMatrix {
    return this.#run(() => tf.sum(delta.tensor, 1, true));
  }

  scaleAdd(y: TfjsMatrix, x: TfjsMatrix, a: number, b: number): void {
    this.#update(y, () => scaleAddOp(y.tensor, x.tensor, a, b));
  }

  scaleAddSquare(y: TfjsMatrix, x: TfjsMatrix, a: number, b: number): void {
    this.#update(y, () => scaleAddSquareOp(y.tensor, x.tensor, a, b));
  }

  addQuotient(y: TfjsMatrix, x: TfjsMatrix, v: TfjsMatrix, a: number, c: number, eps: number): void {
    this.#update(y, () => addQuotientOp(y.tensor, x.tensor, v.tensor, a, c, eps));
  }
}
