// createTfjsBackend: picks the tfjs engine (explicitly, or the fastest that starts under `auto`)
// and reports which one runs and why each faster one was rejected — never a silent fallback.

import { type Rejection, selectBackend } from '@deltaml/core';
import { type TfjsBackend, TfjsKernels } from './backend.js';
import { AUTO_ENGINE_ORDER, startEngine, type TfjsEngine } from './engines.js';

/** Options of createTfjsBackend. */
export interface TfjsBackendOptions {
  /** `auto` (default): node (tfjs-node), then wasm, then cpu. `webgl` only in browsers. */
  readonly engine?: 'auto' | TfjsEngine;
}

/**
 * A deltaml backend on TensorFlow.js. Asking for one engine fails with BackendUnavailableError
 * saying why it cannot start here (e.g. tfjs-node's native binding) and how to fix it.
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto') {
    await startEngine(engine);
    return new TfjsKernels(engine, []);
  }
  const rejected: Rejection[] = [];
  const selection = await selectBackend(
    AUTO_ENGINE_ORDER.map((candidate) => ({
      name: `tfjs-${candidate}`,
      create: async () => {
        await startEngine(candidate);
        return new TfjsKernels(candidate, rejected);
      },
    })),
  );
  rejected.push(...selection.rejected);
  return selection.backend as TfjsKernels;
}
