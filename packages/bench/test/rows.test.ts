// Reading rows back: the case of a row, and the speed-up over a peer in the same run.
import { describe, expect, it } from 'vitest';
import { type BenchRow, caseOf, speedup } from '../src/index.js';

const timing = (median_ms: number) => ({ median_ms, min_ms: median_ms, max_ms: median_ms, steps: 1 });

describe('rows', () => {
  it('caseOf names the shape, the width and batch, the policy or the file format', () => {
    const rows: BenchRow[] = [
      { workload: 'gemm', system: 'cpu', ...timing(1), shape: '256x256x256 A·B' },
      { workload: 'scale', system: 'cpu', ...timing(1), hidden: 1024, batch: 32 },
      { workload: 'memory', system: 'cpu', ...timing(1), policy: 'preactivations' },
      { workload: 'e2e', system: 'cpu', ...timing(1), format: 'parquet' },
      { workload: 'mlp', system: 'cpu', ...timing(1) },
    ];
    expect(rows.map(caseOf)).toEqual([
      '256x256x256 A·B',
      'hidden 1024, batch 32',
      'preactivations',
      'parquet',
      '',
    ]);
  });

  it("speedup is the peer's median over the row's, for the same workload and case only", () => {
    const rows: BenchRow[] = [
      { workload: 'gemm', system: 'wasm', ...timing(2), shape: 'a' },
      { workload: 'gemm', system: 'peer:tfjs-wasm', ...timing(5), shape: 'a' },
      { workload: 'gemm', system: 'peer:tfjs-wasm', ...timing(100), shape: 'b' },
      { workload: 'mlp', system: 'peer:tfjs-wasm', ...timing(1000) },
    ];
    expect(speedup(rows[0], 'peer:tfjs-wasm', rows)).toBe(2.5);
    expect(speedup(rows[0], 'peer:tfjs-cpu', rows)).toBeUndefined();
  });
});
