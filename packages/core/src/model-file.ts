// The model file of CONTRACT.md (`deltaml/mlp@1`): reading it with checks that name the file
// and the field, writing it, and making a new seeded one. Pure data: no backend here.

import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  type Activation,
  activationToJSON,
  type InitScheme,
  isActivationKind,
  makeActivation,
} from './activations.js';
import { ModelFileError } from './errors.js';
import type { OutputKind } from './losses/loss.js';
import { seededRandom } from './random.js';

/** The `format` every model file carries. */
export const MODEL_FORMAT = 'deltaml/mlp@1';

/** One layer as the file holds it: W_l as d_l rows of d_{l-1} numbers, optional b_l. */
export interface LayerSpec {
  readonly activation: Activation;
  readonly weights: number[][];
  readonly bias?: number[];
}

/** Inputs are scaled as (x − mean) / std before the first layer (a zero std is stored as 1). */
export interface InputTransform {
  readonly kind: 'standardize';
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** A whole model as plain numbers, independent of any backend. */
export interface ModelSpec {
  readonly inputSize: number;
  readonly layers: readonly LayerSpec[];
  /** class names in index order, when the training labels were names */
  readonly classes?: readonly string[];
  readonly inputTransform?: InputTransform;
  /**
   * How Z_L is read: `softmax` (K ≥ 2 class logits), `sigmoid` (one logit of two classes) or
   * `values`. `train` writes it from its loss; a file without it is a classifier when it has `classes`.
   */
  readonly output?: OutputKind;
}

/** The output kinds a model file may name, in the order its messages list them. */
export const OUTPUT_KINDS: readonly OutputKind[] = ['softmax', 'sigmoid', 'values'];

/** The fields this version reads, at the top level and in each layer; any other fails. */
const MODEL_FIELDS = ['format', 'inputSize', 'layers', 'classes', 'inputTransform', 'output'];
const LAYER_FIELDS = ['activation', 'weights', 'bias', 'alpha'];

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
    fail(`${where}.activation is ${describe(name)}; expected one of ${ACTIVATION_KINDS.join(', ')}`);
  }
  const kind = name as keyof typeof ACTIVATIONS;
  const parameter = ACTIVATIONS[kind].parameter;
  if (layer.alpha !== undefined && !parameter) fail(`${where}.alpha is not a parameter of ${kind}`);
  const alpha = layer.alpha;
  if (alpha !== undefined && (typeof alpha !== 'number' || !Number.isFinite(alpha))) {
    fail(`${where}.alpha must be a finite number`);
  }
  return makeActivation(kind, alpha as number | undefined);
}

function checkFields(
  record: Record<string, Json>,
  allowed: readonly string[],
  where: string,
  fail: (msg: string) => never,
): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      fail(
        `${where}${where ? '.' : ''}${key} is a field this version (${MODEL_FORMAT}) does not know; it reads ${allowed.join(', ')}`,
      );
    }
  }
}

function parseClasses(v: Json, outputSize: number, fail: (msg: string) => never): string[] {
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string' || c.trim() === '')) {
    fail('classes must be a list of non-empty class names');
  }
  const names = v as string[];
  // labels are read without the spaces around them (labels.ts), so "a" and " a" are one name
  if (new Set(names.map((name) => name.trim())).size !== names.length) fail('classes has a name twice');
  if (outputSize === 1 ? names.length !== 2 : names.length !== outputSize) {
    const expected = outputSize === 1 ? '2 (one sigmoid output reads two classes)' : String(outputSize);
    fail(
      `classes has ${names.length} names, but the network has ${outputSize} outputs; expected ${expected}`,
    );
  }
  return names;
}

function parseOutput(v: Json, outputSize: number, fail: (msg: string) => never): OutputKind {
  const kind = OUTPUT_KINDS.find((k) => k === v);
  if (!kind) fail(`output is ${describe(v)}; expected one of ${OUTPUT_KINDS.join(', ')}`);
  if (kind === 'softmax' && outputSize < 2) {
    fail(`output is "softmax", but the network has ${outputSize} output; softmax needs at least 2`);
  }
  if (kind === 'sigmoid' && outputSize !== 1) {
    fail(`output is "sigmoid", but the network has ${outputSize} outputs; sigmoid reads exactly 1`);
  }
  return kind as OutputKind;
}

function parseTransform(v: Json, inputSize: number, fail: (msg: string) => never): InputTransform {
  if (!isRecord(v) || v.kind !== 'standardize')
    fail('inputTransform must be {"kind": "standardize", "mean": […], "std": […]}');
  const t = v as Record<string, Json>;
  checkFields(t, ['kind', 'mean', 'std'], 'inputTransform', fail);
  const mean = numbers(t.mean, inputSize, 'inputTransform.mean', fail);
  const std = numbers(t.std, inputSize, 'inputTransform.std', fail);
  std.forEach((s, i) => {
    if (!(s > 0)) fail(`inputTransform.std[${i}] is ${s}; it must be > 0`);
  });
  return { kind: 'standardize', mean, std };
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
  checkFields(file, MODEL_FIELDS, '', fail);
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
    checkFields(entry, LAYER_FIELDS, where, fail);
    const activation = parseActivation(entry, where, fail);
    const rows = entry.weights;
    if (!Array.isArray(rows) || rows.length === 0) fail(`${where}.weights must be a non-empty list of rows`);
    const weights = (rows as Json[]).map((row, i) => numbers(row, width, `${where}.weights[${i}]`, fail));
    width = weights.length;
    if (entry.bias === undefined) return { activation, weights };
    return { activation, weights, bias: numbers(entry.bias, width, `${where}.bias`, fail) };
  });
  const spec: ModelSpec = { inputSize: inputSize as number, layers };
  const classes = file.classes === undefined ? undefined : parseClasses(file.classes, width, fail);
  const inputTransform =
    file.inputTransform === undefined
      ? undefined
      : parseTransform(file.inputTransform, inputSize as number, fail);
  const output = file.output === undefined ? undefined : parseOutput(file.output, width, fail);
  if (output === 'values' && classes)
    fail('output is "values", but the model has classes; a model with classes is read as a classifier');
  return {
    ...spec,
    ...(classes && { classes }),
    ...(inputTransform && { inputTransform }),
    ...(output && { output }),
  };
}

