// A model as its file holds it, living on one backend: the network, the input transform, the
// class names and how Z_L is read (`output`). It is the one place that loads a model file,
// predicts (values, or a class with its probabilities), scores with eval's metrics and trains
// with the Trainer, so the CLI, the playground and library code share one implementation. Nothing
// non-finite comes out: an example whose numbers leave the backend's range anywhere on the way
// through the network is refused with an ExampleError naming it, with the same message on every
// backend (each layer's S_l is checked, so no engine's Infinity-versus-NaN shows through).

import type { Backend, FloatArray } from './backend.js';
import { FLOAT32_MAX } from './checked-backend.js';
import { checkDataset, type Dataset } from './dataset.js';
import { ExampleError, InputError, ModelFileError } from './errors.js';
import { predictedClass } from './evaluate.js';
import { forward } from './forward.js';
import { applyTransform, transformDataset } from './input-transform.js';
import { LabelRule } from './labels.js';
import { stableSigmoid } from './losses/binary-cross-entropy.js';
import { type OutputKind, softmaxColumn } from './losses/loss.js';
import { LOSSES, type LossKind, type LossSpec, lossDefinition, makeLoss } from './losses.js';
import { type ClassScores, ClassTally, type ValueScores, ValueTally } from './metrics.js';
import {
  type InputTransform,
  layerSizes,
  type ModelSpec,
  modelFromJSON,
  modelOutput,
  modelToJSON,
  parseModel,
} from './model-file.js';
import { Network } from './network.js';
import { type RunCallbacks, Trainer, type TrainerOptions, type TrainResult } from './trainer.js';

/** Examples per forward pass in predict and evaluate: memory stays flat, the backend's calls few. */
export const EXAMPLES_PER_PASS = 1024;

/** A model's outputs for some examples, as `predict` writes them. */
export interface Prediction {
  /** how Z_L was read */
  readonly output: OutputKind;
  /** examples predicted */
  readonly count: number;
  /** numbers per example in `values`: d_L for `values`, the class count K for a classifier */
  readonly width: number;
  /** count × width, row-major: Z_L for `values`, the probabilities p0…p{K−1} for a classifier */
  readonly values: Float64Array;
  /** the predicted class index of each example (a classifier's; empty for `values`) */
  readonly classes: Uint32Array;
}

/** A model's scores on a dataset: `eval`'s JSON object. */
export interface ModelScores extends Partial<ClassScores>, Partial<ValueScores> {
  readonly loss: number;
  readonly examples: number;
  /** the model's class names, when it has them */
  readonly classes?: readonly string[];
}

/** How a Model trains: the Trainer's options and the run's callbacks. */
export interface ModelTrainOptions extends TrainerOptions, RunCallbacks {}

/** The loss that reads Z_L as `output` does: the one `evaluate` scores with when none is given. */
export function lossReading(output: OutputKind): LossKind {
  switch (output) {
    case 'values':
      return 'mse';
    case 'softmax':
      return 'cross-entropy';
    case 'sigmoid':
      return 'binary-cross-entropy';
  }
}

/** Why a loss cannot read a model's Z_L (`stated`: how the model says it is read, if it says). */
function mismatch(
  stated: OutputKind | undefined,
  classes: readonly string[] | undefined,
  outputSize: number,
  loss: LossKind,
): string | undefined {
  const def = LOSSES[loss];
  const why = def.checkOutputSize(outputSize);
  if (why) return `cannot read this model's outputs: ${why}`;
  if (stated === undefined || stated === def.outputs) return undefined;
  if (classes && def.outputs === 'values') {
    return `the model has class names (${classes.length} classes); use a classification loss`;
  }
  return `the model's output is "${stated}", but ${loss} reads Z_L as ${def.outputs}`;
}

/**
 * Why `loss` cannot read `spec`'s outputs, or undefined: its output size must fit, and a model
 * that states how Z_L is read (its `output`, or `classes`) needs a loss that reads it so.
 */
export function lossMismatch(spec: ModelSpec, loss: LossKind): string | undefined {
  const stated = spec.output ?? (spec.classes ? modelOutput(spec) : undefined);
  return mismatch(stated, spec.classes, layerSizes(spec).at(-1) as number, loss);
}

/** A model file's network on a backend, with its input transform, class names and output; see the file header. */
export class Model {
  #network: Network;
  #output: OutputKind | undefined;
  readonly #labels: LabelRule;
  readonly #limit: number;

