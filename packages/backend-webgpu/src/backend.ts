// core's RawAsyncBackend on WebGPU: every matrix is a storage buffer of f32, every kernel a WGSL
// compute dispatch recorded into GpuQueue's stream, every read an asynchronous copy through a
// mapped staging buffer. Argument checks are checkedBackend's; this file only computes.

import {
  ACTIVATIONS,
  type Activation,
  type AdamStep,
  type AsyncBackend,
  activationParameter,
  checkedBackend,
  type DenseResult,
  type FusedKernels,
  type FusedLossResult,
  type LossSpec,
  type MatmulOptions,
  type Matrix,
  type MemoryInfo,
  type RawAsyncBackend,
} from '@deltaml/core';
import { acquireDevice, type DeviceOptions } from './device.js';
import { GpuQueue } from './queue.js';
import {
  ADAM,
  ADD_QUOTIENT,
  activateBackwardKernel,
  activateKernel,
  ELEMENTWISE_GROUP,
  SCALE_ADD,
  SCALE_ADD_SQUARE,
} from './wgsl/elementwise.js';
import { GEMM_TILE, type GemmEpilogue, gemmKernel } from './wgsl/gemm.js';
import { CROSS_ENTROPY, MSE, ROW_SUM } from './wgsl/reductions.js';

/** A matrix of the WebGPU backend: its shape and the storage buffer holding it (f32, row-major). */
export interface WebGpuMatrix extends Matrix {
  readonly buffer: GPUBuffer;
}

/** Options of createWebGpuBackend. */
export type WebGpuBackendOptions = DeviceOptions;

/** What the WebGPU backend adds to core's AsyncBackend. */
export interface WebGpuExtras {
  /** the adapter the device came from: vendor, architecture, device (e.g. `google swiftshader`) */
  readonly adapter: string;
  /** frees every buffer and the device; the backend cannot be used afterwards */
  destroy(): void;
}

/** The most workgroups per dimension WebGPU guarantees. */
const MAX_GROUPS = 65535;

/** Workgroups for `count` independent items: one row of them, or a 2-D grid past MAX_GROUPS. */
function grid(count: number): [number, number] {
  return count <= MAX_GROUPS ? [count, 1] : [MAX_GROUPS, Math.ceil(count / MAX_GROUPS)];
}

/** The element count of a matrix. */
const size = (m: Matrix) => m.rows * m.cols;

/** Workgroups for an element-wise kernel over n elements. */
const elementGrid = (n: number) => grid(Math.ceil(n / ELEMENTWISE_GROUP));

class WebGpuKernels implements RawAsyncBackend<WebGpuMatrix> {
  readonly name = 'webgpu';
  readonly dtype = 'float32';
  readonly reads = 'async';
  readonly fused: FusedKernels<WebGpuMatrix, Promise<number>>;
  readonly #queue: GpuQueue;
  #buffers = 0;
  #bytes = 0;

  constructor(queue: GpuQueue) {
    this.#queue = queue;
    this.fused = {
      adam: (p, g, m, v, step) => this.#adam(p, g, m, v, step),
      loss: (spec, Z, T) => this.#loss(spec, Z, T),
    };
  }

