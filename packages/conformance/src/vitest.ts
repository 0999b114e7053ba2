// The conformance suite as vitest tests: a backend package calls runConformance on itself and
// every check becomes one test. Skips are declared here, each with its reason.

import type { Backend, BackendFactory } from '@deltaml/core';
import { beforeAll, describe, it } from 'vitest';
import { conformanceChecks, runCheck } from './run.js';

export interface ConformanceOptions {
  /** check name → why this backend cannot do it (shown in the test name and the support matrix) */
  readonly skips?: Readonly<Record<string, string>>;
}

export function runConformance(
  name: string,
  createBackend: BackendFactory,
  options: ConformanceOptions = {},
): void {
  describe(`conformance: ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await createBackend();
    });
    for (const check of conformanceChecks) {
      const reason = options.skips?.[check.name];
      if (reason) it.skip(`${check.name} — skipped: ${reason}`, () => {});
      else it(check.name, () => runCheck(check, backend));
    }
  });
}

export { runWorkspaceConformance } from './workspace-suite.js';
