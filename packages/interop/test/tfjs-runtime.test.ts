// Every exported TensorFlow.js model judged by TensorFlow.js itself: tf.loadLayersModel over HTTP
// (model.json, then the weight files its manifest names), then predict on raw inputs, which must
// give predict's p… or y… columns, with the class names in userDefinedMetadata.

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteropError, toTfjs } from '../src/index.js';
import { inputRows, model, modelMatrix } from './helpers/models.js';
import { maxDifference, predictRows } from './helpers/reference.js';
import { serveDirectory } from './helpers/serve.js';
import { writeTfjsModel } from './helpers/tfjs-files.js';

/**
 * tfjs's CPU backend computes in float32 against the float64 reference: as for ONNX (~10 float32
 * ulps of O(1) values through 3 layers), plus the folded standardisation, whose W/σ and
 * b − Wμ/σ are rounded to float32 once more; 1e-5 keeps room for that and for tfjs's float32
 * exp/tanh.
 */
export const TFJS_TOLERANCE = 1e-5;

const rows = inputRows(64, 3);
let server: Awaited<ReturnType<typeof serveDirectory>>;
/** GELU is refused by this exporter (see tfjs/export.ts); every other model must load and agree. */
const cases = modelMatrix().filter((c) => !c.spec.layers.some((layer) => layer.activation.kind === 'gelu'));

beforeAll(async () => {
  await tf.setBackend('cpu');
  server = await serveDirectory('/');
});
afterAll(() => server.close());

describe('export to TensorFlow.js, loaded by tf.loadLayersModel', () => {
  let worst = 0;
  it.each(cases.map((c) => [c.name, c.spec] as const))('%s', async (_name, spec) => {
    const directory = writeTfjsModel(toTfjs(spec));
    const model = await tf.loadLayersModel(`${server.url}${directory.slice(1)}/model.json`);
    const output = model.predict(tf.tensor2d(rows)) as tf.Tensor;
    const got = (await output.array()) as number[][];
    const diff = maxDifference(
      got,
      predictRows(spec, rows).map((p) => p.columns),
    );
    worst = Math.max(worst, diff);
    expect(diff).toBeLessThan(TFJS_TOLERANCE);
    expect(model.getUserDefinedMetadata()).toEqual(spec.classes ? { classes: spec.classes } : undefined);
    model.dispose();
  });
  it('reports its largest difference', () => {
    console.log(`max |TensorFlow.js − deltaml| = ${worst.toExponential(2)}`);
    expect(worst).toBeGreaterThan(0);
  });
});

describe('a GELU model', () => {
  it('is refused with one line naming the layer, since tfjs 4.22 cannot load its tanh form', () => {
    const spec = model('gelu', 'softmax', false, false);
    expect(() => toTfjs(spec)).toThrow(InteropError);
    expect(() => toTfjs(spec)).toThrow(/^layers\[0\] is gelu: TensorFlow.js 4.22 cannot load/);
  });
});
