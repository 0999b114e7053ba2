// An ONNX file as a deltaml model: the dense chains that torch.onnx.export (Gemm, transB = 1),
// tf2onnx (MatMul + Add per Dense, a final Softmax) and skl2onnx (Cast of the input, MatMul + Add,
// Softmax or Sigmoid → Sub → Concat, the ArgMax / ArrayFeatureExtractor / ZipMap label head)
// write for multilayer perceptrons, and this package's own export.
//
// The graph is walked from its one input along the values that flow on: each node there is a
// standardisation (Sub, Div, Scaler), a layer (Gemm, MatMul, Add), an activation or a no-op. Where
// the value forks or ends, the rest of the graph must be a head: how Z_L is read (Softmax,
// Sigmoid) and where the class labels are. Any other node is refused, naming it.

import type { ActivationKind, ModelSpec } from '@deltaml/core';
import { InteropError } from '../errors.js';
import { ChainBuilder } from '../import-builder.js';
import { GELU_A, GELU_C } from './export.js';
import { type AttributeProto, DataType, decodeModel, type ModelProto, type NodeProto } from './proto.js';
import { type Constant, readTensor } from './tensors.js';

/** What the importer reads, for the one line that refuses a node. */
const SUPPORTED =
  'Gemm, MatMul, Add (a bias), Relu, LeakyRelu, Sigmoid, Tanh, Softplus, Gelu (tanh) and its tanh-form expansion, Softmax, Sub/Div or Scaler before the first layer, Identity, Dropout, Flatten, Cast, Reshape, and the label head (ArgMax, ArrayFeatureExtractor, ZipMap, Concat)';

/** Ops that end the chain when the layers have started: what a head is made of (readHead). */
const HEAD_OPS = new Set([
  'ArgMax',
  'ArrayFeatureExtractor',
  'ZipMap',
  'Squeeze',
  'Greater',
  'Concat',
  'Sub',
]);

function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

function intAttribute(node: NodeProto, name: string, fallback: number): number {
  return attribute(node, name)?.i ?? fallback;
}

function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  return attribute(node, name)?.f ?? fallback;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The graph as the walk needs it: constants by name, the nodes that read each value. */
class Graph {
  readonly constants = new Map<string, Constant>();
  readonly readers = new Map<string, NodeProto[]>();
  readonly nodes: NodeProto[] = [];

  constructor(
    model: ModelProto,
    readonly fail: (msg: string) => never,
  ) {
    const graph = model.graph;
    for (const t of graph?.initializer ?? [])
      this.constants.set(t.name ?? '', readTensor(t, `initializer "${t.name}"`, fail));
    for (const node of graph?.node ?? []) {
      if (node.opType === 'Constant' && !node.domain) {
        const value = attribute(node, 'value');
        if (!value?.t) fail(`${Graph.describe(node)}: only a Constant with a tensor value is read`);
        this.constants.set(node.output?.[0] ?? '', readTensor(value.t, Graph.describe(node), fail));
        continue;
      }
      this.nodes.push(node);
      for (const input of node.input ?? []) {
        if (!input) continue;
        this.readers.set(input, [...(this.readers.get(input) ?? []), node]);
      }
    }
  }

  static describe(node: NodeProto): string {
    return `node "${node.name || node.output?.[0] || '?'}" (${node.domain ? `${node.domain}.` : ''}${node.opType})`;
  }

  /** The constant input `i` of `node`, or a refusal naming it. */
  constant(node: NodeProto, i: number): Constant {
    const c = this.constants.get(node.input?.[i] ?? '');
    if (!c) this.fail(`${Graph.describe(node)}: input ${i} must be a constant (an initializer)`);
    return c;
  }

  /** Refuses `node` in one line: its name, its op, why (when given) and what is supported. */
  unsupported(node: NodeProto, why = ''): never {
    return this.fail(`${Graph.describe(node)} is not supported${why}; deltaml imports ${SUPPORTED}`);
  }
}

