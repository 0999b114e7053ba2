// The Train panel's network as a deltaml model file (docs/contract.md) and a model file back into
// the panel. Out: the worker's network with the `output` its loss reads Z_L as, and the input
// transform of a loaded model (a seeded network has none; the toy classes have no names, so no
// file has classes). In: a model file (core's reader) or an ONNX graph (@deltaml/interop's
// reader), whose messages name the file, then fitted to the form — its hidden sizes and
// activation, a loss that reads Z_L as the file says — refusing in one line naming the file what
// the form cannot hold.

import {
  type Activation,
  activationToJSON,
  DEFAULT_LEAKY_ALPHA,
  InputError,
  LOSSES,
  layerSizes,
  lossReading,
  type ModelSpec,
  modelOutput,
  parseModel,
} from '@deltaml/core';
import { fromOnnx } from '@deltaml/interop';
import { outputSizeFor } from './train-data.js';
import { LIMITS, type TrainSetup } from './train-setup.js';

/** The model file of the panel's network: `network` as the worker holds it (with its input transform), read as the setup's loss reads Z_L. */
export function modelFileOf(setup: TrainSetup, network: ModelSpec): ModelSpec {
  const { inputSize, layers, inputTransform } = network;
  return { inputSize, layers, ...(inputTransform && { inputTransform }), output: LOSSES[setup.loss].outputs };
}

/** A chosen file as a model: ONNX when its name ends in `.onnx`, else a deltaml model file; throws naming the file. */
export function readModelFile(name: string, bytes: Uint8Array): ModelSpec {
  if (/\.onnx$/i.test(name)) return fromOnnx(bytes, name);
  return parseModel(new TextDecoder().decode(bytes), name);
}

/** A loaded model as the panel takes it: the setup the form shows, and the network the worker trains on. */
export interface LoadedModel {
  readonly setup: TrainSetup;
  readonly model: ModelSpec;
}

/** An activation as the model file writes it: `tanh`, `leaky_relu (alpha 0.2)`. */
function describe(f: Activation): string {
  const { activation, alpha } = activationToJSON(f);
  return alpha === undefined ? activation : `${activation} (alpha ${alpha})`;
}

/**
 * `spec` (read from `source`) as the Train panel's network for `setup`, whose dataset has
 * `classes` classes: the hidden sizes and the one hidden activation go to the form, the loss stays
 * when it reads Z_L as the model does (else the one that does, with its default parameters), a
 * layer without a bias gets b = 0 (the playground trains every bias), and the input transform goes
 * with the network (the worker applies it); class names are not kept (the toy classes have none).
 * What the form cannot hold is refused with an InputError naming `source`.
 */
export function fitModel(setup: TrainSetup, spec: ModelSpec, classes: number, source: string): LoadedModel {
  const refuse = (why: string): never => {
    throw new InputError(`${source}: ${why}`);
  };
  const sizes = layerSizes(spec);
  const hidden = sizes.slice(1, -1);
  const inputs = setup.features.length;
  if (spec.inputSize !== inputs)
    refuse(
      `it takes ${spec.inputSize} inputs, but ${inputs} features are chosen (${setup.features.join(', ')}); choose ${spec.inputSize} features first`,
    );
  if (hidden.length > LIMITS.layers)
    refuse(`it has ${hidden.length} hidden layers; the playground trains at most ${LIMITS.layers}`);
  const wide = hidden.findIndex((d) => d > LIMITS.width);
  if (wide >= 0)
    refuse(
      `hidden layer ${wide + 1} has ${hidden[wide]} neurons; the playground trains at most ${LIMITS.width} per layer`,
    );
  const last = spec.layers[spec.layers.length - 1].activation;
  if (last.kind !== 'identity')
    refuse(
      `its last layer's activation is ${describe(last)}; the playground's output layer is identity (the loss reads Z_L)`,
    );
  const fs = spec.layers.slice(0, -1).map((layer) => layer.activation);
  const f = fs[0];
  const other = fs.findIndex((g) => describe(g) !== describe(f));
  if (other >= 0)
    refuse(
      `layer ${other + 1} is ${describe(fs[other])} but layer 1 is ${describe(f)}; the playground trains one activation in every hidden layer`,
    );
  if (f?.kind === 'leaky_relu' && f.alpha !== DEFAULT_LEAKY_ALPHA)
    refuse(
      `its hidden layers are ${describe(f)}; the playground trains leaky_relu with alpha ${DEFAULT_LEAKY_ALPHA} only`,
    );
  const output = modelOutput(spec);
  const loss = LOSSES[setup.loss].outputs === output ? setup.loss : lossReading(output);
  const outputs = sizes[sizes.length - 1];
  const needed = outputSizeFor(loss, classes);
  if (outputs !== needed)
    refuse(
      `it has ${outputs} output${outputs === 1 ? '' : 's'} (${output}), but ${loss} on the ${setup.dataset} dataset's ${classes} classes needs ${needed}; pick a dataset it was made for`,
    );
  return {
    setup: {
      ...setup,
      hidden,
      ...(f && { activation: f.kind }),
      ...(loss !== setup.loss && { loss, lossParameters: {} }),
    },
    model: {
      inputSize: spec.inputSize,
      layers: spec.layers.map((layer) => ({
        activation: layer.activation,
        weights: layer.weights,
        bias: layer.bias ?? new Array<number>(layer.weights.length).fill(0),
      })),
      ...(spec.inputTransform && { inputTransform: spec.inputTransform }),
      output,
    },
  };
}
