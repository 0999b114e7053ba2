// The wasm backend: core's RawSyncBackend on AssemblyScript kernels in WebAssembly linear memory,
// behind core's checkedBackend (which validates every call, so nothing here re-checks shapes,
// values or ownership). Each method allocates its output and calls one kernel; the arithmetic
// lives in assembly/, the memory management in memory.ts, the two-thread GEMM in threads.ts.

import {
  ACTIVATIONS,
  type Activation,
  type AdamStep,
  activationParameter,
  BackendUnavailableError,
  checkedBackend,
  type DenseResult,
  type FusedKernels,
  InputError,
  type MatmulOptions,
  type MemoryInfo,
  type RawSyncBackend,
  type SyncBackend,
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

/** core's checked SyncBackend, plus which build of the kernels runs. */
export interface WasmBackend extends SyncBackend {
  /** whether the 128-bit SIMD build of the kernels runs (else the scalar build) */
  readonly simd: boolean;
  /** threads that share large products (1, or 2 with the `threads: 2` option) */
  readonly threads: 1 | 2;
}

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB
const DEFAULT_MAX_MEMORY_BYTES = 2 ** 31;
/** the memory a backend starts with: the packing workspace and a first few matrices fit */
const INITIAL_PAGES = 32;

class WasmRawBackend implements RawSyncBackend<WasmMatrix> {
  readonly name = 'wasm';
  readonly dtype = 'float32';
  readonly reads = 'sync';
  readonly fused: FusedKernels<WasmMatrix, number> = {
    adam: (p, g, m, v, step) => this.#adam(p, g, m, v, step),
  };
  readonly #k: Kernels;
  readonly #heap: LinearHeap;
  /** packing scratch for gemm, and the worker's when there is one */
  readonly #work: number;
  readonly #workerWork: number;
  readonly #worker: GemmWorker | null;

  constructor(kernels: Kernels, heap: LinearHeap, worker: GemmWorker | null) {
    this.#k = kernels;
    this.#heap = heap;
    this.#worker = worker;
    const bytes = kernels.gemmWorkspaceBytes();
    this.#work = heap.alloc(bytes, () => `the ${bytes}-byte GEMM workspace`);
    this.#workerWork = worker ? heap.alloc(bytes, () => `the worker's ${bytes}-byte GEMM workspace`) : 0;
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
    const m = this.#heap.allocMatrix(rows, cols);
    this.#heap.f32.set(data, m.ptr >>> 2);
    return m;
  }

  read(m: WasmMatrix): Float32Array {
    const start = m.ptr >>> 2;
    return this.#heap.f32.slice(start, start + m.rows * m.cols);
  }

  /** A view of linear memory: valid until the next allocation, which may grow (and detach) the memory. */
  view(m: WasmMatrix): Float32Array {
    const start = m.ptr >>> 2;
    return this.#heap.f32.subarray(start, start + m.rows * m.cols);
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
    const M = transA ? a.cols : a.rows;
    const K = transA ? a.rows : a.cols;
    const N = transB ? b.rows : b.cols;
    const c = this.#heap.allocMatrix(M, N);
    this.#gemm(M, N, K, a.ptr, transA ? 1 : 0, b.ptr, transB ? 1 : 0, c.ptr, 0, 0, 0, 0);
    return c;
  }

  dense(W: WasmMatrix, Z: WasmMatrix, b: WasmMatrix | null, f: Activation): DenseResult<WasmMatrix> {
    const [M, N, K] = [W.rows, Z.cols, W.cols];
    const S = this.#heap.allocMatrix(M, N);
    const Zout = this.#heap.allocMatrix(M, N);
    const code = ACTIVATIONS[f.kind].code;
    this.#gemm(M, N, K, W.ptr, 0, Z.ptr, 0, S.ptr, b ? b.ptr : 0, Zout.ptr, code, activationParameter(f));
    return { S, Z: Zout };
  }

  activate(S: WasmMatrix, f: Activation): WasmMatrix {
    const Z = this.#heap.allocMatrix(S.rows, S.cols);
    this.#k.activate(S.ptr, Z.ptr, S.rows * S.cols, ACTIVATIONS[f.kind].code, activationParameter(f));
    return Z;
  }

  activateBackward(X: WasmMatrix, dZ: WasmMatrix, f: Activation): WasmMatrix {
    const delta = this.#heap.allocMatrix(X.rows, X.cols);
    const n = X.rows * X.cols;
    this.#k.activateBackward(X.ptr, dZ.ptr, delta.ptr, n, ACTIVATIONS[f.kind].code, activationParameter(f));
    return delta;
  }

  rowSum(delta: WasmMatrix): WasmMatrix {
    const out = this.#heap.allocMatrix(delta.rows, 1);
    this.#k.rowSum(delta.ptr, out.ptr, delta.rows, delta.cols);
    return out;
  }

  scaleAdd(y: WasmMatrix, x: WasmMatrix, a: number, b: number): void {
    this.#k.scaleAdd(y.ptr, x.ptr, y.rows * y.cols, a, b);
  }

  scaleAddSquare(y: WasmMatrix, x: WasmMatrix, a: number, b: number): void {
    this.#k.scaleAddSquare(y.ptr, x.ptr, y.rows * y.cols, a, b);
  }

  addQuotient(y: WasmMatrix, x: WasmMatrix, v: WasmMatrix, a: number, c: number, eps: number): void {
    this.#k.addQuotient(y.ptr, x.ptr, v.ptr, y.rows * y.cols, a, c, eps);
  }

  /** The whole step in one pass, with the coefficients core's general Adam path passes its primitives. */
  #adam(p: WasmMatrix, g: WasmMatrix, m: WasmMatrix, v: WasmMatrix, step: AdamStep): void {
    const { lr, beta1, beta2, eps, t } = step;
    const decay = step.decoupledWeightDecay > 0 ? 1 - lr * step.decoupledWeightDecay : 1;
    const a = -lr / (1 - beta1 ** t);
    const c = 1 / (1 - beta2 ** t);
    const n = p.rows * p.cols;
    this.#k.adam(
      p.ptr,
      g.ptr,
      m.ptr,
      v.ptr,
      n,
      decay,
      step.weightDecay,
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      a,
      c,
      eps,
    );
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
  const threads: 1 | 2 = threaded ? 2 : 1;
  return checkedBackend(new WasmRawBackend(kernels, heap, worker), { simd, threads });
}
