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
import { type Bound, GpuQueue, type Uniforms } from './queue.js';
import {
  activateBackwardWgsl,
  activateWgsl,
  adamWgsl,
  addQuotientWgsl,
  ELEMENTWISE_GROUP,
  scaleAddSquareWgsl,
  scaleAddWgsl,
} from './wgsl/elementwise.js';
import { GEMM_TILE, type GemmEpilogue, gemmKey, gemmWgsl } from './wgsl/gemm.js';
import { crossEntropyWgsl, mseWgsl, rowSumWgsl } from './wgsl/reductions.js';

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

  #elementwise(
    key: string,
    source: () => string,
    n: number,
    floats: readonly number[],
    buffers: readonly Bound[],
  ) {
    const uniforms: Uniforms = { u32: [n, 0, 0, 0], f32: floats };
    this.#queue.dispatch(key, source, uniforms, buffers, grid(Math.ceil(n / ELEMENTWISE_GROUP)));
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

  #gemm(a: WebGpuMatrix, b: WebGpuMatrix, options: MatmulOptions, epilogue: GemmEpilogue, out: Bound[]) {
    const transA = options.transA ?? false;
    const transB = options.transB ?? false;
    const M = transA ? a.cols : a.rows;
    const K = transA ? a.rows : a.cols;
    const N = transB ? b.rows : b.cols;
    const alpha = epilogue.kind === 'dense' ? activationParameter(epilogue.f) : 0;
    this.#queue.dispatch(
      gemmKey(transA, transB, epilogue),
      () => gemmWgsl(transA, transB, epilogue),
      { u32: [M, N, K, 0], f32: [alpha] },
      [{ buffer: a.buffer }, { buffer: b.buffer }, ...out],
      [Math.ceil(N / GEMM_TILE), Math.ceil(M / GEMM_TILE)],
    );
    return { M, N };
  }

  matmul(a: WebGpuMatrix, b: WebGpuMatrix, options: MatmulOptions = {}): WebGpuMatrix {
    const M = options.transA ? a.cols : a.rows;
    const N = options.transB ? b.rows : b.cols;
    const C = this.#allocate(M, N, 'product');
    this.#gemm(a, b, options, { kind: 'product' }, [{ buffer: C.buffer, write: true }]);
    return C;
  }

  dense(W: WebGpuMatrix, Z: WebGpuMatrix, b: WebGpuMatrix | null, f: Activation): DenseResult<WebGpuMatrix> {
    const S = this.#allocate(W.rows, Z.cols, 'pre-activation S');
    const out = this.#allocate(W.rows, Z.cols, 'activation Z');
    const bound: Bound[] = [
      { buffer: S.buffer, write: true },
      { buffer: out.buffer, write: true },
    ];
    if (b) bound.push({ buffer: b.buffer });
    this.#gemm(W, Z, {}, { kind: 'dense', f, bias: b !== null }, bound);
    return { S, Z: out };
  }

  activate(S: WebGpuMatrix, f: Activation): WebGpuMatrix {
    const Z = this.#allocate(S.rows, S.cols, 'activation Z');
    this.#elementwise(
      `activate:${f.kind}`,
      () => activateWgsl(f),
      S.rows * S.cols,
      [activationParameter(f)],
      [{ buffer: S.buffer }, { buffer: Z.buffer, write: true }],
    );
    return Z;
  }

  activateBackward(X: WebGpuMatrix, dZ: WebGpuMatrix, f: Activation): WebGpuMatrix {
    const delta = this.#allocate(X.rows, X.cols, `δ (f' from ${ACTIVATIONS[f.kind].derivativeFrom})`);
    this.#elementwise(
      `activateBackward:${f.kind}`,
      () => activateBackwardWgsl(f),
      X.rows * X.cols,
      [activationParameter(f)],
      [{ buffer: X.buffer }, { buffer: dZ.buffer }, { buffer: delta.buffer, write: true }],
    );
    return delta;
  }

  rowSum(delta: WebGpuMatrix): WebGpuMatrix {
    const out = this.#allocate(delta.rows, 1, 'row sum');
    this.#queue.dispatch(
      'rowSum',
      rowSumWgsl,
      { u32: [delta.rows, delta.cols] },
      [{ buffer: delta.buffer }, { buffer: out.buffer, write: true }],
      grid(delta.rows),
    );
    return out;
  }

  scaleAdd(y: WebGpuMatrix, x: WebGpuMatrix, a: number, b: number): void {
    this.#elementwise(
      'scaleAdd',
      scaleAddWgsl,
      y.rows * y.cols,
      [a, b],
      [{ buffer: y.buffer, write: true }, { buffer: x.buffer }],
    );
  }

  scaleAddSquare(y: WebGpuMatrix, x: WebGpuMatrix, a: number, b: number): void {
    this.#elementwise(
      'scaleAddSquare',
      scaleAddSquareWgsl,
      y.rows * y.cols,
      [a, b],
      [{ buffer: y.buffer, write: true }, { buffer: x.buffer }],
    );
  }

  addQuotient(y: WebGpuMatrix, x: WebGpuMatrix, v: WebGpuMatrix, a: number, c: number, eps: number): void {
    this.#elementwise(
      'addQuotient',
      addQuotientWgsl,
      y.rows * y.cols,
      [a, c, eps],
      [{ buffer: y.buffer, write: true }, { buffer: x.buffer }, { buffer: v.buffer }],
    );
  }

  #adam(p: WebGpuMatrix, g: WebGpuMatrix, m: WebGpuMatrix, v: WebGpuMatrix, s: AdamStep): void {
    const floats = [
      1 - s.lr * s.decoupledWeightDecay,
      s.weightDecay,
      s.beta1,
      1 - s.beta1,
      s.beta2,
      1 - s.beta2,
      -s.lr / (1 - s.beta1 ** s.t),
      1 / (1 - s.beta2 ** s.t),
      s.eps,
    ];
    this.#elementwise('adam', adamWgsl, p.rows * p.cols, floats, [
      { buffer: p.buffer, write: true },
      { buffer: g.buffer },
      { buffer: m.buffer, write: true },
      { buffer: v.buffer, write: true },
    ]);
  }

  /** MSE and cross-entropy on the device; the other losses take core's general path. */
  #loss(
    spec: LossSpec,
    Z: WebGpuMatrix,
    T: WebGpuMatrix,
  ): FusedLossResult<WebGpuMatrix, Promise<number>> | undefined {
    const d = Z.rows;
    const N = Z.cols;
    let uniforms: Uniforms;
    let key: string;
    let source: () => string;
    switch (spec.kind) {
      case 'mse':
        [key, source, uniforms] = ['mse', mseWgsl, { u32: [d * N, 0, 0, 0], f32: [1 / N, 1 / (2 * N)] }];
        break;
      case 'cross-entropy':
        [key, source, uniforms] = ['cross-entropy', crossEntropyWgsl, { u32: [d, N, 0, 0], f32: [1 / N] }];
        break;
      case 'hinge':
      case 'binary-cross-entropy':
        return undefined;
    }
    const dZ = this.#allocate(d, N, '∂L/∂Z_L');
    const value = this.#queue.pool.acquire(4, 'the loss value');
    this.#queue.dispatch(
      key,
      source,
      uniforms,
      [
        { buffer: Z.buffer },
        { buffer: T.buffer },
        { buffer: dZ.buffer, write: true },
        { buffer: value, write: true },
      ],
      [1],
    );
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
