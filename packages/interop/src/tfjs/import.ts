// A TensorFlow.js layers model (model.json and the weight files its manifest names) as a deltaml
// model: a Sequential, or a functional model that is a plain chain, of InputLayer, Dense,
// Activation, LeakyReLU and Dropout (a no-op at inference). A final softmax or sigmoid sets the
// output; class names come from userDefinedMetadata.classes. Any other layer is refused by its
// class name.

import { ACTIVATION_KINDS, ACTIVATIONS, type ActivationKind, type ModelSpec } from '@deltaml/core';
import { InteropError } from '../errors.js';
import { ChainBuilder } from '../import-builder.js';
import { type KerasLayer, type LayersModelJSON, readFloat32, type WeightGroup } from './format.js';

/** What the reader takes, for the line that refuses a layer. */
const SUPPORTED = 'InputLayer, Dense, Activation, LeakyReLU and Dropout';

/**
 * tfjs/Keras activation names and what they are here (core's table), plus `gelu_new` as tfjs-layers
 * 4.22 camel-cases it in a model.json it writes; `softmax` is the output, `linear` nothing.
 */
const KERAS_ACTIVATIONS: Record<string, ActivationKind | 'softmax' | undefined> = {
  linear: undefined,
  ...Object.fromEntries(
    ACTIVATION_KINDS.flatMap((kind) => {
      const name = ACTIVATIONS[kind].kerasName;
      return name === undefined || kind === 'identity' ? [] : [[name, kind]];
    }),
  ),
  geluNew: 'gelu',
  softmax: 'softmax',
};

type Json = unknown;
const isRecord = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** model.json parsed and shape-checked just enough to walk; `fail` throws the one-line error. */
function parseJSON(text: string, fail: (msg: string) => never): LayersModelJSON {
  let json: Json;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(json) || !isRecord(json.modelTopology))
    fail('not a TensorFlow.js layers model (no modelTopology object)');
  const model = json as Record<string, Json>;
  if (model.format !== undefined && model.format !== 'layers-model')
    fail(
      `format is ${JSON.stringify(model.format)}; deltaml reads "layers-model" (a graph model has no layers to read)`,
    );
  const manifest = model.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.some((g) => !isRecord(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
  )
    fail('weightsManifest must be a list of {paths, weights} groups');
  for (const group of manifest as WeightGroup[]) {
    if (group.paths.some((p) => typeof p !== 'string'))
      fail('weightsManifest names a path that is not a string');
    for (const w of group.weights) {
      if (
        !isRecord(w) ||
        typeof w.name !== 'string' ||
        !Array.isArray(w.shape) ||
        w.shape.some((d) => !Number.isInteger(d) || d < 0 || d > 2 ** 26)
      )
        fail('weightsManifest has a weight without a name and a shape of whole numbers');
    }
  }
  return model as unknown as LayersModelJSON;
}

/**
 * The weight files a model.json names, in the order they are read: plain names or paths below
 * its directory (no `..`, no absolute path, no URL), so an import reads nothing else.
 */
export function tfjsWeightFiles(modelJSON: string, source = 'model.json'): string[] {
  const fail = (msg: string): never => {
    throw new InteropError(`${source}: ${msg}`);
  };
  const paths = parseJSON(modelJSON, fail).weightsManifest.flatMap((g) => g.paths);
  for (const path of paths) {
    if (
      path === '' ||
      path.startsWith('/') ||
      /^[a-z][a-z0-9+.-]*:/i.test(path) ||
      path.split(/[\\/]/).includes('..')
    )
      fail(`weightsManifest names "${path}"; deltaml reads weight files only from beside model.json`);
  }
  return paths;
}

/** Every weight by name (`dense_1/kernel`, any `:0` suffix dropped), from the manifest's files. */
function readWeights(
  model: LayersModelJSON,
  files: ReadonlyMap<string, Uint8Array>,
  fail: (msg: string) => never,
) {
  const weights = new Map<string, { shape: number[]; values: Float64Array }>();
  for (const group of model.weightsManifest) {
    const parts = group.paths.map((p) => files.get(p) ?? fail(`weight file "${p}" was not given`));
    const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    offset = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' || w.quantization !== undefined)
        fail(
          `weight "${w.name}" is ${w.quantization ? 'quantized' : w.dtype}; deltaml reads float32 weights`,
        );
      const count = w.shape.reduce((n, d) => n * d, 1);
      if (offset + 4 * count > bytes.length)
        fail(`weight "${w.name}" needs ${4 * count} bytes, but its files hold ${bytes.length - offset} more`);
      weights.set(w.name.replace(/:0$/, ''), { shape: w.shape, values: readFloat32(bytes, offset, count) });
      offset += 4 * count;
    }
    if (offset !== bytes.length)
      fail(
        `the weight files of [${group.paths.join(', ')}] hold ${bytes.length} bytes; the manifest reads ${offset}`,
      );
  }
  return weights;
}

