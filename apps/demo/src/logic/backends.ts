// Loading the backends the page offers, each on its own: one that cannot run here (no WebGL in
// a GPU-less browser, no WebAssembly) is shown with the reason instead of silently replaced.

import type { Backend, Rejection } from '@deltaml/core';

export interface BackendChoice {
  /** the backend's name as users pass it (`cpu`, `wasm`, `tfjs-webgl`, …) */
  readonly id: string;
  /** a short description for the picker */
  readonly label: string;
  readonly create: () => Backend | Promise<Backend>;
}

export interface LoadedBackend {
  readonly choice: BackendChoice;
  /** null when it could not load here */
  readonly backend: Backend | null;
  /** why it could not load */
  readonly error: string | null;
  /** engines tried before the one that runs, and why each was rejected (tfjs reports these) */
  readonly rejected: readonly Rejection[];
}

function rejectionsOf(backend: Backend): readonly Rejection[] {
  const { rejected } = backend as Backend & { rejected?: readonly Rejection[] };
  return Array.isArray(rejected) ? rejected : [];
}

/** Loads one backend; failure is a result with the reason, never a throw. */
export async function loadBackend(choice: BackendChoice): Promise<LoadedBackend> {
  try {
    const backend = await choice.create();
    return { choice, backend, error: null, rejected: rejectionsOf(backend) };
  } catch (error) {
    return {
      choice,
      backend: null,
      error: error instanceof Error ? error.message : String(error),
      rejected: [],
    };
  }
}

/** What a loaded backend says about itself beyond its name: dtype, and SIMD or scalar for WebAssembly kernels. */
export function backendDetails(backend: Backend): string {
  const { simd } = backend as Backend & { simd?: unknown };
  return typeof simd === 'boolean' ? `${backend.dtype}, ${simd ? 'SIMD' : 'scalar'} kernels` : backend.dtype;
}
