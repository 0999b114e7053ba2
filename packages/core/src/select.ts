// Picking a backend from an ordered list of candidates, reporting which one runs and why each
// one before it was rejected — never a silent fallback.

import type { Backend, BackendFactory } from './backend.js';
import { BackendUnavailableError } from './errors.js';

/** A backend to try, by name. */
export interface BackendCandidate {
  readonly name: string;
  readonly create: BackendFactory;
}

/** A candidate that could not run, and why. */
export interface Rejection {
  readonly name: string;
  readonly reason: string;
}

/** The backend that runs, and why each candidate before it was rejected. */
export interface BackendSelection {
  readonly name: string;
  readonly backend: Backend;
  readonly rejected: readonly Rejection[];
}

/** Tries each candidate in order; the first that loads wins. Throws if none does, listing why. */
export async function selectBackend(candidates: readonly BackendCandidate[]): Promise<BackendSelection> {
  const rejected: Rejection[] = [];
  for (const { name, create } of candidates) {
    try {
      return { name, backend: await create(), rejected };
    } catch (error) {
      rejected.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const reasons = rejected.map((r) => `${r.name}: ${r.reason}`).join('; ');
  throw new BackendUnavailableError(`no backend could be loaded (${reasons || 'no candidates given'})`);
}
