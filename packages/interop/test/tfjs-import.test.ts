// The TensorFlow.js importer against models TensorFlow.js itself saved (tf.sequential and a
// functional chain, through model.save): each imported model must predict what tfjs predicts.
// And the round trip deltaml → tfjs → deltaml predicts the same.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromTfjs, InteropError, type TfjsModel, tfjsWeightFiles, toTfjs } from '../src/index.js';
import { inputRows, modelMatrix } from './helpers/models.js';
import { maxDifference, predictRows } from './helpers/reference.js';

/** tfjs computes in float32 against the float64 reference on the same float32 weights: as TFJS_TOLERANCE. */
const TOLERANCE = 1e-5;

beforeAll(() => tf.setBackend('cpu'));

/** What tfjs's own model.save writes, as model.json text and its one weight file. */
async function saved(model: tf.LayersModel, metadata?: object): Promise<TfjsModel> {
  if (metadata) model.setUserDefinedMetadata(metadata);
  let result: TfjsModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: 'layers-model',
        generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      result = {
        modelJSON: JSON.stringify(json),
        weights: new Map([['weights.bin', new Uint8Array(artifacts.weightData as ArrayBuffer)]]),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return result as TfjsModel;
}

const rows = inputRows(40, 4, 3);

function sequential(last: 'softmax' | 'sigmoid' | 'linear', units: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu' }));
  model.add(tf.layers.dropout({ rate: 0.5 }));
  model.add(tf.layers.dense({ units: 5 }));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.dense({ units: 4, activation: 'tanh', useBias: false }));
  model.add(tf.layers.dense({ units, activation: last === 'softmax' ? 'linear' : last }));
  if (last === 'softmax') model.add(tf.layers.activation({ activation: 'softmax' }));
  return model;
}

function functional(): tf.LayersModel {
  const input = tf.input({ shape: [4] });
  const hidden = tf.layers.dense({ units: 7, activation: 'softplus' }).apply(input) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

const tfjsPredict = async (model: tf.LayersModel) =>
  (await (model.predict(tf.tensor2d(rows)) as tf.Tensor).array()) as number[][];

describe('import TensorFlow.js layers models that tfjs saved', () => {
  it.each([
    [
      'a Sequential ending in an Activation softmax, with class names',
      () => sequential('softmax', 3),
      'softmax',
      ['a', 'b', 'c'],
    ],
    ['a Sequential ending in a one-unit sigmoid', () => sequential('sigmoid', 1), 'sigmoid', undefined],
    ['a Sequential regression', () => sequential('linear', 2), 'values', undefined],
    ['a functional chain', functional, 'softmax', undefined],
  ] as const)('%s', async (_name, make, output, classes) => {
    const model = make();
    const { modelJSON, weights } = await saved(model, classes && { classes });
    const spec = fromTfjs(modelJSON, weights);
    expect(spec.output).toBe(output);
    expect(spec.classes).toEqual(classes);
    const want = await tfjsPredict(model);
    const got = predictRows(spec, rows).map((p) => (output === 'sigmoid' ? [p.columns[1]] : p.columns));
    const diff = maxDifference(got, want);
    console.log(`tfjs ${_name}: max |deltaml − tfjs| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
  });
});

describe('deltaml → tfjs → deltaml', () => {
  const cases = modelMatrix().filter((c) => !c.spec.layers.some((l) => l.activation.kind === 'gelu'));
  const x = inputRows(32, 3);
  it.each(cases.map((c) => [c.name, c.spec] as const))('%s predicts the same', (_name, spec) => {
    const { modelJSON, weights } = toTfjs(spec);
    expect(tfjsWeightFiles(modelJSON)).toEqual([...weights.keys()]);
    const back = fromTfjs(modelJSON, weights);
    expect(back.output).toBe(spec.output);
    expect(back.classes).toEqual(spec.classes);
    const want = predictRows(spec, x);
    const got = predictRows(back, x);
    expect(
      maxDifference(
        got.map((p) => p.columns),
        want.map((p) => p.columns),
      ),
    ).toBeLessThan(TOLERANCE);
    expect(got.map((p) => p.index)).toEqual(want.map((p) => p.index));
  });
});

describe('what the tfjs importer refuses, in one line naming the layer', () => {
  it('a layer other than Dense, Activation, LeakyReLU, Dropout, InputLayer', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [4], units: 3, name: 'fc' }));
    model.add(tf.layers.batchNormalization({ name: 'norm' }));
    const { modelJSON, weights } = await saved(model);
    expect(() => fromTfjs(modelJSON, weights)).toThrow(InteropError);
    expect(() => fromTfjs(modelJSON, weights)).toThrow(
      /^model\.json: layer "norm" \(BatchNormalization\) is not supported; deltaml reads InputLayer, Dense/,
    );
  });
  it('an activation it has not', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'elu', name: 'fc' }));
    const { modelJSON, weights } = await saved(model);
    expect(() => fromTfjs(modelJSON, weights)).toThrow(/layer "fc" \(Dense\) has activation "elu"/);
  });
  it('a weight file that is short', async () => {
    const { modelJSON, weights } = await saved(functional());
    const short = new Map([...weights].map(([k, v]) => [k, v.subarray(0, v.length - 4)]));
    expect(() => fromTfjs(modelJSON, short)).toThrow(/needs \d+ bytes, but its files hold \d+ more/);
  });
  it('a weight path outside the model directory', () => {
    const text = JSON.stringify({
      modelTopology: {},
      weightsManifest: [{ paths: ['../secret.bin'], weights: [] }],
    });
    expect(() => tfjsWeightFiles(text)).toThrow(
      /names "\.\.\/secret\.bin"; deltaml reads weight files only from beside model\.json/,
    );
  });
});
