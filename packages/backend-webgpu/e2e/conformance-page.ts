// The conformance page: runs @deltaml/conformance's checks on webgpu, cpu and wasm in this
// browser, then the 10 000-step leak run on webgpu, printing each result as it comes and leaving
// them all in `window.deltamlConformance` for e2e/run.mjs to collect.

import { createCpuBackend } from '@deltaml/backend-cpu';
import { createWasmBackend } from '@deltaml/backend-wasm';
import { type CheckResult, runChecks } from '@deltaml/conformance';
import { type BackendFactory, BackendUnavailableError } from '@deltaml/core';
import { createWebGpuBackend } from '../src/index.js';
import { leakReport, leakRun } from './leak-run.js';
import { type PageState, runPage } from './page-report.js';

/** One row of the page's results: which backend, which check, and how it went. */
export interface PageResult extends CheckResult {
  readonly backend: string;
}

/** What the page leaves for the runner. */
export interface PageReport extends PageState {
  adapter: string;
  results: PageResult[];
}

/** Steps of the leak run (the issue's "constant over a 10 000-step training run"). */
const LEAK_STEPS = 10_000;

const report: PageReport = { done: false, adapter: 'none', results: [] };
const log = document.getElementById('log')!;

function record(result: PageResult): void {
  report.results.push(result);
  log.textContent += `${result.status} ${result.backend}: ${result.check}${result.detail ? ` (${result.detail})` : ''}\n`;
}

const BACKENDS: readonly [string, BackendFactory][] = [
  [
    'webgpu',
    async () => {
      const backend = await createWebGpuBackend();
      report.adapter = backend.adapter;
      return backend;
    },
  ],
  ['cpu', () => createCpuBackend()],
  ['wasm', () => createWasmBackend()],
];

/** A page whose WebGPU has no adapter must get BackendUnavailableError saying so, never another engine. */
async function noAdapterCheck(): Promise<void> {
  const check = 'without an adapter, createWebGpuBackend rejects with BackendUnavailableError';
  const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
  try {
    await createWebGpuBackend({ gpu: noAdapter });
    record({ backend: 'webgpu', check, status: 'fail', detail: 'it resolved' });
  } catch (error) {
    const ok = error instanceof BackendUnavailableError && /no WebGPU adapter/.test(error.message);
    record({ backend: 'webgpu', check, status: ok ? 'pass' : 'fail', detail: ok ? '' : String(error) });
  }
}

async function main(): Promise<void> {
  for (const [name, create] of BACKENDS) {
    for (const result of await runChecks(create)) record({ backend: name, ...result });
  }
  await noAdapterCheck();
  const check = `live buffers constant over a ${LEAK_STEPS}-step training run (Adam, cross-entropy)`;
  try {
    const backend = await createWebGpuBackend();
    const run = await leakRun(backend, LEAK_STEPS);
    backend.destroy();
    const leaked = leakReport(run);
    record({ backend: 'webgpu', check, status: leaked ? 'fail' : 'pass', detail: leaked ?? '' });
  } catch (error) {
    record({ backend: 'webgpu', check, status: 'fail', detail: (error as Error).message });
  }
}

runPage('deltamlConformance', report, main);