/** d_l rows of d_{l-1} from a [rows, cols] constant, transposed when it is Keras's/MatMul's [d_{l-1}, d_l]. */
function matrix(
  c: Constant,
  transpose: boolean,
  scale: number,
  what: string,
  fail: (m: string) => never,
): number[][] {
  if (c.dims.length !== 2 || c.strings)
    fail(`${what}: the weight matrix must be a 2-D number tensor, got shape [${c.dims.join(', ')}]`);
  const [r, k] = c.dims;
  if (r === 0 || k === 0) fail(`${what}: the weight matrix is empty`);
  const at = (i: number, j: number) => scale * c.values[i * k + j];
  return transpose
    ? Array.from({ length: k }, (_, j) => Array.from({ length: r }, (_, i) => at(i, j)))
    : Array.from({ length: r }, (_, i) => Array.from({ length: k }, (_, j) => at(i, j)));
}

/** A vector from a constant of shape [d], [1, d] or a scalar. */
function vector(c: Constant, what: string, fail: (m: string) => never): number[] {
  if (c.strings || c.dims.length > 2 || (c.dims.length === 2 && c.dims[0] !== 1))
    fail(`${what}: expected a vector, got shape [${c.dims.join(', ')}]`);
  return c.values;
}

const near = (c: Constant | undefined, v: number) =>
  c !== undefined && c.values.length === 1 && Math.abs(c.values[0] - v) <= 1e-6 * Math.max(1, Math.abs(v));

/**
 * Matches the tanh-form GELU expansion on S (Mul, Mul, Mul by 0.044715, Add, Mul by √(2/π), Tanh,
 * Add 1, Mul, Mul by 0.5), returning its nodes and output, or undefined when S does not start one.
 */
function matchGelu(g: Graph, S: string): { nodes: NodeProto[]; output: string } | undefined {
  const readers = g.readers.get(S) ?? [];
  const square = readers.find((n) => n.opType === 'Mul' && n.input?.[0] === S && n.input?.[1] === S);
  if (!square) return undefined;
  const nodes: NodeProto[] = [square];
  let value = square.output?.[0] ?? '';
  /** the one reader of `value`: `op` with `other` as its second input (a value name or a constant test) */
  const step = (op: string, other: (name: string) => boolean): boolean => {
    const next = g.readers.get(value) ?? [];
    const node = next.length === 1 ? next[0] : undefined;
    if (!node || node.opType !== op) return false;
    const [a, b] = node.input ?? [];
    if (!(a === value ? other(b) : b === value && other(a))) return false;
    nodes.push(node);
    value = node.output?.[0] ?? '';
    return true;
  };
  const is = (v: number) => (name: string) => near(g.constants.get(name), v);
  const ok =
    step('Mul', (n) => n === S) &&
    step('Mul', is(GELU_A)) &&
    step('Add', (n) => n === S) &&
    step('Mul', is(GELU_C)) &&
    step('Tanh', () => true) &&
    step('Add', is(1)) &&
    step('Mul', (n) => n === S) &&
    step('Mul', is(0.5));
  const extra = readers.filter((n) => !nodes.includes(n));
  return ok && extra.length === 0 ? { nodes, output: value } : undefined;
}

const ACTIVATION_OPS: Record<string, ActivationKind> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Softplus: 'softplus',
  LeakyRelu: 'leaky_relu',
  Gelu: 'gelu',
};

