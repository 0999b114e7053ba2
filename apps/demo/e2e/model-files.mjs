// End-to-end checks of the Train panel's model files. The network is downloaded through the
// browser's real downloads as a deltaml model file, as ONNX and as a TensorFlow.js zip, and each
// file is then run here in Node — by core's Model, by ONNX Runtime and by TensorFlow.js — against
// the page's own numbers; a model file made here is uploaded into Train and must train from its
// weights; corrupt files are refused in one line with the network untouched. The page's dataset is
// rebuilt here from the page's own modules (vite's SSR loader), so the expected numbers come from
// the files and the data, never from the page.
// @ts-check (the demo's `typecheck` covers this file: JSDoc types, see tsconfig.json)

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCpuBackend } from '@deltaml/backend-cpu';
import { initModel, Model, modelToJSON } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-node';
import { createServer } from 'vite';
import { assert, textOf, trainStatus, waitForTrain } from './page-helpers.mjs';

/** @typedef {import('./checks.mjs').Check} Check */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('../src/logic/train-data.js')} TrainDataModule */
/** @typedef {import('../src/logic/train-setup.js')} TrainSetupModule */

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/**
 * The page trains on the cpu backend (float64) and core's Model here runs the same kernels on the
 * same weights (a model file's numbers are written in round-trip notation) and the same points
 * (rebuilt from the same seed by the page's own code), so the losses agree but for the order of
 * float additions: 1e-12 relative.
 */
const SAME_FLOAT64 = 1e-12;
/**
 * ONNX Runtime and tfjs compute in float32 against the float64 of core's Model: each probability
 * passes 3 layers of ≤ 8 products of trained weights of O(1) (each rounded to float32 once), so its
 * error is some tens of float32 ulps of O(1), ≈ 1e-6; 1e-5 leaves room for the runtimes' float32
 * exp and tanh, and a wrong weight, bias or head is off by far more.
 */
const FLOAT32_RUNTIME = 1e-5;
/** The playground trained on here: cpu (float64) so the page's numbers can be matched exactly. */
const SETUP_QUERY = 'backend=cpu&data=spiral&points=200&hidden=6,4&activation=tanh&lr=0.03&seed=5';
/**
 * One-step clicks before the download, so the weights are not the seeded ones; a fixed count (not a
 * timed run) gives the same network on every machine, so the runtimes' differences do not vary.
 */
const TRAIN_STEPS = 40;

/** @type {Promise<{ data: TrainDataModule, setups: TrainSetupModule, close: () => Promise<void> }> | null} */
let pageModules = null;

/** The page's data and setup modules, loaded once by vite's SSR loader (the sources the page is built from). */
function loadPageModules() {
  pageModules ??= (async () => {
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'warn',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    const data = /** @type {TrainDataModule} */ (await server.ssrLoadModule('/src/logic/train-data.ts'));
    const setups = /** @type {TrainSetupModule} */ (await server.ssrLoadModule('/src/logic/train-setup.ts'));
    return { data, setups, close: () => server.close() };
  })();
  return pageModules;
}

/**
 * The page's training and test data, rebuilt here for the setup in its address.
 * @param {Page} page
 */
async function pageData(page) {
  const { data, setups } = await loadPageModules();
  const { setup, problems } = setups.decodeSetup(new URL(page.url()).search);
  assert(problems.length === 0, `the page's address has problems: ${problems.join('; ')}`);
  return { setup, train: data.trainData(setup) };
}

/**
 * Clicks `selector` and takes the file the browser downloads.
 * @param {Page} page
 * @param {string} selector
 */
async function download(page, selector) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click(selector),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/**
 * `got` within `tolerance` of `want`, relative to the larger magnitude (absolute below 1).
 * @param {number} got
 * @param {number} want
 * @param {number} tolerance
 */
const near = (got, want, tolerance) =>
  Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(got), Math.abs(want));

/**
 * The largest |a − b| over two row-major lists of rows.
 * @param {ArrayLike<number>} a
 * @param {ArrayLike<number>} b
 */
function maxDifference(a, b) {
  assert(a.length === b.length, `${a.length} numbers against ${b.length}`);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}