/**
 * How a model's Z_L is read: its `output`, or for a file without one (CONTRACT.md) a classifier
 * when it has `classes` (softmax over d_L ≥ 2 outputs, a sigmoid for one) and values otherwise.
 */
export function modelOutput(spec: ModelSpec): OutputKind {
  if (spec.output) return spec.output;
  if (!spec.classes) return 'values';
  return spec.layers[spec.layers.length - 1].weights.length === 1 ? 'sigmoid' : 'softmax';
}

/** A model file as plain JSON (what `modelFromJSON` reads back): the spec with its `format`. */
export function modelToJSON(spec: ModelSpec): Record<string, unknown> {
  return {
    format: MODEL_FORMAT,
    inputSize: spec.inputSize,
    layers: spec.layers.map((layer) => ({
      ...activationToJSON(layer.activation),
      weights: layer.weights.map((row) => [...row]),
      ...(layer.bias && { bias: [...layer.bias] }),
    })),
    ...(spec.classes && { classes: [...spec.classes] }),
    ...(spec.inputTransform && {
      inputTransform: {
        kind: 'standardize',
        mean: [...spec.inputTransform.mean],
        std: [...spec.inputTransform.std],
      },
    }),
    ...(spec.output && { output: spec.output }),
  };
}

/** Parses model-file text; a JSON syntax error is reported as a ModelFileError naming `source`. */
export function parseModel(text: string, source = 'model'): ModelSpec {
  let value: Json;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a byte-order mark is not JSON
  } catch (error) {
    throw new ModelFileError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return modelFromJSON(value, source);
}

/** Where the first NaN or ±Infinity in a spec's numbers is (`layers[1].weights[0][2] is NaN`), or undefined. */
export function firstNonFinite(spec: ModelSpec): string | undefined {
  for (const [l, layer] of spec.layers.entries()) {
    for (const [i, row] of layer.weights.entries()) {
      const j = row.findIndex((v) => !Number.isFinite(v));
      if (j >= 0) return `layers[${l}].weights[${i}][${j}] is ${row[j]}`;
    }
    const k = layer.bias?.findIndex((v) => !Number.isFinite(v)) ?? -1;
    if (k >= 0) return `layers[${l}].bias[${k}] is ${layer.bias?.[k]}`;
  }
  return undefined;
}

/** The model file text for a spec (pretty-printed, one weight row per line). */
export function serializeModel(spec: ModelSpec): string {
  const bad = firstNonFinite(spec);
  if (bad) throw new ModelFileError(`will not write a model with a non-finite number: ${bad}`);
  const rows = (xs: readonly number[]) => `[${xs.join(', ')}]`;
  const layers = spec.layers.map((layer) => {
    const head = JSON.stringify(activationToJSON(layer.activation)).slice(1, -1);
    const weights = layer.weights.map((w) => `        ${rows(w)}`).join(',\n');
    const bias = layer.bias ? `,\n      "bias": ${rows(layer.bias)}` : '';
    return `    {\n      ${head.replace(/,/g, ', ').replace(/":/g, '": ')},\n      "weights": [\n${weights}\n      ]${bias}\n    }`;
  });
  const extra = [
    spec.classes ? `,\n  "classes": ${JSON.stringify(spec.classes)}` : '',
    spec.inputTransform
      ? `,\n  "inputTransform": {"kind": "standardize", "mean": ${rows(spec.inputTransform.mean)}, "std": ${rows(spec.inputTransform.std)}}`
      : '',
    spec.output ? `,\n  "output": "${spec.output}"` : '',
  ].join('');
  return `{\n  "format": "${MODEL_FORMAT}",\n  "inputSize": ${spec.inputSize},\n  "layers": [\n${layers.join(',\n')}\n  ]${extra}\n}\n`;
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
  /** the same scheme for every layer, instead of each activation's own (`glorot` is scikit-learn's and Keras's default) */
  readonly scheme?: InitScheme;
}

/**
 * A new model with seeded weights: He-uniform (limit √(6/d_{l-1})) before the activations whose
 * table entry says `he` (the ReLU family, GELU, softplus), Glorot-uniform (limit √(6/(d_{l-1}+d_l)))
 * otherwise; biases start at 0.
 */
export function initModel({ sizes, activations, bias = false, seed = 0, scheme }: InitOptions): ModelSpec {
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
    const he = (scheme ?? ACTIVATIONS[activation.kind].init) === 'he';
    const limit = he ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const weights = Array.from({ length: fanOut }, () =>
      Array.from({ length: fanIn }, () => Math.fround((2 * random() - 1) * limit)),
    );
    return bias ? { activation, weights, bias: new Array(fanOut).fill(0) } : { activation, weights };
  });
  return { inputSize: sizes[0], layers };
}
