// Runs one workload on one system and turns each measurement into a row: how many warm-up runs
// and samples each workload takes, and which cases (products, widths, batches, policies) it has.

import type { BenchSystem, Prepared } from './system.js';
import { measure, type Sampling, type Timing } from './timing.js';
import {
  type BenchRow,
  GEMM_PRODUCTS,
  gflops,
  MEMORY,
  MLP,
  mlpProblem,
  optimProblem,
  productLabel,
  SCALE_GRID,
  TINY_BLOCK,
  tinyProblem,
  type WorkloadName,
} from './workloads.js';

/** Products and large steps stop sampling after this long (tfjs's cpu engine needs seconds per 1024³ product). */
const BUDGET_MS = 2000;
const MIN_SAMPLES = 3;
/** warm-up time for products and large steps: JavaScript kernels reach their top JIT tier */
const WARMUP_MS = 250;

function timed(prepared: Prepared, sampling: Sampling): Timing {
  try {
    return measure(prepared.run, sampling);
  } finally {
    prepared.dispose();
  }
}

function* cases(system: BenchSystem, workload: WorkloadName, steps: number): Generator<BenchRow> {
  const base = (timing: Timing) => ({ workload, system: system.name, ...timing });
  const budgeted: Sampling = {
    warmup: 1,
    warmupMs: WARMUP_MS,
    samples: steps,
    budgetMs: BUDGET_MS,
    minSamples: MIN_SAMPLES,
  };
  switch (workload) {
    case 'mlp':
      yield base(
        timed(system.trainingStep(mlpProblem(MLP.hidden, MLP.batch)), { warmup: 3, samples: steps }),
      );
      return;
    case 'optim':
      yield base(timed(system.trainingStep(optimProblem()), { warmup: 3, samples: steps }));
      return;
    case 'tiny':
      yield base(
        timed(system.trainingStep(tinyProblem()), { warmup: 1, samples: steps, repeat: TINY_BLOCK }),
      );
      return;
    case 'gemm':
      for (const product of GEMM_PRODUCTS) {
        const timing = timed(system.product(product), budgeted);
        yield { ...base(timing), gflops: gflops(product, timing.median_ms), shape: productLabel(product) };
      }
      return;
    case 'scale':
      for (const { hidden, batch } of SCALE_GRID) {
        yield { ...base(timed(system.trainingStep(mlpProblem(hidden, batch)), budgeted)), hidden, batch };
      }
      return;
    case 'memory':
      if (!system.forwardCache) return; // the peers have no cache policies
      for (const policy of MEMORY.policies) {
        const prepared = system.forwardCache(MEMORY.sizes, MEMORY.N, policy);
        const timing = timed(prepared, budgeted);
        yield { ...base(timing), bytes: prepared.bytes(), policy };
      }
      return;
  }
}

/** Every row of `workload` on `system`, with its engine made current while it runs. */
export async function runWorkload(
  system: BenchSystem,
  workload: WorkloadName,
  steps: number,
  onRow: (row: BenchRow) => void,
): Promise<BenchRow[]> {
  const restore = await system.enter();
  const rows: BenchRow[] = [];
  try {
    for (const row of cases(system, workload, steps)) {
      rows.push(row);
      onRow(row);
    }
  } finally {
    await restore();
  }
  return rows;
}
