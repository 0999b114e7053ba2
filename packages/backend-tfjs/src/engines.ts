// Starting one of TensorFlow.js's engines (native TensorFlow, WebAssembly, plain JavaScript, WebGL)
// and saying plainly why it cannot start here. tfjs-node is optional and loaded lazily: its
// absence, or a native binding that did not build, must never break install, build or tests.

import { BackendUnavailableError } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';

/** A TensorFlow.js engine: `node` (tfjs-node, native), `wasm`, `cpu` (plain JavaScript), `webgl` (browsers). */
export type TfjsEngine = 'node' | 'wasm' | 'cpu' | 'webgl';

/** What `auto` tries, fastest first. WebGL is never picked automatically (browsers only, opt in). */
export const AUTO_ENGINE_ORDER: readonly TfjsEngine[] = ['node', 'wasm', 'cpu'];

/** The name tfjs registers each engine under (`tf.setBackend(name)`). */
export const TF_BACKEND_NAME: Readonly<Record<TfjsEngine, string>> = {
  node: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
  webgl: 'webgl',
};

/**
 * From how many multiply-adds (M·N·K) each engine multiplies by a transpose explicitly
 * (tf.transpose, then a plain matMul) rather than with matMul's transpose flags. Measured with
 * scripts/measure-transposes.mjs: in the `mlp` step's shapes (784·256·128) tfjs-wasm's flagged
 * matMul takes ~20 ms against ~2.3 ms explicit, and at 32·32·32 37 µs against 13 µs; up to
 * 16·16·16 the extra transpose kernel costs as much as it saves or more (8·8·8: 4 µs flags, 8 µs
 * explicit), which matters for tiny networks.
 * The cpu engine is faster with the flags at every size (~54 ms flags, ~60 ms explicit at mlp
 * size); native TensorFlow handles the flags inside its GEMM, WebGL in its shader.
 */
export const EXPLICIT_TRANSPOSE_FROM: Readonly<Record<TfjsEngine, number>> = {
  node: Number.POSITIVE_INFINITY,
  wasm: 16 * 16 * 16 + 1,
  cpu: Number.POSITIVE_INFINITY,
  webgl: Number.POSITIVE_INFINITY,
};

/** The optional native engine's npm package, named in the errors that explain how to install it. */
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** The command that adds the native engine, named in the errors (it is an optional peer dependency). */
export const TFJS_NODE_INSTALL = `npm install ${TFJS_NODE_PACKAGE}`;

/** One attempt per process: a native binding that failed to load will not load on a retry. */
let nodeEngineLoad: Promise<void> | undefined;
/** tfjs-node's own version, once its module has loaded. */
let tfjsNodeVersion: string | undefined;

async function registerNodeEngine(): Promise<void> {
  if (!isNode) throw new BackendUnavailableError('the node engine (tfjs-node) runs only in Node.js');
  // TensorFlow logs INFO lines (oneDNN, CPU features) on stderr when it loads; keep warnings and
  // errors. A value the user set wins.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';
  // A variable specifier: the package is optional, so neither TypeScript nor bundlers may require it.
  const specifier: string = TFJS_NODE_PACKAGE;
  try {
    const module = (await import(specifier)) as { version?: Record<string, string> };
    tfjsNodeVersion = module.version?.['tfjs-node'];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split('\n')[0].trim();
    const code = (error as { code?: string }).code;
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      message.includes(TFJS_NODE_PACKAGE)
    ) {
      throw new BackendUnavailableError(
        `${TFJS_NODE_PACKAGE} is not installed (an optional peer of @deltaml/backend-tfjs); add it with \`${TFJS_NODE_INSTALL}\``,
      );
    }
    throw new BackendUnavailableError(
      `${TFJS_NODE_PACKAGE} is installed but its native binding did not load (${firstLine}); ` +
        `its install script downloads libtensorflow and the binding: run \`npm rebuild ${TFJS_NODE_PACKAGE}\` ` +
        `with network access (pnpm: allow its build script, then \`pnpm rebuild ${TFJS_NODE_PACKAGE}\`)`,
    );
  }
}

/**
 * The versions that run `engine`, for reports: tfjs-core's, and for the node engine tfjs-node's and
 * the TensorFlow library's its binding loaded (e.g. `TensorFlow 2.15.1, tfjs-node 4.22.0, tfjs-core 4.22.0`).
 * Call it after the engine has started.
 */
export function engineVersion(engine: TfjsEngine): string {
  const core = `tfjs-core ${tf.version_core}`;
  if (engine !== 'node') return core;
  const native = tf.engine().findBackend(TF_BACKEND_NAME.node) as {
    binding?: { TF_Version?: string };
  } | null;
  const tensorflow = native?.binding?.TF_Version;
  return [tensorflow && `TensorFlow ${tensorflow}`, tfjsNodeVersion && `tfjs-node ${tfjsNodeVersion}`, core]
    .filter(Boolean)
    .join(', ');
}

/** In Node, tfjs-backend-wasm reads its .wasm files from its own dist/ folder: no network. */
async function registerWasmEngine(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!isNode) return; // in browsers the page calls setWasmPaths (see the README)
  const { createRequire } = await import('node:module');
  const { dirname, sep } = await import('node:path');
  const require = createRequire(import.meta.url);
  const binary = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  wasm.setWasmPaths(dirname(binary) + sep);
}

async function registerEngine(engine: TfjsEngine): Promise<void> {
  switch (engine) {
    case 'node':
      nodeEngineLoad ??= registerNodeEngine();
      return nodeEngineLoad;
    case 'wasm':
      if (!tf.findBackendFactory('wasm')) await registerWasmEngine();
      return;
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
    case 'webgl':
      if (isNode || !tf.findBackendFactory('webgl')) {
        throw new BackendUnavailableError(
          "the webgl engine needs a browser with WebGL and `import '@tensorflow/tfjs-backend-webgl'` before createTfjsBackend",
        );
      }
  }
}

/**
 * Registers and initialises `engine`, and makes it tfjs's current backend. Throws
 * BackendUnavailableError saying what failed and how to fix it.
 */
export async function startEngine(engine: TfjsEngine): Promise<void> {
  await registerEngine(engine);
  const name = TF_BACKEND_NAME[engine];
  let started: boolean;
  try {
    started = await tf.setBackend(name);
  } catch (error) {
    throw new BackendUnavailableError(
      `tfjs could not start its ${engine} engine: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!started) throw new BackendUnavailableError(`tfjs could not initialise its ${engine} engine here`);
}
