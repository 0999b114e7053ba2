#!/usr/bin/env node
// @ts-check
// The consumer smoke test: installs the packed tarballs with plain npm in a temporary folder
// outside the workspace, the way a developer adds deltaml to their app, and checks that
//   1. a plain Node ESM script trains the worked example's Exercise 2 network one step (lr 0.5, full batch)
//      on backend-cpu and backend-wasm and gets the worked example's updated W_2 and W_1;
//   2. `npx deltaml grad` on the Exercise 2 files prints the worked example's loss and ∂L/∂W_2;
//   3. a tiny Vite page importing @deltaml/backend-wasm builds and ships the wasm kernels;
//   4. a browser-style consumer of @deltaml/backend-tfjs installs no native code: tfjs-node is an
//      optional peer, so nothing in its tree has an install script or a .node file (size printed),
//      and in Node `engine: 'auto'` runs tfjs-wasm, naming `npm install @tensorflow/tfjs-node`;
//   5. a Node consumer who adds @tensorflow/tfjs-node gets the native engine from `engine: 'auto'`.
//      tfjs-node's install script downloads libtensorflow from a host these machines cannot reach,
//      so this check installs it with --ignore-scripts and links the build that
//      scripts/provision-tfjs-node.mjs made from the TensorFlow wheel (CI runs it first).
// npm runs with --ignore-scripts (core-js's funding banner is the only other install script).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kilobytes, packAll } from './pack-packages.mjs';

/** The worked example prints 4 decimals; 1e-4 allows for that truncation on top of float32 rounding. */
const TOLERANCE = 1e-4;
const VITE_VERSION = '8.3.8';
const examples = new URL('../packages/cli/examples/', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'deltaml-consumer-'));
const app = join(temp, 'app');
/** @type {{ name: string, ok: boolean }[]} */
const results = [];

/**
 * Runs one check and prints ok or FAIL with the reason.
 * @param {string} name
 * @param {() => string | void} run returns a detail line to print, if any
 */
function check(name, run) {
  try {
    const detail = run();
    results.push({ name, ok: true });
    console.log(`  ok    ${name}${detail ? `\n        ${detail}` : ''}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  FAIL  ${name}: ${/** @type {Error} */ (error).message}`);
  }
}

/**
 * Runs a command to completion and returns its stdout.
 * @param {string} command
 * @param {string[]} args
 * @param {string} [cwd]
 */
function run(command, args, cwd = app) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A consumer folder with these dependencies (packed tarballs or registry versions), installed with npm. */
/**
 * @param {string} name the consumer folder's name
 * @param {Record<string, string>} dependencies
 * @param {Record<string, string>} [files] more files to write in it, by name
 */
function consumer(name, dependencies, files = {}) {
  const dir = join(temp, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module', dependencies }),
  );
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

/** What under node_modules would build or load native code: install scripts, binding.gyp, .node files. */
/**
 * @param {string} dir a consumer folder
 * @returns {string[]}
 */
function nativeCode(dir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} folder */
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const where = path.slice(dir.length + 1);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.node') || entry.name === 'binding.gyp') found.push(where);
      else if (entry.name === 'package.json') {
        const { scripts = {} } = JSON.parse(readFileSync(path, 'utf8'));
        const hooks = ['preinstall', 'install', 'postinstall'].filter((hook) => scripts[hook]);
        if (hooks.length > 0) found.push(`${where} (${hooks.join(', ')} script)`);
      }
    }
  };
  visit(join(dir, 'node_modules'));
  return found;
}