  private constructor(
    network: Network,
    spec: ModelSpec,
    /** names the model in messages (usually its file) */
    readonly source: string,
  ) {
    this.#network = network;
    this.inputTransform = spec.inputTransform;
    this.classes = spec.classes;
    this.#output = spec.output ?? (spec.classes ? modelOutput(spec) : undefined);
    this.#labels = new LabelRule(spec.classes);
    this.#limit = network.backend.dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  }

  /** Scales the inputs before the first layer, when the model has one. */
  readonly inputTransform: InputTransform | undefined;
  /** The class names in index order, when the model has them. */
  readonly classes: readonly string[] | undefined;

  /**
   * A model from a model file's JSON (the parsed value, or its text), checked field by field with
   * messages starting with `source`, and put on `backend`.
   */
  static load(backend: Backend, json: unknown, source = 'model'): Model {
    const spec = typeof json === 'string' ? parseModel(json, source) : modelFromJSON(json, source);
    return Model.fromSpec(backend, spec, source);
  }

  /** A model from a spec (checked as a model file is), put on `backend`. */
  static fromSpec(backend: Backend, spec: ModelSpec, source = 'model'): Model {
    const checked = modelFromJSON(modelToJSON(spec), source);
    let network: Network;
    try {
      network = Network.fromModel(backend, checked);
    } catch (error) {
      // a number the file holds but the backend cannot (beyond float32): name the file and field
      if (error instanceof InputError) throw new ModelFileError(`${source}: ${error.message}`);
      throw error;
    }
    return new Model(network, checked, source);
  }

  /** The network on its backend (trained in place by `trainer`). */
  get network(): Network {
    return this.#network;
  }

  /** The backend the model lives on. */
  get backend(): Backend {
    return this.#network.backend;
  }

  /** d_0 */
  get inputSize(): number {
    return this.#network.inputSize;
  }

  /** d_L */
  get outputSize(): number {
    return this.#network.outputSize;
  }

  /** How Z_L is read: the file's `output`, else a classifier when it has classes, else values. */
  get output(): OutputKind {
    return this.#output ?? 'values';
  }

  /** Whether the model predicts classes (its output is softmax or sigmoid). */
  get isClassifier(): boolean {
    return this.output !== 'values';
  }

  /** The number of classes K (d_L for softmax, 2 for one sigmoid output); 0 for a model of values. */
  get classCount(): number {
    const counts: Record<OutputKind, number> = { values: 0, softmax: this.outputSize, sigmoid: 2 };
    return counts[this.output];
  }

  /** The name of each class: the model's `classes`, or the indices `0`, `1`, … without them. */
  get classNames(): readonly string[] {
    return this.classes ?? Array.from({ length: this.classCount }, (_, k) => String(k));
  }

  /** The column names of a prediction: `class,p0…p{K−1}` for a classifier, `y0…y{d_L−1}` otherwise. */
  get predictionColumns(): string[] {
    if (!this.isClassifier) return Array.from({ length: this.outputSize }, (_, j) => `y${j}`);
    return ['class', ...Array.from({ length: this.classCount }, (_, k) => `p${k}`)];
  }

  /** Why `loss` cannot read this model's outputs, or undefined (see the function lossMismatch). */
  lossMismatch(loss: LossKind): string | undefined {
    return mismatch(this.#output, this.classes, this.outputSize, loss);
  }

  /** The loss `evaluate` scores with: `given` (checked by lossMismatch), else the one that reads Z_L as `output` does. */
  scoringLoss(given?: LossKind): LossKind {
    if (given === undefined) return lossReading(this.output);
    this.#checkLoss(given);
    return given;
  }

  #checkLoss(loss: LossKind): void {
    const why = this.lossMismatch(loss);
    if (why) throw new InputError(`loss ${loss}: ${why}`);
  }

  /**
   * The class index of a label as a data file holds it, by the rule of docs/contract.md: the text
   * without the spaces around it; a number is an index unless the model's class names look like
   * numbers, in which case every label is a name.
   */
  classIndex(label: string | number): number {
    const K = this.classCount;
    if (K === 0) throw new InputError(`${this.source}: the model predicts values, not classes`);
    const meaning = this.#labels.read(String(label));
    if (meaning.kind === 'index') {
      const { index } = meaning;
      if (Number.isInteger(index) && index >= 0 && index < K) return index;
      throw new InputError(`label ${index} is out of range; expected a class index 0…${K - 1}`);
    }
    if (meaning.index !== undefined) return meaning.index;
    const known = this.classes ? `its classes are ${this.classes.join(', ')}` : `it has no class names`;
    throw new InputError(`"${meaning.name}" is not a class of the model; ${known}`);
  }

  /**
   * The model's outputs for `rows` (one list of d_0 inputs per example, or count × d_0 numbers
   * row-major), after its input transform: values, or a class and its probabilities. Throws an
   * ExampleError naming the first example that has a non-finite input or overflows the backend.
   */
  async predict(rows: readonly (readonly number[])[] | FloatArray): Promise<Prediction> {
    const inputs = this.#rowMajor(rows);
    const count = inputs.length / this.inputSize;
    const Z = await this.#outputs(inputs, count, 0);
    return this.#read(Z, count);
  }

  /**
   * The loss and `eval`'s metrics on every example of `data` (inputs as the data file holds them;
   * targets as `loss` reads them: class indices, 0/1, or values): accuracy, macro-F1 and the
   * confusion matrix for classes, MAE, RMSE and R² for values. `loss` defaults to scoringLoss().
   */
  async evaluate(data: Dataset, loss?: LossSpec, source = 'data'): Promise<ModelScores> {
    const spec = loss ?? makeLoss(this.scoringLoss());
    this.#checkLoss(spec.kind);
    checkDataset(this.#network, data, spec, source);
    const def = lossDefinition(spec);
    const targetKind = LOSSES[spec.kind].targets;
    const d = this.outputSize;
    const { inputSize, targetSize } = data;
    const classes = targetKind === 'values' ? undefined : new ClassTally(Math.max(d, 2));
    const values = targetKind === 'values' ? new ValueTally(d) : undefined;
    let total = 0;
    for (let first = 0; first < data.count; first += EXAMPLES_PER_PASS) {
      const N = Math.min(EXAMPLES_PER_PASS, data.count - first);
      const rows = Float64Array.from(data.inputs.subarray(first * inputSize, (first + N) * inputSize));
      const Z = await this.#outputs(this.#checkedInputs(rows, first, source), N, first, source);
      const T = new Float64Array(targetSize * N);
      for (let n = 0; n < N; n++) {
        for (let r = 0; r < targetSize; r++) T[r * N + n] = data.targets[(first + n) * targetSize + r];
      }
      const batchLoss = def.evaluate(spec, Z, T, new Float64Array(d * N), d, N);
      total += def.sumsOverExamples(spec) ? batchLoss : batchLoss * N;
      for (let n = 0; n < N; n++) {
        classes?.add(T[n], predictedClass(Z, d, N, n));
        if (values) {
          for (let j = 0; j < d; j++) values.add(j, Z[j * N + n], T[j * N + n]);
          values.next();
        }
      }
    }
    const examples = data.count;
    const value = def.sumsOverExamples(spec) ? total : total / examples;
    if (!Number.isFinite(value)) {
      throw new InputError(`${source}: the loss is ${value}; scale the inputs or the weights down`);
    }
    return {
      loss: value,
      examples,
      ...classes?.scores(),
      ...values?.scores(),
      ...(this.classes && { classes: this.classes }),
    };
  }

  /**
   * A Trainer for this model's network on `data` (inputs as the data file holds them: the model's
   * input transform is applied to a copy, and to `options.validation`). The loss must read Z_L
   * as the model does (lossMismatch); the model's `output` becomes the loss's. The caller owns
   * the Trainer; the weights it trains are this model's.
   */
  trainer(data: Dataset, options: TrainerOptions): Trainer {
    this.#checkLoss(options.loss.kind);
    const validation = options.validation && transformDataset(this.inputTransform, options.validation);
    const trainer = new Trainer(this.#network, transformDataset(this.inputTransform, data), {
      ...options,
      ...(validation && { validation }),
    });
    this.#output = LOSSES[options.loss.kind].outputs;
    return trainer;
  }

  /** Trains the model in place to the end of the run (the best epoch's weights under early stopping). */
  async train(data: Dataset, options: ModelTrainOptions): Promise<TrainResult> {
    using trainer = this.trainer(data, options);
    const result = await trainer.run(options);
    if (options.earlyStopPatience !== undefined && trainer.best) {
      const best = await trainer.result();
      const network = Network.fromModel(this.backend, best);
      this.#network.dispose();
      this.#network = network;
    }
    return result;
  }

  /** The model as plain numbers; needs a backend with synchronous reads (else use readSpec). */
  toSpec(): ModelSpec {
    return this.#withMetadata(this.#network.toModel());
  }

  /** The model as plain numbers, on any backend. */
  async readSpec(): Promise<ModelSpec> {
    return this.#withMetadata(await this.#network.readModel());
  }

  /** The model file as plain JSON (`JSON.stringify(model)` gives a model file); synchronous reads only. */
  toJSON(): Record<string, unknown> {
    return modelToJSON(this.toSpec());
  }

  /** Frees the network; the model cannot be used afterwards. */
  dispose(): void {
    this.#network.dispose();
  }

  /** Same as dispose() (for `using`). */
  [Symbol.dispose](): void {
    this.#network[Symbol.dispose]();
  }

  #withMetadata(network: ModelSpec): ModelSpec {
    return {
      ...network,
      ...(this.classes && { classes: this.classes }),
      ...(this.inputTransform && { inputTransform: this.inputTransform }),
      ...(this.#output && { output: this.#output }),
    };
  }

  /** `rows` as a fresh row-major Float64Array, its inputs checked and transformed. */
  #rowMajor(rows: readonly (readonly number[])[] | FloatArray): Float64Array {
    const d0 = this.inputSize;
    if (!Array.isArray(rows)) {
      const flat = rows as FloatArray;
      if (flat.length % d0 !== 0) {
        throw new InputError(`${flat.length} input numbers is not a whole number of ${d0}-input examples`);
      }
      return this.#checkedInputs(Float64Array.from(flat), 0, 'data');
    }
    const list = rows as readonly (readonly number[])[];
    const inputs = new Float64Array(list.length * d0);
    list.forEach((row, n) => {
      if (row?.length !== d0) {
        throw new ExampleError(n, `${row?.length ?? 0} inputs, but the model takes d_0 = ${d0}`);
      }
      inputs.set(row, n * d0);
    });
    return this.#checkedInputs(inputs, 0, 'data');
  }

