// The model file of CONTRACT.md (`deltaml/mlp@1`): reading it with checks that name the file
// and the field, writing it, and making a new seeded one. Pure data: no backend here.

import {
  type Activation,
  type ActivationKind,
  activationToJSON,
  DEFAULT_LEAKY_ALPHA,
  isActivationKind,
} from './activations.js';
import { ModelFileError } from './errors.js';
import { seededRandom } from './random.js';

/** The `format` every model file carries. */
export const MODEL_FORMAT = 'deltaml/mlp@1';

/** One layer as the file holds it: W_l as d_l rows of d_{l-1} numbers, optional b_l. */
export interface LayerSpec {
  readonly activation: Activation;
  readonly weights: number[][];
  readonly bias?: number[];
}

/** A whole model as plain numbers, independent of any backend. */
export interface ModelSpec {
  readonly inputSize: number;
  readonly layers: readonly LayerSpec[];
}

/** d_0, d_1, …, d_L */
export function layerSizes(spec: ModelSpec): number[] {
  return [spec.inputSize, ...spec.layers.map((layer) => layer.weights.length)];
}

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: Json): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'string' ? `"${v}"` : typeof v === 'object' ? 'an object' : String(v);
}

/** Reads a row of numbers; `where` is the field's path for messages. */
function numbers(v: Json, expected: number, where: string, fail: (msg: string) => never): number[] {
  if (!Array.isArray(v)) fail(`${where} must be a list of numbers, got ${describe(v)}`);
  if (v.length !== expected) fail(`${where} has ${v.length} numbers, expected ${expected}`);
  v.forEach((x, j) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      fail(`${where}[${j}] must be a finite number, got ${describe(x)}`);
  });
  return v as number[];
}

function parseActivation(
  layer: Record<string, Json>,
  where: string,
  fail: (msg: string) => never,
): Activation {
  const name = layer.activation;
  if (typeof name !== 'string' || !isActivationKind(name)) {
    fail(
      `${where}.activation is ${describe(name)}; expected one of identity, relu, sigmoid, tanh, leaky_relu`,
    );
  }
  if (name === 'leaky_relu') {
    const alpha = layer.alpha ?? DEFAULT_LEAKY_ALPHA;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) fail(`${where}.alpha must be a finite number`);
    return { kind: name, alpha };
  }
  return { kind: name as Exclude<ActivationKind, 'leaky_relu'> };
}

/**
 * Checks a parsed JSON value against the model format. `source` (usually the file name) starts
 * every message: `model.json: layers[1].weights[0] has 2 numbers, expected 3`.
 */
export function modelFromJSON(value: Json, source = 'model'): ModelSpec {
  const fail = (msg: string): never => {
    throw new ModelFileError(`${source}: ${msg}`);
  };
  if (!isRecord(value)) fail(`expected a JSON object, got ${describe(value)}`);
  const file = value as Record<string, Json>;
  if (file.format !== MODEL_FORMAT) fail(`format is ${describe(file.format)}, expected "${MODEL_FORMAT}"`);
  const inputSize = file.inputSize;
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 1) {
    fail(`inputSize must be a whole number ≥ 1, got ${describe(inputSize)}`);
  }
  if (!Array.isArray(file.layers) || file.layers.length === 0) fail('layers must be a non-empty list');
  let width = inputSize as number;
  const layers = (file.layers as Json[]).map((layer, l): LayerSpec => {
    const where = `layers[${l}]`;
    if (!isRecord(layer)) fail(`${where} must be an object, got ${describe(layer)}`);
    const entry = layer as Record<string, Json>;
    const activation = parseActivation(entry, where, fail);
    const rows = entry.weights;
    if (!Array.isArray(rows) || rows.length === 0) fail(`${where}.weights must be a non-empty list of rows`);
    const weights = (rows as Json[]).map((row, i) => numbers(row, width, `${where}.weights[${i}]`, fail));
    width = weights.length;
    if (entry.bias === undefined) return { activation, weights };
    return { activation, weights, bias: numbers(entry.bias, width, `${where}.bias`, fail) };
  });
  return { inputSize: inputSize as number, layers };
}

/** Parses model-file text; a JSON syntax error is reported as a ModelFileError naming `source`. */
export function parseModel(text: string, source = 'model'): ModelSpec {
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return modelFromJSON(value, source);
}

/** The model file text for a spec (pretty-printed, one weight row per line). */
export function serializeModel(spec: ModelSpec): string {
  const rows = (xs: readonly number[]) => `[${xs.join(', ')}]`;
  const layers = spec.layers.map((layer) => {
    const head = JSON.stringify(activationToJSON(layer.activation)).slice(1, -1);
    const weights = layer.weights.map((w) => `        ${rows(w)}`).join(',\n');
    const bias = layer.bias ? `,\n      "bias": ${rows(layer.bias)}` : '';
    return `    {\n      ${head.replace(/,/g, ', ').replace(/":/g, '": ')},\n      "weights": [\n${weights}\n      ]${bias}\n    }`;
  });
  return `{\n  "format": "${MODEL_FORMAT}",\n  "inputSize": ${spec.inputSize},\n  "layers": [\n${layers.join(',\n')}\n  ]\n}\n`;
}

/** How initModel draws a new network. */
export interface InitOptions {
  /** d_0, d_1, …, d_L */
  readonly sizes: readonly number[];
  /** f_1 … f_L */
  readonly activations: readonly Activation[];
  /** give every layer a bias (initialised to 0) */
  readonly bias?: boolean;
  readonly seed?: number;
}

/**
 * A new model with seeded weights: He-uniform (limit √(6/d_{l-1})) before ReLU-like layers,
 * Glorot-uniform (limit √(6/(d_{l-1}+d_l))) otherwise; biases start at 0.
 */
export function initModel({ sizes, activations, bias = false, seed = 0 }: InitOptions): ModelSpec {
  if (sizes.length < 2) throw new ModelFileError('init: need at least an input size and one layer size');
  if (activations.length !== sizes.length - 1) {
    throw new ModelFileError(
      `init: ${sizes.length - 1} layers but ${activations.length} activations; give one activation per layer`,
    );
  }
  sizes.forEach((d, l) => {
    if (!Number.isInteger(d) || d < 1)
      throw new ModelFileError(`init: layer size ${l} is ${d}, expected a whole number ≥ 1`);
  });
  const random = seededRandom(seed);
  const layers = activations.map((activation, i): LayerSpec => {
    const fanIn = sizes[i];
    const fanOut = sizes[i + 1];
    const reluLike = activation.kind === 'relu' || activation.kind === 'leaky_relu';
    const limit = reluLike ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const weights = Array.from({ length: fanOut }, () =>
      Array.from({ length: fanIn }, () => Math.fround((2 * random() - 1) * limit)),
    );
    return bias ? { activation, weights, bias: new Array(fanOut).fill(0) } : { activation, weights };
  });
  return { inputSize: sizes[0], layers };
}
