#!/usr/bin/env node
// The consumer smoke test: installs the packed tarballs with plain npm in a temporary folder
// outside the workspace, the way a developer adds deltaml to their app, and checks that
//   1. a plain Node ESM script trains the seed's Exercise 2 network one step (lr 0.5, full batch)
//      on backend-cpu and backend-wasm and gets the seed's updated W_2 and W_1;
//   2. `npx deltaml grad` on the Exercise 2 files prints the seed's loss and ∂L/∂W_2;
//   3. a tiny Vite page importing @deltaml/backend-wasm builds and ships the wasm kernels.
// npm runs with --ignore-scripts: the only install scripts in the tree are tfjs-node's (an optional
// dependency of backend-tfjs whose script downloads libtensorflow from outside the npm registry)
// and core-js's funding banner; backend-tfjs reports the missing native binding and falls back.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kilobytes, packAll } from './pack-packages.mjs';

/** The seed prints 4 decimals; 1e-4 allows for that truncation on top of float32 rounding. */
const TOLERANCE = 1e-4;
const VITE_VERSION = '8.3.8';
const examples = new URL('../packages/cli/examples/', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'deltaml-consumer-'));
const app = join(temp, 'app');
const results = [];

function check(name, run) {
  try {
    run();
    results.push({ name, ok: true });
    console.log(`  ok    ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  FAIL  ${name}: ${error.message}`);
  }
}

function run(command, args) {
  return execFileSync(command, args, { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Throws unless every entry of `got` is within TOLERANCE of `expected` (nested arrays or numbers). */
function expectClose(got, expected, what) {
  const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
  const [g, e] = [flat(got), flat(expected)];
  const off = e.findIndex((value, i) => !(Math.abs(g[i] - value) <= TOLERANCE));
  if (g.length !== e.length || off >= 0) {
    throw new Error(`${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)} ± ${TOLERANCE}`);
  }
}

// The consumer's training script: only the packages' public exports, no workspace paths.
const TRAIN_SCRIPT = `
import { readFileSync } from 'node:fs';
import { Network, mse, parseModel, trainStep, uploadRows } from '@deltaml/core';
import { createCpuBackend } from '@deltaml/backend-cpu';
import { createWasmBackend } from '@deltaml/backend-wasm';

const spec = parseModel(readFileSync(process.argv[2], 'utf8'));
const X = [[0.75, 0.2, -0.75, 0.2], [0.8, 0.05, 0.8, -0.05]];
const Y = [[1, 1, -1, -1]];
const updated = {};
for (const backend of [createCpuBackend(), await createWasmBackend()]) {
  const network = Network.fromModel(backend, spec);
  const loss = trainStep(network, uploadRows(backend, X, 'X'), uploadRows(backend, Y, 'Y'), { loss: mse(), lr: 0.5 });
  const [layer1, layer2] = network.toModel().layers;
  updated[backend.name] = { loss, W_1: layer1.weights, W_2: layer2.weights };
}
console.log(JSON.stringify(updated));
`;

const PAGE = `<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>`;
const PAGE_SCRIPT = `
import { createWasmBackend } from '@deltaml/backend-wasm';
const backend = await createWasmBackend();
document.body.textContent = backend.name;
`;

let tarballs = [];
try {
  console.log(`consumer smoke test in ${temp}`);
  mkdirSync(app);
  tarballs = packAll(temp);
  for (const { name, bytes } of tarballs)
    console.log(`  packed ${name.padEnd(22)} ${kilobytes(bytes).padStart(9)}`);
  const dependencies = Object.fromEntries(tarballs.map(({ name, file }) => [name, `file:${file}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies,
      devDependencies: { vite: VITE_VERSION },
    }),
  );
  writeFileSync(join(app, 'train.mjs'), TRAIN_SCRIPT);
  writeFileSync(join(app, 'index.html'), PAGE);
  writeFileSync(join(app, 'main.js'), PAGE_SCRIPT);
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);

  check('Node ESM script: one step on cpu and wasm gives the seed’s updated W_2 and W_1', () => {
    const updated = JSON.parse(run('node', ['train.mjs', join(examples, 'exercise2.model.json')]));
    for (const name of ['cpu', 'wasm']) {
      if (!updated[name]) throw new Error(`no result from the ${name} backend`);
      expectClose(updated[name].loss, 0.49161, `${name} loss`);
      expectClose(updated[name].W_2, [[0.0714, 0.1329, 0.0811]], `${name} W_2`);
      expectClose(
        updated[name].W_1,
        [
          [0.6016, 0.012],
          [0.7025, 0.433],
          [0.0188, 0.879],
        ],
        `${name} W_1`,
      );
    }
  });

  check('npx deltaml grad prints the seed’s loss and ∂L/∂W_2', () => {
    const model = join(examples, 'exercise2.model.json');
    const data = join(examples, 'exercise2.csv');
    const printed = JSON.parse(
      run('npx', ['--no-install', 'deltaml', 'grad', '--model', model, '--data', data]),
    );
    expectClose(printed.loss, 0.49161, 'loss');
    expectClose(printed.gradients[1].weights, [[-0.1029, -0.2059, 0.0176]], '∂L/∂W_2');
  });

  check('a Vite page importing @deltaml/backend-wasm builds and ships the wasm kernels', () => {
    run('npx', ['--no-install', 'vite', 'build', '--logLevel', 'error']);
    const assets = join(app, 'dist', 'assets');
    const bundle = readdirSync(assets)
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    // "\0asm" followed by version 1, in base64: the start of every inlined kernel build
    if (!bundle.includes('AGFzbQEAAAA'))
      throw new Error('no base64 wasm module (AGFzbQEAAAA) in dist/assets');
  });
} catch (error) {
  results.push({ name: 'setup', ok: false });
  console.log(`  FAIL  setup: ${error.message}\n${error.stderr ?? ''}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok).length;
const sizes = tarballs.map(({ name, bytes }) => `${name} ${kilobytes(bytes)}`).join(', ');
console.log(
  failed ? `consumer smoke: FAIL (${failed} of ${results.length})` : `consumer smoke: PASS (${sizes})`,
);
process.exit(failed ? 1 : 0);