/**
 * Waits for the model-file message to say something about `file`, and returns it.
 * @param {Page} page
 * @param {string} file
 */
async function fileMessage(page, file) {
  await page.waitForFunction(
    (name) => document.getElementById('train-file-message')?.textContent?.includes(name),
    file,
    { timeout: 30_000, polling: 50 },
  );
  return {
    text: await textOf(page, '#train-file-message'),
    error: await page.$eval('#train-file-message', (el) => el.classList.contains('error')),
  };
}

/**
 * Waits for the worker's first snapshot of a new network (after a load or a setup).
 * @param {Page} page
 */
async function firstSnapshot(page) {
  await waitForTrain(
    page,
    () => {
      const d = document.getElementById('train-status')?.dataset;
      return d?.steps === '0' && d.weights !== undefined;
    },
    undefined,
    60_000,
  );
}

/** @type {Check[]} */
export const modelFileChecks = [
  {
    name: 'Train: the network downloads as a deltaml model file, ONNX and a TF.js zip, which core, ONNX Runtime and TensorFlow.js run as the page does',
    async run(ctx) {
      const { page } = ctx;
      await page.goto(`${ctx.url}?${SETUP_QUERY}#train`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await firstSnapshot(page);
      // clicked in the page: one click per step, without the round trip of a driven click each
      await page.$eval(
        '#train-step',
        (button, n) => {
          for (let k = 0; k < n; k++) /** @type {HTMLButtonElement} */ (button).click();
        },
        TRAIN_STEPS,
      );
      await waitForTrain(
        page,
        (steps) => document.getElementById('train-status')?.dataset.steps === String(steps),
        TRAIN_STEPS,
        60_000,
      );
      const status = await trainStatus(page);
      const { train } = await pageData(page);

      const file = await download(page, '#train-download-deltaml');
      assert(file.name === 'deltaml-spiral.json', `the model file downloads as ${file.name}`);
      const backend = createCpuBackend();
      const model = Model.load(backend, file.bytes.toString('utf8'), file.name);
      const json = JSON.parse(file.bytes.toString('utf8'));
      assert(
        json.output === 'softmax',
        `the model file's output is ${json.output} (cross-entropy reads softmax)`,
      );
      assert(
        !('classes' in json) && !('inputTransform' in json),
        'the model file has classes or an inputTransform the playground does not have',
      );
      const sizes = [
        model.inputSize,
        ...json.layers.map((/** @type {{ weights: unknown[] }} */ l) => l.weights.length),
      ];
      assert(sizes.join(',') === '2,6,4,3', `the model file's sizes are ${sizes}`);
      const trainScores = await model.evaluate(train.train);
      const testScores = await model.evaluate(train.test);
      assert(
        near(trainScores.loss, Number(status.loss), SAME_FLOAT64) &&
          near(testScores.loss, Number(status.testLoss), SAME_FLOAT64),
        `core's Model scores the file ${trainScores.loss} / ${testScores.loss}, the page ${status.loss} / ${status.testLoss}`,
      );
      assert(
        trainScores.accuracy === Number(status.accuracy),
        `accuracy ${trainScores.accuracy} here, ${status.accuracy} on the page`,
      );
      ctx.log(
        `${file.name} at step ${status.steps}: training loss ${trainScores.loss} here, ${status.loss} on the page`,
      );
      const inputs = train.test.inputs;
      const count = train.test.count;
      const predicted = await model.predict(inputs);

      const onnx = await download(page, '#train-download-onnx');
      assert(onnx.name === 'deltaml-spiral.onnx', `ONNX downloads as ${onnx.name}`);
      const session = await ort.InferenceSession.create(onnx.bytes);
      const results = await session.run({
        x: new ort.Tensor('float32', Float32Array.from(inputs), [count, 2]),
      });
      await session.release();
      const onnxDiff = maxDifference(
        /** @type {Float32Array} */ (results.probabilities.data),
        predicted.values,
      );
      assert(onnxDiff <= FLOAT32_RUNTIME, `ONNX Runtime's probabilities are off by ${onnxDiff}`);
      const onnxClasses = Array.from(/** @type {BigInt64Array} */ (results.class.data), Number);
      const classDiffers = onnxClasses.filter((k, n) => {
        const p = predicted.values.subarray(3 * n, 3 * n + 3);
        const sorted = [...p].sort((a, b) => b - a);
        return k !== predicted.classes[n] && sorted[0] - sorted[1] > 2 * FLOAT32_RUNTIME; // not a float32 tie
      });
      assert(
        classDiffers.length === 0,
        `ONNX Runtime predicts other classes for ${classDiffers.length} examples`,
      );

      const zip = await download(page, '#train-download-tfjs');
      assert(zip.name === 'deltaml-spiral-tfjs.zip', `the TF.js model downloads as ${zip.name}`);
      const files = unzipSync(zip.bytes);
      const modelJSON = JSON.parse(strFromU8(files['model.json']));
      const [group] = modelJSON.weightsManifest;
      assert(group.paths.length === 1 && files[group.paths[0]], `the zip holds ${Object.keys(files)}`);
      const weights = files[group.paths[0]];
      await tf.setBackend('cpu');
      const layers = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: modelJSON.modelTopology,
          weightSpecs: group.weights,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        }),
      );
      const output = /** @type {import('@tensorflow/tfjs').Tensor} */ (
        layers.predict(tf.tensor2d(Float32Array.from(inputs), [count, 2]))
      );
      const tfjsDiff = maxDifference(await output.data(), predicted.values);
      tf.dispose(output);
      layers.dispose();
      assert(tfjsDiff <= FLOAT32_RUNTIME, `TensorFlow.js's predictions are off by ${tfjsDiff}`);
      ctx.log(
        `${count} test points: max |ONNX Runtime − core| ${onnxDiff.toExponential(2)}, max |TensorFlow.js − core| ${tfjsDiff.toExponential(2)}`,
      );
    },
  },
  {
    name: 'Train: a model file loaded into Train shows its layers, scores as the file does and trains from its weights',
    async run(ctx) {
      const { page } = ctx;
      const { train, setup } = await pageData(page);
      const spec = {
        ...initModel({
          sizes: [2, 5, 3],
          activations: [{ kind: 'relu' }, { kind: 'identity' }],
          bias: true,
          seed: 11,
        }),
        output: /** @type {const} */ ('softmax'),
        // as `train --standardize` writes it: the page must read its data through it, as core's Model does
        inputTransform: { kind: /** @type {const} */ ('standardize'), mean: [0.1, -0.1], std: [0.6, 0.7] },
      };
      const backend = createCpuBackend();
      const want = await Model.fromSpec(backend, spec).evaluate(train.train);
      await page.setInputFiles('#train-load-file', {
        name: 'uploaded.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(modelToJSON(spec))),
      });
      const message = await fileMessage(page, 'uploaded.json');
      assert(
        !message.error && message.text.startsWith('Loaded uploaded.json'),
        `the page says: ${message.text}`,
      );
      await firstSnapshot(page);
      const form = await page.evaluate(() => ({
        hidden: /** @type {HTMLInputElement} */ (document.getElementById('train-hidden')).value,
        activation: /** @type {HTMLSelectElement} */ (document.getElementById('train-activation')).value,
        neurons: document.querySelectorAll('#train button.neuron').length,
      }));
      assert(
        form.hidden === '5' && form.activation === 'relu' && form.neurons === 2 + 5 + 3,
        `the form after the load: ${JSON.stringify(form)}`,
      );
      const loaded = await trainStatus(page);
      assert(
        near(Number(loaded.loss), want.loss, SAME_FLOAT64),
        `the page's loss of the loaded network is ${loaded.loss}, the file's ${want.loss}`,
      );
      await page.click('#train-step');
      await waitForTrain(page, () => document.getElementById('train-status')?.dataset.steps === '1');
      const stepped = await download(page, '#train-download-deltaml');
      const after = JSON.parse(stepped.bytes.toString('utf8'));
      assert(
        JSON.stringify(after.inputTransform) === JSON.stringify(spec.inputTransform),
        `the download after the load has inputTransform ${JSON.stringify(after.inputTransform)}`,
      );
      /** @type {number[]} */
      const moved = after.layers.flatMap(
        (/** @type {{ weights: number[][] }} */ layer, /** @type {number} */ l) =>
          layer.weights.flat().map((w, k) => Math.abs(w - spec.layers[l].weights.flat()[k])),
      );
      // Adam's first step moves each weight by lr·g/(|g| + ε): at most lr (held in float32) from the file's
      const most = Math.max(...moved);
      assert(
        most > 0 && most <= setup.lr * (1 + 2 ** -24),
        `one step moved the file's weights by up to ${most} (lr ${setup.lr})`,
      );
      ctx.log(
        `uploaded.json: loss ${loaded.loss} on the page, ${want.loss} from the file; one step moved weights ≤ ${most.toExponential(2)}`,
      );
    },
  },
  {
    name: 'Train: a corrupt model file is refused in one line naming it, and the network stays as it was',
    async run(ctx) {
      try {
        await refuseCorrupt(ctx);
      } finally {
        await (await loadPageModules()).close();
      }
    },
  },
];

