// Conformance checks on core's Model, on every backend (sync and async reads): predictions read
// as values, softmax or sigmoid after the input transform, against the float64 reference; eval's
// metrics; an overflowing example refused with the same message everywhere; and a model trained
// with the Trainer that round-trips through its JSON.

import {
  crossEntropy,
  datasetFromRows,
  ExampleError,
  type InputTransform,
  initModel,
  Model,
  ModelFileError,
  type ModelSpec,
  makeActivation,
  modelToJSON,
  mse,
} from '@deltaml/core';
import { expectClose, expectRejects, expectTrue } from './expect.js';
import { referenceForward, softmax, transpose } from './reference.js';
import { EXACT, FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

/** Rows of raw inputs (one per example) and the model's transform, so the reference sees what the network sees. */
const ROWS = [
  [1, -2],
  [5, 0.5],
  [-3, 4],
  [0.25, 0.75],
];
const TRANSFORM: InputTransform = { kind: 'standardize', mean: [1, -1], std: [2, 0.5] };

/** A 2–3–K network with tanh hidden units and the transform above. */
function network(outputs: number, extra: Partial<ModelSpec>): ModelSpec {
  return {
    inputSize: 2,
    layers: [
      {
        activation: makeActivation('tanh'),
        weights: [
          [0.5, -0.25],
          [0.75, 0.5],
          [-1, 0.25],
        ],
        bias: [0.1, -0.2, 0.3],
      },
      {
        activation: makeActivation('identity'),
        weights: [
          [1, -0.5, 0.25],
          [-0.75, 1, 0.5],
          [0.5, 0.25, -1],
        ].slice(0, outputs),
      },
    ],
    inputTransform: TRANSFORM,
    ...extra,
  };
}

/** Z_L in float64 for ROWS, one list per example. */
function referenceOutputs(spec: ModelSpec): number[][] {
  const X = transpose(ROWS.map((row) => row.map((x, i) => (x - TRANSFORM.mean[i]) / TRANSFORM.std[i])));
  const { Z } = referenceForward(spec, X);
  return transpose(Z[spec.layers.length]);
}

const argmax = (v: number[]) => v.indexOf(Math.max(...v));

const predictCheck: ConformanceCheck = {
  name: 'model: predict reads Z_L as values, softmax or sigmoid after the input transform',
  async run(backend) {
    const values = network(2, {});
    const Z = referenceOutputs(values);
    {
      using model = Model.fromSpec(backend, values);
      const got = await model.predict(ROWS);
      expectTrue(got.output === 'values' && got.width === 2 && got.count === 4, 'values: shape');
      expectClose(Array.from(got.values), Z.flat(), FLOAT32, 'values: y');
    }
    const softmaxSpec = network(3, { classes: ['a', 'b', 'c'] });
    const Zs = referenceOutputs(softmaxSpec);
    {
      using model = Model.fromSpec(backend, softmaxSpec);
      const got = await model.predict(Float64Array.from(ROWS.flat()));
      expectTrue(got.output === 'softmax' && got.width === 3, 'softmax: a classifier of 3 classes');
      expectClose(Array.from(got.values), Zs.flatMap(softmax), FLOAT32, 'softmax: p');
      expectTrue(
        Array.from(got.classes).join() === Zs.map(argmax).join(),
        `softmax: classes ${Array.from(got.classes)}, expected ${Zs.map(argmax)}`,
      );
      expectTrue(model.predictionColumns.join() === 'class,p0,p1,p2', 'softmax: the columns');
    }
    const sigmoidSpec = network(1, { output: 'sigmoid' });
    const Zb = referenceOutputs(sigmoidSpec).map(([z]) => z);
    {
      using model = Model.fromSpec(backend, sigmoidSpec);
      const got = await model.predict(ROWS);
      const p1 = Zb.map((z) => 1 / (1 + Math.exp(-z)));
      expectClose(
        Array.from(got.values),
        p1.flatMap((p) => [1 - p, p]),
        FLOAT32,
        'sigmoid: p0, p1',
      );
      expectTrue(
        Array.from(got.classes).join() === Zb.map((z) => (z > 0 ? 1 : 0)).join(),
        'sigmoid: class 1 where the logit is > 0',
      );
      expectTrue(model.classNames.join() === '0,1', 'sigmoid without classes: the indices name them');
    }
  },
};

const evaluateCheck: ConformanceCheck = {
  name: "model: evaluate gives eval's loss, accuracy, macro-F1, confusion and MAE, RMSE, R²",
  async run(backend) {
    // Z = X: the larger input is the class. True 0, 0, 0, 1, 1; predicted 0, 0, 1, 1, 0.
    const identity = (weights: number[][], extra: Partial<ModelSpec>): ModelSpec => ({
      inputSize: weights[0].length,
      layers: [{ activation: makeActivation('identity'), weights }],
      ...extra,
    });
    const X = [
      [2, 1],
      [3, 1],
      [0, 4],
      [0, 2],
      [5, 1],
    ];
    const truth = [0, 0, 0, 1, 1];
    {
      using model = Model.fromSpec(
        backend,
        identity(
          [
            [1, 0],
            [0, 1],
          ],
          { output: 'softmax' },
        ),
      );
      const got = await model.evaluate(
        datasetFromRows(
          X,
          truth.map((t) => [t]),
        ),
      );
      expectTrue(got.accuracy === 3 / 5, `accuracy ${got.accuracy}, expected 0.6`);
      // class 0: TP 2, FN 1, FP 1 → F1 4/6; class 1: TP 1, FN 1, FP 1 → F1 2/4
      expectClose([got.macro_f1 ?? Number.NaN], [(4 / 6 + 2 / 4) / 2], FLOAT32, 'macro-F1');
      expectTrue(
        JSON.stringify(got.confusion) === '[[2,1],[1,1]]',
        `confusion ${JSON.stringify(got.confusion)}`,
      );
      const ce = X.map((x, n) => -Math.log(softmax(x)[truth[n]]));
      expectClose([got.loss], [ce.reduce((a, b) => a + b) / 5], FLOAT32, 'cross-entropy, mean over examples');
    }
    {
      // z = (x − 10)/2 for 10, 12, 14, 16 is 0, 1, 2, 3; targets 0, 1, 3, 2: SS_res 2, SS_tot 5
      using model = Model.fromSpec(
        backend,
        identity([[1]], { inputTransform: { kind: 'standardize', mean: [10], std: [2] } }),
      );
      const got = await model.evaluate(datasetFromRows([[10], [12], [14], [16]], [[0], [1], [3], [2]]));
      expectClose(
        [got.mae ?? 0, got.rmse ?? 0, got.r2 ?? 0, got.loss],
        [0.5, Math.sqrt(0.5), 1 - 2 / 5, 2 / 8],
        FLOAT32,
        'mae, rmse, r2, mse',
      );
      expectTrue(got.accuracy === undefined, 'no accuracy for values');
    }
  },
};

const overflowCheck: ConformanceCheck = {
  name: 'model: an example or a field that overflows the backend is refused, naming it, the same on every backend',
  async run(backend) {
    const sum: ModelSpec = {
      inputSize: 2,
      layers: [{ activation: makeActivation('sigmoid'), weights: [[1, 1]] }],
      output: 'values',
    };
    const limit = backend.dtype === 'float32' ? 3e38 : 1.7e308;
    using model = Model.fromSpec(backend, sum);
    // the second example's S_1 is beyond the range: sigmoid would hide it on one engine, not another
    await expectRejects(
      () =>
        model.predict([
          [1, 2],
          [limit, limit],
          [1, 1],
        ]),
      ExampleError,
      new RegExp(
        `^data: example 1: layer 1 \\(S_1\\) overflows ${backend.dtype}: scale the inputs or the weights down$`,
      ),
      'an input that overflows S_1',
    );
    await expectRejects(
      () => model.predict([[1, Number.NaN]]),
      ExampleError,
      /^data: example 0: input 1 is NaN; inputs must be finite$/,
      'a NaN input',
    );
    if (backend.dtype === 'float32') {
      await expectRejects(
        () =>
          Model.fromSpec(
            backend,
            { inputSize: 1, layers: [{ activation: makeActivation('leaky_relu', 1e39), weights: [[1]] }] },
            'm.json',
          ),
        ModelFileError,
        /^m\.json: layers\[0\]\.alpha is 1e\+39, outside the float32 range/,
        'a leaky_relu alpha beyond float32',
      );
      await expectRejects(
        () =>
          Model.fromSpec(
            backend,
            { inputSize: 1, layers: [{ activation: makeActivation('identity'), weights: [[1e39]] }] },
            'm.json',
          ),
        ModelFileError,
        /^m\.json: layers\[0\]\.weights\[0\]\[0\] is 1e\+39, outside the float32 range/,
        'a weight beyond float32',
      );
    }
  },
};

const trainCheck: ConformanceCheck = {
  name: 'model: trains with the Trainer, takes its output from the loss and round-trips through its JSON',
  async run(backend) {
    const spec = initModel({
      sizes: [2, 4, 3],
      activations: [makeActivation('relu'), makeActivation('identity')],
      bias: true,
      seed: 5,
    });
    const labels = ROWS.map((_, n) => [n % 3]);
    using model = Model.fromSpec(backend, { ...spec, inputTransform: TRANSFORM, classes: ['x', 'y', 'z'] });
    await expectRejects(
      () =>
        model.trainer(datasetFromRows(ROWS, ROWS), { loss: mse(), lr: 0.1, batchSize: 'full', epochs: 1 }),
      Error,
      /loss mse: the model has class names \(3 classes\)/,
      'a regression loss for a model with class names',
    );
    const data = datasetFromRows(ROWS, labels);
    const before = (await model.evaluate(data)).loss;
    const result = await model.train(data, {
      loss: crossEntropy(),
      lr: 0.5,
      batchSize: 'full',
      epochs: 20,
      shuffle: false,
    });
    const after = (await model.evaluate(data)).loss;
    expectTrue(result.epochs === 20 && after < before, `20 epochs lower the loss: ${before} → ${after}`);
    const saved = await model.readSpec();
    expectTrue(saved.output === 'softmax' && saved.classes?.join() === 'x,y,z', 'output and classes kept');
    using again = Model.load(backend, JSON.stringify(modelToJSON(saved)));
    const [a, b] = [await model.predict(ROWS), await again.predict(ROWS)];
    expectClose(Array.from(b.values), Array.from(a.values), EXACT, 'the reloaded model predicts the same');
    expectTrue(
      model.classIndex('y') === 1 && model.classIndex(' z ') === 2 && model.classIndex(0) === 0,
      'labels by name and index',
    );
  },
};

/** The Model checks, in the order they are reported. */
export const modelChecks: readonly ConformanceCheck[] = [
  predictCheck,
  evaluateCheck,
  overflowCheck,
  trainCheck,
];
