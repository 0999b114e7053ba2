// The one list of deltaml's backends. The CLI's `--backend`, the support matrix and the
// playground's pickers all read it, so adding a backend is its package plus one entry here. Each
// entry says what the backend is in one line and how it loads in each environment it runs in; a
// backend's package is imported only when it is loaded, so one that cannot run here costs nothing.

import type { Backend, Rejection } from '@deltaml/core';
import { autoBackend } from './auto.js';
import { tfjsBackend, tfjsEngineEntry } from './tfjs.js';
import { webGpuBackend } from './webgpu.js';

/** Where a backend is loaded: a Node process or a browser page (or its workers). */
export type Environment = 'node' | 'browser';

/** What a page passes so that the backends which fetch files can find them (Node needs nothing). */
export interface LoadOptions {
  /**
   * For `tfjs-wasm` in a browser: the URL of each of tfjs's `.wasm` files by file name
   * (`tfjs-backend-wasm.wasm`, `…-simd.wasm`, `…-threaded-simd.wasm`), as tfjs's `setWasmPaths` takes them.
   */
  readonly tfjsWasmPaths?: Readonly<Record<string, string>>;
  /** For `wasm`: the threads it runs (createWasmBackend's `threads`); default: its own, every core where threads can run. */
  readonly wasmThreads?: number;
}

/** A backend that loaded, and the candidates rejected before it (a name that picks among others reports these). */
export interface LoadedBackend {
  readonly backend: Backend;
  readonly rejected: readonly Rejection[];
  /** the versions of the engine that runs it, for a backend on another library (`TensorFlow 2.15.1, tfjs-node 4.22.0, …`) */
  readonly engine?: string;
}

/** Loads a backend in one environment; rejects (usually with BackendUnavailableError) saying why it cannot run here. */
export type BackendLoader = (options: LoadOptions) => Promise<LoadedBackend>;

/** One backend of the catalogue. */
export interface BackendEntry {
  /** the name users pass (`--backend`, the playground's picker, the support matrix's columns) */
  readonly name: string;
  /** one line for `--help`, tables and pickers */
  readonly summary: string;
  /**
   * For a name that runs the first of other entries that loads (`auto`, `tfjs`): those entries, in
   * the order tried. Tables of every backend (the support matrix) list the entries, not these names.
   */
  readonly picksFrom?: readonly string[];
  /** how it loads, per environment it runs in; an environment without a loader does not offer it */
  readonly loaders: Readonly<Partial<Record<Environment, BackendLoader>>>;
}

/** Lifts a loader of a backend that picks nothing (its `rejected` is always empty). */
const only =
  (create: (options: LoadOptions) => Promise<Backend> | Backend): BackendLoader =>
  async (options) => ({ backend: await create(options), rejected: [] });

const cpu = only(async () => (await import('@deltaml/backend-cpu')).createCpuBackend());
const wasm = only(async ({ wasmThreads }) =>
  (await import('@deltaml/backend-wasm')).createWasmBackend({ threads: wasmThreads }),
);

/** Every backend, in the order `--help`, tables and pickers list them. */
export const BACKEND_CATALOGUE: readonly BackendEntry[] = [
  {
    name: 'auto',
    summary: 'wasm where WebAssembly SIMD loads, else cpu',
    picksFrom: ['wasm', 'cpu'],
    loaders: { node: autoBackend, browser: autoBackend },
  },
  {
    name: 'cpu',
    summary: 'pure TypeScript kernels on Float32Array',
    loaders: { node: cpu, browser: cpu },
  },
  {
    name: 'wasm',
    summary: 'WebAssembly kernels (SIMD where the engine has it)',
    loaders: { node: wasm, browser: wasm },
  },
  {
    name: 'tfjs',
    summary: 'TensorFlow.js: the first engine that loads here, of tfjs-node, tfjs-wasm, tfjs-cpu',
    picksFrom: ['tfjs-node', 'tfjs-wasm', 'tfjs-cpu'],
    loaders: { node: tfjsBackend('auto') },
  },
  tfjsEngineEntry('node', 'TensorFlow.js on @tensorflow/tfjs-node (native)', ['node']),
  tfjsEngineEntry('wasm', 'TensorFlow.js on its WebAssembly engine', ['node', 'browser']),
  tfjsEngineEntry('webgl', 'TensorFlow.js on its WebGL engine (needs a GPU)', ['browser']),
  tfjsEngineEntry('cpu', 'TensorFlow.js on its plain JavaScript engine', ['node', 'browser']),
  {
    name: 'webgpu',
    summary: 'WGSL kernels on WebGPU (asynchronous reads)',
    loaders: { node: webGpuBackend('node'), browser: webGpuBackend('browser') },
  },
];

/** The entries that load in `environment`, in catalogue order. */
export function backendsFor(environment: Environment): readonly BackendEntry[] {
  return BACKEND_CATALOGUE.filter((entry) => entry.loaders[environment] !== undefined);
}
