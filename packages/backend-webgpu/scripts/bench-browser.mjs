// `pnpm bench:browser`: the browser benchmark (e2e/bench-page.ts) in headless Chromium with WebGPU
// on SwiftShader. Prints the JSON lines of `pnpm bench --json` plus `"device"` on stdout and, on
// stderr, progress and the ratios docs/benchmarks.md sets goals for. Usage:
//   node scripts/bench-browser.mjs [--workload mlp|optim|tiny|gemm]…   (default: all four)

import { speedup } from '@deltaml/bench';
import { openPage } from '../e2e/browser.mjs';

/** The workloads the page runs, in order. */
const WORKLOADS = ['mlp', 'optim', 'tiny', 'gemm'];
/** SwiftShader is slow: the whole page gets this long. */
const TIMEOUT_MS = 40 * 60_000;

function parseWorkloads(argv) {
  const wanted = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--workload') throw new Error(`unknown argument ${argv[i]}; usage: [--workload NAME]…`);
    const name = argv[++i];
    if (!WORKLOADS.includes(name))
      throw new Error(`--workload must be one of ${WORKLOADS.join(', ')}, got ${name}`);
    wanted.push(name);
  }
  return wanted;
}

function printRatios(rows) {
  const find = (workload, system, shape) =>
    rows.find((r) => r.workload === workload && r.system === system && r.shape === shape);
  for (const workload of ['mlp', 'optim', 'tiny']) {
    const ours = find(workload, 'webgpu');
    const peer = find(workload, 'peer:tfjs-webgpu');
    if (ours && peer) {
      console.error(
        `${workload}: webgpu ${ours.median_ms.toFixed(2)} ms, peer:tfjs-webgpu ${peer.median_ms.toFixed(2)} ms → ${speedup(ours, peer.system, rows).toFixed(2)}× (goal ≥ 1.5× on mlp and optim)`,
      );
    }
  }
  for (const row of rows.filter((r) => r.workload === 'gemm' && r.system === 'webgpu')) {
    const wasm = find('gemm', 'wasm', row.shape);
    const tfjs = find('gemm', 'peer:tfjs-webgpu', row.shape);
    console.error(
      `gemm ${row.shape}: webgpu ${row.gflops.toFixed(1)} GFLOP/s, wasm ${wasm?.gflops.toFixed(1) ?? '–'}, peer:tfjs-webgpu ${tfjs?.gflops.toFixed(1) ?? '–'}`,
    );
  }
}

async function main() {
  const wanted = parseWorkloads(process.argv.slice(2));
  const query = (wanted.length > 0 ? wanted : WORKLOADS).map((w) => `workload=${w}`).join('&');
  const { page, close } = await openPage(`bench.html?${query}`);
  let printed = 0;
  let report;
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      report = await page.evaluate(() => window.deltamlBench);
      for (const row of report?.rows.slice(printed) ?? []) console.log(JSON.stringify(row));
      printed = report?.rows.length ?? 0;
      if (report?.done) break;
      if (Date.now() > deadline)
        throw new Error(`the benchmark page did not finish in ${TIMEOUT_MS / 60_000} minutes`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await close();
  }
  if (report.error) throw new Error(`the benchmark page failed: ${report.error}`);
  printRatios(report.rows);
}

main().catch((error) => {
  console.error(`bench:browser: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
