// Training that can be paused: one mini-batch step at a time (core's trainStep on core's
// uploadBatch), or as many steps as fit in a time slice, so the page stays responsive between
// slices. core's `train` runs whole epochs to the end; the playground needs to stop anywhere.

import {
  type Activation,
  type ActivationKind,
  allIndices,
  type Backend,
  type CachePolicy,
  type Dataset,
  DEFAULT_LEAKY_ALPHA,
  InputError,
  initModel,
  type LossSpec,
  lossAndGradient,
  type Matrix,
  Network,
  predict,
  seededRandom,
  shuffledIndices,
  trainStep,
  uploadBatch,
} from '@deltaml/core';
import { type ToyDataset, toCoreDataset } from './datasets.js';
import { softmaxColumns } from './heatmap.js';

export interface TrainSettings {
  /** sizes of the hidden layers, d_1 … d_{L−1}; the output has one unit per class */
  readonly hidden: readonly number[];
  /** f_l of the hidden layers; the output layer is identity */
  readonly activation: ActivationKind;
  readonly loss: LossSpec;
  readonly lr: number;
  /** examples per step, or `full` for the whole dataset */
  readonly batchSize: number | 'full';
  readonly cache: CachePolicy;
  /** seeds the initial weights and the shuffles */
  readonly seed: number;
}

export interface Evaluation {
  /** the loss over the whole dataset (MSE: mean over examples; hinge: sum, as the seed defines it) */
  readonly loss: number;
  /** fraction of examples whose largest output is their class */
  readonly accuracy: number;
}

/** The activation named `kind` (leaky ReLU with core's default slope). */
export function activationOf(kind: ActivationKind): Activation {
  return kind === 'leaky_relu' ? { kind, alpha: DEFAULT_LEAKY_ALPHA } : { kind };
}

/** d_0 = 2, the hidden sizes, d_L = classes. */
export function layerSizesFor(toy: ToyDataset, settings: TrainSettings): number[] {
  return [2, ...settings.hidden, toy.classes];
}

export class Trainer {
  /** steps taken so far */
  steps = 0;
  readonly network: Network;
  readonly data: Dataset;
  readonly batchSize: number;
  readonly #random: () => number;
  #order: Uint32Array;
  #position = 0;
  readonly #all: { X: Matrix; T: Matrix; dispose(): void };

  constructor(
    readonly backend: Backend,
    readonly toy: ToyDataset,
    readonly settings: TrainSettings,
  ) {
    const sizes = layerSizesFor(toy, settings);
    const activations: Activation[] = [
      ...settings.hidden.map(() => activationOf(settings.activation)),
      { kind: 'identity' },
    ];
    this.network = Network.fromModel(
      backend,
      initModel({ sizes, activations, bias: true, seed: settings.seed }),
    );
    this.data = toCoreDataset(toy, settings.loss);
    const size = settings.batchSize === 'full' ? toy.count : settings.batchSize;
    if (!Number.isInteger(size) || size < 1) {
      throw new InputError(`batch size is ${settings.batchSize}; it must be a whole number ≥ 1 or "full"`);
    }
    this.batchSize = Math.min(size, toy.count);
    this.#random = seededRandom(settings.seed);
    this.#order = shuffledIndices(toy.count, this.#random);
    this.#all = uploadBatch(backend, this.data, allIndices(toy.count));
  }

  /** One SGD step on the next mini-batch; returns its loss before the update. */
  step(): number {
    if (this.#position >= this.toy.count) {
      this.#order = shuffledIndices(this.toy.count, this.#random); // a new epoch, a new order
      this.#position = 0;
    }
    const indices = this.#order.subarray(this.#position, this.#position + this.batchSize);
    this.#position += this.batchSize;
    const batch = uploadBatch(this.backend, this.data, indices);
    let loss: number;
    try {
      loss = trainStep(this.network, batch.X, batch.T, this.settings);
    } finally {
      batch.dispose();
    }
    if (!Number.isFinite(loss)) {
      throw new InputError(`the loss became ${loss} at step ${this.steps + 1}; lower the learning rate`);
    }
    this.steps++;
    return loss;
  }

  /** Steps until `budgetMs` has passed or `maxSteps` were taken; returns how many ran. */
  runFor(budgetMs: number, maxSteps = Infinity): number {
    const start = performance.now();
    let ran = 0;
    while (ran < maxSteps && (ran === 0 || performance.now() - start < budgetMs)) {
      this.step();
      ran++;
    }
    return ran;
  }

  /** The loss and accuracy over the whole dataset, without changing the weights. */
  evaluate(): Evaluation {
    const { backend } = this;
    const Z = predict(this.network, this.#all.X);
    try {
      const { loss, dZ } = lossAndGradient(backend, this.settings.loss, Z, this.#all.T);
      backend.dispose(dZ);
      const scores = backend.read(Z);
      let right = 0;
      for (let n = 0; n < this.toy.count; n++) {
        let best = 0;
        for (let k = 1; k < this.toy.classes; k++) {
          if (scores[k * this.toy.count + n] > scores[best * this.toy.count + n]) best = k;
        }
        if (best === this.toy.labels[n]) right++;
      }
      return { loss, accuracy: right / this.toy.count };
    } finally {
      backend.dispose(Z);
    }
  }

  /**
   * The network's class scores for a batch of points X (2 × M, row-major), d_L × M row-major:
   * outputs as they are for MSE, softmax probabilities for the hinge.
   */
  scores(X: Float64Array): Float32Array {
    const M = X.length / 2;
    const Xm = this.backend.upload(X, 2, M);
    try {
      const Z = predict(this.network, Xm);
      const out = Float32Array.from(this.backend.read(Z));
      this.backend.dispose(Z);
      return this.settings.loss.kind === 'hinge' ? softmaxColumns(out, this.toy.classes, M) : out;
    } finally {
      this.backend.dispose(Xm);
    }
  }

  dispose(): void {
    this.#all.dispose();
    this.network.dispose();
  }
}
