// createTfjsBackend: picks the tfjs engine (explicitly, or the fastest that starts under `auto`),
// wraps its kernels with core's checks, and reports which engine runs and why each faster one
// was rejected — never a silent fallback.

import { checkedBackend, type Rejection, selectBackend } from '@deltaml/core';
import { type TfjsBackend, TfjsKernels } from './backend.js';
import { AUTO_ENGINE_ORDER, startEngine, type TfjsEngine } from './engines.js';

/** Options of createTfjsBackend. */
export interface TfjsBackendOptions {
  /** `auto` (default): node (tfjs-node), then wasm, then cpu. `webgl` only in browsers. */
  readonly engine?: 'auto' | TfjsEngine;
}

/** Starts `engine` and returns its checked backend; `rejected` is filled by the caller under `auto`. */
async function start(engine: TfjsEngine, rejected: readonly Rejection[]): Promise<TfjsBackend> {
  await startEngine(engine);
  return checkedBackend(new TfjsKernels(engine), { engine, rejected });
}

/**
 * A deltaml backend on TensorFlow.js. Asking for one engine fails with BackendUnavailableError
 * saying why it cannot start here (e.g. tfjs-node's native binding) and how to fix it.
 */
export async function createTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
  const engine = options.engine ?? 'auto';
  if (engine !== 'auto') return start(engine, []);
  const rejected: Rejection[] = [];
  const selection = await selectBackend(
    AUTO_ENGINE_ORDER.map((candidate) => ({
      name: `tfjs-${candidate}`,
      create: () => start(candidate, rejected),
    })),
  );
  rejected.push(...selection.rejected);
  return selection.backend as TfjsBackend;
}