/**
 * Uploads each file and checks it is refused in one line naming it, and that nothing changed.
 * @param {import('./checks.mjs').CheckContext} ctx
 * @param {{ name: string, buffer: Buffer, want: RegExp }[]} files
 */
async function expectRefused(ctx, files) {
  const { page } = ctx;
  const before = await trainStatus(page);
  const hidden = await page.inputValue('#train-hidden');
  for (const { name, buffer, want } of files) {
    await page.setInputFiles('#train-load-file', { name, mimeType: 'application/octet-stream', buffer });
    const message = await fileMessage(page, name);
    assert(
      message.error && want.test(message.text) && !message.text.includes('\n'),
      `${name}: the page says ${message.text}`,
    );
    ctx.log(message.text);
  }
  const after = await trainStatus(page);
  for (const key of ['steps', 'weights', 'loss', 'dataset', 'backend'])
    assert(after[key] === before[key], `${key} was ${before[key]}, is ${after[key]} after the refusals`);
  assert((await page.inputValue('#train-hidden')) === hidden, 'the form changed after the refusals');
  assert(
    !(await page.$eval('#train-status', (el) => el.classList.contains('error'))),
    'the status line shows an error',
  );
}

/**
 * Files the readers refuse, then one the page takes but the float32 wasm backend cannot hold (the
 * worker refuses it, having built nothing in place of the current network).
 * @param {import('./checks.mjs').CheckContext} ctx
 */
