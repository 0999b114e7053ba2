// `pnpm test:e2e`: the conformance suite inside headless Chromium (WebGPU on SwiftShader) on
// webgpu, cpu and wasm, plus webgpu's 10 000-step leak run. Prints one line per check, writes
// test-results/e2e.json (counted by the root's test summary) and closes with
// `e2e: N passed, M failed`. A check that could not run (backend unavailable) counts as failed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runE2eMain } from '../../../scripts/e2e-main.mjs';
import { openPage, packageDir } from './browser.mjs';

/** The whole page (three backends' suites and the leak run) must finish within this. */
const TIMEOUT_MS = 20 * 60_000;

async function main() {
  const resultsDir = join(packageDir, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const started = Date.now();
  const { page, close } = await openPage('index.html');
  let report;
  try {
    await page.waitForFunction(() => window.deltamlConformance?.done === true, null, {
      timeout: TIMEOUT_MS,
      polling: 1000,
    });
    report = await page.evaluate(() => window.deltamlConformance);
  } finally {
    await close();
  }
  if (report.error) console.log(`  ✘ the page failed: ${report.error}`);
  console.log(`  webgpu adapter: ${report.adapter}`);
  const tests = report.results.map((r) => ({
    name: `${r.backend}: ${r.check}`,
    ok: r.status === 'pass',
    error: r.status === 'pass' ? null : `${r.status}: ${r.detail}`,
  }));
  for (const t of tests) console.log(`  ${t.ok ? '✔' : '✘'} ${t.name}${t.ok ? '' : ` — ${t.error}`}`);
  const failed = tests.filter((t) => !t.ok).length + (report.error ? 1 : 0);
  const passed = tests.length - tests.filter((t) => !t.ok).length;
  const json = { numPassedTests: passed, numFailedTests: failed, adapter: report.adapter, tests };
  writeFileSync(join(resultsDir, 'e2e.json'), `${JSON.stringify(json, null, 2)}\n`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `e2e (backend-webgpu, Chromium, ${report.adapter}, ${seconds} s): ${passed} passed, ${failed} failed`,
  );
  return failed === 0 && passed > 0 ? 0 : 1;
}

runE2eMain(main);
