// The browser benchmark page: `mlp`, `optim`, `tiny` and the `gemm` shapes of BENCHMARKS.md on
// deltaml's webgpu and wasm backends and on the idiomatic tfjs program on tfjs-backend-webgpu and
// tfjs-backend-wasm, all in this page, on this browser's one WebGPU adapter. Rows are the JSON
// lines of `pnpm bench --json` plus `device`; scripts/bench-browser.mjs prints them.

import { createWasmBackend } from '@deltaml/backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  GEMM_PRODUCTS,
  gflops,
  MLP,
  mlpProblem,
  productLabel,
  TINY_BLOCK,
  tinyProblem,
} from '../../cli/src/bench/workloads.js';
import { createWebGpuBackend } from '../src/index.js';
import { type BenchSystem, deltamlSystem, type Prepared, tfjsSystem } from './bench-systems.js';
import { measureInterleaved, type Sampling, type Timing } from './bench-timing.js';

/** One JSON line: `pnpm bench --json`'s fields plus the device. */
interface BenchRow extends Timing {
  readonly workload: string;
  readonly system: string;
  readonly gflops?: number;
  readonly shape?: string;
  readonly device: string;
}

/** What the page leaves for the runner. */
interface BenchReport {
  done: boolean;
  rows: BenchRow[];
  error?: string;
}

const report: BenchReport = { done: false, rows: [] };
(window as unknown as { deltamlBench: BenchReport }).deltamlBench = report;
const log = document.getElementById('log')!;
const wanted = new URLSearchParams(location.search).getAll('workload');
const runs = (workload: string) => wanted.length === 0 || wanted.includes(workload);

/** Training steps: ≥ 20 timed after warm-up (BENCHMARKS.md), more while within 4 s. */
const STEPS: Sampling = { warmup: 5, samples: 60, repeat: 1, budgetMs: 4000, minSamples: 20 };
/** `tiny`: timed in blocks of steps. */
const TINY: Sampling = { warmup: 1, samples: 10, repeat: TINY_BLOCK / 10, budgetMs: 4000, minSamples: 3 };
/** Products: a few runs per sample so that one drain is not the figure. */
const PRODUCTS: Sampling = { warmup: 1, samples: 10, repeat: 2, budgetMs: 1000, minSamples: 3 };

/** Times the systems of one pair on the same work, interleaved; one Timing each. */
async function time(
  pair: readonly BenchSystem[],
  prepare: (system: BenchSystem) => Prepared,
  sampling: Sampling,
): Promise<Timing[]> {
  for (const system of pair) await system.enter();
  const prepared = pair.map(prepare);
  try {
    return await measureInterleaved(
      prepared.map((p, k) => ({ run: () => p.run(), drain: () => (p.drain ?? pair[k].drain)() })),
      sampling,
    );
  } finally {
    for (const p of prepared) p.dispose();
  }
}

function emit(row: BenchRow): void {
  report.rows.push(row);
  log.textContent += `${JSON.stringify(row)}\n`;
}

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
    [deltamlSystem('webgpu', gpu, webgpu), await tfjsSystem('webgpu', gpu)],
    [deltamlSystem('wasm', 'cpu', await createWasmBackend()), await tfjsSystem('wasm', 'cpu')],
  ];
}

async function main(): Promise<void> {
  const mlp = mlpProblem(MLP.hidden, MLP.batch);
  for (const pair of await pairs()) {
    const emitAll = (timings: Timing[], workload: string) =>
      timings.forEach((t, k) => {
        const { name: system, device } = pair[k];
        emit({ workload, system, ...t, device });
      });
    if (runs('mlp')) emitAll(await time(pair, (s) => s.trainingStep(mlp, 'sgd-mse'), STEPS), 'mlp');
    if (runs('optim')) {
      emitAll(await time(pair, (s) => s.trainingStep(mlp, 'adam-cross-entropy'), STEPS), 'optim');
    }
    if (runs('tiny')) {
      emitAll(await time(pair, (s) => s.trainingStep(tinyProblem(), 'sgd-mse'), TINY), 'tiny');
    }
    if (!runs('gemm')) continue;
    for (const p of GEMM_PRODUCTS) {
      const timings = await time(pair, (s) => s.product(p), PRODUCTS);
      timings.forEach((t, k) => {
        const { name: system, device } = pair[k];
        emit({
          workload: 'gemm',
          system,
          ...t,
          gflops: gflops(p, t.median_ms),
          shape: productLabel(p),
          device,
        });
      });
    }
  }
}

main().then(
  () => {
    report.done = true;
  },
  (error: Error) => {
    report.error = error.stack ?? error.message;
    report.done = true;
  },
);
