// The benchmark's output: one JSON object per line (`--json`), or a table with each row's
// throughput and its speed-up over each peer measured in the same run, plus the progress line
// printed to stderr as each measurement finishes.

import { type BenchRow, caseOf, MEMORY, MLP, SKLEARN_PEER, speedup, tinyProblem } from '@deltaml/bench';
import { formatTable } from '../table.js';

/** The peers a table can compare against, in column order (a column only where the peer ran). */
const PEERS = ['peer:tfjs-cpu', 'peer:tfjs-wasm', 'peer:tfjs-node', SKLEARN_PEER] as const;

export function jsonLines(rows: readonly BenchRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

function showTime(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** Batch size of the training workloads, to show samples/s. */
function batchOf(row: BenchRow): number | undefined {
  if (row.workload === 'mlp') return MLP.batch;
  if (row.workload === 'tiny') return tinyProblem().N;
  return row.batch;
}

function throughput(row: BenchRow, rows: readonly BenchRow[]): string {
  if (row.gflops !== undefined) return `${row.gflops.toFixed(1)} GFLOP/s`;
  if (row.bytes !== undefined) {
    const all = rows.find((r) => r.system === row.system && r.policy === MEMORY.policies[0]);
    const share = all?.bytes ? ` (${Math.round((100 * row.bytes) / all.bytes)}% of all)` : '';
    return `${(row.bytes / 2 ** 20).toFixed(1)} MiB${share}`;
  }
  if (row.read_ms !== undefined && row.read_mb_s !== undefined && row.epoch_ms !== undefined) {
    return `read ${showTime(row.read_ms)} (${row.read_mb_s.toFixed(0)} MB/s), epoch ${showTime(row.epoch_ms)}`;
  }
  const batch = batchOf(row);
  return batch === undefined ? '' : `${Math.round((batch * 1000) / row.median_ms)} samples/s`;
}

/** `peer median / row median` for the same workload and case, e.g. `8.3×`. */
function showSpeedup(row: BenchRow, peer: string, rows: readonly BenchRow[]): string {
  const ratio = speedup(row, peer, rows);
  return ratio === undefined ? '' : `${ratio.toFixed(2)}×`;
}

export function table(rows: readonly BenchRow[]): string {
  // a column per peer that ran (tfjs-node's only where its native binding loads)
  const peers = PEERS.filter((peer) => rows.some((row) => row.system === peer));
  return formatTable(
    [
      { title: 'workload' },
      { title: 'case' },
      { title: 'system' },
      { title: 'median', align: 'right' },
      { title: 'min', align: 'right' },
      { title: 'max', align: 'right' },
      { title: 'steps', align: 'right' },
      { title: 'throughput', align: 'right' },
      ...peers.map((peer) => ({ title: `vs ${peer.slice(5)}`, align: 'right' as const })),
    ],
    rows.map((row) => [
      row.workload,
      caseOf(row),
      row.system,
      showTime(row.median_ms),
      showTime(row.min_ms),
      showTime(row.max_ms),
      String(row.steps),
      throughput(row, rows),
      ...peers.map((peer) => showSpeedup(row, peer, rows)),
    ]),
  );
}

/** One stderr line per finished measurement. */
export function progressLine(row: BenchRow, done: number): string {
  const what = [row.workload, caseOf(row), row.system].filter(Boolean).join(' · ');
  const extra = row.gflops !== undefined ? `, ${row.gflops.toFixed(1)} GFLOP/s` : '';
  return `bench [${done}] ${what}: ${showTime(row.median_ms)}${extra}\n`;
}
