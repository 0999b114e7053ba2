// What the benchmark needs from each system it times — a deltaml backend or an idiomatic-tfjs
// peer, in Node or in a browser, with synchronous or asynchronous reads — so that every workload
// is written once and runs the same way on all of them.

import type { CachePolicy } from '@deltaml/core';
import type { Product, TrainingProblem } from './workloads.js';

/** Something set up to be timed. */
export interface Prepared {
  /**
   * One unit of work (a step, a product, a forward pass), returning what it read (a step: its
   * loss). A system with asynchronous reads returns a promise of it, which the timing awaits;
   * anything else is not awaited, so a synchronous run costs no microtask.
   */
  run(): unknown;
  /** Where `run` only queues work (products on a GPU): resolves once everything queued so far has finished. */
  drain?(): Promise<unknown>;
  /** Frees what the preparation holds. */
  dispose(): void;
}

/** A forward pass under a cache policy, with the bytes its cache held. */
export interface CacheProbe extends Prepared {
  /** the bytes the backend held for the cache in the last run */
  bytes(): number;
}

/** A system under test. */
export interface BenchSystem {
  /** the `system` of the rows: the --backend name, or `peer:tfjs-cpu`, `peer:tfjs-wasm`, … */
  readonly name: string;
  /** the device the rows name, where they name one (the browser benchmark: the WebGPU adapter, or `cpu`) */
  readonly device?: string;
  /** Makes this system's engine current (tfjs engines are global); resolves to how to restore the previous one. */
  enter(): Promise<() => Promise<void>>;
  /** One training step on the problem's batch (forward, loss, backward, update); `run` returns the loss it read. */
  trainingStep(problem: TrainingProblem): Prepared;
  /** C = op(A)·op(B) */
  product(p: Product): Prepared;
  /** A forward pass that keeps what `policy` says (deltaml's systems only: the peers have no cache policies). */
  forwardCache?(sizes: readonly number[], N: number, policy: CachePolicy): CacheProbe;
}
