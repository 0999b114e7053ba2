// The wasm backend: core's Backend interface on AssemblyScript kernels in WebAssembly linear
// memory. It checks shapes, allocates outputs and calls one kernel per method; the arithmetic
// lives in assembly/, the memory management in memory.ts.

import {
  type Activation,
  type Backend,
  BackendUnavailableError,
  type DenseResult,
  expectSameShape,
  expectShape,
  InputError,
  type LossResult,
  type MatmulOptions,
  type MemoryInfo,
  matmulShape,
  negativeSlope,
  ShapeError,
} from '@deltaml/core';
import { type Kernels, kernelModule, loadKernels, simdSupported } from './kernels.js';
import { LinearHeap, type WasmMatrix } from './memory.js';
import { GemmWorker, THREADED_MIN_WORK } from './threads.js';

/** Options of createWasmBackend. */
export interface WasmBackendOptions {
  /** `true` requires the SIMD build, `false` forces the scalar one; default: SIMD where the engine has it */
  readonly simd?: boolean;
  /** the most linear memory this backend may grow to (default 2 GiB, at most 4 GiB) */
  readonly maxMemoryBytes?: number;
  /** 2 splits large products with a worker thread on a shared memory (Node only, SIMD build); default 1 */
  readonly threads?: 1 | 2;
}

/** core's Backend, plus which build of the kernels runs. */
export interface WasmBackend extends Backend<WasmMatrix> {
  /** whether the 128-bit SIMD build of the kernels runs (else the scalar build) */
  readonly simd: boolean;
  /** threads that share large products (1, or 2 with the `threads: 2` option) */
  readonly threads: number;
}

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB
const DEFAULT_MAX_MEMORY_BYTES = 2 ** 31;
/** the memory a backend starts with: the packing workspace and a first few matrices fit */
const INITIAL_PAGES = 32;

/** The activation codes of assembly/activation.ts. */
function activationCode(f: Activation): number {
  switch (f.kind) {
    case 'identity':
      return 0;
    case 'relu':
    case 'leaky_relu':
      return 1;
    case 'sigmoid':
      return 2;
    case 'tanh':
      return 3;
  }
}

function checkSize(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ShapeError(`a matrix must be rows × cols with whole sizes ≥ 0, got ${rows}×${cols}`);
  }
}

class WasmKernelsBackend implements WasmBackend {
  readonly name = 'wasm';
  readonly dtype = 'float32';
  readonly #k: Kernels;
  readonly #heap: LinearHeap;
  /** packing scratch for gemm, and the worker's when there is one */
  readonly #work: number;
  readonly #workerWork: number;
  readonly #worker: GemmWorker | null;

  constructor(
    readonly simd: boolean,
    kernels: Kernels,
    heap: LinearHeap,
    worker: GemmWorker | null,
  ) {
    this.#k = kernels;
    this.#heap = heap;
    this.#worker = worker;
    const bytes = kernels.gemmWorkspaceBytes();
    this.#work = heap.alloc(bytes, () => `the ${bytes}-byte GEMM workspace`);
    this.#workerWork = worker ? heap.alloc(bytes, () => `the worker's ${bytes}-byte GEMM workspace`) : 0;
  }

  get threads(): number {
    return this.#worker ? 2 : 1;
  }