/** Installed size of a consumer's node_modules and its package count, e.g. "93.9 MB, 17 packages". */
/** @param {string} dir a consumer folder */
function installedSize(dir) {
  const bytes = Number(
    execFileSync('du', ['-sb', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0],
  );
  const { packages } = JSON.parse(readFileSync(join(dir, 'node_modules/.package-lock.json'), 'utf8'));
  return `${(bytes / 1e6).toFixed(1)} MB, ${Object.keys(packages).length} packages`;
}

/** Throws unless every entry of `got` is within TOLERANCE of `expected` (nested arrays or numbers). */
/**
 * @param {unknown} got
 * @param {unknown} expected
 * @param {string} what
 */
function expectClose(got, expected, what) {
  /** @param {unknown} v @returns {number[]} */
  const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [Number(v)]);
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

/** The version of @tensorflow/tfjs-node a Node consumer adds (backend-tfjs's peer range). */
const TFJS_NODE_VERSION = '4.22.0';
const ENGINE_SCRIPT = `
import { createTfjsBackend, engineVersion } from '@deltaml/backend-tfjs';
const backend = await createTfjsBackend();
const { engine, name, rejected } = backend;
console.log(JSON.stringify({ engine, name, rejected, version: engineVersion(engine) }));
`;

const PAGE = `<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>`;
const PAGE_SCRIPT = `
import { createWasmBackend } from '@deltaml/backend-wasm';
const backend = await createWasmBackend();
document.body.textContent = backend.name;
`;

/** @type {import('./pack-packages.mjs').PackedPackage[]} */
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

  check('Node ESM script: one step on cpu and wasm gives the worked example’s updated W_2 and W_1', () => {
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

  check('npx deltaml grad prints the worked example’s loss and ∂L/∂W_2', () => {
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

  /** @param {string} name */
  const tarball = (name) => `file:${tarballs.find((t) => t.name === name)?.file}`;
  const tfjsDependencies = {
    '@deltaml/core': tarball('@deltaml/core'),
    '@deltaml/backend-tfjs': tarball('@deltaml/backend-tfjs'),
  };

  check('a browser-style consumer of @deltaml/backend-tfjs installs no native code', () => {
    const dir = consumer('browser', tfjsDependencies, { 'engine.mjs': ENGINE_SCRIPT });
    const native = nativeCode(dir);
    if (existsSync(join(dir, 'node_modules/@tensorflow/tfjs-node'))) native.unshift('@tensorflow/tfjs-node');
    if (native.length > 0) throw new Error(`native code installed: ${native.join(', ')}`);
    // the same install run by Node: auto takes wasm and names the command that adds the native engine
    const { name, rejected } = JSON.parse(run('node', ['engine.mjs'], dir));
    /** @type {{ name: string, reason: string }[]} */
    const rejections = rejected;
    const why = rejections.find((r) => r.name === 'tfjs-node')?.reason ?? '';
    if (name !== 'tfjs-wasm' || !why.includes('npm install @tensorflow/tfjs-node')) {
      throw new Error(`auto picked ${name}, rejected ${JSON.stringify(rejected)}`);
    }
    return `installed: ${installedSize(dir)}; in Node, auto runs tfjs-wasm: "${why}"`;
  });

  check('a Node consumer that adds @tensorflow/tfjs-node gets engine node from auto', () => {
    const dir = consumer(
      'node-native',
      { ...tfjsDependencies, '@tensorflow/tfjs-node': TFJS_NODE_VERSION },
      { 'engine.mjs': ENGINE_SCRIPT },
    );
    const provision = new URL('./provision-tfjs-node.mjs', import.meta.url).pathname;
    run('node', [provision, '--from', dir], dir);
    const { engine, name, rejected, version } = JSON.parse(run('node', ['engine.mjs'], dir));
    if (engine !== 'node' || name !== 'tfjs-node' || rejected.length > 0) {
      throw new Error(`auto picked ${name} (rejected: ${JSON.stringify(rejected)})`);
    }
    return `auto runs ${version}; installed: ${installedSize(dir)}, plus the provisioned libtensorflow`;
  });
} catch (error) {
  results.push({ name: 'setup', ok: false });
  const { message, stderr = '' } = /** @type {Error & { stderr?: string }} */ (error);
  console.log(`  FAIL  setup: ${message}\n${stderr}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok).length;
const sizes = tarballs.map(({ name, bytes }) => `${name} ${kilobytes(bytes)}`).join(', ');
console.log(
  failed ? `consumer smoke: FAIL (${failed} of ${results.length})` : `consumer smoke: PASS (${sizes})`,
);
process.exit(failed ? 1 : 0);
