// `deltaml export` and `deltaml import` as a user runs them, judged by the real runtimes: the iris
// model of the README exported to ONNX runs in onnxruntime-node and gives predict's columns; its
// TensorFlow.js export loads with tf.loadLayersModel and predicts the same; importing either back
// predicts the same; an skl2onnx file imports and predicts what scikit-learn recorded. Every
// refusal exits 2 in one line and leaves the output as it was.

import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fromOnnx } from '@deltaml/interop';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { deltaml, EXAMPLES, scratchDir, writeFile } from './helpers/cli.js';
import { expectUnchanged, refusalLine, snapshot } from './helpers/train.js';

/**
 * ONNX Runtime and tfjs compute in float32 where predict (cpu backend, float32 too, but summing
 * in another order, softmax in float64) differs by float32 rounding of O(1) values through two
 * layers of ≤ 64 terms: ~1e-6. 1e-5 holds that; a wrong weight or head is off by far more.
 */
const TOLERANCE = 1e-5;
const FIXTURES = new URL('../../interop/test/fixtures/', import.meta.url);

/** predict's CSV as a header and rows of cells. */
function csv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

/** The input columns of a data file (x1…), as numbers. */
function inputs(path: string): number[][] {
  const { header, rows } = csv(readFileSync(path, 'utf8'));
  const xs = header.map((h, j) => (h.startsWith('x') ? j : -1)).filter((j) => j >= 0);
  return rows.map((r) => xs.map((j) => Number(r[j])));
}

/** The largest |a − b| between predict's p… columns and `got`. */
function worstDifference(predicted: string[][], got: number[][]): number {
  let worst = 0;
  predicted.forEach((row, n) => {
    row.slice(1).forEach((cell, k) => {
      worst = Math.max(worst, Math.abs(Number(cell) - got[n][k]));
    });
  });
  return worst;
}

const dir = scratchDir();
const test = join(EXAMPLES, 'iris-test.csv');
let predicted: { header: string[]; rows: string[][] };

beforeAll(() => {
  // the README's iris run (without its log and checkpoint files)
  const init = deltaml(
    [
      'init',
      '--layers',
      '4,64,3',
      '--activations',
      'relu,identity',
      '--bias',
      '--seed',
      '1',
      '--out',
      'iris-model.json',
    ],
    dir,
  );
  expect(init.status, init.stderr).toBe(0);
  const train = deltaml(
    [
      'train',
      '--model',
      'iris-model.json',
      '--data',
      join(EXAMPLES, 'iris-train.csv'),
      '--out',
      'iris.json',
    ].concat(
      '--loss cross-entropy --optimizer adam --lr 0.01 --epochs 200 --batch-size 16 --standardize --validation-split 0.2 --early-stop 20'.split(
        ' ',
      ),
    ),
    dir,
  );
  expect(train.status, train.stderr).toBe(0);
  const run = deltaml(['predict', '--model', 'iris.json', '--data', test], dir);
  expect(run.status, run.stderr).toBe(0);
  predicted = csv(run.stdout);
});