/** The layer list of a Sequential, or of a functional model checked to be one chain. */
function layerChain(topology: Record<string, Json>, fail: (msg: string) => never): KerasLayer[] {
  const root = isRecord(topology.model_config) ? topology.model_config : topology;
  const config = root.config;
  const layers = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  if (
    !Array.isArray(layers) ||
    layers.some((l) => !isRecord(l) || typeof l.class_name !== 'string' || !isRecord(l.config))
  )
    fail('modelTopology has no list of layers with class_name and config');
  const chain = layers as KerasLayer[];
  if (root.class_name === 'Sequential') return chain;
  if (root.class_name !== 'Model' && root.class_name !== 'Functional')
    fail(
      `modelTopology is a ${JSON.stringify(root.class_name)}; deltaml reads a Sequential or a functional Model`,
    );
  const nameOf = (l: KerasLayer) => l.name ?? (l.config.name as string | undefined);
  chain.forEach((layer, i) => {
    const inbound = predecessors(layer.inbound_nodes);
    const expected = i === 0 ? [] : [nameOf(chain[i - 1])];
    if (inbound.join('\n') !== expected.join('\n'))
      fail(
        `layer "${nameOf(layer)}" (${layer.class_name}) takes [${inbound.join(', ')}]; deltaml reads a plain chain of layers`,
      );
  });
  return chain;
}

/** The layer names an inbound_nodes entry reads from, in tfjs's ([[name, 0, 0, {}]]) or Keras 3's (keras_history) form. */
function predecessors(inbound: Json): string[] {
  const names: string[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') names.push(v[0]);
      else v.forEach(walk);
    } else if (isRecord(v)) {
      if (Array.isArray(v.keras_history) && typeof v.keras_history[0] === 'string')
        names.push(v.keras_history[0]);
      else Object.values(v).forEach(walk);
    }
  };
  walk(inbound ?? []);
  return names;
}

/**
 * The deltaml model of a layers model: `modelJSON` is model.json's text, `files` the weight files
 * it names (tfjsWeightFiles) by the names it uses. Throws an InteropError naming the layer or
 * field it cannot read.
 */
export function fromTfjs(
  modelJSON: string,
  files: ReadonlyMap<string, Uint8Array>,
  source = 'model.json',
): ModelSpec {
  const fail = (msg: string): never => {
    throw new InteropError(`${source}: ${msg}`);
  };
  const model = parseJSON(modelJSON, fail);
  const weights = readWeights(model, files, fail);
  const chain = new ChainBuilder(fail);
  const weight = (layer: string, kind: 'kernel' | 'bias') => {
    const key = `${layer}/${kind}`;
    const found = weights.get(key) ?? [...weights].find(([name]) => name.endsWith(`/${key}`))?.[1];
    return found;
  };
  for (const layer of layerChain(model.modelTopology, fail)) {
    const config = layer.config;
    const name = String(config.name ?? layer.name ?? layer.class_name);
    const what = `layer "${name}" (${layer.class_name})`;
    const activation = (value: Json) => {
      if (typeof value !== 'string' || !Object.hasOwn(KERAS_ACTIVATIONS, value))
        fail(
          `${what} has activation ${JSON.stringify(value)}; deltaml reads ${Object.keys(KERAS_ACTIVATIONS).join(', ')}`,
        );
      const kind = KERAS_ACTIVATIONS[value as string];
      if (kind === 'softmax') chain.readAs('softmax', what);
      else if (kind) chain.activate(kind, what);
    };
    switch (layer.class_name) {
      case 'InputLayer':
      case 'Dropout':
        break;
      case 'Dense': {
        const kernel =
          weight(name, 'kernel') ?? fail(`${what} has no weight "${name}/kernel" in the manifest`);
        const [dIn, dOut] = kernel.shape;
        if (kernel.shape.length !== 2 || (config.units !== undefined && config.units !== dOut))
          fail(`${what}: its kernel has shape [${kernel.shape.join(', ')}] for ${config.units} units`);
        // Keras's kernel is [d_{l-1}, d_l]; W_l is its transpose
        chain.dense(
          Array.from({ length: dOut }, (_, i) =>
            Array.from({ length: dIn }, (_, j) => kernel.values[j * dOut + i]),
          ),
          what,
        );
        if ((config.use_bias ?? config.useBias ?? true) !== false) {
          const bias = weight(name, 'bias') ?? fail(`${what} has no weight "${name}/bias" in the manifest`);
          chain.addBias([...bias.values], what);
        }
        activation(config.activation ?? 'linear');
        break;
      }
      case 'Activation':
        activation(config.activation);
        break;
      case 'LeakyReLU': {
        const alpha = config.alpha ?? config.negative_slope ?? 0.3; // Keras's default slope
        if (typeof alpha !== 'number' || !Number.isFinite(alpha))
          fail(`${what} has alpha ${JSON.stringify(alpha)}`);
        chain.activate('leaky_relu', what, alpha as number);
        break;
      }
      default:
        fail(`${what} is not supported; deltaml reads ${SUPPORTED}`);
    }
  }
  const classes = model.userDefinedMetadata?.classes;
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string'))
      fail('userDefinedMetadata.classes is not a list of names');
    chain.classes = classes as string[];
  }
  return chain.finish(source);
}
