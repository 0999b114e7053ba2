// What the benchmark needs from each system it times — a deltaml backend or an idiomatic-tfjs
// peer — so that every workload is written once and runs the same way on all of them.

import type { CachePolicy } from '@deltaml/core';
import type { Product, TrainingProblem } from './workloads.js';

/** Something set up to be timed: `run` does one unit of work (a step, a product, a forward pass). */
export interface Prepared {
  run(): void;
  dispose(): void;
}

export interface BenchSystem {
  /** the `system` of the rows: the --backend name, or `peer:tfjs-cpu` / `peer:tfjs-wasm` / `peer:tfjs-node` */
  readonly name: string;
  /** makes this system's engine current (tfjs engines are global); returns how to restore */
  enter(): Promise<() => Promise<void>>;
  /** one SGD step on the problem's batch (forward, MSE, backward, update), reading the loss */
  trainingStep(problem: TrainingProblem): Prepared;
  /** C = op(A)·op(B) */
  product(p: Product): Prepared;
  /** a forward pass that keeps what `policy` says; `bytes` is what the last one held (deltaml only) */
  forwardCache?(sizes: readonly number[], N: number, policy: CachePolicy): Prepared & { bytes(): number };
}
