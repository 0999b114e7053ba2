// The threads that share large products and Adam steps: workers (worker_threads in Node, Web
// Workers in a browser worker) instantiate the same kernels on the backend's shared memory, and
// each runs its part of a call from its own argument block, so a call costs no message and no
// copy. The handshake is two shared Int32 words per worker (state and block; Atomics.wait and
// notify). The parts split C's columns between micro-kernel panels (and Adam's floats between
// elements), so every value is computed by one thread in the order one thread would: results are
// bit-identical for any thread count.

import { BackendUnavailableError } from '@deltaml/core';
import { ADAM_ARGS, type ArgumentViews, GEMM_ARGS, NR } from './generated/abi.js';
import type { Kernels } from './kernels.js';

const IDLE = 0;
const FAILED = 1;
const EXIT = 2;
/** a worker's state word holds JOB_BASE + the job's index in JOBS while it works */
const JOB_BASE = 3;
/** the kernels that take an argument block, which a worker can run */
const JOBS = ['gemm', 'adam'] as const;
type Job = (typeof JOBS)[number];

/** The worker: instantiates the kernels, says `ready`, then runs the jobs its state word names. */
const WORKER_SOURCE = `
const JOBS = ${JSON.stringify(JOBS)};
function serve({ module, memory, control, index }, ready, exit) {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const words = new Int32Array(control);
  const at = 2 * index;
  ready();
  for (;;) {
    Atomics.wait(words, at, ${IDLE});
    const job = Atomics.load(words, at);
    if (job === ${EXIT}) return exit();
    let done = ${IDLE};
    try {
      exports[JOBS[job - ${JOB_BASE}]](words[at + 1]);
    } catch {
      done = ${FAILED};
    }
    Atomics.store(words, at, done);
    Atomics.notify(words, at);
  }
}
if (typeof require === 'function') {
  const { parentPort, workerData } = require('node:worker_threads');
  serve(workerData, () => parentPort.postMessage('ready'), () => process.exit(0));
} else {
  self.onmessage = (event) => serve(event.data, () => self.postMessage('ready'), () => self.close());
}
`;

/** Products with fewer multiply-adds than this per thread are not split (waking a worker costs ~10 µs). */
export const GEMM_MIN_WORK_PER_THREAD = 1 << 17;
/** Adam steps over fewer floats than this per thread are not split. */
export const ADAM_MIN_FLOATS_PER_THREAD = 1 << 15;

const isNode = () => typeof process === 'object' && typeof process.versions?.node === 'string';

/** Whether this is a browser worker on a cross-origin-isolated page (where Atomics.wait may block). */
function isIsolatedWorker(): boolean {
  const scope = globalThis as {
    crossOriginIsolated?: boolean;
    WorkerGlobalScope?: unknown;
    document?: unknown;
  };
  return (
    scope.crossOriginIsolated === true &&
    scope.WorkerGlobalScope !== undefined &&
    scope.document === undefined
  );
}

/** The threads this engine offers by default: every core in Node and in isolated browser workers, else 1. */
export async function availableThreads(): Promise<number> {
  if (isNode()) {
    const os = await import('node:os');
    return os.availableParallelism();
  }
  if (isIsolatedWorker()) return Math.max(1, navigator.hardwareConcurrency || 1);
  return 1;
}

/** Why this engine cannot run threads, or null when it can. */
export function threadsUnavailable(): string | null {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'this engine has no SharedArrayBuffer (a browser page must be cross-origin isolated: COOP/COEP headers)';
  }
  if (!isNode() && !isIsolatedWorker()) {
    return 'in a browser, threads run only inside a Worker of a cross-origin-isolated page (the main thread may not block)';
  }
  return null;
}

/** One started worker: how to stop it. */
interface Started {
  stop(): void;
}

async function startNodeWorker(data: object): Promise<Started> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.unref(); // a backend's threads never keep the process alive
  return { stop: () => void worker.terminate() };
}

async function startWebWorker(data: object): Promise<Started> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(data);
  });
  return { stop: () => worker.terminate() };
}

/** Stops the workers of a backend that is no longer reachable. */
const released = new FinalizationRegistry<{ words: Int32Array; workers: readonly Started[] }>(
  ({ words, workers }) => {
    for (let i = 0; i < workers.length; i++) {
      Atomics.store(words, 2 * i, EXIT);
      Atomics.notify(words, 2 * i);
      workers[i].stop();
    }
  },
);

/** The parts a product is split into: at most one per thread and per NR-column panel, each worth waking a thread. */
export function gemmParts(M: number, N: number, K: number, threads: number): number {
  const byWork = Math.floor((M * N * K) / GEMM_MIN_WORK_PER_THREAD);
  return Math.max(1, Math.min(threads, Math.ceil(N / NR), byWork));
}

/** The parts an Adam step over n floats is split into. */
export function adamParts(n: number, threads: number): number {
  return Math.max(1, Math.min(threads, Math.floor(n / ADAM_MIN_FLOATS_PER_THREAD)));
}

/** Where part `t` of `parts` begins, in units of `unit`, over `total` (a multiple of `unit` but the end). */
function boundary(t: number, parts: number, total: number, unit: number): number {
  const units = Math.ceil(total / unit);
  return Math.min(total, Math.floor((t * units) / parts) * unit);
}

