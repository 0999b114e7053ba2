// The one training loop: the command line, train() and the playground all drive a Trainer. It
// runs mini-batches of one dataset with seeded shuffling, an optimizer and a learning-rate
// schedule, scores a validation set each epoch, stops early when asked, and can be paused,
// stepped and inspected. Its whole state can be saved and restored, and a restored run continues
// exactly: the same weights, bit for bit on cpu float64.

import { allIndices, checkDataset, type Dataset, uploadBatch } from './dataset.js';
import { InputError, NonFiniteError } from './errors.js';
import { type Evaluation, evaluate } from './evaluate.js';
import type { CachePolicy } from './forward.js';
import type { LossSpec } from './losses.js';
import { firstNonFinite, type ModelSpec } from './model-file.js';
import type { Network } from './network.js';
import { checkLearningRate, Optimizer, type OptimizerSpec, type OptimizerState, sgd } from './optimizer.js';
import { SeededRandom, shuffledIndices } from './random.js';
import { checkPlan, type LearningRatePlan, learningRateAt } from './schedule.js';
import { parametersOf, trainStep, trainStepAsync } from './step.js';

/** How a Trainer trains. */
export interface TrainerOptions {
  readonly loss: LossSpec;
  /** plain SGD when absent */
  readonly optimizer?: OptimizerSpec;
  /** the base learning rate (the schedule scales it) */
  readonly lr: number;
  /** examples per step, or `full` for the whole dataset as one batch */
  readonly batchSize: number | 'full';
  /** the planned number of epochs (the cosine schedule spans them) */
  readonly epochs: number;
  /** reshuffle the examples every epoch (default true) */
  readonly shuffle?: boolean;
  readonly seed?: number;
  readonly cache?: CachePolicy;
  /** constant when absent */
  readonly plan?: LearningRatePlan;
  /** scored after every epoch */
  readonly validation?: Dataset;
  /** stop after this many epochs without a lower validation loss, keeping the best epoch's weights */
  readonly earlyStopPatience?: number;
}

/** What the Trainer reports after each epoch. */
export interface EpochInfo {
  /** 0-based */
  readonly epoch: number;
  readonly epochs: number;
  /** mean of the batch losses of this epoch */
  readonly loss: number;
  readonly steps: number;
  readonly seconds: number;
  /** the learning rate this epoch ran at */
  readonly lr: number;
  readonly validation?: Evaluation;
  /** whether this epoch's validation loss is the best so far */
  readonly best?: boolean;
}

/** What the Trainer reports after each step. */
export interface StepInfo {
  readonly epoch: number;
  /** step within the epoch, from 0 */
  readonly step: number;
  readonly stepsPerEpoch: number;
  /** batch loss before this step's update */
  readonly loss: number;
  readonly examples: number;
  /** set when this step finished an epoch */
  readonly epochEnd?: EpochInfo;
}

/** Everything a Trainer needs to continue exactly where it was: plain JSON. */
export interface TrainerState {
  readonly format: typeof TRAINER_STATE_FORMAT;
  /** epochs completed */
  readonly epoch: number;
  /** steps taken in all */
  readonly steps: number;
  /** the position in the current epoch's order */
  readonly cursor: number;
  /** the shuffling generator's state when the current epoch's order was drawn */
  readonly epochRandom: number;
  /** the current epoch's running loss sum and steps, when saved mid-epoch */
  readonly epochLossSum: number;
  readonly epochSteps: number;
  readonly lr: number;
  readonly batchSize: number | 'full';
  readonly model: ModelSpec;
  readonly optimizer: OptimizerState;
  readonly best: { readonly epoch: number; readonly loss: number; readonly model: ModelSpec } | null;
  readonly epochsSinceBest: number;
}

/** The `format` of a saved TrainerState. */
export const TRAINER_STATE_FORMAT = 'deltaml/trainer@1';

