#!/usr/bin/env node
// @ts-check
// CI test fixture, never part of what a user installs: makes @tensorflow/tfjs-node load on a machine
// that cannot reach its download host (storage.googleapis.com) but reaches PyPI. TensorFlow's C API
// library ships inside the tensorflow-cpu wheel (tensorflow/libtensorflow_cc.so.2, with
// libtensorflow_framework.so.2 and the C headers under tensorflow/include/), so this script
//   1. downloads one pinned wheel with `pip download --no-deps` and checks its sha256,
//   2. unpacks the two libraries and the headers into a cache outside the repository,
//   3. builds tfjs-node's own N-API binding (binding.gyp, node-gyp) against them, in the cache,
//   4. links `deps/` and `lib/` of the installed tfjs-node package to that build, and checks that
//      `require('@tensorflow/tfjs-node')` loads and multiplies two matrices.
// Idempotent: every phase skips what the cache already holds, and nothing happens at all where
// tfjs-node already loads. A fresh `pnpm install` (CI's clean clone) only needs phase 4 again.
//
// Usage: node scripts/provision-tfjs-node.mjs [--from DIR] [--cache DIR]
//   --from   where @tensorflow/tfjs-node is resolved from (default packages/backend-tfjs)
//   --cache  the cache (default ~/.cache/deltaml/tfjs-node; about 830 MB)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The wheel: tensorflow-cpu 2.15.1 (the smallest of 2.15–2.20, ~207 MB; its library is python-independent). */
const WHEEL = {
  project: 'tensorflow-cpu',
  version: '2.15.1',
  file: 'tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  sha256: '54660c074d7241a503e81edfd9f5ef5af88f64051b72e2945f26318c790f2d26',
  // pip's target: any CPython 3.11 manylinux2014 x86_64, whatever python runs pip.
  pipTarget: ['--python-version', '3.11', '--implementation', 'cp', '--platform', 'manylinux2014_x86_64'],
};
/** What the build needs from the wheel: the C API library, the framework library and the headers. */
const WHEEL_MEMBERS = [
  'tensorflow/libtensorflow_cc.so.2',
  'tensorflow/libtensorflow_framework.so.2',
  'tensorflow/include/tensorflow/c/',
  'tensorflow/include/tensorflow/core/platform/',
  'tensorflow/include/tsl/',
];
/** The tfjs-node release the build was checked with (the lockfile's). */
const TFJS_NODE_VERSION = '4.22.0';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values: options } = parseArgs({
  options: { from: { type: 'string' }, cache: { type: 'string' } },
});
const from = resolve(options.from ?? join(root, 'packages/backend-tfjs'));
const cache = resolve(options.cache ?? join(homedir(), '.cache', 'deltaml', 'tfjs-node'));
const started = performance.now();

/** Runs one phase and prints one line: its name, what it did, its time. */
/**
 * @param {string} name
 * @param {() => string} run does the phase; returns what it did
 */
function phase(name, run) {
  const t0 = performance.now();
  const did = run();
  console.log(
    `provision-tfjs-node: ${name.padEnd(7)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${did}`,
  );
}

