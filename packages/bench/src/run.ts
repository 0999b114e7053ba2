// Runs one workload on a group of systems and turns each measurement into a row: which cases
// (products, widths, batches, policies) a workload has, and which sampling each kind of case
// takes. The systems of a group are timed interleaved on the same case: `pnpm bench` times one
// system at a time, the browser benchmark a deltaml backend beside its tfjs peer.

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
  type SystemWorkload,
  TINY_BLOCK,
  tinyProblem,
} from './workloads.js';

/** How each kind of case is sampled. */
export interface SamplingPlan {
  /** `mlp` and `optim` */
  readonly step: Sampling;
  /** `tiny` (samples of many steps) */
  readonly tiny: Sampling;
  /** `gemm`, `scale` and `memory`: each case within a time budget */
  readonly budgeted: Sampling;
}

/** Products and large steps stop sampling after this long (tfjs's cpu engine needs seconds per 1024³ product). */
const BUDGET_MS = 2000;
const MIN_SAMPLES = 3;
/** warm-up time for products and large steps: JavaScript kernels reach their top JIT tier */
const WARMUP_MS = 250;

/** `pnpm bench`'s sampling: `steps` samples per measurement (tiny: blocks of TINY_BLOCK steps). */
export function benchSampling(steps: number): SamplingPlan {
  return {
    step: { warmup: 3, samples: steps },
    tiny: { warmup: 1, samples: steps, repeat: TINY_BLOCK },
    budgeted: {
      warmup: 1,
      warmupMs: WARMUP_MS,
      samples: steps,
      budgetMs: BUDGET_MS,
      minSamples: MIN_SAMPLES,
    },
  };
}

/** A case prepared on one system: the work to time, and what its rows add to the timing. */
interface Measured {
  readonly work: Prepared;
  readonly extra: (timing: Timing) => Partial<BenchRow>;
}

/** One case of a workload: its sampling, and how a system prepares it (undefined: the system has no such case). */
interface Case {
  readonly sampling: Sampling;
  readonly prepare: (system: BenchSystem) => Measured | undefined;
}

const plain = (work: Prepared): Measured => ({ work, extra: () => ({}) });

function casesOf(workload: SystemWorkload, plan: SamplingPlan): Case[] {
  switch (workload) {
    case 'mlp':
      return [
        { sampling: plan.step, prepare: (s) => plain(s.trainingStep(mlpProblem(MLP.hidden, MLP.batch))) },
      ];
    case 'optim':
      return [{ sampling: plan.step, prepare: (s) => plain(s.trainingStep(optimProblem())) }];
    case 'tiny':
      return [{ sampling: plan.tiny, prepare: (s) => plain(s.trainingStep(tinyProblem())) }];
    case 'gemm':
      return GEMM_PRODUCTS.map((p) => ({
        sampling: plan.budgeted,
        prepare: (s) => ({
          work: s.product(p),
          extra: (timing) => ({ gflops: gflops(p, timing.median_ms), shape: productLabel(p) }),
        }),
      }));
    case 'scale':
      return SCALE_GRID.map(({ hidden, batch }) => ({
        sampling: plan.budgeted,
        prepare: (s) => ({
          work: s.trainingStep(mlpProblem(hidden, batch)),
          extra: () => ({ hidden, batch }),
        }),
      }));
    case 'memory':
      return MEMORY.policies.map((policy) => ({
        sampling: plan.budgeted,
        prepare: (s) => {
          const probe = s.forwardCache?.(MEMORY.sizes, MEMORY.N, policy); // the peers have no cache policies
          return probe && { work: probe, extra: () => ({ bytes: probe.bytes(), policy }) };
        },
      }));
  }
}

/**
 * Every row of `workload` on `systems` (timed interleaved, case by case), each passed to `onRow`
 * as it is measured, with every system's engine made current while it runs.
 */
export async function runWorkload(
  systems: readonly BenchSystem[],
  workload: SystemWorkload,
  plan: SamplingPlan,
  onRow: (row: BenchRow) => void,
): Promise<BenchRow[]> {
  const restores: (() => Promise<void>)[] = [];
  const rows: BenchRow[] = [];
  try {
    for (const system of systems) restores.push(await system.enter());
    for (const { prepare, sampling } of casesOf(workload, plan)) {
      const prepared = systems.flatMap((system) => {
        const measured = prepare(system);
        return measured ? [{ system, ...measured }] : [];
      });
      if (prepared.length === 0) continue;
      try {
        const timings = await measure(
          prepared.map(({ work }) => work),
          sampling,
        );
        prepared.forEach(({ system: { name, device }, extra }, k) => {
          const row: BenchRow = {
            workload,
            system: name,
            ...timings[k],
            ...extra(timings[k]),
            ...(device === undefined ? {} : { device }),
          };
          rows.push(row);
          onRow(row);
        });
      } finally {
        for (const { work } of prepared) work.dispose();
      }
    }
  } finally {
    for (const restore of restores.reverse()) await restore();
  }
  return rows;
}
