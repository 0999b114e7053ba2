// Time per step for the Backends panel: core's trainStep (forward, loss, backward, update) of
// Exercise 2 on a fresh copy of the network, repeated in rounds long enough for a browser's
// coarse clock (performance.now() is rounded to 0.1 ms without cross-origin isolation); the
// median round's time divided by its steps.

import { type CachePolicy, mse, Network, type SyncBackend, trainStep, uploadRows } from '@deltaml/core';
import { type Exercise2Problem, problemModel } from './exercise2-problem.js';

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median milliseconds per training step of `problem` on `backend`, over `rounds` rounds of ≥ `roundMs`. */
export function timeStep(
  backend: SyncBackend,
  problem: Exercise2Problem,
  cache: CachePolicy,
  rounds = 5,
  roundMs = 20,
): number {
  const network = Network.fromModel(backend, problemModel(problem));
  const X = uploadRows(backend, problem.X, 'X');
  const Y = uploadRows(backend, problem.Y, 'Y_gt');
  try {
    const options = { loss: mse(), cache, lr: problem.lr };
    trainStep(network, X, Y, options); // warm-up: first-call costs are not a step's cost
    const perStep: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      let steps = 0;
      let elapsed = 0;
      do {
        trainStep(network, X, Y, options);
        steps++;
        elapsed = performance.now() - start;
      } while (elapsed < roundMs);
      perStep.push(elapsed / steps);
    }
    return median(perStep);
  } finally {
    network.dispose();
    backend.dispose(X);
    backend.dispose(Y);
  }
}
