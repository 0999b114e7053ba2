// One training run of the Train panel, as the worker holds it: the backend, the network initialised
// from the random seed (or a loaded model file's), core's Trainer (the one training loop; the playground
// has none of its own), the test set, and the heat-map grid. A loaded model's input transform is applied to
// the data and the grid the network reads, as core's Model applies it. It steps for a time budget and takes
// snapshots for the page.

import {
  type Activation,
  applyTransform,
  type Backend,
  forward,
  type InputTransform,
  initModel,
  LOSSES,
  type ModelSpec,
  makeActivation,
  Network,
  softmaxColumn,
  stableSigmoid,
  Trainer,
  transformDataset,
} from '@deltaml/core';
import { backendThreads } from './backends.js';
import { type FeatureName, featureColumns, featureRows } from './features.js';
import { boundsOf, type Grid, gridPoints } from './heatmap.js';
import { type TrainData, trainData } from './train-data.js';
import { lossOf, optimizerOf, type TrainSetup } from './train-setup.js';
import { GRID_RESOLUTION, type Snapshot, type WeightsSnapshot } from './worker-protocol.js';

/** The Trainer runs "forever": the playground stops it, not an epoch count. */
const EPOCHS_UNBOUNDED = 1_000_000_000;

/** The layer activations of a setup: the chosen f for hidden layers, identity for the output (the loss reads logits). */
export function activationsOf(setup: TrainSetup): Activation[] {
  return [...setup.hidden.map(() => makeActivation(setup.activation)), { kind: 'identity' }];
}

/** `points` through `features` and then `transform`, as columns (d_0 × M row-major, the layout a batch has). */
function transformedColumns(
  points: ArrayLike<number>,
  features: readonly FeatureName[],
  transform: InputTransform | undefined,
): Float64Array {
  if (!transform) return featureColumns(points, features);
  const d = features.length;
  const rows = applyTransform(transform, featureRows(points, features), d);
  const M = rows.length / d;
  const X = new Float64Array(rows.length);
  for (let m = 0; m < M; m++) for (let i = 0; i < d; i++) X[i * M + m] = rows[m * d + i];
  return X;
}

/** A run on one backend: of the setup's seeded network, or of `model` (sized as the setup says). */
export class TrainSession {
  /** the setup's data, its training and test inputs after the input transform */
  readonly data: TrainData;
  readonly network: Network;
  readonly trainer: Trainer;
  readonly grid: Grid;
  /** the loaded model's input transform, applied before the first layer */
  readonly inputTransform: InputTransform | undefined;
  /** the grid through the chosen features, d_0 × M */
  readonly #gridX: Float64Array;
  /** … and then through the input transform: what the network reads */
  readonly #gridInputs: Float64Array;

  constructor(
    readonly backend: Backend,
    readonly setup: TrainSetup,
    model?: ModelSpec,
  ) {
    const data = trainData(setup);
    const t = model?.inputTransform;
    this.inputTransform = t;
    this.data = { ...data, train: transformDataset(t, data.train), test: transformDataset(t, data.test) };
    const sizes = [this.data.inputSize, ...setup.hidden, this.data.outputSize];
    this.network = Network.fromModel(
      backend,
      model ?? initModel({ sizes, activations: activationsOf(setup), bias: true, seed: setup.seed }),
    );
    try {
      this.trainer = new Trainer(this.network, this.data.train, {
        loss: lossOf(setup),
        optimizer: optimizerOf(setup),
        lr: setup.lr,
        batchSize: setup.batchSize,
        epochs: EPOCHS_UNBOUNDED,
        seed: setup.seed,
      });
    } catch (error) {
      this.network.dispose();
      throw error;
    }
    this.grid = { bounds: boundsOf(this.data.toy.points), cols: GRID_RESOLUTION, rows: GRID_RESOLUTION };
    const points = gridPoints(this.grid);
    this.#gridX = featureColumns(points, setup.features);
    this.#gridInputs = transformedColumns(points, setup.features, t);
  }

