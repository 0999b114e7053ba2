// The TensorFlow.js backends through @deltaml/backend-tfjs, with what a browser must register
// first: the WebGL engine's package, and the URLs of the WebAssembly engine's files (a page serves
// them; Node reads them from the package).

import type { TfjsEngine } from '@deltaml/backend-tfjs';
import type { BackendEntry, BackendLoader, Environment, LoadOptions } from './catalogue.js';

/** Registers what `engine` needs in a browser (nothing in Node). */
async function prepareEngine(engine: 'auto' | TfjsEngine, options: LoadOptions): Promise<void> {
  if (engine === 'wasm' && options.tfjsWasmPaths) {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths({ ...options.tfjsWasmPaths });
  }
  if (engine === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
}

/** A loader of backend-tfjs on `engine`, naming its versions; under `auto` it reports the engines it rejected. */
export function tfjsBackend(engine: 'auto' | TfjsEngine): BackendLoader {
  return async (options) => {
    await prepareEngine(engine, options);
    const { createTfjsBackend, engineVersion } = await import('@deltaml/backend-tfjs');
    const backend = await createTfjsBackend({ engine });
    return { backend, rejected: backend.rejected, engine: engineVersion(backend.engine) };
  };
}

/** The catalogue entry of backend-tfjs on one engine: `tfjs-<engine>`, loading in each of `environments`. */
export function tfjsEngineEntry(
  engine: TfjsEngine,
  summary: string,
  environments: readonly Environment[],
): BackendEntry {
  const load = tfjsBackend(engine);
  return { name: `tfjs-${engine}`, summary, loaders: Object.fromEntries(environments.map((e) => [e, load])) };
}
