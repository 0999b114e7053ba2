// The tfjs backend: core's Backend interface on tf.Tensor2D, one engine per backend. It wires
// shapes and memory to tfjs ops; every kernel runs inside tf.tidy so no intermediate survives.
//
// tfjs's engine is global to the process. Each backend remembers its engine and, before a kernel,
// makes it tfjs's current one if another backend (or the user) switched away. Switching to an
// engine already started is synchronous; it costs a little, so code that interleaves two tfjs
// backends kernel by kernel pays that cost at every switch. Tensors never cross engines.

import {
  type Activation,
  type Backend,
  BackendUnavailableError,
  type DenseResult,
  expectSameShape,
  expectShape,
  type LossResult,
  type MatmulOptions,
  type MemoryInfo,
  matmulShape,
  type Rejection,
  ShapeError,
} from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { activateBackwardOp, activateOp } from './activations.js';
import { EXPLICIT_TRANSPOSE_FROM, TF_BACKEND_NAME, type TfjsEngine } from './engines.js';
import { hingeOp, type LossTensors, mseOp } from './losses.js';
import { TensorStore, type TfjsMatrix } from './memory.js';

/** A deltaml Backend running on one tfjs engine (its matrices hold tf.Tensor2D). */
export interface TfjsBackend extends Backend {
  /** the engine that runs the kernels */
  readonly engine: TfjsEngine;
  /** the engines tried before this one (under `auto`) and why each could not start */
  readonly rejected: readonly Rejection[];
}

export class TfjsKernels implements Backend<TfjsMatrix>, TfjsBackend {
  readonly name: string;
  readonly dtype = 'float32';
  readonly #store: TensorStore;
  readonly #tfBackend: string;
  readonly #explicitTransposeFrom: number;

  /** `engine` must already be started (engines.ts startEngine). */
  constructor(
    readonly engine: TfjsEngine,
    readonly rejected: readonly Rejection[],
  ) {
    this.name = `tfjs-${engine}`;
    this.#store = new TensorStore(this.name);
    this.#tfBackend = TF_BACKEND_NAME[engine];
    this.#explicitTransposeFrom = EXPLICIT_TRANSPOSE_FROM[engine];
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

  /** Runs `compute` on this engine inside tf.tidy and takes ownership of its result. */
  #run(compute: () => tf.Tensor2D): TfjsMatrix {
    this.#enter();
    return this.#store.own(tf.tidy(compute));
  }

  /** Runs a loss inside tf.tidy, reads the loss value and keeps ∂L/∂Z_L. */
  #runLoss(compute: () => LossTensors): LossResult<TfjsMatrix> {
    this.#enter();
    const { loss, dZ } = tf.tidy(compute);
    try {
      return { loss: loss.dataSync()[0], dZ: this.#store.own(dZ) };
    } finally {
      loss.dispose();
    }
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): TfjsMatrix {
    if (data.length !== rows * cols) {
      throw new ShapeError(`upload of ${data.length} numbers into a ${rows}×${cols} matrix`);
    }
    return this.#run(() => tf.tensor2d(Float32Array.from(data), [rows, cols], 'float32'));
  }

  read(m: TfjsMatrix): Float32Array {
    return (m.tensor.dataSync() as Float32Array).slice(); // the cpu engine hands out its own storage
  }

  dispose(m: TfjsMatrix): void {
    this.#store.free(m);
  }

  memory(): MemoryInfo {
    return this.#store.memory();
  }

  matmul(a: TfjsMatrix, b: TfjsMatrix, options: MatmulOptions = {}): TfjsMatrix {
    const { M, N, K } = matmulShape(a, b, options);
    const transA = options.transA === true;
    const transB = options.transB === true;
    if ((transA || transB) && M * N * K >= this.#explicitTransposeFrom) {
      return this.#run(() =>
        tf.matMul(transA ? tf.transpose(a.tensor) : a.tensor, transB ? tf.transpose(b.tensor) : b.tensor),
      );
    }
    return this.#run(() => tf.matMul(a.tensor, b.tensor, transA, transB));
  }

  dense(W: TfjsMatrix, Z: TfjsMatrix, b: TfjsMatrix | null, f: Activation): DenseResult<TfjsMatrix> {
    matmulShape(W, Z);
    if (b) expectShape(b, W.rows, 1, 'bias b');
    const S = this.#run(() =>
      b ? tf.add(tf.matMul(W.tensor, Z.tensor), b.tensor) : tf.matMul(W.tensor, Z.tensor),
    );
    return { S, Z: this.activate(S, f) };
  }

  activate(S: TfjsMatrix, f: Activation): TfjsMatrix {
    return this.#run(() => activateOp(S.tensor, f));
  }

  activateBackward(S: TfjsMatrix, dZ: TfjsMatrix, f: Activation): TfjsMatrix {
    expectSameShape(S, dZ, "dZ ⊙ f'(S)");
    return this.#run(() => activateBackwardOp(S.tensor, dZ.tensor, f));
  }

  rowSum(delta: TfjsMatrix): TfjsMatrix {
    return this.#run(() => tf.sum(delta.tensor, 1, true));
  }

  sgdUpdate(param: TfjsMatrix, grad: TfjsMatrix, lr: number): void {
    expectSameShape(param, grad, 'SGD update');
    this.#enter();
    this.#store.replace(
      param,
      tf.tidy(() => tf.sub(param.tensor, tf.mul(grad.tensor, lr))),
    );
  }

  mse(Z: TfjsMatrix, Y: TfjsMatrix): LossResult<TfjsMatrix> {
    expectSameShape(Z, Y, 'MSE of Z_L and Y');
    return this.#runLoss(() => mseOp(Z.tensor, Y.tensor));
  }

  hinge(Z: TfjsMatrix, labels: TfjsMatrix, margin: number): LossResult<TfjsMatrix> {
    expectShape(labels, 1, Z.cols, 'labels');
    return this.#runLoss(() => hingeOp(Z.tensor, labels.tensor, margin));
  }
}