  /** Trains until `budgetMs` have passed (at least one step); returns the steps taken. */
  async trainFor(budgetMs: number): Promise<number> {
    const start = performance.now();
    const sync = this.backend.reads === 'sync';
    let steps = 0;
    do {
      const info = sync ? this.trainer.trainStep() : this.trainer.trainStepAsync();
      if (info instanceof Promise) await info; // an epoch ended (or an asynchronous backend)
      steps++;
    } while (performance.now() - start < budgetMs);
    return steps;
  }

  /** The network as plain numbers, with its input transform. */
  async spec(): Promise<ModelSpec> {
    const network = await this.network.readModel();
    return this.inputTransform ? { ...network, inputTransform: this.inputTransform } : network;
  }

  /** The weights as plain numbers. */
  async weights(): Promise<WeightsSnapshot> {
    const model = await this.network.readModel();
    return { W: model.layers.map((l) => l.weights), b: model.layers.map((l) => l.bias ?? []) };
  }

  /** Every layer's output over the grid and the class probabilities the boundary is drawn from. */
  async gridOutputs(): Promise<{ activations: Float32Array[]; scores: Float32Array }> {
    const { backend } = this;
    const M = this.grid.cols * this.grid.rows;
    const X = backend.upload(this.#gridInputs, this.data.inputSize, M);
    const cache = forward(this.network, X, 'all');
    const activations: Float32Array[] = [];
    try {
      for (let l = 1; l <= this.network.depth; l++) {
        const Z = cache.Z(l);
        activations.push(Float32Array.from(await backend.read(Z)));
        cache.release(Z);
      }
    } finally {
      cache.dispose();
      backend.dispose(X);
    }
    return { activations, scores: this.#scores(activations[activations.length - 1], M) };
  }

  #scores(Z: Float32Array, M: number): Float32Array {
    const classes = this.data.toy.classes;
    const d = this.data.outputSize;
    const out = new Float32Array(classes * M);
    const p = new Float64Array(d);
    const kind = LOSSES[this.setup.loss].outputs;
    for (let m = 0; m < M; m++) {
      switch (kind) {
        case 'softmax':
          softmaxColumn(Z, d, M, m, p);
          for (let k = 0; k < classes; k++) out[k * M + m] = p[k];
          break;
        case 'sigmoid': {
          const one = stableSigmoid(Z[m]);
          out[m] = 1 - one;
          out[M + m] = one;
          break;
        }
        case 'values':
          for (let k = 0; k < classes; k++) out[k * M + m] = Z[k * M + m];
          break;
      }
    }
    return out;
  }

  /** The input features over the grid, d_0 × M row-major: the first column of the network drawing. */
  get inputMaps(): Float64Array {
    return this.#gridX;
  }

  /** A snapshot of the numbers for the page. */
  async snapshot(generation: number, running: boolean, stepsPerSecond: number): Promise<Snapshot> {
    const train = await this.trainer.evaluate(this.data.train);
    const test = await this.trainer.evaluate(this.data.test);
    return {
      type: 'snapshot',
      generation,
      backend: this.backend.name,
      threads: backendThreads(this.backend),
      running,
      steps: this.trainer.steps,
      epoch: this.trainer.epoch,
      lr: this.trainer.lr,
      batchSize: this.trainer.batchSize,
      stepsPerSecond,
      trainLoss: train.loss,
      testLoss: test.loss,
      trainAccuracy: train.accuracy ?? Number.NaN,
      testAccuracy: test.accuracy ?? Number.NaN,
      weights: await this.weights(),
    };
  }

  /** Live: the next step runs at `lr`. */
  setLearningRate(lr: number): void {
    this.trainer.setLearningRate(lr);
  }

  /** Live: the next step takes `size` examples. */
  setBatchSize(size: number | 'full'): void {
    this.trainer.setBatchSize(size);
  }

  /** Frees the optimizer state and the network. */
  dispose(): void {
    this.trainer.dispose();
    this.network.dispose();
  }
}