/** Applies one node of the chain; returns the value that flows on. */
function chainStep(g: Graph, chain: ChainBuilder, node: NodeProto, current: string): string {
  const what = Graph.describe(node);
  const out = node.output?.[0] ?? '';
  const op =
    node.domain === 'ai.onnx.ml' ? `ml.${node.opType}` : node.domain ? `?${node.opType}` : node.opType;
  const other = node.input?.[0] === current ? 1 : 0;
  switch (op) {
    case 'Identity':
    case 'Dropout':
      return out;
    case 'Flatten':
      if (intAttribute(node, 'axis', 1) !== 1) g.unsupported(node, ' with an axis other than 1');
      return out;
    case 'Cast': {
      const to = intAttribute(node, 'to', 0);
      if (to !== DataType.FLOAT && to !== DataType.DOUBLE)
        g.unsupported(node, ' unless it casts to float or double');
      return out;
    }
    case 'Reshape': {
      const shape = g.constant(node, 1).values;
      if (
        shape.length !== 2 ||
        (shape[0] !== -1 && shape[0] !== 0) ||
        (chain.width !== undefined && shape[1] !== chain.width && shape[1] !== -1)
      )
        g.unsupported(node, ` to shape [${shape.join(', ')}]; only [-1, width] keeps the values as they are`);
      return out;
    }
    case 'ml.Scaler': {
      const offset = attribute(node, 'offset')?.floats ?? [0];
      const scale = attribute(node, 'scale')?.floats ?? [1];
      if (scale.some((s) => !(s > 0))) g.unsupported(node, ' with a scale that is not positive');
      chain.subtractMean(offset, what);
      chain.divideByStd(
        scale.map((s) => 1 / s),
        what,
      );
      return out;
    }
    case 'Sub':
      if (other !== 1) g.unsupported(node, ' as constant − input');
      chain.subtractMean(vector(g.constant(node, 1), what, g.fail), what);
      return out;
    case 'Div':
      if (other !== 1) g.unsupported(node, ' as constant ÷ input');
      chain.divideByStd(vector(g.constant(node, 1), what, g.fail), what);
      return out;
    case 'Gemm': {
      if (node.input?.[0] !== current || intAttribute(node, 'transA', 0) !== 0)
        g.unsupported(node, ' with transA = 1');
      const alpha = floatAttribute(node, 'alpha', 1);
      const beta = floatAttribute(node, 'beta', 1);
      chain.dense(
        matrix(g.constant(node, 1), intAttribute(node, 'transB', 0) === 0, alpha, what, g.fail),
        what,
      );
      if (node.input?.[2])
        chain.addBias(
          vector(g.constant(node, 2), what, g.fail).map((b) => beta * b),
          what,
        );
      return out;
    }
    case 'MatMul':
      if (node.input?.[0] !== current) g.unsupported(node, ' as constant × input');
      chain.dense(matrix(g.constant(node, 1), true, 1, what, g.fail), what);
      return out;
    case 'Add': {
      const bias = vector(g.constant(node, other), what, g.fail);
      chain.addBias(
        bias.length === 1 && chain.width !== 1 ? new Array(chain.width ?? 1).fill(bias[0]) : bias,
        what,
      );
      return out;
    }
    case 'Softmax': {
      const axis = intAttribute(node, 'axis', 1);
      if (axis !== 1 && axis !== -1) g.unsupported(node, ` over axis ${axis}; the classes are axis 1`);
      chain.readAs('softmax', what);
      return out;
    }
    case 'Gelu':
      if (text(attribute(node, 'approximate')?.s ?? new Uint8Array()) !== 'tanh')
        g.unsupported(node, ' in its erf form; deltaml has the tanh form (approximate="tanh")');
      chain.activate('gelu', what);
      return out;
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
    case 'Softplus':
    case 'LeakyRelu':
      chain.activate(
        ACTIVATION_OPS[op],
        what,
        op === 'LeakyRelu' ? floatAttribute(node, 'alpha', 0.01) : undefined,
      );
      return out;
    default:
      return g.unsupported(node);
  }
}

/** The class labels a head names: ZipMap's classlabels, or the constant ArrayFeatureExtractor picks from. */
function headLabels(g: Graph, node: NodeProto): string[] | undefined {
  if (node.opType === 'ZipMap') {
    const strings = attribute(node, 'classlabels_strings')?.strings;
    if (strings?.length) return strings.map(text);
    return attribute(node, 'classlabels_int64s')?.ints?.map(String);
  }
  if (node.opType === 'ArrayFeatureExtractor') {
    const c = g.constants.get(node.input?.[0] ?? '');
    return c ? (c.strings ?? c.values.map(String)) : undefined;
  }
  return undefined;
}

/**
 * Reads the nodes after the chain: the output function on Z_L, the two-class columns
 * [1 − p, p] (Sub from 1, Concat), the class index and labels; refuses any other node.
 */
