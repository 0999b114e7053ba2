#!/usr/bin/env node
// @ts-check
// Adds up the vitest JSON reports of every package (and the e2e report, if present) into one
// closing line, `tests: N passed, N failed, N skipped`, and fails if any test failed or none ran.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = ['packages', 'apps']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name, 'test-results')))
  .flatMap((dir) => ['vitest.json', 'e2e.json'].map((file) => join(dir, file)))
  .filter(existsSync);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
