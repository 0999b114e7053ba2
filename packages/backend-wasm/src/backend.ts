// The wasm backend: core's RawSyncBackend on AssemblyScript kernels in WebAssembly linear memory,
// behind core's checkedBackend (which validates every call, so nothing here re-checks shapes,
// values or ownership). Each kernel writes into given matrices (`into`, which core's per-network
// workspace calls, so a training step allocates nothing); each allocating method is one of them on
// a new matrix. The arithmetic lives in assembly/, the memory management in memory.ts, the threads
// in threads.ts. The two kernels with many arguments (gemm, adam) read them from an argument block
// in linear memory, laid out once in scripts/kernel-abi.mjs and written by its generated writers.

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
import { ADAM_ARGS, GEMM_ARGS, type GemmArgs, writeAdamArgs, writeGemmArgs } from './generated/abi.js';
import { type Kernels, kernelModule, loadKernels, simdSupported } from './kernels.js';
import { LinearHeap, PAGE_BYTES, type WasmMatrix } from './memory.js';
import { adamParts, availableThreads, gemmParts, Threads, threadsUnavailable } from './threads.js';

/** Options of createWasmBackend. */
export interface WasmBackendOptions {
  /** `true` requires the SIMD build, `false` forces the scalar one; default: SIMD where the engine has it */
  readonly simd?: boolean;
  /** the most linear memory this backend may grow to (default 2 GiB, at most 4 GiB) */
  readonly maxMemoryBytes?: number;
  /**
   * Threads that share large products and Adam steps (the SIMD build on a shared memory); small
   * ones stay on one thread, and results are bit-identical for any count. Default: every core
   * (`os.availableParallelism()`) in Node, and `navigator.hardwareConcurrency` inside a Worker of
   * a cross-origin-isolated page; 1 elsewhere, or without SIMD. `1` opts out.
   */
  readonly threads?: number;
}

/** core's checked SyncBackend, plus which build of the kernels runs. */
export interface WasmBackend extends SyncBackend {
  /** whether the 128-bit SIMD build of the kernels runs (else the scalar build) */
  readonly simd: boolean;
  /** threads that share large products and Adam steps, this one included */
  readonly threads: number;
  /** the products and Adam steps run so far that were shared between threads (0 on one thread) */
  sharedCalls(): number;
}

const MAX_PAGES = 65536; // wasm32: 4 GiB
const DEFAULT_MAX_MEMORY_BYTES = 2 ** 31;
/** the memory a backend starts with, besides the other threads' workspaces: this thread's and a first few matrices fit */
const INITIAL_PAGES = 32;
/** each thread's argument block: room for the largest, 16-byte aligned */
const BLOCK_BYTES = Math.ceil(Math.max(GEMM_ARGS.bytes, ADAM_ARGS.bytes) / 16) * 16;

class WasmRawBackend implements RawSyncBackend<WasmMatrix> {
  readonly name = 'wasm';
  readonly dtype = 'float32';
  readonly reads = 'sync';
  readonly fused: FusedKernels<WasmMatrix, number> = {
    adam: (p, g, m, v, step) => this.#adam(p, g, m, v, step),
  };
  readonly #k: Kernels;
  readonly #heap: LinearHeap;
  /** this thread's argument block and packing workspace */
  readonly #block: number;
  readonly #work: number;
  readonly #threads: Threads | null;

  constructor(kernels: Kernels, heap: LinearHeap, block: number, work: number, threads: Threads | null) {
    this.#k = kernels;
    this.#heap = heap;
    this.#block = block;
    this.#work = work;
    this.#threads = threads;
  }

  /** kernels.gemm over all of C, shared between the threads when the product is large enough */
  #gemm(args: GemmArgs): void {
    writeGemmArgs(this.#heap, this.#block, args);
    const parts = this.#threads ? gemmParts(args.M, args.N, args.K, this.#threads.count) : 1;
    if (parts > 1) this.#threads!.gemm(this.#k, this.#heap, parts);
    else this.#k.gemm(this.#block);
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
    const M = options?.transA === true ? a.cols : a.rows;
    const N = options?.transB === true ? b.rows : b.cols;
    const C = this.#heap.allocMatrix(M, N);
    this.into.matmul(a, b, C, options);
    return C;
  }

  dense(W: WasmMatrix, Z: WasmMatrix, b: WasmMatrix | null, f: Activation): DenseResult<WasmMatrix> {
    const S = this.#heap.allocMatrix(W.rows, Z.cols);
    const Zout = this.#heap.allocMatrix(W.rows, Z.cols);
    this.into.dense(W, Z, b, f, S, Zout);
    return { S, Z: Zout };
  }

  activate(S: WasmMatrix, f: Activation): WasmMatrix {
    const Z = this.#heap.allocMatrix(S.rows, S.cols);
    this.into.activate(S, f, Z);
    return Z;
  }

  activateBackward(X: WasmMatrix, dZ: WasmMatrix, f: Activation): WasmMatrix {
    const delta = this.#heap.allocMatrix(X.rows, X.cols);
    this.into.activateBackward(X, dZ, f, delta);
    return delta;
  }

  rowSum(delta: WasmMatrix): WasmMatrix {
    const out = this.#heap.allocMatrix(delta.rows, 1);
    this.into.rowSum(delta, out);
    return out;
  }

