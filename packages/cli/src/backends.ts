// The backends the command knows, by the names users pass to `--backend` (CONTRACT.md): one
// registry for the CLI, the benchmark and the support matrix. Each backend package is imported
// only when it is asked for, so a package that is not built, or an engine that cannot load
// here, fails with a message that lists the names and says why — and costs nothing otherwise.

import {
  type Backend,
  type BackendFactory,
  type BackendSelection,
  BackendUnavailableError,
} from '@deltaml/core';

type TfjsEngine = 'auto' | 'node' | 'wasm' | 'cpu';

/** One backend the command line can run on. */
export interface BackendEntry {
  /** the `--backend` name */
  readonly name: string;
  /** one line for `--help` and tables */
  readonly summary: string;
  /** Imports the backend's package and creates it; rejects with BackendUnavailableError saying why it cannot run here. */
  readonly load: () => Promise<Omit<BackendSelection, 'name'>>;
}

function tfjs(engine: TfjsEngine) {
  return async () => {
    const { createTfjsBackend } = await import('@deltaml/backend-tfjs');
    const backend = await createTfjsBackend({ engine });
    return { backend, rejected: backend.rejected };
  };
}

/** Every backend the `--backend` option accepts, in the order `--help` and the tables list them. */
export const BACKENDS: readonly BackendEntry[] = [
  {
    name: 'cpu',
    summary: 'pure TypeScript kernels on Float32Array',
    load: async () => {
      const { createCpuBackend } = await import('@deltaml/backend-cpu');
      return { backend: createCpuBackend(), rejected: [] };
    },
  },
  {
    name: 'wasm',
    summary: 'WebAssembly kernels (SIMD where the engine has it)',
    load: async () => {
      const { createWasmBackend } = await import('@deltaml/backend-wasm');
      return { backend: await createWasmBackend(), rejected: [] };
    },
  },
  {
    name: 'tfjs',
    summary: 'TensorFlow.js: the first engine that loads here, of tfjs-node, tfjs-wasm, tfjs-cpu',
    load: tfjs('auto'),
  },
  { name: 'tfjs-node', summary: 'TensorFlow.js on @tensorflow/tfjs-node (native)', load: tfjs('node') },
  { name: 'tfjs-wasm', summary: 'TensorFlow.js on its WebAssembly engine', load: tfjs('wasm') },
  { name: 'tfjs-cpu', summary: 'TensorFlow.js on its plain JavaScript engine', load: tfjs('cpu') },
];

/** The `--backend` names, from BACKENDS. */
export const BACKEND_NAMES: readonly string[] = BACKENDS.map((entry) => entry.name);

/** The backend a command uses without `--backend`. */
export const DEFAULT_BACKEND = 'cpu';

const namesList = () => `the backends are ${BACKEND_NAMES.join(', ')}`;

/** Whether `name` is one of BACKEND_NAMES. */
export function isBackendName(name: string): boolean {
  return BACKEND_NAMES.includes(name);
}

/** The error message for an unknown `--backend` name, listing the valid ones. */
export function unknownBackendMessage(name: string): string {
  return `unknown backend "${name}"; ${namesList()}`;
}

/** Why an import or a factory failed, in words a user can act on. */
function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ERR_MODULE_NOT_FOUND' && message?.includes('@deltaml/backend-')) {
    return `its package is not built or not installed (${message.split('\n')[0]}); run the README's set-up`;
  }
  return (message ?? String(error)).split('\n')[0];
}

/**
 * Loads the backend called `name`. Throws BackendUnavailableError for an unknown name or one that
 * cannot load here; `rejected` says which engines `tfjs` tried before the one that runs.
 */
export async function loadBackend(name: string): Promise<BackendSelection> {
  const entry = BACKENDS.find((candidate) => candidate.name === name);
  if (!entry) throw new BackendUnavailableError(unknownBackendMessage(name));
  let loaded: Omit<BackendSelection, 'name'>;
  try {
    loaded = await entry.load();
  } catch (error) {
    throw new BackendUnavailableError(
      `backend "${name}" cannot load here: ${reasonOf(error)}; ${namesList()}`,
    );
  }
  // an explicit engine must be the one that runs: never a silent fallback
  if (name !== 'tfjs' && loaded.backend.name !== name) {
    throw new BackendUnavailableError(
      `backend "${name}" cannot load here: "${loaded.backend.name}" loaded instead; ${namesList()}`,
    );
  }
  return { name: loaded.backend.name, ...loaded };
}

/** A factory for core's selectBackend and the conformance runner. */
export function backendFactory(name: string): BackendFactory {
  return async (): Promise<Backend> => (await loadBackend(name)).backend;
}
