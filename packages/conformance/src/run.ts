// Running the checks outside a test runner: one result per check, for the CLI's tables and the
// cross-backend support matrix. A check also fails if it leaves buffers behind.

import type { Backend, BackendFactory } from '@deltaml/core';
import { lossChecks } from './checks-losses.js';
import { memoryChecks } from './checks-memory.js';
import { misuseChecks } from './checks-misuse.js';
import { modelChecks } from './checks-model.js';
import { optimizerChecks } from './checks-optimizers.js';
import { trainerChecks } from './checks-trainer.js';
import { valueChecks } from './checks-values.js';
import type { ConformanceCheck } from './types.js';

/** Every check, in the order they are reported. */
export const conformanceChecks: readonly ConformanceCheck[] = [
  ...valueChecks,
  ...lossChecks,
  ...optimizerChecks,
  ...memoryChecks,
  ...misuseChecks,
  ...trainerChecks,
  ...modelChecks,
];

/** The outcome of one check on one backend, with what failed or why it was skipped. */
export interface CheckResult {
  readonly check: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

/** Runs one check and also fails it if the backend holds more buffers afterwards than before. */
export async function runCheck(check: ConformanceCheck, backend: Backend): Promise<void> {
  const before = backend.memory();
  await check.run(backend);
  const after = backend.memory();
  if (after.buffers !== before.buffers) {
    throw new Error(`leaked ${after.buffers - before.buffers} buffers (${after.bytes - before.bytes} bytes)`);
  }
}

/**
 * Runs every check on one backend. If the backend cannot be created, every check is reported as
 * `skip` with the reason, so a missing engine is visible and never counts as a pass.
 */
export async function runChecks(
  createBackend: BackendFactory,
  skips: Readonly<Record<string, string>> = {},
): Promise<CheckResult[]> {
  let backend: Backend;
  try {
    backend = await createBackend();
  } catch (error) {
    const detail = `not available: ${(error as Error).message}`;
    return conformanceChecks.map((c) => ({ check: c.name, status: 'skip', detail }));
  }
  const results: CheckResult[] = [];
  for (const check of conformanceChecks) {
    const reason = skips[check.name];
    if (reason) {
      results.push({ check: check.name, status: 'skip', detail: reason });
      continue;
    }
    try {
      await runCheck(check, backend);
      results.push({ check: check.name, status: 'pass', detail: '' });
    } catch (error) {
      results.push({ check: check.name, status: 'fail', detail: (error as Error).message });
    }
  }
  return results;
}
