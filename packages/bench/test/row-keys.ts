// The keys every row starts with, in docs/benchmarks.md's order (the `--json` line format).
export const TIMING_KEYS = ['workload', 'system', 'median_ms', 'min_ms', 'max_ms', 'steps'];