/**
 * Prints the reason and exits 1.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`provision-tfjs-node: ${message}`);
  process.exit(1);
}

/** Loads tfjs-node in a child process from `from` and multiplies [[1,2],[3,4]] by itself. */
function probe() {
  const script = `
    const tf = require('@tensorflow/tfjs-node');
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const product = Array.from(a.matMul(a).dataSync());
    if (product.join() !== '7,10,15,22') throw new Error('matMul gave ' + product);
    console.log(JSON.stringify({ tfjsNode: tf.version['tfjs-node'], tensorflow: tf.backend().binding.TF_Version }));`;
  const child = spawnSync(process.execPath, ['-e', script], {
    cwd: from,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (child.status === 0)
    return { ok: true, versions: JSON.parse(child.stdout.trim().split('\n').pop() ?? '') };
  const lines = `${child.stderr}\n${child.stdout}`.split('\n');
  const why = lines.find((line) => /^\w*Error: /.test(line)) ?? `exit ${child.status}`;
  return { ok: false, why: why.trim().slice(0, 240) };
}

/** @param {string} file */
function sha256(file) {
  const hash = createHash('sha256');
  hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** @param {string} path */
function size(path) {
  const out = execFileSync('du', ['-sb', path], { encoding: 'utf8' });
  return `${(Number(out.split('\t')[0]) / 1e6).toFixed(0)} MB`;
}

/** Replaces `path` (a link, or a directory left by a failed install script) by a symlink to `target`. */
/**
 * @param {string} path
 * @param {string} target
 */
function link(path, target) {
  if (existsSync(path) || isLink(path)) rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

/** @param {string} path */
function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** node-gyp: npm's bundled copy when there is one, else from the npm registry. */
/** @returns {[string, string[]]} the command and the arguments before node-gyp's own */
function nodeGypCommand() {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout?.trim();
  const bundled = npmRoot && join(npmRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js');
  if (bundled && existsSync(bundled)) return [process.execPath, [bundled]];
  return ['npx', ['-y', 'node-gyp@12.4.0']];
}

/** Node's own headers (include/node) beside the running node, so node-gyp needs no download. */
function nodeDir() {
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include/node/common.gypi')) ? prefix : undefined;
}

// --- 0. where tfjs-node is installed, and whether it already loads
/** @type {string} */
let packageDir = '';
try {
  const require = createRequire(join(from, 'package.json'));
  packageDir = realpathSync(dirname(require.resolve('@tensorflow/tfjs-node/package.json')));
} catch {
  fail(`@tensorflow/tfjs-node is not installed under ${from} (run the install first)`);
}
const tfjsNode = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
if (tfjsNode.version !== TFJS_NODE_VERSION) {
  console.warn(
    `provision-tfjs-node: tfjs-node ${tfjsNode.version} found; this script was checked with ${TFJS_NODE_VERSION}`,
  );
}
/** @type {ReturnType<typeof probe> | undefined} */
let first;
phase('check', () => {
  first = probe();
  return first.ok
    ? `tfjs-node ${first.versions.tfjsNode} already loads (TensorFlow ${first.versions.tensorflow}): nothing to do`
    : `tfjs-node ${tfjsNode.version} does not load yet (${first.why})`;
});
if (first?.ok) process.exit(0);

if (process.platform !== 'linux' || process.arch !== 'x64') {
  fail(`the pinned wheel is for linux x64, not ${process.platform} ${process.arch}`);
}

// --- 1. the wheel
const wheelDir = join(cache, 'wheel');
const wheel = join(wheelDir, WHEEL.file);
phase('wheel', () => {
  if (existsSync(wheel) && sha256(wheel) === WHEEL.sha256) return `${WHEEL.file} cached, sha256 ok`;
  const download = join(cache, 'wheel.partial');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const pip = spawnSync(
    'python3',
    [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--only-binary=:all:',
      ...WHEEL.pipTarget,
      '--dest',
      download,
      '--quiet',
    ].concat(`${WHEEL.project}==${WHEEL.version}`),
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pip.status !== 0) fail(`pip download ${WHEEL.project}==${WHEEL.version} failed (exit ${pip.status})`);
  const got = join(download, WHEEL.file);
  if (!existsSync(got))
    fail(`pip download did not produce ${WHEEL.file} (got ${readdirSync(download).join(', ')})`);
  const digest = sha256(got);
  if (digest !== WHEEL.sha256) fail(`${WHEEL.file}: sha256 ${digest}, expected ${WHEEL.sha256}`);
  mkdirSync(wheelDir, { recursive: true });
  renameSync(got, wheel);
  rmSync(download, { recursive: true, force: true });
  return `${WHEEL.file} downloaded from PyPI (${size(wheel)}), sha256 ok`;
});

// --- 2. the libraries and headers, unpacked once
const libtensorflow = join(cache, `libtensorflow-${WHEEL.version}`);
phase('unpack', () => {
  if (existsSync(join(libtensorflow, '.complete'))) return `${libtensorflow} cached (${size(libtensorflow)})`;
  const partial = `${libtensorflow}.partial`;
  rmSync(partial, { recursive: true, force: true });
  // python3 is there (pip needs it); its zipfile avoids depending on `unzip`.
  const unzip = `
import sys, zipfile, os, shutil
wheel, out, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for m in z.infolist():
        if m.is_dir() or not any(m.filename == p or (p.endswith('/') and m.filename.startswith(p)) for p in prefixes):
            continue
        rel = m.filename[len('tensorflow/'):]
        rel = rel if rel.startswith('include/') else 'lib/' + rel
        dest = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(m) as src, open(dest, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)`;
  execFileSync('python3', ['-c', unzip, wheel, partial, ...WHEEL_MEMBERS], { stdio: 'inherit' });
  // The names tfjs-node's binding.gyp links (-ltensorflow -ltensorflow_framework); the binding then
  // records the sonames libtensorflow_cc.so.2 and libtensorflow_framework.so.2, found through its rpath.
  symlinkSync('libtensorflow_cc.so.2', join(partial, 'lib/libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(partial, 'lib/libtensorflow_framework.so'));
  // The name tfjs-node's install script looks for (deps-constants.js): present, it skips its download.
  symlinkSync('libtensorflow_cc.so.2', join(partial, 'lib/libtensorflow.so.2.9.1'));
  writeFileSync(join(partial, '.complete'), `${WHEEL.file}\n`);
  rmSync(libtensorflow, { recursive: true, force: true });
  renameSync(partial, libtensorflow);
  return `${libtensorflow} unpacked (${size(libtensorflow)})`;
});

// --- 3. tfjs-node's binding, built against them
const napi = Math.max(
  ...tfjsNode.binary.napi_versions.filter((/** @type {number} */ v) => v <= Number(process.versions.napi)),
);
const addon = join(cache, `tfjs-node-${tfjsNode.version}-tf-${WHEEL.version}-napi-v${napi}`);
const moduleDir = tfjsNode.binary.module_path.replace('{napi_build_version}', String(napi));
phase('build', () => {
  if (existsSync(join(addon, '.complete'))) return `${addon} cached`;
  rmSync(addon, { recursive: true, force: true });
  mkdirSync(join(addon, 'deps'), { recursive: true });
  for (const entry of ['binding', 'binding.gyp', 'package.json']) {
    execFileSync('cp', ['-r', join(packageDir, entry), join(addon, entry)]);
  }
  symlinkSync(join(libtensorflow, 'include'), join(addon, 'deps/include'));
  symlinkSync(join(libtensorflow, 'lib'), join(addon, 'deps/lib'));
  const [command, prefix] = nodeGypCommand();
  const dir = nodeDir();
  const args = [
    ...prefix,
    'rebuild',
    ...(dir ? [`--nodedir=${dir}`] : []),
    '--jobs=max',
    // The variables node-pre-gyp passes (binding.gyp's action_after_build copies into module_path).
    `--module_name=${tfjsNode.binary.module_name}`,
    `--module_path=${join(addon, moduleDir)}`,
    `--napi_build_version=${napi}`,
  ];
  const build = spawnSync(command, args, { cwd: addon, encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    fail(`node-gyp rebuild of tfjs-node's binding failed (exit ${build.status}); output above`);
  }
  rmSync(join(addon, 'build'), { recursive: true, force: true });
  writeFileSync(join(addon, '.complete'), `${WHEEL.file}\n`);
  return `${join(addon, moduleDir, tfjsNode.binary.module_name)}.node built (N-API ${napi})`;
});

// --- 4. link the installed package to the build, and load it
phase('link', () => {
  link(join(packageDir, 'deps'), join(addon, 'deps'));
  link(join(packageDir, 'lib'), join(addon, 'lib'));
  return `${packageDir}/{deps,lib} -> ${addon}`;
});
let last;
phase('verify', () => {
  last = probe();
  if (!last.ok) fail(`tfjs-node still does not load: ${last.why}`);
  return `require('@tensorflow/tfjs-node') loads: tfjs-node ${last.versions.tfjsNode} on TensorFlow ${last.versions.tensorflow}, matMul ok`;
});
console.log(
  `provision-tfjs-node: done in ${((performance.now() - started) / 1000).toFixed(1)} s (cache ${cache}, ${size(cache)})`,
);
