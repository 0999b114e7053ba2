// How every benchmark figure is taken, in Node and in a browser: warm-up runs that are not
// counted, then timed samples (each the mean of `repeat` runs, for steps too short to time one by
// one, followed by the work's drain where it only queues), summarised as the median with min and
// max. Several systems on the same work are sampled in turn, round by round, so that the load of a
// shared machine falls on all of them alike. Wall-clock time (performance.now): the figures that
// matter are ratios between systems measured in the same run (docs/benchmarks.md).

import type { Prepared } from './system.js';

/** A benchmark figure: per-run milliseconds over the timed samples. */
export interface Timing {
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  /** runs timed in all (samples × repeat) */
  readonly steps: number;
}

/** How many runs to warm up and time, within what time. */
export interface Sampling {
  /** untimed runs first (at least this many, each of `repeat` runs) */
  readonly warmup: number;
  /** and keep warming up until this much time has gone, so that a JIT reaches its top tier */
  readonly warmupMs?: number;
  /** timed samples wanted */
  readonly samples: number;
  /** runs per sample; a sample's time is their mean */
  readonly repeat?: number;
  /** stop taking samples once this much time has gone, after at least `minSamples` */
  readonly budgetMs?: number;
  /** the fewest samples a budget may stop at */
  readonly minSamples?: number;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `repeat` runs of `work`, then its drain; a synchronous run is not awaited, so it costs no microtask. */
async function runs(work: Prepared, repeat: number): Promise<void> {
  for (let i = 0; i < repeat; i++) {
    const pending = work.run();
    if (pending instanceof Promise) await pending;
  }
  if (work.drain) await work.drain();
}

/** Times each of `works` (one per system, on the same problem) interleaved; one Timing each, in order. */
export async function measure(works: readonly Prepared[], sampling: Sampling): Promise<Timing[]> {
  const repeat = sampling.repeat ?? 1;
  for (const work of works) {
    const warming = performance.now();
    for (let i = 0; i < sampling.warmup || performance.now() - warming < (sampling.warmupMs ?? 0); i++) {
      await runs(work, repeat);
    }
  }
  const times = works.map((): number[] => []);
  const started = performance.now();
  const minSamples = Math.min(sampling.minSamples ?? sampling.samples, sampling.samples);
  for (let round = 0; round < sampling.samples; round++) {
    for (const [k, work] of works.entries()) {
      const t0 = performance.now();
      await runs(work, repeat);
      times[k].push((performance.now() - t0) / repeat);
    }
    const spent = performance.now() - started;
    if (sampling.budgetMs !== undefined && round + 1 >= minSamples && spent > sampling.budgetMs) break;
  }
  return times.map((t) => ({
    median_ms: median(t),
    min_ms: Math.min(...t),
    max_ms: Math.max(...t),
    steps: t.length * repeat,
  }));
}
