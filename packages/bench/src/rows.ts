// Reading rows back: which case a row measures within its workload, and a row's speed-up over a
// peer measured in the same run (the figures docs/benchmarks.md sets goals for). The CLI's table
// and the browser benchmark's summary both compute their ratios here.

import type { BenchRow } from './workloads.js';

/** The `system` of the e2e workload's Python peer (numpy.loadtxt + scikit-learn). */
export const SKLEARN_PEER = 'peer:sklearn';

/** The case a row measures within its workload (empty for mlp, optim and tiny). */
export function caseOf(row: BenchRow): string {
  if (row.shape) return row.shape;
  if (row.hidden !== undefined) return `hidden ${row.hidden}, batch ${row.batch}`;
  return row.policy ?? row.format ?? '';
}

/** `peer`'s median over `row`'s, for the same workload and case in `rows`; undefined where the peer has no such row. */
export function speedup(row: BenchRow, peer: string, rows: readonly BenchRow[]): number | undefined {
  const match = rows.find(
    (r) => r.system === peer && r.workload === row.workload && caseOf(r) === caseOf(row),
  );
  return match && match.median_ms / row.median_ms;
}
