import { createCpuBackend } from '@deltaml/backend-cpu';
import {
  InputError,
  initModel,
  type LayerSpec,
  Model,
  type ModelSpec,
  makeLoss,
  modelFromJSON,
  modelToJSON,
  parseModel,
} from '@deltaml/core';
import { fromOnnx, fromTfjs, toOnnx, WEIGHTS_FILE } from '@deltaml/interop';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { featureRows } from '../src/logic/features.js';
import { gridPoints } from '../src/logic/heatmap.js';
import { exportModel } from '../src/logic/model-exports.js';
import { fitModel, modelFileOf, readModelFile } from '../src/logic/model-file.js';
import { trainData } from '../src/logic/train-data.js';
import { activationsOf, TrainSession } from '../src/logic/train-session.js';
import { DEFAULT_SETUP, type TrainSetup } from '../src/logic/train-setup.js';

/**
 * ONNX and tfjs hold float32 numbers: a weight read back is its float32 rounding, within 2⁻²⁴
 * relative of the float64 it was (the weights here are below 2, so 1.2e-7 absolute); anything
 * misplaced or mistransposed is off by far more.
 */
const FLOAT32_ROUNDING = 1.2e-7;

/** The default spiral's seeded network as the worker holds it: 2 → 8 → 8 → 3, tanh, with biases. */
function seeded(setup: TrainSetup = DEFAULT_SETUP): ModelSpec {
  const sizes = [setup.features.length, ...setup.hidden, 3];
  return initModel({ sizes, activations: activationsOf(setup), bias: true, seed: setup.seed });
}

function expectSameLayers(got: readonly LayerSpec[], want: readonly LayerSpec[], tolerance: number): void {
  expect(got.map((l) => l.activation)).toEqual(want.map((l) => l.activation));
  got.forEach((layer, l) => {
    const flat = (x: LayerSpec) => [...x.weights.flat(), ...(x.bias ?? [])];
    const [a, b] = [flat(layer), flat(want[l])];
    expect(a.length).toBe(b.length);
    expect(Math.max(...a.map((x, k) => Math.abs(x - b[k])))).toBeLessThanOrEqual(tolerance);
  });
}

describe('the panel’s network as a model file', () => {
  test('reads Z_L as the setup’s loss does; a seeded network has no inputTransform, and no network has classes', () => {
    const network = seeded();
    for (const [loss, output] of [
      ['cross-entropy', 'softmax'],
      ['hinge', 'softmax'],
      ['mse', 'values'],
      ['binary-cross-entropy', 'sigmoid'],
    ] as const) {
      const spec = modelFileOf({ ...DEFAULT_SETUP, loss }, network);
      expect(spec.output).toBe(output);
      expect(spec.classes).toBeUndefined();
      expect(spec.inputTransform).toBeUndefined();
      expect(spec.layers).toBe(network.layers);
    }
  });

  test('downloads as the text the CLI writes, which core reads back number for number', () => {
    const spec = modelFileOf(DEFAULT_SETUP, seeded());
    const file = exportModel(spec, 'deltaml', 'deltaml-spiral');
    expect([file.name, file.type]).toEqual(['deltaml-spiral.json', 'application/json']);
    const back = parseModel(new TextDecoder().decode(file.bytes), file.name);
    expect(back).toEqual(modelFromJSON(modelToJSON(spec)));
    expect(back.output).toBe('softmax');
  });

  test('downloads as ONNX that interop’s reader takes back to the same network', () => {
    const spec = modelFileOf(DEFAULT_SETUP, seeded());
    const file = exportModel(spec, 'onnx', 'deltaml-spiral');
    expect(file.name).toBe('deltaml-spiral.onnx');
    const back = fromOnnx(file.bytes, file.name);
    expect(back.output).toBe('softmax');
    expectSameLayers(back.layers, spec.layers, FLOAT32_ROUNDING);
  });

  test('downloads as a zip of model.json and its weights, a layers model interop reads back', () => {
    const spec = modelFileOf(DEFAULT_SETUP, seeded());
    const file = exportModel(spec, 'tfjs', 'deltaml-spiral');
    expect([file.name, file.type]).toEqual(['deltaml-spiral-tfjs.zip', 'application/zip']);
    const files = unzipSync(file.bytes);
    expect(Object.keys(files).sort()).toEqual(['group1-shard1of1.bin', 'model.json'].sort());
    const back = fromTfjs(strFromU8(files['model.json']), new Map([[WEIGHTS_FILE, files[WEIGHTS_FILE]]]));
    expect(back.output).toBe('softmax');
    // tfjs's last Dense carries the softmax; the reader takes it back off as the output
    expectSameLayers(back.layers, spec.layers, FLOAT32_ROUNDING);
  });

  test('a network the tfjs writer cannot take is refused with its message', () => {
    const setup: TrainSetup = { ...DEFAULT_SETUP, activation: 'gelu' };
    const spec = modelFileOf(setup, seeded(setup));
    expect(() => exportModel(spec, 'tfjs', 'x')).toThrow(
      /^layers\[0\] is gelu: TensorFlow.js 4.22 cannot load/,
    );
  });
});