function readHead(g: Graph, chain: ChainBuilder, rest: NodeProto[], Z: string): void {
  /** the value holding σ(Z_L) of a one-output model, once known */
  let p = chain.lastActivation === 'sigmoid' && chain.width === 1 ? Z : undefined;
  let complement: string | undefined;
  for (const node of rest) {
    const what = Graph.describe(node);
    const [a, b] = node.input ?? [];
    const out = node.output?.[0];
    const constantIs = (name: string | undefined, v: number) => near(g.constants.get(name ?? ''), v);
    if (node.domain && node.domain !== 'ai.onnx.ml') g.unsupported(node);
    switch (node.domain ? `ml.${node.opType}` : node.opType) {
      case 'Softmax':
      case 'Sigmoid':
        if (a !== Z) g.unsupported(node, ' after the output is read');
        chain.readAs(node.opType === 'Softmax' ? 'softmax' : 'sigmoid', what);
        if (node.opType === 'Sigmoid') p = out;
        break;
      case 'Sub':
        if (!p || b !== p || !constantIs(a, 1))
          g.unsupported(node, ' except as 1 − σ(Z) of a two-class head');
        complement = out;
        break;
      case 'Concat':
        if (!complement || a !== complement || b !== p || node.input?.length !== 2)
          g.unsupported(node, ' except as [1 − p, p] of a two-class head');
        break;
      case 'Greater':
        if (a !== Z || !constantIs(b, 0)) g.unsupported(node, ' except as Z > 0 of a two-class head');
        break;
      case 'ml.ArrayFeatureExtractor':
      case 'ml.ZipMap': {
        const labels = headLabels(g, node);
        if (labels && chain.classes && labels.join('\n') !== chain.classes.join('\n'))
          g.fail(`${what}: its class labels differ from those named before`);
        if (labels) chain.classes ??= labels;
        break;
      }
      case 'ArgMax':
      case 'Cast':
      case 'Reshape':
      case 'Squeeze':
      case 'Identity':
      case 'Flatten':
        break; // the class index and label, reshaped: read from Z_L by predict
      default:
        g.unsupported(node);
    }
  }
}

/** The class names a deltaml export left in the metadata. */
function metadataClasses(model: ModelProto, fail: (m: string) => never): string[] | undefined {
  const entry = model.metadataProps?.find((p) => p.key === 'classes');
  if (!entry) return undefined;
  let names: unknown;
  try {
    names = JSON.parse(entry.value ?? '');
  } catch {
    fail('the metadata property "classes" is not a JSON list of names');
  }
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
    fail('the metadata property "classes" is not a JSON list of names');
  return names as string[];
}

/**
 * The deltaml model of an ONNX file. `source` (the file name) starts every message; a truncated
 * or foreign file and any node deltaml cannot represent throw an InteropError naming it.
 */
export function fromOnnx(bytes: Uint8Array, source = 'model.onnx'): ModelSpec {
  const fail = (msg: string): never => {
    throw new InteropError(`${source}: ${msg}`);
  };
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    return fail(`not an ONNX model (the protobuf is truncated or malformed: ${(error as Error).message})`);
  }
  if (!model.graph || !model.irVersion || !model.opsetImport?.length || !model.graph.node?.length)
    fail('not an ONNX model (no IR version, opset or graph nodes)');
  const g = new Graph(model, fail);
  const inputs = (model.graph?.input ?? []).filter((v) => !g.constants.has(v.name ?? ''));
  if (inputs.length !== 1) fail(`the graph has ${inputs.length} inputs; a multilayer perceptron has one`);
  const input = inputs[0];
  const rank = input.type?.tensorType?.shape?.dim?.length;
  if (rank !== undefined && rank !== 2)
    fail(`input "${input.name}" has rank ${rank}; deltaml reads [N, d] inputs`);
  const chain = new ChainBuilder(fail);
  const used = new Set<NodeProto>();
  let Z = input.name ?? '';
  for (;;) {
    const readers = (g.readers.get(Z) ?? []).filter((n) => !used.has(n));
    const gelu = readers.length > 1 ? matchGelu(g, Z) : undefined;
    if (gelu) {
      chain.activate('gelu', Graph.describe(gelu.nodes[0]));
      for (const n of gelu.nodes) used.add(n);
      Z = gelu.output;
      continue;
    }
    if (readers.length !== 1) break;
    const node = readers[0];
    if (chain.started && HEAD_OPS.has(node.opType ?? '')) break;
    used.add(node);
    Z = chainStep(g, chain, node, Z);
  }
  readHead(
    g,
    chain,
    g.nodes.filter((n) => !used.has(n)),
    Z,
  );
  chain.classes = metadataClasses(model, fail) ?? chain.classes;
  return chain.finish(source);
}
