// The browser benchmark page: the workloads of docs/benchmarks.md named in the query
// (`?workload=mlp&workload=gemm`; scripts/bench-browser.mjs names them) on deltaml's webgpu and
// wasm backends, each timed interleaved beside the idiomatic tfjs program on tfjs-backend-webgpu
// and tfjs-backend-wasm, all in this page, on this browser's one WebGPU adapter. @deltaml/bench
// holds the workloads, the systems, the peers and the timing; rows are the JSON lines of
// `pnpm bench --json` plus `device`, which scripts/bench-browser.mjs prints.

import { createWasmBackend } from '@deltaml/backend-wasm';
import {
  type BenchRow,
  type BenchSystem,
  deltamlSystem,
  runWorkload,
  type SamplingPlan,
  type SystemWorkload,
  TINY_BLOCK,
} from '@deltaml/bench';
import { tfjsPeer } from '@deltaml/bench/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { createWebGpuBackend } from '../src/index.js';
import { type PageState, runPage } from './page-report.js';

/** What the page leaves for the runner. */
interface BenchReport extends PageState {
  rows: BenchRow[];
}

/**
 * SwiftShader's sampling: training steps ≥ 20 timed after warm-up (docs/benchmarks.md), more
 * while within 4 s; `tiny` in blocks of steps; products a few runs per sample so that one drain
 * is not the figure.
 */
const PLAN: SamplingPlan = {
  step: { warmup: 5, samples: 60, budgetMs: 4000, minSamples: 20 },
  tiny: { warmup: 1, samples: 10, repeat: TINY_BLOCK / 10, budgetMs: 4000, minSamples: 3 },
  budgeted: { warmup: 1, samples: 10, repeat: 2, budgetMs: 1000, minSamples: 3 },
};

const report: BenchReport = { done: false, rows: [] };
const log = document.getElementById('log')!;
const workloads = new URLSearchParams(location.search).getAll('workload') as SystemWorkload[];

/** deltaml and its tfjs peer on the same device, in pairs (a pair uses one tfjs engine). */
async function pairs(): Promise<BenchSystem[][]> {
  const webgpu = await createWebGpuBackend();
  setWasmPaths({
    'tfjs-backend-wasm.wasm': tfjsWasm,
    'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreadedSimd,
  });
  const gpu = webgpu.adapter;
  return [
    [
      deltamlSystem('webgpu', webgpu, gpu),
      tfjsPeer({ name: 'peer:tfjs-webgpu', engine: 'webgpu', reads: 'async', device: gpu }),
    ],
    [
      deltamlSystem('wasm', await createWasmBackend(), 'cpu'),
      tfjsPeer({ name: 'peer:tfjs-wasm', engine: 'wasm', reads: 'async', device: 'cpu' }),
    ],
  ];
}

async function main(): Promise<void> {
  for (const pair of await pairs()) {
    for (const workload of workloads) {
      await runWorkload(pair, workload, PLAN, (row) => {
        report.rows.push(row);
        log.textContent += `${JSON.stringify(row)}\n`;
      });
    }
  }
}

runPage('deltamlBench', report, main);
