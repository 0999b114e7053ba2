// The one training loop: the command line, train() and the playground all drive a Trainer. It
// runs mini-batches of one dataset with seeded shuffling, an optimizer and a learning-rate
// schedule, scores a validation set each epoch, stops early when asked, and can be paused,
// stepped and inspected. Its whole state can be saved and restored, and a restored run continues
// exactly: the same weights, bit for bit on cpu float64.

import { allIndices, BatchBuffers, checkDataset, type Dataset, uploadBatch } from './dataset.js';
import { BusyError, DisposedError, InputError, NonFiniteError, ValidationLossError } from './errors.js';
import { type Evaluation, evaluate } from './evaluate.js';
import type { CachePolicy } from './forward.js';
import type { LossSpec } from './losses.js';
import { firstNonFinite, type ModelSpec } from './model-file.js';
import type { Network } from './network.js';
import { checkLearningRate, Optimizer, type OptimizerSpec, type OptimizerState, sgd } from './optimizer.js';
import { SeededRandom, shuffledIndices } from './random.js';
import { checkPlanReach, type LearningRatePlan, learningRateAt } from './schedule.js';
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

/** The epoch with the lowest validation loss so far, with its weights. */
export interface BestEpoch {
  /** 0-based */
  readonly epoch: number;
  readonly loss: number;
  readonly model: ModelSpec;
}

/**
 * Everything about a Trainer that changes as it trains, in one object: the Trainer holds exactly
 * this, saveState copies it out and restore copies it back (the weights and the optimizer's
 * state live on the backend and are saved beside it).
 */
export interface TrainerProgress {
  /** epochs completed */
  readonly epoch: number;
  /** steps taken in all */
  readonly steps: number;
  /** the position in the current epoch's order */
  readonly cursor: number;
  /** the shuffling generator's state when the current epoch's order was drawn */
  readonly epochRandom: number;
  /** the current epoch's running loss sum so far */
  readonly epochLossSum: number;
  /** the current epoch's steps so far */
  readonly epochSteps: number;
  /** the base learning rate (options.lr, or what setLearningRate set) */
  readonly lr: number;
  /** the batch size (options.batchSize, or what setBatchSize set) */
  readonly batchSize: number | 'full';
  readonly best: BestEpoch | null;
  readonly epochsSinceBest: number;
  /** true once early stopping stopped the run */
  readonly stopped: boolean;
}

/** Everything a Trainer needs to continue exactly where it was: its progress, weights and optimizer state, as plain JSON. */
export interface TrainerState extends TrainerProgress {
  readonly format: typeof TRAINER_STATE_FORMAT;
  readonly model: ModelSpec;
  readonly optimizer: OptimizerState;
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
  if (options.plan) checkPlanReach(options.plan, options.lr, options.epochs);
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * What restore accepts for each field of a saved progress, against the run it continues; the
 * mapped type makes a field without a check a compile error. Each returns what is wrong, or undefined.
 */
const PROGRESS_CHECKS: {
  readonly [K in keyof TrainerProgress]: (
    value: unknown,
    run: { data: Dataset; options: TrainerOptions },
  ) => string | undefined;
} = {
  epoch: (v, { options }) =>
    !isCount(v)
      ? 'a whole number ≥ 0'
      : v > options.epochs
        ? `at most options.epochs = ${options.epochs} (the saved run has done more epochs)`
        : undefined,
  steps: (v) => (isCount(v) ? undefined : 'a whole number ≥ 0'),
  cursor: (v, { data }) =>
    isCount(v) && v < data.count
      ? undefined
      : `a whole number 0 … ${data.count - 1} (a position in the data)`,
  epochRandom: (v) => (isCount(v) && v <= 0xffffffff ? undefined : 'a whole number 0 … 2³² − 1'),
  epochLossSum: (v) => (isFiniteNumber(v) ? undefined : 'a finite number'),
  epochSteps: (v) => (isCount(v) ? undefined : 'a whole number ≥ 0'),
  lr: (v, { options }) =>
    v === options.lr
      ? undefined
      : `options.lr = ${options.lr} (pass the saved one, ${String(v)}, and call setLearningRate after restore to change it)`,
  batchSize: (v, { options }) =>
    v === options.batchSize
      ? undefined
      : `options.batchSize = ${options.batchSize} (pass the saved one, ${String(v)}, and call setBatchSize after restore to change it)`,
  best: (v) =>
    v === null ||
    (typeof v === 'object' &&
      'epoch' in v &&
      isCount(v.epoch) &&
      'loss' in v &&
      isFiniteNumber(v.loss) &&
      'model' in v &&
      typeof v.model === 'object' &&
      v.model !== null)
      ? undefined
      : 'null or { epoch, loss, model } with a finite loss',
  epochsSinceBest: (v) => (isCount(v) ? undefined : 'a whole number ≥ 0'),
  stopped: (v) => (typeof v === 'boolean' ? undefined : 'true or false'),
};

/** Trains one network on one dataset; see the file header. */
export class Trainer {
  readonly optimizer: Optimizer;
  /** everything that changes as it trains (see TrainerProgress) */
  #progress: Mutable<TrainerProgress>;
  /** the current epoch's order, drawn from `progress.epochRandom` */
  #order: Uint32Array;
  readonly #random: SeededRandom;
  /** when the current epoch started, for its `seconds` (timing, not state) */
  #epochStarted = Date.now();
  /** datasets already checked against the network and loss (the training and validation data) */
  readonly #checked = new WeakSet<Dataset>();
  /** a run() in progress */
  #running = false;
  /** the host side of each batch, reused from step to step */
  readonly #batchBuffers = new BatchBuffers();
  /** a step in progress (asynchronous on a GPU backend, or at an epoch's end) */
  #stepping = false;
  #disposed = false;

