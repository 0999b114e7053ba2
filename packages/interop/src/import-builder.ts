// What both importers build: a chain of dense layers met one op at a time (a weight matrix, a
// bias, an activation), the standardisation before it, how Z_L is read and the class names. The
// finished model goes through core's model-file check, so an import yields exactly what a model
// file may hold or fails with one line.

import {
  type Activation,
  type ActivationKind,
  activationToJSON,
  MODEL_FORMAT,
  type ModelSpec,
  makeActivation,
  modelFromJSON,
  type OutputKind,
} from '@deltaml/core';

interface PendingLayer {
  weights: number[][];
  bias?: number[];
  activation?: Activation;
}

/** A chain of layers under construction; `fail` throws the importer's one-line error. */
export class ChainBuilder {
  private readonly layers: PendingLayer[] = [];
  private mean?: number[];
  private std?: number[];
  /** how Z_L is read, once a softmax or sigmoid head is seen */
  output?: OutputKind;
  /** class names in index order, when the source has them */
  classes?: string[];

  constructor(private readonly fail: (msg: string) => never) {}

  /** Whether a layer has been added yet (standardisation must come before the first). */
  get started(): boolean {
    return this.layers.length > 0;
  }

  /** The width of the values flowing now: d_l of the last layer, or undefined before the first. */
  get width(): number | undefined {
    return this.layers.at(-1)?.weights.length;
  }

  /** The kind of the last layer's activation, if it has one yet. */
  get lastActivation(): ActivationKind | undefined {
    return this.layers.at(-1)?.activation?.kind;
  }

  /** (x − mean) before the first layer; `what` names the node or layer for messages. */
  subtractMean(mean: number[], what: string): void {
    if (this.started || this.mean || this.std)
      this.fail(`${what}: a shift of the inputs is read only before the first layer`);
    this.mean = mean;
  }

  /** ÷ std before the first layer. */
  divideByStd(std: number[], what: string): void {
    if (this.started || this.std)
      this.fail(`${what}: a scaling of the inputs is read only before the first layer`);
    this.std = std;
  }

  /** A new layer with W_l as d_l rows of d_{l-1} and no activation yet. */
  dense(weights: number[][], what: string): void {
    const width = this.width;
    if (this.output) this.fail(`${what}: a layer after the ${this.output} output cannot be represented`);
    if (width !== undefined && weights[0]?.length !== width)
      this.fail(`${what}: takes ${weights[0]?.length} inputs but the layer before gives ${width}`);
    this.layers.push({ weights });
  }

  /** Adds b to the last layer's S (before its activation). */
  addBias(bias: number[], what: string): void {
    const layer = this.layers.at(-1);
    if (!layer || layer.activation) this.fail(`${what}: a bias is read only right after a weight matrix`);
    if (bias.length !== layer.weights.length)
      this.fail(`${what}: the bias has ${bias.length} numbers for a layer of ${layer.weights.length}`);
    layer.bias = layer.bias ? layer.bias.map((b, i) => b + bias[i]) : bias;
  }

  /** f_l of the last layer. */
  activate(kind: ActivationKind, what: string, alpha?: number): void {
    const layer = this.layers.at(-1);
    if (!layer) this.fail(`${what}: an activation before any layer cannot be represented`);
    if (layer.activation || this.output)
      this.fail(`${what}: a second activation on one layer cannot be represented`);
    layer.activation = makeActivation(kind, alpha);
  }

  /** Z_L is read as softmax or sigmoid from here on. */
  readAs(output: 'softmax' | 'sigmoid', what: string): void {
    if (!this.started) this.fail(`${what}: a ${output} before any layer cannot be represented`);
    if (this.output) this.fail(`${what}: a second output function cannot be represented`);
    this.output = output;
  }

  /** The model, checked as a model file; a sigmoid as the last layer's f on one output becomes the sigmoid output. */
  finish(source: string): ModelSpec {
    if (!this.started) this.fail('no dense layer found; deltaml imports multilayer perceptrons');
    const last = this.layers[this.layers.length - 1];
    if (!this.output && last.activation?.kind === 'sigmoid' && last.weights.length === 1) {
      last.activation = undefined;
      this.output = 'sigmoid';
    }
    // softmax([0, z]) = [1 − σ(z), σ(z)]: the two-column form of a sigmoid (this package's tfjs export)
    if (
      this.output === 'softmax' &&
      !last.activation &&
      last.weights.length === 2 &&
      last.weights[0].every((w) => w === 0) &&
      !last.bias?.[0]
    ) {
      last.weights.shift();
      last.bias?.shift();
      this.output = 'sigmoid';
    }
    const inputSize = this.layers[0].weights[0].length;
    const file: Record<string, unknown> = {
      format: MODEL_FORMAT,
      inputSize,
      layers: this.layers.map((layer) => ({
        ...activationToJSON(layer.activation ?? makeActivation('identity')),
        weights: layer.weights,
        ...(layer.bias && { bias: layer.bias }),
      })),
      output: this.output ?? 'values',
    };
    if (this.mean || this.std) {
      const broadcast = (v: number[] | undefined, fill: number) =>
        v === undefined
          ? new Array(inputSize).fill(fill)
          : v.length === 1
            ? new Array(inputSize).fill(v[0])
            : v;
      file.inputTransform = {
        kind: 'standardize',
        mean: broadcast(this.mean, 0),
        std: broadcast(this.std, 1),
      };
    }
    if (this.classes) file.classes = this.classes;
    return modelFromJSON(file, source);
  }
}
