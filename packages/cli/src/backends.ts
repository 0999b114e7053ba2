// The backends the command knows, by the names users pass to `--backend` (docs/contract.md): the
// Node entries of @deltaml/backends' catalogue, loaded for the CLI, the benchmark and the support
// matrix. Each backend package is imported only when it is asked for, so a package that is not
// built, or an engine that cannot load here, fails with a message that lists the names and says
// why — and costs nothing otherwise.

import { type BackendEntry, backendsFor, type LoadOptions } from '@deltaml/backends';
import {
  type Backend,
  type BackendFactory,
  type BackendSelection,
  BackendUnavailableError,
} from '@deltaml/core';

/** Every backend the `--backend` option accepts, in the order `--help` and the tables list them. */
export const BACKENDS: readonly BackendEntry[] = backendsFor('node');

/** The `--backend` names, from BACKENDS. */
export const BACKEND_NAMES: readonly string[] = BACKENDS.map((entry) => entry.name);

/** The backends that are one engine each (not a name that picks among others): the support matrix's columns. */
export const SINGLE_BACKEND_NAMES: readonly string[] = BACKENDS.filter((entry) => !entry.picksFrom).map(
  (entry) => entry.name,
);

/** The backend a command uses without `--backend`: it picks the fastest that loads, and the command names it. */
export const DEFAULT_BACKEND = 'auto';

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

/** A loaded backend, with the versions of the engine under it when it runs on another library. */
export interface LoadedSelection extends BackendSelection {
  /** e.g. `TensorFlow 2.15.1, tfjs-node 4.22.0, tfjs-core 4.22.0`; undefined for deltaml's own kernels */
  readonly engine?: string;
}

/**
 * Loads the backend called `name`. Throws BackendUnavailableError for an unknown name or one that
 * cannot load here; `rejected` says which engines a name that picks (`auto`, `tfjs`) tried before
 * the one that runs. `options` reach the backend's loader (the bench's `--wasm-threads`).
 */
export async function loadBackend(name: string, options: LoadOptions = {}): Promise<LoadedSelection> {
  const entry = BACKENDS.find((candidate) => candidate.name === name);
  const load = entry?.loaders.node;
  if (!entry || !load) throw new BackendUnavailableError(unknownBackendMessage(name));
  let loaded: Awaited<ReturnType<typeof load>>;
  try {
    loaded = await load(options);
  } catch (error) {
    throw new BackendUnavailableError(
      `backend "${name}" cannot load here: ${reasonOf(error)}; ${namesList()}`,
    );
  }
  // an explicit engine must be the one that runs, a picking name one of its candidates: never a silent fallback
  if (!(entry.picksFrom ?? [name]).includes(loaded.backend.name)) {
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