  constructor(
    readonly network: Network,
    readonly data: Dataset,
    readonly options: TrainerOptions,
  ) {
    checkOptions(options);
    checkDataset(network, data, options.loss);
    this.#checked.add(data);
    if (options.validation) {
      checkDataset(network, options.validation, options.loss, 'validation data');
      this.#checked.add(options.validation);
    }
    this.optimizer = new Optimizer(network.backend, options.optimizer ?? sgd());
    this.#random = new SeededRandom(options.seed ?? 0);
    this.#progress = {
      epoch: 0,
      steps: 0,
      cursor: 0,
      epochRandom: this.#random.state,
      epochLossSum: 0,
      epochSteps: 0,
      lr: options.lr,
      batchSize: options.batchSize,
      best: null,
      epochsSinceBest: 0,
      stopped: false,
    };
    this.#order = this.#drawOrder();
  }

  /** Epochs completed. */
  get epoch(): number {
    return this.#progress.epoch;
  }

  /** Steps taken in all. */
  get steps(): number {
    return this.#progress.steps;
  }

  /** The learning rate the next step runs at (the base rate as scheduled for this epoch). */
  get lr(): number {
    return learningRateAt(this.#progress.lr, this.#plan, this.#progress.epoch, this.options.epochs);
  }

  /** The batch size the next step uses (as given: a number, or `full`). */
  get batchSize(): number | 'full' {
    return this.#progress.batchSize;
  }

  /** True once the planned epochs are done or early stopping stopped the run. */
  get done(): boolean {
    return this.#progress.stopped || this.#progress.epoch >= this.options.epochs;
  }

  /** The epoch whose validation loss was the lowest, with that loss (early stopping keeps its weights). */
  get best(): { readonly epoch: number; readonly loss: number } | null {
    const best = this.#progress.best;
    return best && { epoch: best.epoch, loss: best.loss };
  }

  get #plan(): LearningRatePlan {
    return this.options.plan ?? { schedule: { kind: 'constant' }, warmupEpochs: 0 };
  }

  /** Throws a DisposedError once dispose() has been called. */
  #checkUsable(): void {
    if (this.#disposed) throw new DisposedError('this Trainer');
  }