  /** Checks each input is finite, applies the input transform in place, and checks the result fits the backend. */
  #checkedInputs(inputs: Float64Array, first: number, source: string): Float64Array {
    const d0 = this.inputSize;
    for (let k = 0; k < inputs.length; k++) {
      if (!Number.isFinite(inputs[k])) {
        const i = k % d0;
        throw new ExampleError(
          first + (k - i) / d0,
          `input ${i} is ${inputs[k]}; inputs must be finite`,
          source,
        );
      }
    }
    applyTransform(this.inputTransform, inputs, d0);
    for (let k = 0; k < inputs.length; k++) {
      if (!(Math.abs(inputs[k]) <= this.#limit)) {
        const i = k % d0;
        const after = this.inputTransform ? " after the model's inputTransform" : '';
        throw new ExampleError(
          first + (k - i) / d0,
          `input ${i} is ${inputs[k]}${after}, outside the ${this.backend.dtype} range of the ${this.backend.name} backend`,
          source,
        );
      }
    }
    return inputs;
  }

  /**
   * Z_L (d_L × N) for N checked, transformed examples (row-major), refusing the first example
   * whose S_l of any layer, or whose output, is not a finite number of the backend's dtype.
   */
  async #outputs(inputs: Float64Array, N: number, first: number, source = 'data'): Promise<FloatArray> {
    const network = this.#network;
    const { backend, layers } = network;
    const d0 = this.inputSize;
    const columns = new Float64Array(d0 * N);
    for (let n = 0; n < N; n++) for (let i = 0; i < d0; i++) columns[i * N + n] = inputs[n * d0 + i];
    const X = backend.upload(columns, d0, N);
    try {
      using cache = forward(network, X, 'preactivations');
      const L = cache.depth;
      let bad: { n: number; what: string } | undefined;
      const scan = (values: FloatArray, what: string) => {
        for (let k = 0; k < values.length; k++) {
          if (!Number.isFinite(values[k]) && (bad === undefined || k % N < bad.n)) bad = { n: k % N, what };
        }
      };
      for (let l = 1; l <= L; l++) scan(await backend.read(cache.S[l]), `layer ${l} (S_${l})`);
      const Zm = backend.activate(cache.S[L], layers[L - 1].f);
      let Z: FloatArray;
      try {
        Z = await backend.read(Zm);
      } finally {
        backend.dispose(Zm);
      }
      scan(Z, `the output Z_${L}`);
      if (bad) {
        throw new ExampleError(
          first + bad.n,
          `${bad.what} overflows ${backend.dtype}: scale the inputs or the weights down`,
          source,
        );
      }
      return Z;
    } finally {
      backend.dispose(X);
    }
  }

  /** A Prediction from Z_L (d_L × N). */
  #read(Z: FloatArray, N: number): Prediction {
    const d = this.outputSize;
    const output = this.output;
    switch (output) {
      case 'values': {
        const values = new Float64Array(N * d);
        for (let n = 0; n < N; n++) for (let j = 0; j < d; j++) values[n * d + j] = Z[j * N + n];
        return { output, count: N, width: d, values, classes: new Uint32Array(0) };
      }
      case 'softmax': {
        const values = new Float64Array(N * d);
        const classes = new Uint32Array(N);
        const p = new Float64Array(d);
        for (let n = 0; n < N; n++) {
          softmaxColumn(Z, d, N, n, p);
          values.set(p, n * d);
          classes[n] = predictedClass(Z, d, N, n);
        }
        return { output, count: N, width: d, values, classes };
      }
      case 'sigmoid': {
        const values = new Float64Array(N * 2);
        const classes = new Uint32Array(N);
        for (let n = 0; n < N; n++) {
          const p1 = stableSigmoid(Z[n]);
          values[2 * n] = 1 - p1;
          values[2 * n + 1] = p1;
          classes[n] = predictedClass(Z, 1, N, n);
        }
        return { output, count: N, width: 2, values, classes };
      }
    }
  }
}