  /**
   * The kernels writing into given matrices: each allocating kernel above is one of these on a new
   * matrix, and core's per-network workspace calls them on its own, so a step allocates nothing.
   */
  readonly into: NonNullable<RawSyncBackend<WasmMatrix>['into']> = {
    scratch: (rows, cols) => this.#heap.allocScratch(rows, cols),
    release: (m) => this.#heap.releaseScratch(m),
    write: (m, data) => this.#heap.f32.set(data, m.ptr >>> 2),
    matmul: (a, b, C, options) => {
      const transA = options?.transA === true;
      const transB = options?.transB === true;
      const K = transA ? a.rows : a.cols;
      const [M, N] = [C.rows, C.cols];
      this.#gemm({
        M,
        N,
        K,
        A: a.ptr,
        transA,
        B: b.ptr,
        transB,
        C: C.ptr,
        bias: 0,
        Z: 0,
        f: 0,
        alpha: 0,
        work: this.#work,
        j0: 0,
        j1: N,
      });
    },
    dense: (W, Z, b, f, S, Zout) => {
      const [M, N, K] = [W.rows, Z.cols, W.cols];
      const code = ACTIVATIONS[f.kind].code;
      const alpha = activationParameter(f);
      this.#gemm({
        M,
        N,
        K,
        A: W.ptr,
        transA: false,
        B: Z.ptr,
        transB: false,
        C: S.ptr,
        bias: b ? b.ptr : 0,
        Z: Zout.ptr,
        f: code,
        alpha,
        work: this.#work,
        j0: 0,
        j1: N,
      });
    },
    activate: (S, f, Z) =>
      this.#k.activate(S.ptr, Z.ptr, S.rows * S.cols, ACTIVATIONS[f.kind].code, activationParameter(f)),
    activateBackward: (X, dZ, f, delta) =>
      this.#k.activateBackward(
        X.ptr,
        dZ.ptr,
        delta.ptr,
        X.rows * X.cols,
        ACTIVATIONS[f.kind].code,
        activationParameter(f),
      ),
    rowSum: (delta, out) => this.#k.rowSum(delta.ptr, out.ptr, delta.rows, delta.cols),
  };

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
    writeAdamArgs(this.#heap, this.#block, {
      p: p.ptr,
      g: g.ptr,
      m: m.ptr,
      v: v.ptr,
      n,
      decay,
      l2: step.weightDecay,
      beta1,
      oneMinusBeta1: 1 - beta1,
      beta2,
      oneMinusBeta2: 1 - beta2,
      a,
      c,
      eps,
    });
    const parts = this.#threads ? adamParts(n, this.#threads.count) : 1;
    if (parts > 1) this.#threads!.adam(this.#k, this.#heap, parts);
    else this.#k.adam(this.#block);
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

/** How many threads the options ask for, checked against what this engine can run. */
async function threadCount(options: WasmBackendOptions, supported: boolean): Promise<number> {
  const asked = options.threads;
  const simd = (options.simd ?? supported) && supported;
  if (asked === undefined) return simd && threadsUnavailable() === null ? availableThreads() : 1;
  if (!Number.isInteger(asked) || asked < 1) {
    throw new InputError(`threads is ${asked}; it must be a whole number of at least 1`);
  }
  if (asked === 1) return 1;
  if (options.simd === false) {
    throw new InputError(`threads: ${asked} runs the SIMD build; do not combine it with simd: false`);
  }
  if (!supported) {
    throw new BackendUnavailableError(
      `the wasm backend was asked for ${asked} threads (a SIMD build), but this engine does not support SIMD`,
    );
  }
  const unavailable = threadsUnavailable();
  if (unavailable)
    throw new BackendUnavailableError(`the wasm backend cannot run ${asked} threads: ${unavailable}`);
  return asked;
}

/** A backend on WebAssembly kernels; SIMD where the engine has it, each backend with its own memory. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const supported = simdSupported();
  if (options.simd === true && !supported) {
    throw new BackendUnavailableError(
      'the wasm backend was asked for SIMD, which this engine does not support',
    );
  }
  const threads = await threadCount(options, supported);
  const simd = threads > 1 || (options.simd ?? supported);
  const maximum = maxPages(options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES);
  const shared = threads > 1;
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared });
  const build = shared ? 'threads' : simd ? 'simd' : 'scalar';
  const kernels = await loadKernels(build, memory);
  const workBytes = kernels.gemmWorkspaceBytes();
  // the other threads' workspaces come on top of the initial memory, which keeps its headroom
  const extraPages = Math.ceil(((threads - 1) * (workBytes + BLOCK_BYTES)) / PAGE_BYTES);
  if (extraPages > 0 && INITIAL_PAGES + extraPages <= maximum) memory.grow(extraPages);
  const heap = new LinearHeap(memory, kernels.heapBase(), maximum * PAGE_BYTES);
  const blocks: number[] = [];
  const works: number[] = [];
  for (let t = 0; t < threads; t++) {
    blocks.push(heap.alloc(BLOCK_BYTES, () => `thread ${t}'s ${BLOCK_BYTES}-byte argument block`));
    works.push(heap.alloc(workBytes, () => `thread ${t}'s ${workBytes}-byte GEMM workspace`));
  }
  const pool = shared ? await Threads.start(await kernelModule(build), memory, blocks, works) : null;
  const backend = checkedBackend(new WasmRawBackend(kernels, heap, blocks[0], works[0], pool), {
    simd,
    threads,
    sharedCalls: () => pool?.sharedCalls ?? 0,
  });
  pool?.releaseWith(backend);
  return backend;
}
