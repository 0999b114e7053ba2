// How the browser benchmark takes a figure when work finishes asynchronously (on a GPU): warm-up
// runs first, then samples of `repeat` runs each followed by `drain()`, which resolves when the
// device has done everything queued, so a sample times finished work. The systems compared are
// sampled in turn, round by round. Median, min and max as in `pnpm bench`; only same-run ratios
// between systems mean anything (BENCHMARKS.md).

/** A benchmark figure: per-run milliseconds over the timed samples. */
export interface Timing {
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  /** runs timed in all */
  readonly steps: number;
}

/** How many runs to warm up and time, within what time. */
export interface Sampling {
  readonly warmup: number;
  readonly samples: number;
  readonly repeat: number;
  /** stop after this long once at least `minSamples` are taken */
  readonly budgetMs: number;
  readonly minSamples: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One thing to time: `run` (awaited) does one unit of work, `drain` waits for the device. */
export interface Timed {
  run(): unknown;
  drain(): Promise<unknown>;
}

/**
 * Times several systems on the same work, interleaved: each round takes one sample of each, so
 * that the load of a shared machine falls on all of them alike. Returns one Timing per system.
 */
export async function measureInterleaved(systems: readonly Timed[], sampling: Sampling): Promise<Timing[]> {
  for (const { run, drain } of systems) {
    for (let i = 0; i < sampling.warmup; i++) await run();
    await drain();
  }
  const times: number[][] = systems.map(() => []);
  const started = performance.now();
  for (let round = 0; round < sampling.samples; round++) {
    for (const [k, { run, drain }] of systems.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < sampling.repeat; i++) await run();
      await drain();
      times[k].push((performance.now() - t0) / sampling.repeat);
    }
    if (round + 1 >= sampling.minSamples && performance.now() - started > sampling.budgetMs) break;
  }
  return times.map((t) => ({
    median_ms: median(t),
    min_ms: Math.min(...t),
    max_ms: Math.max(...t),
    steps: t.length * sampling.repeat,
  }));
}
