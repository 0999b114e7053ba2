// End-to-end tests of the built playground in a real browser: serves dist/ with `vite preview` on
// 127.0.0.1 (a free port), drives Debian's Chromium headless through playwright-core, runs the
// checks of checks.mjs, saves screenshots under test-results/, writes test-results/e2e.json (counted
// by the root's test summary) and prints `e2e: N passed, M failed`.
// It builds nothing: turbo runs `build` first.
// @ts-check (the demo's `typecheck` covers this file: JSDoc types, see tsconfig.json)

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { runE2eMain } from '../../../scripts/e2e-main.mjs';
import { checks } from './checks.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const resultsDir = join(root, 'test-results');
/** Where the checks save their panel screenshots (SCREENS_DIR to put them elsewhere). */
const screensDir = process.env.SCREENS_DIR ?? join(resultsDir, 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Each check gets this long (the accessibility check scans five panels at two sizes). */
const CHECK_TIMEOUT_MS = 120_000;

/** A port on 127.0.0.1 that nothing listens on now. */
function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
        server.close(() => resolve(port));
      });
    })
  );
}

/**
 * `promise`, or a rejection naming `what` after `ms`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  /** @type {Promise<never>} */
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    console.error('e2e: apps/demo/dist is missing; run the build first (pnpm build)');
    return 1;
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`e2e: no Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
    return 1;
  }
  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(screensDir, { recursive: true });
  for (const old of readdirSync(resultsDir).filter((f) => f.startsWith('failed-')))
    rmSync(join(resultsDir, old));
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const url = `http://127.0.0.1:${port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'deltaml-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
  });
  /** @type {string[]} */
  const consoleErrors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.stack ?? error.message}`));
  /** @type {{ name: string, ok: boolean, error: string | null }[]} */
  const results = [];
  try {
    /** @type {import('./checks.mjs').CheckContext} */
    const ctx = {
      page,
      url,
      consoleErrors,
      resultsDir,
      screensDir,
      log: (line) => console.log(`    ${line}`),
    };
    for (const check of checks) {
      const started = Date.now();
      try {
        await withTimeout(check.run(ctx), CHECK_TIMEOUT_MS, check.name);
        results.push({ name: check.name, ok: true, error: null });
        console.log(`  ✔ ${check.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push({ name: check.name, ok: false, error: message });
        console.log(`  ✘ ${check.name}: ${message}`);
        await page
          .screenshot({
            path: join(resultsDir, `failed-${check.name.replace(/\W+/g, '-')}.png`),
            fullPage: true,
          })
          .catch(() => {});
      }
    }
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  const report = { numPassedTests: results.length - failed, numFailedTests: failed, tests: results };
  writeFileSync(join(resultsDir, 'e2e.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `e2e: ${results.length - failed} passed, ${failed} failed (screenshots in apps/demo/test-results/)`,
  );
  return failed === 0 ? 0 : 1;
}

runE2eMain(main);