describe('a chosen file read as a model', () => {
  const spec = modelFileOf(DEFAULT_SETUP, seeded());

  test('by its name: .onnx is ONNX, anything else a deltaml model file', () => {
    const json = new TextEncoder().encode(JSON.stringify(modelToJSON(spec)));
    expect(readModelFile('mine.json', json)).toEqual(modelFromJSON(modelToJSON(spec)));
    expectSameLayers(readModelFile('mine.ONNX', toOnnx(spec)).layers, spec.layers, FLOAT32_ROUNDING);
  });

  test('a broken file is refused in one line naming it, by the readers’ own messages', () => {
    const bytes = new TextEncoder().encode('{"format": "deltaml/mlp@1", "inputSize": 2, "layers": [');
    expect(() => readModelFile('broken.json', bytes)).toThrow(/^broken\.json: not valid JSON/);
    expect(() => readModelFile('broken.onnx', bytes)).toThrow(/^broken\.onnx: not an ONNX model/);
    const wrongRow = { ...modelToJSON(spec), inputSize: 3 };
    expect(() => readModelFile('rows.json', new TextEncoder().encode(JSON.stringify(wrongRow)))).toThrow(
      /^rows\.json: layers\[0\]\.weights\[0\] has 2 numbers, expected 3$/,
    );
  });
});

