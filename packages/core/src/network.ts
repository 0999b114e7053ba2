// A multilayer perceptron living on one backend: W_l, b_l and f_l for l = 1..L, with the
// conversions to and from the model file's plain numbers.

import { type Activation, activationParameter } from './activations.js';
import type { Backend, Matrix } from './backend.js';
import { FLOAT32_MAX } from './checked-backend.js';
import { DisposedError, InputError, ShapeError } from './errors.js';
import { readRowsAsync, toRows, uploadChecked, uploadRows } from './matrices.js';
import type { ModelSpec } from './model-file.js';
import { Workspace } from './workspace.js';

/** Layer l: S_l = W_l Z_{l-1} + b_l, Z_l = f_l(S_l). `b` is null for a layer without bias. */
export interface Layer {
  readonly W: Matrix;
  readonly b: Matrix | null;
  readonly f: Activation;
}

/** Throws unless f's parameter (leaky ReLU's alpha) fits the backend's dtype, as every weight must. */
function checkParameterFits(backend: Backend, f: Activation, what: string): void {
  const alpha = activationParameter(f);
  if (backend.dtype === 'float32' && Math.abs(alpha) > FLOAT32_MAX) {
    throw new InputError(`${what} is ${alpha}, outside the float32 range (±3.4e38)`);
  }
}

/** A multilayer perceptron on one backend: W_l, b_l and f_l for l = 1..L. Create it with Network.fromModel. */
export class Network {
  #layers: Layer[] | null;
  #workspace: Workspace | null = null;

  private constructor(
    readonly backend: Backend,
    readonly inputSize: number,
    layers: Layer[],
  ) {
    this.#layers = layers;
  }

  /** Uploads a model's weights to `backend`. The spec is validated by `modelFromJSON`/`initModel`. */
  static fromModel(backend: Backend, spec: ModelSpec): Network {
    const layers: Layer[] = [];
    const uploaded: Matrix[] = [];
    const keep = (m: Matrix) => {
      uploaded.push(m);
      return m;
    };
    try {
      let width = spec.inputSize;
      spec.layers.forEach((layer, l) => {
        const columns = layer.weights[0]?.length ?? 0;
        if (columns !== width) {
          throw new ShapeError(`layers[${l}].weights has ${columns} columns, expected d_${l} = ${width}`);
        }
        checkParameterFits(backend, layer.activation, `layers[${l}].alpha`);
        const W = keep(uploadRows(backend, layer.weights, `layers[${l}].weights`));
        const b = layer.bias
          ? keep(uploadChecked(backend, layer.bias, W.rows, 1, `layers[${l}].bias`))
          : null;
        layers.push({ W, b, f: layer.activation });
        width = W.rows;
      });
    } catch (error) {
      for (const m of uploaded) backend.dispose(m); // nothing uploaded is left behind
      throw error;
    }
    return new Network(backend, spec.inputSize, layers);
  }

  /** W_1 … W_L (index 0 holds layer 1). Throws DisposedError after dispose(). */
  get layers(): readonly Layer[] {
    if (!this.#layers) throw new DisposedError('this network');
    return this.#layers;
  }

  /** L, the number of layers with weights */
  get depth(): number {
    return this.layers.length;
  }

  /** d_0, d_1, …, d_L */
  get sizes(): number[] {
    return [this.inputSize, ...this.layers.map((layer) => layer.W.rows)];
  }

  /** @internal the training step's matrices, reused from step to step (workspace.ts); made on first use */
  get workspace(): Workspace {
    this.#workspace ??= new Workspace(this);
    return this.#workspace;
  }

  /** d_L */
  get outputSize(): number {
    return this.layers[this.layers.length - 1].W.rows;
  }

  /** Reads the current weights back as a model spec (for saving or showing); needs a backend with synchronous reads. */
  toModel(): ModelSpec {
    const backend = this.backend;
    if (backend.reads !== 'sync') {
      throw new InputError(`the ${backend.name} backend reads asynchronously; use await network.readModel()`);
    }
    const layers = this.layers.map(({ W, b, f }) => {
      const weights = toRows(backend.read(W), W.rows, W.cols);
      return b ? { activation: f, weights, bias: Array.from(backend.read(b)) } : { activation: f, weights };
    });
    return { inputSize: this.inputSize, layers };
  }

  /** toModel on any backend, awaiting asynchronous reads. */
  async readModel(): Promise<ModelSpec> {
    const layers = [];
    for (const { W, b, f } of this.layers) {
      const weights = await readRowsAsync(this.backend, W);
      layers.push(
        b
          ? { activation: f, weights, bias: Array.from(await this.backend.read(b)) }
          : { activation: f, weights },
      );
    }
    return { inputSize: this.inputSize, layers };
  }

  /** Frees every weight matrix; the network cannot be used afterwards. */
  dispose(): void {
    this.#workspace?.dispose();
    this.#workspace = null;
    for (const { W, b } of this.layers) {
      this.backend.dispose(W);
      if (b) this.backend.dispose(b);
    }
    this.#layers = null;
  }

  /** Same as dispose() (for `using`). */
  [Symbol.dispose](): void {
    if (this.#layers) this.dispose();
  }
}