/**
 * The workers of one backend, each with its argument block and its GEMM workspace; thread 0 is
 * the caller's. `blocks[t]` and `works[t]` are byte offsets in the backend's linear memory.
 */
export class Threads {
  readonly #words: Int32Array;
  readonly #workers: readonly Started[];
  #sharedCalls = 0;

  private constructor(
    words: Int32Array,
    workers: readonly Started[],
    /** threads in all, the caller's included */
    readonly count: number,
    /** each thread's argument block */
    readonly blocks: readonly number[],
    /** each thread's GEMM workspace */
    readonly works: readonly number[],
  ) {
    this.#words = words;
    this.#workers = workers;
  }

  /** The calls (products and Adam steps) run so far with a part on at least one worker. */
  get sharedCalls(): number {
    return this.#sharedCalls;
  }

  /** Stops the workers once `owner` (the backend) is garbage-collected. */
  releaseWith(owner: object): void {
    released.register(owner, { words: this.#words, workers: this.#workers });
  }

  /**
   * Starts `count − 1` workers on `module` and the shared `memory`, with the blocks and
   * workspaces already allocated for every thread.
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    blocks: readonly number[],
    works: readonly number[],
  ): Promise<Threads> {
    const unavailable = threadsUnavailable();
    if (unavailable) throw new BackendUnavailableError(`the wasm backend cannot run threads: ${unavailable}`);
    const count = blocks.length;
    const control = new SharedArrayBuffer(8 * (count - 1));
    const start = isNode() ? startNodeWorker : startWebWorker;
    const workers = await Promise.all(
      Array.from({ length: count - 1 }, (_, index) => start({ module, memory, control, index })),
    );
    return new Threads(new Int32Array(control), workers, count, blocks, works);
  }

  /**
   * kernels.gemm over the product in blocks[0] (all of C's columns), shared by `parts` threads:
   * each gets a copy of the block with its own columns and workspace.
   */
  gemm(kernels: Kernels, views: ArgumentViews, parts: number): void {
    const N = views.u32[(this.blocks[0] >>> 2) + GEMM_ARGS.N];
    this.#share(kernels, views, 'gemm', GEMM_ARGS.bytes, parts, (u32, w, t) => {
      u32[w + GEMM_ARGS.j0] = boundary(t, parts, N, NR);
      u32[w + GEMM_ARGS.j1] = boundary(t + 1, parts, N, NR);
      u32[w + GEMM_ARGS.work] = this.works[t];
    });
  }

  /** kernels.adam over the step in blocks[0], its floats shared by `parts` threads. */
  adam(kernels: Kernels, views: ArgumentViews, parts: number): void {
    const n = views.u32[(this.blocks[0] >>> 2) + ADAM_ARGS.n];
    this.#share(kernels, views, 'adam', ADAM_ARGS.bytes, parts, (u32, w, t) => {
      const lo = boundary(t, parts, n, 4);
      for (const field of [ADAM_ARGS.p, ADAM_ARGS.g, ADAM_ARGS.m, ADAM_ARGS.v]) u32[w + field] += lo * 4;
      u32[w + ADAM_ARGS.n] = boundary(t + 1, parts, n, 4) - lo;
    });
  }

  /**
   * Copies blocks[0] (`bytes` long) into the blocks of threads 1 … parts − 1, lets `part` narrow
   * each to its thread's share (blocks[0] last, at word `w`), and runs them all.
   */
  #share(
    kernels: Kernels,
    views: ArgumentViews,
    job: Job,
    bytes: number,
    parts: number,
    part: (u32: Uint32Array, w: number, t: number) => void,
  ): void {
    const { u32 } = views;
    const base = this.blocks[0] >>> 2;
    for (let t = parts - 1; t >= 0; t--) {
      const w = this.blocks[t] >>> 2;
      if (t > 0) u32.copyWithin(w, base, base + bytes / 4);
      part(u32, w, t);
    }
    this.#run(kernels, job, parts);
  }

  /** Runs `job` on blocks[1 … parts) in the workers and blocks[0] here, and waits for all. */
  #run(kernels: Kernels, job: Job, parts: number): void {
    const words = this.#words;
    const code = JOB_BASE + JOBS.indexOf(job);
    for (let t = 1; t < parts; t++) {
      const at = 2 * (t - 1);
      words[at + 1] = this.blocks[t];
      Atomics.store(words, at, code);
      Atomics.notify(words, at);
    }
    let failed = false;
    try {
      kernels[job](this.blocks[0]);
    } finally {
      // the workers finish before anything else touches their blocks, even when this part threw
      for (let t = 1; t < parts; t++) {
        const at = 2 * (t - 1);
        while (Atomics.load(words, at) === code) Atomics.wait(words, at, code);
        if (Atomics.load(words, at) === FAILED) {
          failed = true;
          Atomics.store(words, at, IDLE);
        }
      }
    }
    if (failed) throw new Error(`the wasm backend's worker thread failed on its part of a ${job} call`);
    this.#sharedCalls++;
  }
}