describe('export --format onnx', () => {
  it('writes one file that ONNX Runtime runs, giving what predict writes, with the class names', async () => {
    const run = deltaml(['export', '--model', 'iris.json', '--format', 'onnx', '--out', 'iris.onnx'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^wrote iris\.onnx: ONNX opset 17, a 4-64-3 network, softmax output\n$/);
    const bytes = readFileSync(join(dir, 'iris.onnx'));
    console.log(`iris.onnx: ${bytes.length} bytes`);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['probabilities', 'class']);
    const x = inputs(test);
    const result = await session.run({
      x: new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, 4]),
    });
    const p = Array.from(result.probabilities.data as Float32Array);
    const rows = x.map((_, n) => p.slice(3 * n, 3 * n + 3));
    const diff = worstDifference(predicted.rows, rows);
    console.log(`iris: max |onnxruntime-node − predict| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
    const classes = fromOnnx(bytes).classes ?? [];
    const index = Array.from(result.class.data as BigInt64Array, Number);
    expect(index.map((k) => classes[k])).toEqual(predicted.rows.map((r) => r[0]));
    await session.release();
  });
});

describe('export --format tfjs', () => {
  it('writes DIR/model.json and its weights, which tf.loadLayersModel loads and predicts with', async () => {
    const run = deltaml(['export', '--model', 'iris.json', '--format', 'tfjs', '--out', 'iris-tfjs'], dir);
    expect(run.status, run.stderr).toBe(0);
    const files = snapshot(join(dir, 'iris-tfjs'));
    expect([...files.keys()].sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    console.log(
      `iris-tfjs: model.json ${files.get('model.json')?.length} bytes, weights ${files.get('group1-shard1of1.bin')?.length} bytes`,
    );
    const server = createServer((request, response) => {
      const body = files.get((request.url ?? '').split('/').pop() ?? '');
      response.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await tf.setBackend('cpu');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.json`;
      const model = await tf.loadLayersModel(url);
      const got = (await (model.predict(tf.tensor2d(inputs(test))) as tf.Tensor).array()) as number[][];
      const diff = worstDifference(predicted.rows, got);
      console.log(`iris: max |tf.loadLayersModel − predict| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(TOLERANCE);
      const classes = (model.getUserDefinedMetadata() as { classes: string[] }).classes;
      expect(got.map((p) => classes[p.indexOf(Math.max(...p))])).toEqual(predicted.rows.map((r) => r[0]));
    } finally {
      server.close();
    }
  });

  it('replaces a previous export in place, and nothing else', () => {
    const again = deltaml(['export', '--model', 'iris.json', '--format', 'tfjs', '--out', 'iris-tfjs'], dir);
    expect(again.status, again.stderr).toBe(0);
    writeFile(join(dir, 'iris-tfjs'), 'notes.txt', 'mine');
    const before = snapshot(join(dir, 'iris-tfjs'));
    const line = refusalLine(
      deltaml(['export', '--model', 'iris.json', '--format', 'tfjs', '--out', 'iris-tfjs'], dir),
    );
    expect(line).toBe(
      'error: iris-tfjs: cannot write (it holds notes.txt, which an export did not write; give a new or empty directory)',
    );
    expectUnchanged(join(dir, 'iris-tfjs'), before);
  });
});

describe('import --from', () => {
  it.each([
    ['iris.onnx', 'ONNX', 'export --model iris.json --format onnx --out iris.onnx'],
    ['back-tfjs/model.json', 'TensorFlow.js', 'export --model iris.json --format tfjs --out back-tfjs'],
  ])('%s back into a model file that predicts the same', (from, kind, exporting) => {
    expect(deltaml(exporting.split(' '), dir).status).toBe(0);
    const out = `back-${kind}.json`;
    const run = deltaml(['import', '--from', from, '--out', out], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `wrote ${out}: a 4-64-3 network from ${kind}, softmax output, classes ${predicted.rows.length && 'versicolor, setosa, virginica'}\n`,
    );
    const back = csv(deltaml(['predict', '--model', out, '--data', test], dir).stdout);
    expect(back.header).toEqual(predicted.header);
    expect(back.rows.map((r) => r[0])).toEqual(predicted.rows.map((r) => r[0]));
    expect(
      worstDifference(
        predicted.rows,
        back.rows.map((r) => r.slice(1).map(Number)),
      ),
    ).toBeLessThan(TOLERANCE);
  });

  it('an skl2onnx MLPClassifier: predict gives scikit-learn’s predict_proba and labels', () => {
    const name = 'skl2onnx-mlp-classifier-zipmap-on';
    const recorded = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
    const from = join(dir, `${name}.onnx`);
    writeFileSync(from, readFileSync(new URL(`${name}.onnx`, FIXTURES)));
    const data = writeFile(
      dir,
      'sk.csv',
      `x1,x2,x3,x4\n${recorded.inputs.map((r: number[]) => r.join(',')).join('\n')}\n`,
    );
    expect(deltaml(['import', '--from', from, '--out', 'sk.json'], dir).status).toBe(0);
    const got = csv(deltaml(['predict', '--model', 'sk.json', '--data', data], dir).stdout);
    expect(got.rows.map((r) => r[0])).toEqual(recorded.labels);
    expect(worstDifference(got.rows, recorded.probabilities)).toBeLessThan(TOLERANCE);
  });
});

describe('refusals: exit 2, one line, the output left as it was', () => {
  /** A flat directory holding an output file the user had and a copy of the model; its snapshot. */
  const keep = () => {
    const k = scratchDir();
    writeFile(k, 'keep.json', '{"mine": true}\n');
    writeFileSync(join(k, 'iris.json'), readFileSync(join(dir, 'iris.json')));
    return { k, before: snapshot(k) };
  };

  it('an ONNX node it cannot represent, naming the node and its op', () => {
    // a Conv where a layer should be: the torch fixture with its first Gemm's op_type (NodeProto
    // field 4, a 4-byte string: tag 0x22, length 4) renamed to Conv
    const bytes = Buffer.from(readFileSync(new URL('torch-sequential.onnx', FIXTURES)));
    bytes.write('Conv', bytes.indexOf(Buffer.from([0x22, 4, ...Buffer.from('Gemm')])) + 2);
    writeFileSync(join(dir, 'conv.onnx'), bytes);
    const { k, before } = keep();
    const line = refusalLine(deltaml(['import', '--from', 'conv.onnx', '--out', join(k, 'keep.json')], dir));
    expect(line).toMatch(
      /^error: conv\.onnx: node "\/0\/Gemm" \(Conv\) is not supported; deltaml imports Gemm, MatMul/,
    );
    expectUnchanged(k, before);
  });

  it('a truncated ONNX file', () => {
    writeFileSync(join(dir, 'cut.onnx'), readFileSync(join(dir, 'iris.onnx')).subarray(0, 300));
    const { k, before } = keep();
    const line = refusalLine(deltaml(['import', '--from', 'cut.onnx', '--out', join(k, 'keep.json')], dir));
    expect(line).toMatch(/^error: cut\.onnx: not an ONNX model \(the protobuf is truncated or malformed/);
    expectUnchanged(k, before);
  });

  it('a tfjs layer it cannot represent, naming its class', () => {
    expect(deltaml('export --model iris.json --format tfjs --out conv-tfjs'.split(' '), dir).status).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'conv-tfjs', 'model.json'), 'utf8'));
    json.modelTopology.config.layers[1].class_name = 'Conv1D';
    writeFile(join(dir, 'conv-tfjs'), 'model.json', JSON.stringify(json));
    const { k, before } = keep();
    const line = refusalLine(
      deltaml(['import', '--from', 'conv-tfjs/model.json', '--out', join(k, 'keep.json')], dir),
    );
    expect(line).toBe(
      'error: conv-tfjs/model.json: layer "dense_2" (Conv1D) is not supported; deltaml reads InputLayer, Dense, Activation, LeakyReLU and Dropout',
    );
    expectUnchanged(k, before);
  });

  it('a GELU model to tfjs: no directory made', () => {
    const { k, before } = keep();
    const gelu = JSON.parse(readFileSync(join(k, 'iris.json'), 'utf8'));
    gelu.layers[0].activation = 'gelu';
    writeFileSync(join(k, 'iris.json'), JSON.stringify(gelu));
    const line = refusalLine(
      deltaml(['export', '--model', join(k, 'iris.json'), '--format', 'tfjs', '--out', join(k, 'web')], dir),
    );
    expect(line).toMatch(
      /^error: .*iris\.json: not written|^error: layers\[0\] is gelu: TensorFlow\.js 4\.22 cannot load/,
    );
    expect(snapshot(k).size).toBe(before.size);
  });

  it.each([
    [
      ['export', '--model', 'missing.json', '--format', 'onnx', '--out', 'K/m.onnx'],
      /^error: missing\.json: cannot read/,
    ],
    [['export', '--model', 'K/iris.json', '--format', 'keras', '--out', 'K/m.onnx'], /--format.*keras/],
    [['export', '--model', 'K/iris.json', '--format', 'onnx', '--out', 'K/no/such/m.onnx'], /does not exist/],
    [
      ['export', '--model', 'K/iris.json', '--format', 'onnx', '--out', 'K/iris.json'],
      /it is the input file/,
    ],
    [['export', '--model', 'K/iris.json', '--format', 'tfjs', '--out', 'K/keep.json'], /is not a directory/],
    [
      ['import', '--from', 'K/iris.json', '--out', 'K/keep.json'],
      /not a TensorFlow\.js layers model \(no modelTopology object\)/,
    ],
  ])('%j', (args, message) => {
    const { k, before } = keep();
    expect(
      refusalLine(
        deltaml(
          args.map((a) => a.replace(/^K\//, `${k}/`)),
          dir,
        ),
      ),
    ).toMatch(message);
    expectUnchanged(k, before);
  });
});
