// How every benchmark figure is taken: warm-up runs that are not counted, then timed samples
// (each the mean of `repeat` runs, for steps too short to time one by one), summarised as the
// median with min and max. Wall-clock time (performance.now): the figures that matter are
// ratios between systems measured in the same run (BENCHMARKS.md).

export interface Timing {
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  /** runs timed in all (samples × repeat) */
  readonly steps: number;
}

export interface Sampling {
  /** untimed runs first (at least this many) */
  readonly warmup: number;
  /** and keep warming up until this much time has gone, so that a JIT reaches its top tier */
  readonly warmupMs?: number;
  /** timed samples wanted */
  readonly samples: number;
  /** runs per sample; a sample's time is their mean */
  readonly repeat?: number;
  /** stop taking samples once this much time has gone, after at least `minSamples` */
  readonly budgetMs?: number;
  readonly minSamples?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function measure(run: () => void, sampling: Sampling): Timing {
  const repeat = sampling.repeat ?? 1;
  const warming = performance.now();
  for (let i = 0; i < sampling.warmup || performance.now() - warming < (sampling.warmupMs ?? 0); i++) {
    for (let j = 0; j < repeat; j++) run();
  }
  const times: number[] = [];
  const started = performance.now();
  const minSamples = Math.min(sampling.minSamples ?? sampling.samples, sampling.samples);
  while (times.length < sampling.samples) {
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) run();
    times.push((performance.now() - t0) / repeat);
    const spent = performance.now() - started;
    if (sampling.budgetMs !== undefined && times.length >= minSamples && spent > sampling.budgetMs) break;
  }
  return {
    median_ms: median(times),
    min_ms: Math.min(...times),
    max_ms: Math.max(...times),
    steps: times.length * repeat,
  };
}
