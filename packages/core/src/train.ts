// The training loop: epochs of mini-batch SGD with seeded shuffling, progress callbacks for a
// command line or a page, and early stopping. It yields to the event loop between batches now
// and then so that Ctrl-C, an AbortSignal or a page stay responsive.

import { allIndices, checkDataset, type Dataset, uploadBatch } from './dataset.js';
import { InputError } from './errors.js';
import type { CachePolicy } from './forward.js';
import type { LossSpec } from './losses.js';
import type { Network } from './network.js';
import { seededRandom, shuffledIndices } from './random.js';
import { checkLearningRate, trainStep } from './step.js';

/** What the training loop reports after each step. */
export interface StepInfo {
  readonly epoch: number;
  /** step within the epoch, from 0 */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** batch loss before this step's update */
  readonly loss: number;
  readonly examples: number;
}

/** What the training loop reports after each epoch. */
export interface EpochInfo {
  readonly epoch: number;
  readonly epochs: number;
  /** mean of the batch losses of this epoch */
  readonly loss: number;
  readonly steps: number;
  readonly seconds: number;
}

/** How train runs: loss, learning rate, epochs, batches, seed and callbacks. */
export interface TrainOptions {
  readonly loss: LossSpec;
  readonly lr: number;
  readonly epochs: number;
  /** examples per step, or `full` for the whole dataset as one batch */
  readonly batchSize: number | 'full';
  /** reshuffle the examples every epoch (default true) */
  readonly shuffle?: boolean;
  readonly seed?: number;
  readonly cache?: CachePolicy;
  /** return `'stop'` to stop after this step */
  readonly onStep?: (info: StepInfo) => undefined | 'stop';
  /** return `'stop'` to stop after this epoch */
  readonly onEpoch?: (info: EpochInfo) => undefined | 'stop';
  /** aborting stops training after the current step */
  readonly signal?: AbortSignal;
}

/** What a training run did. */
export interface TrainResult {
  readonly epochs: number;
  readonly steps: number;
  /** mean batch loss of the last epoch run */
  readonly loss: number;
  /** true when a callback or the signal asked to stop */
  readonly stopped: boolean;
}

/** How long the loop may run before it yields to the event loop, in milliseconds. */
const YIELD_EVERY_MS = 50;

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function checkOptions(options: TrainOptions, count: number): number {
  checkLearningRate(options.lr);
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new InputError(`epochs is ${options.epochs}; it must be a whole number ≥ 1`);
  }
  const size = options.batchSize === 'full' ? count : options.batchSize;
  if (!Number.isInteger(size) || size < 1) {
    throw new InputError(`batch size is ${options.batchSize}; it must be a whole number ≥ 1 or "full"`);
  }
  return Math.min(size, count);
}

/** Trains `network` in place on `data` by SGD. */
export async function train(network: Network, data: Dataset, options: TrainOptions): Promise<TrainResult> {
  checkDataset(network, data, options.loss);
  const batchSize = checkOptions(options, data.count);
  const random = seededRandom(options.seed ?? 0);
  const stepsPerEpoch = Math.ceil(data.count / batchSize);
  let steps = 0;
  let lastYield = Date.now();
  let loss = Number.NaN;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const started = Date.now();
    const order = options.shuffle === false ? allIndices(data.count) : shuffledIndices(data.count, random);
    let sum = 0;
    let taken = 0;
    let stopped = false;
    for (let step = 0; step < stepsPerEpoch && !stopped; step++) {
      const indices = order.subarray(step * batchSize, (step + 1) * batchSize);
      using batch = uploadBatch(network.backend, data, indices);
      const batchLoss = trainStep(network, batch.X, batch.T, options);
      if (!Number.isFinite(batchLoss)) {
        throw new InputError(
          `the loss became ${batchLoss} at epoch ${epoch + 1}, step ${step + 1}; lower the learning rate or scale the inputs`,
        );
      }
      sum += batchLoss;
      taken++;
      steps++;
      stopped =
        options.onStep?.({ epoch, step, stepsPerEpoch, loss: batchLoss, examples: indices.length }) ===
        'stop';
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await nextTick();
        lastYield = Date.now();
      }
      stopped ||= options.signal?.aborted === true;
    }
    loss = sum / taken;
    const info = {
      epoch,
      epochs: options.epochs,
      loss,
      steps: taken,
      seconds: (Date.now() - started) / 1000,
    };
    stopped = options.onEpoch?.(info) === 'stop' || stopped;
    if (stopped) return { epochs: epoch + 1, steps, loss, stopped: true };
  }
  return { epochs: options.epochs, steps, loss, stopped: false };
}