/** How long run() may go before it yields to the event loop, in milliseconds. */
const YIELD_EVERY_MS = 50;

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function checkOptions(options: TrainerOptions): void {
  checkLearningRate(options.lr);
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new InputError(`epochs is ${options.epochs}; it must be a whole number ≥ 1`);
  }
  checkBatchSize(options.batchSize);
  if (options.plan) checkPlan(options.plan);
  const patience = options.earlyStopPatience;
  if (patience !== undefined) {
    if (!Number.isInteger(patience) || patience < 1) {
      throw new InputError(`early-stop patience is ${patience}; it must be a whole number ≥ 1`);
    }
    if (!options.validation) throw new InputError('early stopping needs validation data');
  }
}

function checkBatchSize(size: number | 'full'): void {
  if (size !== 'full' && (!Number.isInteger(size) || size < 1)) {
    throw new InputError(`batch size is ${size}; it must be a whole number ≥ 1 or "full"`);
  }
}

/** Trains one network on one dataset; see the file header. */
export class Trainer {
  readonly optimizer: Optimizer;
  #lr: number;
  #batchSize: number | 'full';
  #epoch = 0;
  #steps = 0;
  #cursor = 0;
  #order: Uint32Array;
  readonly #random: SeededRandom;
  #epochRandom: number;
  #epochLossSum = 0;
  #epochSteps = 0;
  #epochStarted = Date.now();
  #best: { epoch: number; loss: number; model: ModelSpec } | null = null;
  #epochsSinceBest = 0;
  #stopped = false;

  constructor(
    readonly network: Network,
    readonly data: Dataset,
    readonly options: TrainerOptions,
  ) {
    checkOptions(options);
    checkDataset(network, data, options.loss);
    if (options.validation) checkDataset(network, options.validation, options.loss, 'validation data');
    this.optimizer = new Optimizer(network.backend, options.optimizer ?? sgd());
    this.#lr = options.lr;
    this.#batchSize = options.batchSize;
    this.#random = new SeededRandom(options.seed ?? 0);
    this.#epochRandom = this.#random.state;
    this.#order = this.#drawOrder();
  }

  /** Epochs completed. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Steps taken in all. */
  get steps(): number {
    return this.#steps;
  }

  /** The learning rate the next step runs at (the base rate as scheduled for this epoch). */
  get lr(): number {
    return learningRateAt(this.#lr, this.#plan, this.#epoch, this.options.epochs);
  }

  /** The batch size the next step uses (as given: a number, or `full`). */
  get batchSize(): number | 'full' {
    return this.#batchSize;
  }

  /** True once the planned epochs are done or early stopping stopped the run. */
  get done(): boolean {
    return this.#stopped || this.#epoch >= this.options.epochs;
  }

  /** The epoch whose validation loss was the lowest, with that loss (early stopping keeps its weights). */
  get best(): { readonly epoch: number; readonly loss: number } | null {
    return this.#best && { epoch: this.#best.epoch, loss: this.#best.loss };
  }

  get #plan(): LearningRatePlan {
    return this.options.plan ?? { schedule: { kind: 'constant' }, warmupEpochs: 0 };
  }

  /** Changes the base learning rate from the next step on (the playground's live slider). */
  setLearningRate(lr: number): void {
    checkLearningRate(lr);
    this.#lr = lr;
  }

  /** Changes the batch size from the next step on. */
  setBatchSize(size: number | 'full'): void {
    checkBatchSize(size);
    this.#batchSize = size;
  }

  #drawOrder(): Uint32Array {
    this.#epochRandom = this.#random.state;
    const count = this.data.count;
    return this.options.shuffle === false
      ? allIndices(count)
      : shuffledIndices(count, () => this.#random.next());
  }