  /** kernels.gemm over all of C, shared with the worker when the product is large enough */
  #gemm(
    M: number,
    N: number,
    K: number,
    A: number,
    transA: number,
    B: number,
    transB: number,
    C: number,
    bias: number,
    Z: number,
    f: number,
    alpha: number,
  ): void {
    if (this.#worker && M * N * K >= THREADED_MIN_WORK && N >= 16) {
      this.#worker.gemm(
        this.#k,
        M,
        N,
        K,
        A,
        transA,
        B,
        transB,
        C,
        bias,
        Z,
        f,
        alpha,
        this.#work,
        this.#workerWork,
      );
    } else {
      this.#k.gemm(M, N, K, A, transA, B, transB, C, bias, Z, f, alpha, this.#work, 0, N);
    }
  }

  upload(data: ArrayLike<number>, rows: number, cols: number): WasmMatrix {
    checkSize(rows, cols);
    if (data.length !== rows * cols) {
      throw new ShapeError(
        `upload of a ${rows}×${cols} matrix got ${data.length} numbers, expected ${rows * cols}`,
      );
    }
    const m = this.#heap.allocMatrix(rows, cols);
    this.#heap.f32.set(data, m.ptr >>> 2);
    return m;
  }

  read(m: WasmMatrix): Float32Array {
    const start = m.ptr >>> 2;
    return this.#heap.f32.slice(start, start + m.rows * m.cols);
  }

  dispose(m: WasmMatrix): void {
    this.#heap.freeMatrix(m);
  }

  memory(): MemoryInfo {
    return this.#heap.info();
  }

  matmul(a: WasmMatrix, b: WasmMatrix, options?: MatmulOptions): WasmMatrix {
    const transA = options?.transA === true;
    const transB = options?.transB === true;
    const { M, N, K } = matmulShape(a, b, options);
    const pa = a.ptr;
    const pb = b.ptr;
    const c = this.#heap.allocMatrix(M, N);
    this.#gemm(M, N, K, pa, transA ? 1 : 0, pb, transB ? 1 : 0, c.ptr, 0, 0, 0, 0);
    return c;
  }

  dense(W: WasmMatrix, Z: WasmMatrix, b: WasmMatrix | null, f: Activation): DenseResult<WasmMatrix> {
    const { M, N, K } = matmulShape(W, Z);
    if (b) expectShape(b, W.rows, 1, 'bias b');
    const pW = W.ptr;
    const pZ = Z.ptr;
    const pb = b ? b.ptr : 0;
    const S = this.#heap.allocMatrix(M, N);
    const Zout = this.#heap.allocMatrix(M, N);
    this.#gemm(M, N, K, pW, 0, pZ, 0, S.ptr, pb, Zout.ptr, activationCode(f), negativeSlope(f));
    return { S, Z: Zout };
  }

  activate(S: WasmMatrix, f: Activation): WasmMatrix {
    const pS = S.ptr;
    const Z = this.#heap.allocMatrix(S.rows, S.cols);
    this.#k.activate(pS, Z.ptr, S.rows * S.cols, activationCode(f), negativeSlope(f));
    return Z;
  }

  activateBackward(S: WasmMatrix, dZ: WasmMatrix, f: Activation): WasmMatrix {
    expectSameShape(S, dZ, "dZ ⊙ f'(S)");
    const pS = S.ptr;
    const pdZ = dZ.ptr;
    const delta = this.#heap.allocMatrix(S.rows, S.cols);
    this.#k.activateBackward(pS, pdZ, delta.ptr, S.rows * S.cols, activationCode(f), negativeSlope(f));
    return delta;
  }

  rowSum(delta: WasmMatrix): WasmMatrix {
    const pd = delta.ptr;
    const out = this.#heap.allocMatrix(delta.rows, 1);
    this.#k.rowSum(pd, out.ptr, delta.rows, delta.cols);
    return out;
  }

  sgdUpdate(param: WasmMatrix, grad: WasmMatrix, lr: number): void {
    expectSameShape(param, grad, 'SGD update');
    this.#k.sgdUpdate(param.ptr, grad.ptr, param.rows * param.cols, lr);
  }

  mse(Z: WasmMatrix, Y: WasmMatrix): LossResult<WasmMatrix> {
    expectSameShape(Z, Y, 'MSE of Z_L and Y');
    const pZ = Z.ptr;
    const pY = Y.ptr;
    const dZ = this.#heap.allocMatrix(Z.rows, Z.cols);
    const loss = this.#k.mse(pZ, pY, dZ.ptr, Z.rows * Z.cols, Z.cols);
    return { loss, dZ };
  }

  hinge(Z: WasmMatrix, labels: WasmMatrix, margin: number): LossResult<WasmMatrix> {
    expectShape(labels, 1, Z.cols, 'labels');
    const pZ = Z.ptr;
    const pLabels = labels.ptr;
    const f32 = this.#heap.f32;
    for (let n = 0, at = pLabels >>> 2; n < Z.cols; n++) {
      const y = f32[at + n];
      if (!Number.isInteger(y) || y < 0 || y >= Z.rows) {
        throw new InputError(`labels[0][${n}] is ${y}; expected a class index 0…${Z.rows - 1}`);
      }
    }
    const dZ = this.#heap.allocMatrix(Z.rows, Z.cols);
    const scratchBytes = Math.max(16, Math.ceil((Z.rows * 8) / 16) * 16);
    const p = this.#heap.alloc(scratchBytes, () => `softmax scratch for ${Z.rows} classes`);
    try {
      const loss = this.#k.hinge(pZ, pLabels, dZ.ptr, Z.rows, Z.cols, margin, p);
      return { loss, dZ };
    } finally {
      this.#heap.free(p, scratchBytes);
    }
  }
}

function maxPages(maxMemoryBytes: number): number {
  if (!Number.isFinite(maxMemoryBytes) || maxMemoryBytes < INITIAL_PAGES * PAGE_BYTES) {
    throw new InputError(
      `maxMemoryBytes is ${maxMemoryBytes}; it must be at least ${INITIAL_PAGES * PAGE_BYTES} (the initial memory)`,
    );
  }
  return Math.min(MAX_PAGES, Math.floor(maxMemoryBytes / PAGE_BYTES));
}

/** A backend on WebAssembly kernels; SIMD where the engine has it, each backend with its own memory. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const supported = simdSupported();
  const threaded = options.threads === 2;
  if ((options.simd === true || threaded) && !supported) {
    throw new BackendUnavailableError(
      `the wasm backend was asked for ${threaded ? 'two threads (a SIMD build)' : 'SIMD'}, which this engine does not support`,
    );
  }
  if (threaded && options.simd === false) {
    throw new InputError(
      'the two-thread mode runs the SIMD build; do not combine threads: 2 with simd: false',
    );
  }
  const simd = options.simd ?? supported;
  const maximum = maxPages(options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES);
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared: threaded });
  const build = threaded ? 'threads' : simd ? 'simd' : 'scalar';
  const worker = threaded ? await GemmWorker.start(await kernelModule(build), memory) : null;
  const kernels = await loadKernels(build, memory);
  const heap = new LinearHeap(memory, kernels.heapBase(), maximum * PAGE_BYTES);
  return new WasmKernelsBackend(simd, kernels, heap, worker);
}
