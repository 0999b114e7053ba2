// `--plot FILE.svg`: the `gemm` GFLOP/s and the `scale` ms per step as one SVG chart, drawn with
// Vega-Lite and rendered by Vega's headless View (no canvas, no browser).

import type { BenchRow } from '@deltaml/bench';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PreparedOutput } from '../output-file.js';

/** pixels per gemm product, shared by the bars of every system */
const GEMM_ROW_PX = 40;

export function chartSpec(rows: readonly BenchRow[]): TopLevelSpec {
  const gemm = rows.filter((r) => r.workload === 'gemm');
  const scale = rows
    .filter((r) => r.workload === 'scale')
    .map((r) => ({ ...r, width: `hidden ${r.hidden}` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'deltaml bench',
    vconcat: [
      {
        title: 'gemm: GFLOP/s (higher is better)',
        data: { values: gemm },
        height: GEMM_ROW_PX * new Set(gemm.map((r) => r.shape)).size,
        mark: 'bar',
        encoding: {
          y: { field: 'shape', type: 'nominal', sort: null, title: 'M x K x N, form' },
          yOffset: { field: 'system' },
          x: { field: 'gflops', type: 'quantitative', title: 'GFLOP/s' },
          color: { field: 'system', type: 'nominal' },
        },
      },
      {
        title: 'scale: ms per training step (lower is better)',
        data: { values: scale },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'batch', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'batch' },
          y: { field: 'median_ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms per step' },
          color: { field: 'system', type: 'nominal' },
          strokeDash: { field: 'width', type: 'nominal', title: 'width' },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Draws the chart of `rows` and writes it to `output` (checked before the benchmark ran). */
export async function writePlot(output: PreparedOutput, rows: readonly BenchRow[]): Promise<void> {
  const view = new View(parse(compile(chartSpec(rows)).spec), { renderer: 'none' });
  try {
    await output.write(await view.toSVG());
  } finally {
    view.finalize();
  }
}