  #allocate(rows: number, cols: number, what: string): WebGpuMatrix {
    this.#queue.check();
    const buffer = this.#queue.pool.acquire(rows * cols * 4, `a ${rows}×${cols} ${what}`);
    this.#buffers++;
    this.#bytes += rows * cols * 4;
    return { rows, cols, buffer };
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): WebGpuMatrix {
    const m = this.#allocate(rows, cols, 'upload');
    this.#queue.write(m.buffer, Float32Array.from(data));
    return m;
  }

  async read(m: WebGpuMatrix): Promise<Float32Array> {
    return this.#queue.read(m.buffer, m.rows * m.cols);
  }

  dispose(m: WebGpuMatrix): void {
    this.#buffers--;
    this.#bytes -= m.rows * m.cols * 4;
    this.#queue.pool.release(m.buffer);
  }

  memory(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }

  /** op(a)·op(b) with `epilogue`, into `out` (C, or S, Z and the bias), by binding name */
  #gemm(
    a: WebGpuMatrix,
    b: WebGpuMatrix,
    options: MatmulOptions,
    epilogue: GemmEpilogue,
    out: Readonly<Record<string, GPUBuffer>>,
  ): void {
    const transA = options.transA ?? false;
    const transB = options.transB ?? false;
    const M = transA ? a.cols : a.rows;
    const K = transA ? a.rows : a.cols;
    const N = transB ? b.rows : b.cols;
    const alpha = epilogue.kind === 'dense' ? activationParameter(epilogue.f) : 0;
    this.#queue.dispatch(
      gemmKernel(transA, transB, epilogue),
      { M, N, K, alpha },
      { A: a.buffer, B: b.buffer, ...out },
      [Math.ceil(N / GEMM_TILE), Math.ceil(M / GEMM_TILE)],
    );
  }

  matmul(a: WebGpuMatrix, b: WebGpuMatrix, options: MatmulOptions = {}): WebGpuMatrix {
    const M = options.transA ? a.cols : a.rows;
    const N = options.transB ? b.rows : b.cols;
    const C = this.#allocate(M, N, 'product');
    this.#gemm(a, b, options, { kind: 'product' }, { C: C.buffer });
    return C;
  }

  dense(W: WebGpuMatrix, Z: WebGpuMatrix, b: WebGpuMatrix | null, f: Activation): DenseResult<WebGpuMatrix> {
    const S = this.#allocate(W.rows, Z.cols, 'pre-activation S');
    const out = this.#allocate(W.rows, Z.cols, 'activation Z');
    const buffers = { S: S.buffer, Z: out.buffer, ...(b ? { bias: b.buffer } : {}) };
    this.#gemm(W, Z, {}, { kind: 'dense', f, bias: b !== null }, buffers);
    return { S, Z: out };
  }

  activate(S: WebGpuMatrix, f: Activation): WebGpuMatrix {
    const Z = this.#allocate(S.rows, S.cols, 'activation Z');
    const n = size(S);
    const alpha = activationParameter(f);
    this.#queue.dispatch(activateKernel(f), { n, alpha }, { S: S.buffer, Z: Z.buffer }, elementGrid(n));
    return Z;
  }

  activateBackward(X: WebGpuMatrix, dZ: WebGpuMatrix, f: Activation): WebGpuMatrix {
    const delta = this.#allocate(X.rows, X.cols, `δ (f' from ${ACTIVATIONS[f.kind].derivativeFrom})`);
    const n = size(X);
    const buffers = { X: X.buffer, dZ: dZ.buffer, delta: delta.buffer };
    this.#queue.dispatch(
      activateBackwardKernel(f),
      { n, alpha: activationParameter(f) },
      buffers,
      elementGrid(n),
    );
    return delta;
  }

  rowSum(delta: WebGpuMatrix): WebGpuMatrix {
    const out = this.#allocate(delta.rows, 1, 'row sum');
    const { rows, cols } = delta;
    this.#queue.dispatch(ROW_SUM, { rows, cols }, { X: delta.buffer, out: out.buffer }, grid(rows));
    return out;
  }

  scaleAdd(y: WebGpuMatrix, x: WebGpuMatrix, a: number, b: number): void {
    this.#queue.dispatch(SCALE_ADD, { n: size(y), a, b }, { y: y.buffer, x: x.buffer }, elementGrid(size(y)));
  }

  scaleAddSquare(y: WebGpuMatrix, x: WebGpuMatrix, a: number, b: number): void {
    const n = size(y);
    this.#queue.dispatch(SCALE_ADD_SQUARE, { n, a, b }, { y: y.buffer, x: x.buffer }, elementGrid(n));
  }

  addQuotient(y: WebGpuMatrix, x: WebGpuMatrix, v: WebGpuMatrix, a: number, c: number, eps: number): void {
    const n = size(y);
    const buffers = { y: y.buffer, x: x.buffer, v: v.buffer };
    this.#queue.dispatch(ADD_QUOTIENT, { n, a, c, eps }, buffers, elementGrid(n));
  }

  #adam(p: WebGpuMatrix, g: WebGpuMatrix, m: WebGpuMatrix, v: WebGpuMatrix, s: AdamStep): void {
    const n = size(p);
    const params = {
      n,
      decay: 1 - s.lr * s.decoupledWeightDecay,
      l2: s.weightDecay,
      beta1: s.beta1,
      rest1: 1 - s.beta1,
      beta2: s.beta2,
      rest2: 1 - s.beta2,
      a: -s.lr / (1 - s.beta1 ** s.t),
      c: 1 / (1 - s.beta2 ** s.t),
      eps: s.eps,
    };
    const buffers = { p: p.buffer, g: g.buffer, m: m.buffer, v: v.buffer };
    this.#queue.dispatch(ADAM, params, buffers, elementGrid(n));
  }

  /** MSE and cross-entropy on the device; the other losses take core's general path. */
  #loss(
    spec: LossSpec,
    Z: WebGpuMatrix,
    T: WebGpuMatrix,
  ): FusedLossResult<WebGpuMatrix, Promise<number>> | undefined {
    const d = Z.rows;
    const N = Z.cols;
    const queue = this.#queue;
    let run: (out: { readonly Z: GPUBuffer; readonly dZ: GPUBuffer; readonly loss: GPUBuffer }) => void;
    switch (spec.kind) {
      case 'mse':
        run = (out) =>
          queue.dispatch(
            MSE,
            { count: d * N, invN: 1 / N, scale: 1 / (2 * N) },
            { ...out, Y: T.buffer },
            [1],
          );
        break;
      case 'cross-entropy':
        run = (out) =>
          queue.dispatch(
            CROSS_ENTROPY,
            { d, N, invN: 1 / N, scale: 1 / N },
            { ...out, labels: T.buffer },
            [1],
          );
        break;
      case 'hinge':
      case 'binary-cross-entropy':
        return undefined;
    }
    const dZ = this.#allocate(d, N, '∂L/∂Z_L');
    const value = queue.pool.acquire(4, 'the loss value');
    run({ Z: Z.buffer, dZ: dZ.buffer, loss: value });
    const loss = this.#queue.read(value, 1).then((x) => x[0]);
    this.#queue.pool.release(value);
    return { loss, dZ };
  }
}

/**
 * The WebGPU backend: requests an adapter and a device (from `navigator.gpu`, or `options.gpu`)
 * and returns core's checked AsyncBackend on WGSL kernels, with the adapter's name. Rejects with
 * BackendUnavailableError when there is no WebGPU or no adapter; never falls back to another engine.
 */
export async function createWebGpuBackend(
  options: WebGpuBackendOptions = {},
): Promise<AsyncBackend & WebGpuExtras> {
  const { device, adapter } = await acquireDevice(options);
  const queue = new GpuQueue(device);
  return checkedBackend(new WebGpuKernels(queue), { adapter, destroy: () => queue.destroy() });
}