  /** Throws unless a step may start now: not disposed, and no run() or other step in progress. */
  #checkIdle(what: string): void {
    this.#checkUsable();
    if (this.#running || this.#stepping) {
      throw new BusyError(
        `${what} while this Trainer is ${this.#running ? 'running' : 'taking a step'}; await the run() or step first`,
      );
    }
  }

  /** Changes the base learning rate from the next step on (the playground's live slider). */
  setLearningRate(lr: number): void {
    this.#checkUsable();
    checkLearningRate(lr);
    this.#progress.lr = lr;
  }

  /** Changes the batch size from the next step on. */
  setBatchSize(size: number | 'full'): void {
    this.#checkUsable();
    checkBatchSize(size);
    this.#progress.batchSize = size;
  }

  #drawOrder(): Uint32Array {
    this.#progress.epochRandom = this.#random.state;
    const count = this.data.count;
    return this.options.shuffle === false
      ? allIndices(count)
      : shuffledIndices(count, () => this.#random.next());
  }

  get #stepSize(): number {
    const size = this.#progress.batchSize;
    return size === 'full' ? this.data.count : Math.min(size, this.data.count);
  }

  /**
   * One mini-batch step on a backend with synchronous reads. The step itself is synchronous; a
   * step that ends an epoch returns a promise (the epoch's checks and validation read weights).
   * Refused (BusyError) while a run() or another step is in progress.
   */
  trainStep(): StepInfo | Promise<StepInfo> {
    this.#checkIdle('trainStep() was called');
    return this.#guardedStep(true);
  }

  /** One mini-batch step on any backend; refused (BusyError) while a run() or another step is in progress. */
  trainStepAsync(): Promise<StepInfo> {
    try {
      this.#checkIdle('trainStepAsync() was called');
      return Promise.resolve(this.#guardedStep(false));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** One step with `#stepping` set until it has settled, so that no other step or save can interleave. */
  #guardedStep(sync: boolean): StepInfo | Promise<StepInfo> {
    this.#checkUsable();
    this.#stepping = true;
    let result: StepInfo | Promise<StepInfo>;
    try {
      result = this.#step((X, T, options) =>
        sync ? trainStep(this.network, X, T, options) : trainStepAsync(this.network, X, T, options),
      );
    } catch (error) {
      this.#stepping = false;
      throw error;
    }
    if (!(result instanceof Promise)) {
      this.#stepping = false;
      return result;
    }
    return result.finally(() => {
      this.#stepping = false;
    });
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
    const { cursor } = this.#progress;
    const indices = this.#order.subarray(cursor, cursor + size);
    const batch = uploadBatch(this.network.backend, this.data, indices, this.#batchBuffers);
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
      `the run diverged at epoch ${this.#progress.epoch + 1}, step ${this.#progress.epochSteps + 1}: ${error.message}; lower the learning rate or scale the inputs`,
    );
  }

  #afterStep(loss: number, examples: number): StepInfo | Promise<StepInfo> {
    const progress = this.#progress;
    const stepInEpoch = progress.epochSteps;
    const stepsPerEpoch = Math.ceil(this.data.count / this.#stepSize);
    if (!Number.isFinite(loss)) {
      throw new NonFiniteError(
        `the loss became ${loss} at epoch ${progress.epoch + 1}, step ${stepInEpoch + 1}; lower the learning rate or scale the inputs`,
      );
    }
    progress.steps++;
    progress.epochSteps++;
    progress.epochLossSum += loss;
    progress.cursor += examples;
    const info = { epoch: progress.epoch, step: stepInEpoch, stepsPerEpoch, loss, examples };
    if (progress.cursor < this.data.count) return info;
    return this.#endEpoch().then((epochEnd) => ({ ...info, epochEnd }));
  }

  async #endEpoch(): Promise<EpochInfo> {
    const progress = this.#progress;
    const model = await this.network.readModel();
    const bad = firstNonFinite(model);
    if (bad) {
      throw new NonFiniteError(
        `the weights became non-finite at epoch ${progress.epoch + 1}, step ${progress.epochSteps} (${bad}); lower the learning rate or scale the inputs`,
      );
    }
    const info: EpochInfo = {
      epoch: progress.epoch,
      epochs: this.options.epochs,
      loss: progress.epochLossSum / progress.epochSteps,
      steps: progress.epochSteps,
      seconds: (Date.now() - this.#epochStarted) / 1000,
      lr: this.lr,
      ...(await this.#validate(model)),
    };
    progress.epoch++;
    progress.cursor = 0;
    progress.epochLossSum = 0;
    progress.epochSteps = 0;
    this.#epochStarted = Date.now();
    this.#order = this.#drawOrder();
    return info;
  }

  async #validate(model: ModelSpec): Promise<Pick<EpochInfo, 'validation' | 'best'>> {
    const { validation, earlyStopPatience } = this.options;
    if (!validation) return {};
    const progress = this.#progress;
    const score = await evaluate(this.network, validation, this.options.loss);
    if (!Number.isFinite(score.loss)) {
      throw new ValidationLossError(progress.epoch, score.loss);
    }
    const best = !progress.best || score.loss < progress.best.loss;
    if (best) {
      progress.best = { epoch: progress.epoch, loss: score.loss, model };
      progress.epochsSinceBest = 0;
    } else {
      progress.epochsSinceBest++;
      if (earlyStopPatience !== undefined && progress.epochsSinceBest >= earlyStopPatience)
        progress.stopped = true;
    }
    return { validation: score, best };
  }

  /**
   * Loss and metric on any dataset (the training data, validation or test data), after the same
   * checks the constructor runs on its data: no examples, wrong sizes, non-finite values or a
   * label the loss cannot take are an InputError or ShapeError, never a NaN loss.
   */
  async evaluate(data: Dataset): Promise<Evaluation> {
    this.#checkUsable();
    if (!this.#checked.has(data)) {
      checkDataset(this.network, data, this.options.loss);
      this.#checked.add(data);
    }
    return evaluate(this.network, data, this.options.loss);
  }

  /** The weights to keep: the best validation epoch's under early stopping, else the current ones. */
  async result(): Promise<ModelSpec> {
    this.#checkUsable();
    const best = this.#progress.best;
    if (this.options.earlyStopPatience !== undefined && best) return best.model;
    return this.network.readModel();
  }

  /**
   * Runs steps until the planned epochs are done, early stopping stops, a callback returns
   * `'stop'` or the signal aborts (an aborted signal stops before the first step). A second run()
   * (or a step) while one is in progress is refused with a BusyError.
   */
  async run(callbacks: RunCallbacks = {}): Promise<TrainResult> {
    this.#checkIdle('run() was called');
    this.#running = true;
    try {
      return await this.#run(callbacks);
    } finally {
      this.#running = false;
    }
  }

  async #run({ onStep, onEpoch, signal }: RunCallbacks): Promise<TrainResult> {
    let lastYield = Date.now();
    let loss = Number.NaN;
    let interrupted = false;
    const sync = this.network.backend.reads === 'sync';
    while (!this.done && !interrupted) {
      if (signal?.aborted) {
        interrupted = true;
        break;
      }
      const info = await this.#guardedStep(sync);
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
      epochs: this.#progress.epoch,
      steps: this.#progress.steps,
      loss,
      stopped: interrupted || this.#progress.stopped,
      earlyStopped: this.#progress.stopped,
    };
  }

  /**
   * The whole state as plain JSON: the progress object copied, the weights and the optimizer's
   * state. Allowed between steps (a run's onEpoch may save); refused while a step is in progress.
   */
  async saveState(): Promise<TrainerState> {
    this.#checkUsable();
    if (this.#stepping) throw new BusyError('saveState() was called while this Trainer is taking a step');
    const progress = { ...this.#progress };
    return {
      format: TRAINER_STATE_FORMAT,
      ...progress,
      model: await this.network.readModel(),
      optimizer: await this.optimizer.exportState(),
    };
  }

  /**
   * Continues a saved run exactly: `network` must already hold `state.model`'s weights
   * (Network.fromModel), and `data` and `options` must be the run's own. The state holds the
   * run's position and its live settings, so `options.lr` and `options.batchSize` must equal the
   * saved `lr` and `batchSize` (which setLearningRate and setBatchSize may have changed): a
   * different value is an InputError rather than silently one or the other. To continue at
   * another rate, restore and then call setLearningRate. Every field is checked against the run
   * (a cursor past the data, more epochs done than `options.epochs`) before anything is changed.
   */
  static restore(network: Network, data: Dataset, options: TrainerOptions, state: TrainerState): Trainer {
    if (state?.format !== TRAINER_STATE_FORMAT) {
      throw new InputError(
        `the saved state's format is ${String(state?.format)}, expected ${TRAINER_STATE_FORMAT}`,
      );
    }
    const { format: _, model: __, optimizer, ...saved } = state;
    // `stopped` joined the state after deltaml/trainer@1's first release: a state without it had not stopped early
    const progress = { ...saved, stopped: saved.stopped ?? false };
    const trainer = new Trainer(network, data, options);
    try {
      const values = new Map<string, unknown>(Object.entries(progress));
      for (const key of values.keys()) {
        if (!Object.hasOwn(PROGRESS_CHECKS, key))
          throw new InputError(`the saved state has an unknown field ${key}`);
      }
      for (const [key, check] of Object.entries(PROGRESS_CHECKS)) {
        const value = values.get(key);
        const wrong = check(value, { data, options });
        if (wrong)
          throw new InputError(`the saved state's ${key} is ${JSON.stringify(value)}; it must be ${wrong}`);
      }
      trainer.optimizer.importState(optimizer, parametersOf(network));
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    trainer.#progress = progress;
    trainer.#random.state = progress.epochRandom;
    trainer.#order = trainer.#drawOrder();
    return trainer;
  }

  /**
   * Frees the optimizer's state (the network stays the caller's). Every later call of this
   * Trainer is refused with a DisposedError; a second dispose() does nothing.
   */
  dispose(): void {
    this.#disposed = true;
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
