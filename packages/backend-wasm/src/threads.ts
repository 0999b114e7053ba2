// The opt-in two-thread GEMM (Node only): a worker_threads worker instantiates the same kernels
// on the same shared memory and computes the right half of C's columns while this thread
// computes the left half. The handshake is a shared Int32 state word (Atomics.wait/notify), so a
// product costs no message and no copy. Browsers cannot block their main thread, so there the
// option fails with BackendUnavailableError.

import { BackendUnavailableError } from '@deltaml/core';
import type { Kernels } from './kernels.js';

const IDLE = 0;
const WORK = 1;
const FAILED = 2;

/** The worker: waits for WORK, runs gemm with the 15 arguments in `args`, reports IDLE or FAILED. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, args } = workerData;
const { exports } = new WebAssembly.Instance(module, { env: { memory } });
const state = new Int32Array(control);
const a = new Float64Array(args);
for (;;) {
  Atomics.wait(state, 0, ${IDLE});
  let done = ${IDLE};
  try {
    exports.gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
  } catch {
    done = ${FAILED};
  }
  Atomics.store(state, 0, done);
  Atomics.notify(state, 0);
}
`;

/** Products with fewer multiply-adds than this stay on one thread (waking the worker costs ~10 µs). */
export const THREADED_MIN_WORK = 1 << 18;
/** the split falls on a multiple of the micro-kernel's width */
const NR = 8;

export class GemmWorker {
  readonly #state: Int32Array;
  readonly #args: Float64Array;

  private constructor(state: Int32Array, args: Float64Array) {
    this.#state = state;
    this.#args = args;
  }

  /** Starts the worker on `module` and the shared `memory`; it never keeps the process alive. */
  static async start(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<GemmWorker> {
    const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';
    if (!isNode || typeof SharedArrayBuffer !== 'function') {
      throw new BackendUnavailableError('the wasm backend runs two threads only in Node.js (worker_threads)');
    }
    const { Worker } = await import('node:worker_threads');
    const control = new SharedArrayBuffer(4);
    const args = new SharedArrayBuffer(15 * 8);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, args } });
    worker.unref();
    return new GemmWorker(new Int32Array(control), new Float64Array(args));
  }

  /** kernels.gemm over all of C, columns [0, split) here and [split, N) on the worker. */
  gemm(
    kernels: Kernels,
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
    work: number,
    workerWork: number,
  ): void {
    const split = Math.round(N / 2 / NR) * NR;
    this.#args.set([M, N, K, A, transA, B, transB, C, bias, Z, f, alpha, workerWork, split, N]);
    Atomics.store(this.#state, 0, WORK);
    Atomics.notify(this.#state, 0);
    kernels.gemm(M, N, K, A, transA, B, transB, C, bias, Z, f, alpha, work, 0, split);
    while (Atomics.load(this.#state, 0) === WORK) Atomics.wait(this.#state, 0, WORK);
    if (Atomics.load(this.#state, 0) === FAILED) {
      Atomics.store(this.#state, 0, IDLE);
      throw new Error(`the wasm backend's worker thread failed on a ${M}×${K}·${K}×${N} product`);
    }
  }
}
