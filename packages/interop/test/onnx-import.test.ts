// The ONNX importer against the converters' own files (test/fixtures, made by
// scripts/make-interop-fixtures.py): each imported model must predict what the original library
// recorded, scikit-learn's predict_proba and labels included, with its class names.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromOnnx, InteropError, toOnnx } from '../src/index.js';
import { encodeModel, type NodeProto } from '../src/onnx/proto.js';
import { inputRows, modelMatrix } from './helpers/models.js';
import { maxDifference, predictRows } from './helpers/reference.js';

/**
 * The fixtures hold float32 weights; scikit-learn predicts in float64 on float32 inputs, and
 * onnxruntime in float32. The float64 reference on the same float32 numbers is within ~1e-6 of
 * either; 1e-5 keeps room for the converter's own float32 rounding of the weights.
 */
export const IMPORT_TOLERANCE = 1e-5;

interface Fixture {
  inputs: number[][];
  classes?: string[];
  probabilities?: number[][];
  labels?: string[];
  values?: number[][];
}

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const load = (name: string) => ({
  spec: fromOnnx(readFileSync(fixture(`${name}.onnx`)), `${name}.onnx`),
  expected: JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as Fixture,
});

const FIXTURES = [
  ['skl2onnx-mlp-classifier-zipmap-on', 'softmax', true],
  ['skl2onnx-mlp-classifier-zipmap-off', 'softmax', true],
  ['skl2onnx-mlp-classifier-binary', 'sigmoid', false],
  ['skl2onnx-mlp-regressor', 'values', false],
  ['torch-sequential', 'softmax', true],
  ['tf2onnx-keras-dense', 'softmax', false],
] as const;

describe('import ONNX written by the converters', () => {
  it.each(FIXTURES)('%s predicts what its library recorded', (name, output, standardized) => {
    const { spec, expected } = load(name);
    expect(spec.output).toBe(output);
    expect(spec.inputTransform !== undefined).toBe(standardized);
    const got = predictRows(spec, expected.inputs);
    const columns = got.map((p) => p.columns);
    const diff = maxDifference(columns, expected.values ?? expected.probabilities ?? []);
    console.log(`${name}: max |deltaml − recorded| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(IMPORT_TOLERANCE);
    expect(spec.classes).toEqual(expected.classes);
    if (expected.labels) {
      expect(got.map((p) => spec.classes?.[p.index ?? -1])).toEqual(expected.labels);
    }
  });
});

describe('deltaml → ONNX → deltaml', () => {
  const rows = inputRows(32, 3);
  /** float32 weights in the file against the float64 ones of the original: as IMPORT_TOLERANCE */
  it.each(modelMatrix().map((c) => [c.name, c.spec] as const))('%s predicts the same', (_name, spec) => {
    const back = fromOnnx(toOnnx(spec));
    expect(back.output).toBe(spec.output);
    expect(back.classes).toEqual(spec.classes);
    expect(back.inputTransform !== undefined).toBe(spec.inputTransform !== undefined);
    expect(back.layers.map((l) => l.activation)).toEqual(
      spec.layers.map((l) =>
        l.activation.kind === 'leaky_relu'
          ? { kind: 'leaky_relu', alpha: Math.fround(l.activation.alpha) }
          : l.activation,
      ),
    );
    const want = predictRows(spec, rows);
    const got = predictRows(back, rows);
    expect(
      maxDifference(
        got.map((p) => p.columns),
        want.map((p) => p.columns),
      ),
    ).toBeLessThan(IMPORT_TOLERANCE);
    expect(got.map((p) => p.index)).toEqual(want.map((p) => p.index));
  });
});

/** A one-input graph x → nodes, with float initializers, encoded by the same protobuf schema. */
function graph(nodes: NodeProto[], initializers: Record<string, number[][]>): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      node: nodes,
      initializer: Object.entries(initializers).map(([name, rows]) => ({
        name,
        dims: [rows.length, rows[0].length],
        dataType: 1,
        floatData: rows.flat(),
      })),
      input: [
        {
          name: 'x',
          type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 2 }] } } },
        },
      ],
      output: [{ name: 'y' }],
    },
  });
}

describe('what the ONNX importer refuses, in one line naming the node', () => {
  const W = {
    W: [
      [1, 2],
      [3, 4],
    ],
  };
  const gemm: NodeProto = {
    name: 'fc',
    opType: 'Gemm',
    input: ['x', 'W'],
    output: ['s'],
    attribute: [{ name: 'transB', type: 2, i: 1 }],
  };
  it.each([
    [
      'a Conv',
      [gemm, { name: 'conv', opType: 'Conv', input: ['s', 'W'], output: ['y'] }],
      /^g\.onnx: node "conv" \(Conv\) is not supported; deltaml imports Gemm, MatMul/,
    ],
    [
      'an erf GELU',
      [gemm, { name: 'act', opType: 'Gelu', input: ['s'], output: ['y'] }],
      /node "act" \(Gelu\) is not supported in its erf form/,
    ],
    [
      'two activations on one layer',
      [
        gemm,
        { name: 'a', opType: 'Relu', input: ['s'], output: ['r'] },
        { name: 'b', opType: 'Tanh', input: ['r'], output: ['y'] },
      ],
      /node "b" \(Tanh\): a second activation/,
    ],
    [
      'a shift after the first layer',
      [gemm, { name: 'shift', opType: 'Sub', input: ['s', 'W'], output: ['y'] }],
      /node "shift" \(Sub\) is not supported/,
    ],
    [
      'a graph without a layer',
      [{ name: 'id', opType: 'Identity', input: ['x'], output: ['y'] }],
      /no dense layer found/,
    ],
  ] as [string, NodeProto[], RegExp][])('%s', (_what, nodes, message) => {
    const bytes = graph(nodes, W);
    expect(() => fromOnnx(bytes, 'g.onnx')).toThrow(InteropError);
    expect(() => fromOnnx(bytes, 'g.onnx')).toThrow(message);
  });
  it('a truncated file', () => {
    const bytes = readFileSync(fixture('torch-sequential.onnx'));
    expect(() => fromOnnx(bytes.subarray(0, bytes.length - 9), 't.onnx')).toThrow(
      /^t\.onnx: not an ONNX model \(the protobuf is truncated or malformed/,
    );
  });
  it('a foreign file', () => {
    expect(() => fromOnnx(new TextEncoder().encode('x1,x2\n1,2\n'), 'data.csv')).toThrow(
      /^data\.csv: not an ONNX model/,
    );
  });
});
