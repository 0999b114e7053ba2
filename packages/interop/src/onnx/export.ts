// A deltaml model as one ONNX graph (CONTRACT.md's `export --format onnx`): input `x` float32
// [N, d_0] with N dynamic, the input transform as Sub and Div, each layer as Gemm (W_l as the file
// holds it, d_l rows of d_{l-1}, so transB = 1) and its activation, then the head: `y`, or
// `probabilities` and `class` (int64, the index). Class names go in the metadata as `classes`.
//
// Opset 17 (IR version 8): ONNX Runtime 1.17 and later run every op here on all of its CPU
// execution providers (the default CPU one, the WebAssembly one of onnxruntime-web, XNNPACK), and
// so do older runtimes. ONNX's own Gelu, with approximate="tanh", arrives only in opset 20, which
// not every provider of ORT 1.17 implements; the tanh form is therefore written out in standard ops.

import { type Activation, MODEL_FORMAT, type ModelSpec } from '@deltaml/core';
import { outputKindOf, outputSize } from '../spec-output.js';
import { AttributeType, DataType, encodeModel, type NodeProto, type TensorProto } from './proto.js';

/** The opset the exported graphs declare (see the header for why). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
const IR_VERSION = 8;
/** √(2/π) of GELU's tanh form, as core's activation table has it (the importer matches it too). */
export const GELU_C = Math.sqrt(2 / Math.PI);
/** 0.044715, the cubic coefficient of GELU's tanh form. */
export const GELU_A = 0.044715;

/** Builds the node list and initializers, giving every value a fresh name. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  constant(name: string, dims: number[], values: Iterable<number>): string {
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, floatData: Array.from(values) });
    return name;
  }

  indices(name: string, values: number[]): string {
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, int64Data: values });
    return name;
  }

  /** Adds `op` on `inputs` and returns its output's name (`output`, or a fresh one). */
  node(op: string, inputs: string[], attributes: NodeProto['attribute'] = [], output?: string): string {
    const name = output ?? `${op.toLowerCase()}_${this.count}`;
    this.nodes.push({
      name: `${op}_${this.count++}`,
      opType: op,
      input: inputs,
      output: [name],
      attribute: attributes,
    });
    return name;
  }
}

const intAttribute = (name: string, i: number) => ({ name, type: AttributeType.INT, i });
const floatAttribute = (name: string, f: number) => ({ name, type: AttributeType.FLOAT, f });

/** f_l applied to `S`; the name of its output. */
function activate(g: GraphBuilder, f: Activation, S: string, l: number): string {
  switch (f.kind) {
    case 'identity':
      return S;
    case 'relu':
      return g.node('Relu', [S]);
    case 'sigmoid':
      return g.node('Sigmoid', [S]);
    case 'tanh':
      return g.node('Tanh', [S]);
    case 'softplus':
      return g.node('Softplus', [S]);
    case 'leaky_relu':
      return g.node('LeakyRelu', [S], [floatAttribute('alpha', f.alpha)]);
    case 'gelu': {
      // s/2 · (1 + tanh(√(2/π)(s + 0.044715 s³)))
      const a = g.constant(`gelu_${l}_a`, [], [GELU_A]);
      const c = g.constant(`gelu_${l}_c`, [], [GELU_C]);
      const one = g.constant(`gelu_${l}_one`, [], [1]);
      const half = g.constant(`gelu_${l}_half`, [], [0.5]);
      const cube = g.node('Mul', [g.node('Mul', [S, S]), S]);
      const inner = g.node('Mul', [g.node('Add', [S, g.node('Mul', [cube, a])]), c]);
      const gate = g.node('Add', [g.node('Tanh', [inner]), one]);
      return g.node('Mul', [g.node('Mul', [S, gate]), half]);
    }
  }
}

/** The float32 tensor type [N, d] with N dynamic. */
function tensorType(name: string, elemType: number, dims: (number | 'N')[]) {
  const dim = dims.map((d) => (d === 'N' ? { dimParam: 'N' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** The ONNX file bytes for `spec` (see the header for the graph). */
export function toOnnx(spec: ModelSpec, producerVersion = '0.1.0'): Uint8Array {
  const g = new GraphBuilder();
  let Z = 'x';
  const t = spec.inputTransform;
  if (t) {
    Z = g.node('Sub', [Z, g.constant('input_mean', [spec.inputSize], t.mean)]);
    Z = g.node('Div', [Z, g.constant('input_std', [spec.inputSize], t.std)]);
  }
  spec.layers.forEach((layer, l) => {
    const W = g.constant(`W_${l + 1}`, [layer.weights.length, layer.weights[0].length], layer.weights.flat());
    const inputs = [Z, W];
    if (layer.bias) inputs.push(g.constant(`b_${l + 1}`, [layer.bias.length], layer.bias));
    Z = activate(g, layer.activation, g.node('Gemm', inputs, [intAttribute('transB', 1)]), l + 1);
  });
  const d = outputSize(spec);
  const kind = outputKindOf(spec);
  const outputs = [];
  switch (kind) {
    case 'values':
      g.node('Identity', [Z], [], 'y');
      outputs.push(tensorType('y', DataType.FLOAT, ['N', d]));
      break;
    case 'softmax':
      g.node('Softmax', [Z], [intAttribute('axis', 1)], 'probabilities');
      g.node('ArgMax', [Z], [intAttribute('axis', 1), intAttribute('keepdims', 0)], 'class');
      break;
    case 'sigmoid': {
      const p1 = g.node('Sigmoid', [Z]);
      const p0 = g.node('Sub', [g.constant('one', [], [1]), p1]);
      g.node('Concat', [p0, p1], [intAttribute('axis', 1)], 'probabilities');
      // class 1 exactly when Z_L > 0, as predict reads it (ArgMax of rounded [1 − p, p] can tie)
      const positive = g.node(
        'Cast',
        [g.node('Greater', [Z, g.constant('zero', [], [0])])],
        [intAttribute('to', DataType.INT64)],
      );
      g.node('Squeeze', [positive, g.indices('squeeze_axes', [1])], [], 'class');
      break;
    }
  }
  if (kind !== 'values') {
    outputs.push(tensorType('probabilities', DataType.FLOAT, ['N', kind === 'sigmoid' ? 2 : d]));
    outputs.push(tensorType('class', DataType.INT64, ['N']));
  }
  return encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'deltaml',
    producerVersion,
    graph: {
      name: MODEL_FORMAT,
      node: g.nodes,
      initializer: g.initializers,
      input: [tensorType('x', DataType.FLOAT, ['N', spec.inputSize])],
      output: outputs,
    },
    metadataProps: spec.classes ? [{ key: 'classes', value: JSON.stringify(spec.classes) }] : [],
  });
}
