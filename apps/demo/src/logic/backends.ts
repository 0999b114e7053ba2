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

/** How a backend shares its work between threads: how many it runs, and the calls it has shared so far. */
export interface BackendThreads {
  /** threads in all, the calling one included (1 for a backend that runs on one) */
  readonly count: number;
  /** the calls (products, Adam steps) that ran on more than one thread so far */
  readonly sharedCalls: number;
}

/** What a backend reports of its threads (the wasm backend's `threads` and `sharedCalls()`); one thread for the others. */
export function backendThreads(backend: Backend): BackendThreads {
  const { threads, sharedCalls } = backend as Backend & { threads?: unknown; sharedCalls?: unknown };
  return {
    count: typeof threads === 'number' ? threads : 1,
    sharedCalls: typeof sharedCalls === 'function' ? Number(sharedCalls.call(backend)) : 0,
  };
}

/** How many threads, in words ("2 threads"). */
export function threadsText(count: number): string {
  return `${count} ${count === 1 ? 'thread' : 'threads'}`;
}

/** What a loaded backend says about itself beyond its name: dtype, SIMD or scalar for WebAssembly kernels, and their threads. */
export function backendDetails(backend: Backend): string {
  const { simd, threads } = backend as Backend & { simd?: unknown; threads?: unknown };
  const details: string[] = [backend.dtype];
  if (typeof simd === 'boolean') details.push(`${simd ? 'SIMD' : 'scalar'} kernels`);
  if (typeof threads === 'number') details.push(threadsText(threads));
  return details.join(', ');
}