  get #stepSize(): number {
    return this.#batchSize === 'full' ? this.data.count : Math.min(this.#batchSize, this.data.count);
  }

  /**
   * One mini-batch step on a backend with synchronous reads. The step itself is synchronous; a
   * step that ends an epoch returns a promise (the epoch's checks and validation read weights).
   */
  trainStep(): StepInfo | Promise<StepInfo> {
    return this.#step((X, T, options) => trainStep(this.network, X, T, options));
  }

  /** One mini-batch step on any backend. */
  trainStepAsync(): Promise<StepInfo> {
    return Promise.resolve(this.#step((X, T, options) => trainStepAsync(this.network, X, T, options)));
  }

  #step(
    run: (
      X: Parameters<typeof trainStep>[1],
      T: Parameters<typeof trainStep>[2],
      options: Parameters<typeof trainStep>[3],
    ) => number | Promise<number>,
  ): StepInfo | Promise<StepInfo> {
    if (this.done) throw new InputError('this training run is done');
    const size = this.#stepSize;
    const indices = this.#order.subarray(this.#cursor, this.#cursor + size);
    const batch = uploadBatch(this.network.backend, this.data, indices);
    let loss: number | Promise<number>;
    try {
      loss = run(batch.X, batch.T, {
        loss: this.options.loss,
        lr: this.lr,
        optimizer: this.optimizer,
        cache: this.options.cache,
      });
    } catch (error) {
      batch.dispose();
      throw this.#diverged(error);
    }
    const finish = (value: number) => this.#afterStep(value, indices.length);
    if (typeof loss === 'number') {
      batch.dispose();
      return finish(loss);
    }
    return loss
      .catch((error: unknown) => Promise.reject(this.#diverged(error)))
      .finally(() => batch.dispose())
      .then(finish);
  }

  /** A NonFiniteError from inside a step, said with the epoch and step where it happened. */
  #diverged(error: unknown): unknown {
    if (!(error instanceof NonFiniteError)) return error;
    return new NonFiniteError(
      `the run diverged at epoch ${this.#epoch + 1}, step ${this.#epochSteps + 1}: ${error.message}; lower the learning rate or scale the inputs`,
    );
  }

  #afterStep(loss: number, examples: number): StepInfo | Promise<StepInfo> {
    const stepInEpoch = this.#epochSteps;
    const stepsPerEpoch = Math.ceil(this.data.count / this.#stepSize);
    if (!Number.isFinite(loss)) {
      throw new NonFiniteError(
        `the loss became ${loss} at epoch ${this.#epoch + 1}, step ${stepInEpoch + 1}; lower the learning rate or scale the inputs`,
      );
    }
    this.#steps++;
    this.#epochSteps++;
    this.#epochLossSum += loss;
    this.#cursor += examples;
    const info = { epoch: this.#epoch, step: stepInEpoch, stepsPerEpoch, loss, examples };
    if (this.#cursor < this.data.count) return info;
    return this.#endEpoch().then((epochEnd) => ({ ...info, epochEnd }));
  }

  async #endEpoch(): Promise<EpochInfo> {
    const model = await this.network.readModel();
    const bad = firstNonFinite(model);
    if (bad) {
      throw new NonFiniteError(
        `the weights became non-finite at epoch ${this.#epoch + 1}, step ${this.#epochSteps} (${bad}); lower the learning rate or scale the inputs`,
      );
    }
    const epoch = this.#epoch;
    const info: EpochInfo = {
      epoch,
      epochs: this.options.epochs,
      loss: this.#epochLossSum / this.#epochSteps,
      steps: this.#epochSteps,
      seconds: (Date.now() - this.#epochStarted) / 1000,
      lr: this.lr,
      ...(await this.#validate(model)),
    };
    this.#epoch++;
    this.#cursor = 0;
    this.#epochLossSum = 0;
    this.#epochSteps = 0;
    this.#epochStarted = Date.now();
    this.#order = this.#drawOrder();
    return info;
  }

  async #validate(model: ModelSpec): Promise<Pick<EpochInfo, 'validation' | 'best'>> {
    const { validation, earlyStopPatience } = this.options;
    if (!validation) return {};
    const score = await evaluate(this.network, validation, this.options.loss);
    const best = !this.#best || score.loss < this.#best.loss;
    if (best) {
      this.#best = { epoch: this.#epoch, loss: score.loss, model };
      this.#epochsSinceBest = 0;
    } else {
      this.#epochsSinceBest++;
      if (earlyStopPatience !== undefined && this.#epochsSinceBest >= earlyStopPatience) this.#stopped = true;
    }
    return { validation: score, best };
  }

  /** Loss and metric on any dataset (the training data, validation or test data). */
  evaluate(data: Dataset): Promise<Evaluation> {
    return evaluate(this.network, data, this.options.loss);
  }

  /** The weights to keep: the best validation epoch's under early stopping, else the current ones. */
  async result(): Promise<ModelSpec> {
    if (this.options.earlyStopPatience !== undefined && this.#best) return this.#best.model;
    return this.network.readModel();
  }

  /**
   * Runs steps until the planned epochs are done, early stopping stops, a callback returns
   * `'stop'` or the signal aborts (an aborted signal stops before the first step).
   */
  async run(callbacks: RunCallbacks = {}): Promise<TrainResult> {
    const { onStep, onEpoch, signal } = callbacks;
    let lastYield = Date.now();
    let loss = Number.NaN;
    let interrupted = false;
    const sync = this.network.backend.reads === 'sync';
    while (!this.done && !interrupted) {
      if (signal?.aborted) {
        interrupted = true;
        break;
      }
      const info = sync ? await this.trainStep() : await this.trainStepAsync();
      interrupted = onStep?.(info) === 'stop';
      if (info.epochEnd) {
        loss = info.epochEnd.loss;
        interrupted = (await onEpoch?.(info.epochEnd)) === 'stop' || interrupted;
      }
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await nextTick();
        lastYield = Date.now();
      }
    }
    return {
      epochs: this.#epoch,
      steps: this.#steps,
      loss,
      stopped: interrupted || this.#stopped,
      earlyStopped: this.#stopped,
    };
  }

  /** The whole state as plain JSON (weights, optimizer state, position, generator, best epoch). */
  async saveState(): Promise<TrainerState> {
    return {
      format: TRAINER_STATE_FORMAT,
      epoch: this.#epoch,
      steps: this.#steps,
      cursor: this.#cursor,
      epochRandom: this.#epochRandom,
      epochLossSum: this.#epochLossSum,
      epochSteps: this.#epochSteps,
      lr: this.#lr,
      batchSize: this.#batchSize,
      model: await this.network.readModel(),
      optimizer: await this.optimizer.exportState(),
      best: this.#best,
      epochsSinceBest: this.#epochsSinceBest,
    };
  }

  /**
   * Continues a saved run: `network` must already hold `state.model`'s weights (Network.fromModel),
   * and `data` and `options` must be the run's own.
   */
  static restore(network: Network, data: Dataset, options: TrainerOptions, state: TrainerState): Trainer {
    if (state.format !== TRAINER_STATE_FORMAT) {
      throw new InputError(
        `the saved state's format is ${String(state.format)}, expected ${TRAINER_STATE_FORMAT}`,
      );
    }
    const trainer = new Trainer(network, data, options);
    trainer.optimizer.importState(state.optimizer, parametersOf(network));
    trainer.#epoch = state.epoch;
    trainer.#steps = state.steps;
    trainer.#lr = state.lr;
    trainer.#batchSize = state.batchSize;
    trainer.#random.state = state.epochRandom;
    trainer.#order = trainer.#drawOrder();
    trainer.#cursor = state.cursor;
    trainer.#epochLossSum = state.epochLossSum;
    trainer.#epochSteps = state.epochSteps;
    trainer.#best = state.best;
    trainer.#epochsSinceBest = state.epochsSinceBest;
    return trainer;
  }

  /** Frees the optimizer's state (the network stays the caller's). */
  dispose(): void {
    this.optimizer.dispose();
  }

  /** Same as dispose() (for `using`). */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Callbacks of Trainer.run and train: return `'stop'` to stop after this step or epoch. */
export interface RunCallbacks {
  /** after every step; `'stop'` stops the run after it */
  readonly onStep?: (info: StepInfo) => 'stop' | undefined;
  /** after every epoch (awaited); `'stop'` stops the run after it */
  readonly onEpoch?: (info: EpochInfo) => 'stop' | undefined | Promise<'stop' | undefined>;
  /** aborting stops training after the current step */
  readonly signal?: AbortSignal;
}

/** What a training run did. */
export interface TrainResult {
  /** epochs completed */
  readonly epochs: number;
  readonly steps: number;
  /** mean batch loss of the last epoch completed */
  readonly loss: number;
  /** true when a callback, the signal or early stopping stopped the run before its planned epochs */
  readonly stopped: boolean;
  /** true when early stopping stopped it */
  readonly earlyStopped: boolean;
}
