// train(): a whole training run in one call, for code that does not need to pause or inspect
// it — a Trainer run to the end, its optimizer state freed afterwards.

import type { Dataset } from './dataset.js';
import type { Network } from './network.js';
import { type RunCallbacks, Trainer, type TrainerOptions, type TrainResult } from './trainer.js';

/** How train runs: the Trainer's options and the run's callbacks. */
export interface TrainOptions extends TrainerOptions, RunCallbacks {}

/** Trains `network` in place on `data`. */
export async function train(network: Network, data: Dataset, options: TrainOptions): Promise<TrainResult> {
  using trainer = new Trainer(network, data, options);
  return await trainer.run(options); // awaited inside `using`: the optimizer is freed after the run
}
