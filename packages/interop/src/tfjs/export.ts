// A deltaml model as a TensorFlow.js layers model (CONTRACT.md's `export --format tfjs`): a Keras
// Sequential of Dense layers whose `predict` on raw inputs gives predict's y… or p… columns.
// - The input transform is folded into the first Dense: W (x − μ)/σ + b = (W/σ) x + (b − W μ/σ).
// - f_l is the Dense activation (identity → linear), or for leaky ReLU a LeakyReLU layer after a
//   linear Dense. GELU is refused: tfjs has its tanh form as `gelu_new`, but tfjs-layers 4.22
//   camel-cases that name while reading model.json and then cannot find it (`geluNew`), and its
//   `gelu` is the erf form, which differs from deltaml's by up to 5e-4.
// - The output reads Z_L: softmax on the last Dense (or an Activation layer after a non-linear
//   one); a sigmoid model's one logit z becomes the two columns [1 − σ(z), σ(z)] = softmax([0, z])
//   by a zero row on top of the last layer (or a 1→2 Dense after a non-linear one).

import { ACTIVATIONS, type Activation, type LayerSpec, type ModelSpec } from '@deltaml/core';
import { InteropError } from '../errors.js';
import { outputKindOf } from '../spec-output.js';
import {
  type KerasLayer,
  type LayersModelJSON,
  WEIGHTS_FILE,
  type WeightEntry,
  writeFloat32,
} from './format.js';

/** What a layers model is: model.json's text and the weight files it names, by file name. */
export interface TfjsModel {
  readonly modelJSON: string;
  readonly weights: ReadonlyMap<string, Uint8Array>;
}

/**
 * tfjs's activation name for f of layer l (core's table), or undefined when f needs its own layer
 * (leaky ReLU).
 */
function tfjsActivation(f: Activation, l: number): string | undefined {
  if (f.kind === 'gelu') {
    throw new InteropError(
      `layers[${l}] is gelu: TensorFlow.js 4.22 cannot load its tanh-form GELU (gelu_new) from a model.json, and its gelu is the erf form; export this model to ONNX instead`,
    );
  }
  return ACTIVATIONS[f.kind].kerasName;
}

/** The layer of its own after a linear Dense for an activation tfjs has no name for (leaky ReLU). */
function activationLayer(f: Activation, l: number): [className: string, config: Record<string, unknown>] {
  if (f.kind === 'leaky_relu') return ['LeakyReLU', { alpha: f.alpha }];
  throw new InteropError(
    `layers[${l}] is ${f.kind}, which TensorFlow.js has neither as a name nor as a layer`,
  );
}

/** The first layer with the input transform folded in (see the header). */
function foldTransform(spec: ModelSpec): LayerSpec[] {
  const t = spec.inputTransform;
  if (!t) return [...spec.layers];
  const [first, ...rest] = spec.layers;
  const weights = first.weights.map((row) => row.map((w, j) => w / t.std[j]));
  const bias = weights.map((row, i) => row.reduce((b, w, j) => b - w * t.mean[j], first.bias?.[i] ?? 0));
  return [{ activation: first.activation, weights, bias }, ...rest];
}

/** Builds the Sequential's layers and the weights in manifest order. */
class SequentialBuilder {
  readonly layers: KerasLayer[] = [];
  readonly entries: WeightEntry[] = [];
  readonly values: number[] = [];

  dense(W: readonly (readonly number[])[], b: readonly number[] | undefined, activation: string): void {
    const name = `dense_${this.layers.length + 1}`;
    const config: Record<string, unknown> = {
      name,
      units: W.length,
      activation,
      use_bias: b !== undefined,
      dtype: 'float32',
      trainable: true,
    };
    if (this.layers.length === 0) config.batch_input_shape = [null, W[0].length];
    this.layers.push({ class_name: 'Dense', config });
    // Keras's kernel is [d_{l-1}, d_l], W_l transposed
    this.entries.push({ name: `${name}/kernel`, shape: [W[0].length, W.length], dtype: 'float32' });
    for (let j = 0; j < W[0].length; j++) for (const row of W) this.values.push(row[j]);
    if (b) {
      this.entries.push({ name: `${name}/bias`, shape: [b.length], dtype: 'float32' });
      this.values.push(...b);
    }
  }

  layer(class_name: string, config: Record<string, unknown>): void {
    const name = `${class_name.toLowerCase()}_${this.layers.length + 1}`;
    this.layers.push({ class_name, config: { name, dtype: 'float32', trainable: true, ...config } });
  }
}

/** The layers model for `spec` (see the header). */
export function toTfjs(spec: ModelSpec, generatedBy = 'deltaml 0.1.0'): TfjsModel {
  const model = new SequentialBuilder();
  const layers = foldTransform(spec);
  const kind = outputKindOf(spec);
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    const f = layer.activation;
    const readsZ = last && kind !== 'values' && f.kind === 'identity';
    if (readsZ && kind === 'sigmoid') {
      const zero = new Array<number>(layer.weights[0].length).fill(0);
      model.dense([zero, ...layer.weights], [0, layer.bias?.[0] ?? 0], 'softmax');
      return;
    }
    model.dense(layer.weights, layer.bias, readsZ ? 'softmax' : (tfjsActivation(f, l) ?? 'linear'));
    if (ACTIVATIONS[f.kind].kerasName === undefined) model.layer(...activationLayer(f, l));
    if (!last || readsZ) return;
    if (kind === 'softmax') model.layer('Activation', { activation: 'softmax' });
    if (kind === 'sigmoid') model.dense([[0], [1]], [0, 0], 'softmax');
  });
  const json: LayersModelJSON = {
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'sequential', layers: model.layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: model.entries }],
    ...(spec.classes && { userDefinedMetadata: { classes: [...spec.classes] } }),
  };
  return {
    modelJSON: `${JSON.stringify(json, null, 1)}\n`,
    weights: new Map([[WEIGHTS_FILE, writeFloat32(model.values)]]),
  };
}