async function refuseCorrupt(ctx) {
  const { page } = ctx;
  await expectRefused(ctx, [
    {
      name: 'corrupt.onnx',
      buffer: Buffer.from([0x08, 0x07, 0x12, 0xff, 0xff, 0xff, 0x0f, 0x01]),
      want: /^corrupt\.onnx: not an ONNX model/,
    },
    {
      name: 'corrupt.json',
      buffer: Buffer.from(
        '{"format": "deltaml/mlp@1", "inputSize": 2, "layers": [{"activation": "identity", "weights": [[1, 2, 3]]}]}',
      ),
      want: /^corrupt\.json: layers\[0\]\.weights\[0\] has 3 numbers, expected 2$/,
    },
  ]);
  await page.selectOption('#train-backend', 'wasm');
  await waitForTrain(
    page,
    () => {
      const d = document.getElementById('train-status')?.dataset;
      return d?.backend === 'wasm' && d.steps === '0' && d.weights !== undefined;
    },
    undefined,
    60_000,
  );
  const huge = initModel({
    sizes: [2, 4, 3],
    activations: [{ kind: 'tanh' }, { kind: 'identity' }],
    seed: 2,
  });
  huge.layers[0].weights[0][0] = 1e39;
  await expectRefused(ctx, [
    {
      name: 'huge.json',
      buffer: Buffer.from(JSON.stringify(modelToJSON({ ...huge, output: 'softmax' }))),
      want: /^huge\.json: layers\[0\]\.weights\[0\]\[0\] is 1e\+39, outside the float32 range \(±3\.4e38\)$/,
    },
  ]);
}