describe('a loaded model fitted to the form', () => {
  /** A model of `sizes`, f in the hidden layers, as a file would hold it. */
  const file = (sizes: number[], f: 'relu' | 'tanh', output?: ModelSpec['output']): ModelSpec => ({
    ...initModel({
      sizes,
      activations: [...sizes.slice(2).map(() => ({ kind: f })), { kind: 'identity' as const }],
      bias: true,
      seed: 7,
    }),
    ...(output && { output }),
  });

  test('its hidden sizes and activation go to the form; a loss that reads it so stays, with its parameters', () => {
    const setup: TrainSetup = { ...DEFAULT_SETUP, loss: 'hinge', lossParameters: { margin: 0.5 } };
    const spec = file([2, 5, 4, 3], 'relu', 'softmax');
    const { setup: next, model } = fitModel(setup, spec, 3, 'm.json');
    expect([next.hidden, next.activation, next.loss, next.lossParameters]).toEqual([
      [5, 4],
      'relu',
      'hinge',
      { margin: 0.5 },
    ]);
    expect({ ...next, hidden: setup.hidden, activation: setup.activation }).toEqual(setup); // nothing else changes
    expect(model.layers.map((l) => l.weights)).toEqual(spec.layers.map((l) => l.weights));
  });

  test('a model read otherwise gets the loss that reads it (its default parameters); no output means values', () => {
    const xor: TrainSetup = { ...DEFAULT_SETUP, dataset: 'xor' };
    const sigmoid = fitModel(xor, file([2, 4, 1], 'tanh', 'sigmoid'), 2, 'bce.onnx');
    expect([sigmoid.setup.loss, sigmoid.setup.lossParameters]).toEqual(['binary-cross-entropy', {}]);
    const values = fitModel(DEFAULT_SETUP, file([2, 3], 'tanh'), 3, 'init.json');
    expect([values.setup.loss, values.setup.hidden, values.model.output]).toEqual(['mse', [], 'values']);
    expect(values.setup.activation).toBe(DEFAULT_SETUP.activation); // no hidden layer says otherwise
  });

  test('a layer without a bias starts with b = 0, so it predicts as the file does and trains its bias', async () => {
    const noBias = initModel({
      sizes: [2, 4, 3],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      seed: 3,
    });
    const { model } = fitModel(DEFAULT_SETUP, { ...noBias, output: 'softmax' }, 3, 'nb.json');
    expect(model.layers.map((l) => l.bias)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0],
    ]);
    const backend = createCpuBackend();
    const rows = [
      [0.3, -0.2],
      [-1, 0.5],
    ];
    const want = await Model.fromSpec(backend, { ...noBias, output: 'softmax' }).predict(rows);
    expect((await Model.fromSpec(backend, model).predict(rows)).values).toEqual(want.values);
  });

  test('what the form cannot hold is refused in one line naming the file', () => {
    const refusal = (setup: TrainSetup, spec: ModelSpec, classes = 3) => {
      try {
        fitModel(setup, spec, classes, 'm.json');
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    const good = file([2, 5, 3], 'tanh', 'softmax');
    expect(refusal(DEFAULT_SETUP, file([3, 5, 3], 'tanh', 'softmax'))).toBe(
      'm.json: it takes 3 inputs, but 2 features are chosen (x1, x2); choose 3 features first',
    );
    expect(refusal(DEFAULT_SETUP, file([2, 17, 3], 'tanh', 'softmax'))).toBe(
      'm.json: hidden layer 1 has 17 neurons; the playground trains at most 16 per layer',
    );
    expect(refusal(DEFAULT_SETUP, file([2, 2, 2, 2, 2, 2, 2, 2, 3], 'tanh', 'softmax'))).toBe(
      'm.json: it has 7 hidden layers; the playground trains at most 6',
    );
    expect(refusal(DEFAULT_SETUP, good, 2)).toBe(
      "m.json: it has 3 outputs (softmax), but cross-entropy on the spiral dataset's 2 classes needs 2; pick a dataset it was made for",
    );
    const [first, last] = good.layers;
    expect(
      refusal(DEFAULT_SETUP, { ...good, layers: [first, { ...last, activation: { kind: 'sigmoid' } }] }),
    ).toBe(
      "m.json: its last layer's activation is sigmoid; the playground's output layer is identity (the loss reads Z_L)",
    );
    const deep = file([2, 4, 4, 3], 'tanh', 'softmax');
    const mixed = {
      ...deep,
      layers: [deep.layers[0], { ...deep.layers[1], activation: { kind: 'relu' } }, deep.layers[2]],
    } as ModelSpec;
    expect(refusal(DEFAULT_SETUP, mixed)).toBe(
      'm.json: layer 2 is relu but layer 1 is tanh; the playground trains one activation in every hidden layer',
    );
    const leaky = {
      ...good,
      layers: [{ ...first, activation: { kind: 'leaky_relu', alpha: 0.2 } }, last],
    } as ModelSpec;
    expect(refusal(DEFAULT_SETUP, leaky)).toBe(
      'm.json: its hidden layers are leaky_relu (alpha 0.2); the playground trains leaky_relu with alpha 0.01 only',
    );
  });

  test('its input transform goes with the network: the session reads the data and the grid through it, as core’s Model does', async () => {
    const backend = createCpuBackend();
    const inputTransform = { kind: 'standardize', mean: [0.1, -0.2], std: [0.5, 2] } as const;
    const spec: ModelSpec = { ...file([2, 5, 3], 'tanh', 'softmax'), inputTransform };
    const { setup, model } = fitModel(DEFAULT_SETUP, spec, 3, 'scaled.json');
    expect(model.inputTransform).toEqual(inputTransform);
    const session = new TrainSession(backend, setup, model);
    try {
      const reference = Model.fromSpec(backend, spec);
      const raw = trainData(setup);
      const first = await session.snapshot(1, false, 0);
      expect(first.trainLoss).toBe((await reference.evaluate(raw.train, makeLoss('cross-entropy'))).loss);
      expect(first.testLoss).toBe((await reference.evaluate(raw.test, makeLoss('cross-entropy'))).loss);
      const { scores } = await session.gridOutputs();
      const M = session.grid.cols * session.grid.rows;
      const predicted = await reference.predict(featureRows(gridPoints(session.grid), setup.features));
      const byClass = Array.from(
        { length: M * 3 },
        (_, k) => predicted.values[(k % M) * 3 + Math.floor(k / M)],
      );
      // the grid keeps Z_L as float32 (it colours pixels): logits of |z| < 10 are off by < 6e-7,
      // which moves a softmax probability by less than that; 1e-6
      expect(Math.max(...byClass.map((p, k) => Math.abs(p - scores[k])))).toBeLessThan(1e-6);
      // and the download carries it
      expect(modelFileOf(setup, await session.spec()).inputTransform).toEqual(inputTransform);
    } finally {
      session.dispose();
    }
  });

  test('training continues from the loaded weights: the session starts where the file is', async () => {
    const backend = createCpuBackend();
    const spec = file([2, 6, 3], 'relu', 'softmax');
    const { setup, model } = fitModel(DEFAULT_SETUP, spec, 3, 'm.json');
    const session = new TrainSession(backend, setup, model);
    try {
      expect((await session.network.readModel()).layers).toEqual(model.layers);
      const first = await session.snapshot(1, false, 0);
      const data = trainData(setup);
      const want = await Model.fromSpec(backend, spec).evaluate(data.train, makeLoss('cross-entropy'));
      expect([first.steps, first.trainLoss]).toEqual([0, want.loss]);
      await session.trainFor(0);
      const after = await session.network.readModel();
      // Adam's first step moves each weight by lr·g/(|g| + ε), at most lr (held in float32, within
      // 2⁻²⁴ relative of 0.03): from the file's weights, not the seeded ones
      const moved = after.layers.flatMap((l, k) =>
        l.weights.flat().map((w, j) => Math.abs(w - model.layers[k].weights.flat()[j])),
      );
      expect(Math.max(...moved)).toBeGreaterThan(0);
      expect(Math.max(...moved)).toBeLessThanOrEqual(setup.lr * (1 + 2 ** -24));
    } finally {
      session.dispose();
    }
  });
});
