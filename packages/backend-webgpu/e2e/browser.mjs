// What the browser runs of this package share: build the pages of e2e/ with Vite (workspace
// packages from their TypeScript sources), serve them on 127.0.0.1 (WebGPU needs a secure
// context; about:blank has no navigator.gpu) and open one in Debian's Chromium, headless, with
// WebGPU on the SwiftShader adapter and a fresh profile. Used by run.mjs (conformance) and by
// scripts/bench-browser.mjs (the benchmark).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

export const e2eDir = dirname(fileURLToPath(import.meta.url));
export const packageDir = dirname(e2eDir);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with WebGPU on SwiftShader (the README lists these flags). */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Builds the pages, serves them, opens `page` (e.g. `index.html`) and returns the Playwright page
 * with a close() that stops everything. Browser console lines are passed to `log`.
 */
export async function openPage(page, log = (line) => console.error(line)) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  }
  const outDir = join(e2eDir, 'dist');
  await build({ configFile: join(e2eDir, 'vite.config.mjs'), logLevel: 'warn', build: { outDir } });
  const server = await preview({
    configFile: join(e2eDir, 'vite.config.mjs'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const url = server.resolvedUrls?.local?.[0];
  if (!url) throw new Error('vite preview did not report its address');
  const profile = mkdtempSync(join(tmpdir(), 'deltaml-webgpu-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  tab.on('console', (message) => log(`  [browser ${message.type()}] ${message.text()}`));
  tab.on('pageerror', (error) => log(`  [browser uncaught] ${error.stack ?? error.message}`));
  await tab.goto(new URL(page, url).href);
  return {
    page: tab,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
