// Moving models between deltaml and TensorFlow.js: a deltaml model becomes a tf.sequential of
// dense layers (tfjs computes x·kernel + bias with examples as rows, so kernel = W_lᵀ), and such
// a LayersModel comes back as a deltaml ModelSpec. From there tfjs's own save handlers
// (`model.save('file://…')` with tfjs-node, `tf.io.withSaveHandler`, `localstorage://`, …) apply.

import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  type Activation,
  InputError,
  type LayerSpec,
  type ModelSpec,
  makeActivation,
  Network,
} from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A dense layer's activation identifier, as tfjs-layers types it (the type itself is not exported). */
type DenseActivation = NonNullable<Parameters<typeof tfl.layers.dense>[0]['activation']>;

/** The tfjs-layers names of deltaml's activations (core's table), for the error that lists them. */
const KERAS_NAMES = ACTIVATION_KINDS.flatMap((kind) => ACTIVATIONS[kind].kerasName ?? []);

/**
 * The layer of its own that follows a linear dense layer for an activation tfjs-layers has no
 * name for (core's table leaves its `kerasName` undefined): leaky ReLU's LeakyReLU.
 */
function activationLayer(f: Activation): tfl.layers.Layer {
  if (f.kind === 'leaky_relu') return tfl.layers.leakyReLU({ alpha: f.alpha });
  throw new InputError(`activation ${f.kind} has no TensorFlow.js layer`);
}

const transpose = (rows: readonly (readonly number[])[]): number[][] =>
  rows[0].map((_, j) => rows.map((row) => row[j]));

/**
 * A tfjs LayersModel computing the same function as `model`: one dense layer per deltaml layer
 * (a leaky ReLU adds a LeakyReLU layer after a linear dense one). It lives on tfjs's current
 * engine (createTfjsBackend or tf.setBackend chooses it); dispose it with `model.dispose()`.
 */
export function toLayersModel(model: ModelSpec | Network): tfl.Sequential {
  const spec = model instanceof Network ? model.toModel() : model;
  const sequential = tfl.sequential();
  spec.layers.forEach(({ activation: f, weights, bias }, l) => {
    const dense = tfl.layers.dense({
      units: weights.length,
      useBias: bias !== undefined,
      activation: (ACTIVATIONS[f.kind].kerasName ?? 'linear') as DenseActivation, // tfjs-layers checks the name when it builds the layer
      ...(l === 0 ? { inputShape: [spec.inputSize] } : {}),
    });
    sequential.add(dense);
    tf.tidy(() => dense.setWeights([tf.tensor2d(transpose(weights)), ...(bias ? [tf.tensor1d(bias)] : [])]));
    if (ACTIVATIONS[f.kind].kerasName === undefined) sequential.add(activationLayer(f));
  });
  return sequential;
}

function activationOf(name: unknown, where: string): Activation {
  const kind = ACTIVATION_KINDS.find((k) => ACTIVATIONS[k].kerasName === name);
  if (!kind) {
    throw new InputError(
      `${where} uses activation "${String(name)}"; deltaml has ${ACTIVATION_KINDS.join(', ')} (tfjs: ${KERAS_NAMES.join(', ')}, or a LeakyReLU layer)`,
    );
  }
  return makeActivation(kind);
}

/**
 * The deltaml model of a tfjs LayersModel made of dense layers (each optionally followed by a
 * LeakyReLU layer), W_l = kernelᵀ. Any other layer is an InputError naming it.
 */
export function fromLayersModel(model: tfl.LayersModel): ModelSpec {
  const layers: LayerSpec[] = [];
  let inputSize = 0;
  model.layers.forEach((layer, i) => {
    const where = `tfjs layer ${i} ("${layer.name}", ${layer.getClassName()})`;
    const config = layer.getConfig();
    const previous = layers[layers.length - 1];
    if (layer.getClassName() === 'InputLayer') return;
    if (layer.getClassName() === 'LeakyReLU' && previous?.activation.kind === 'identity') {
      layers[layers.length - 1] = {
        ...previous,
        activation: { kind: 'leaky_relu', alpha: config.alpha as number },
      };
      return;
    }
    if (layer.getClassName() !== 'Dense') {
      throw new InputError(`${where} is not a dense layer; deltaml models are stacks of dense layers`);
    }
    const [kernel, bias] = layer.getWeights().map((w) => w.arraySync());
    const weights = transpose(kernel as number[][]);
    if (layers.length === 0) inputSize = weights[0].length;
    const activation = activationOf(config.activation, where);
    layers.push(bias ? { activation, weights, bias: bias as number[] } : { activation, weights });
  });
  if (layers.length === 0) throw new InputError('the tfjs model has no dense layer');
  return { inputSize, layers };
}
