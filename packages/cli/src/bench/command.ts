// `deltaml bench` (and `pnpm bench`): the workloads of BENCHMARKS.md on each backend and on the
// idiomatic-tfjs peers, in one run, as a table or JSON lines on stdout; progress on stderr.

import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_NAMES, loadBackend } from '../backends.js';
import { backendName, positiveWholeNumber } from '../options.js';
import { prepareOutput } from '../output-file.js';
import { deltamlSystem } from './deltaml-system.js';
import { jsonLines, progressLine, table } from './report.js';
import { runWorkload } from './run.js';
import type { BenchSystem } from './system.js';
import type { PeerEngine } from './tfjs-peer.js';
import { type BenchRow, WORKLOAD_NAMES, type WorkloadName } from './workloads.js';

interface BenchFlags {
  readonly workload?: WorkloadName[];
  readonly backend?: string[];
  readonly steps: number;
  readonly peers: boolean;
  readonly json?: boolean;
  readonly plot?: string;
}

/** `tfjs` picks one of the explicit tfjs engines, so by default only the explicit names run. */
const DEFAULT_BACKENDS = BACKEND_NAMES.filter((name) => name !== 'tfjs');
const PEER_ENGINES: readonly PeerEngine[] = ['cpu', 'wasm', 'node'];
const DEFAULT_STEPS = 20;

const say = (text: string) => process.stderr.write(text);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The named backends; by default every one that loads here (the others are named on stderr). */
async function openSystems(flags: BenchFlags): Promise<BenchSystem[]> {
  const systems: BenchSystem[] = [];
  for (const name of flags.backend ?? DEFAULT_BACKENDS) {
    try {
      systems.push(deltamlSystem(name, (await loadBackend(name)).backend));
    } catch (error) {
      if (flags.backend) throw error; // asked for by name: a failure, not a skip
      say(`bench: skipping backend ${name}: ${reason(error)}\n`);
    }
  }
  if (!flags.peers) return systems;
  for (const engine of PEER_ENGINES) {
    try {
      const { tfjsPeer } = await import('./tfjs-peer.js'); // TensorFlow.js loads only when a peer runs
      systems.push(await tfjsPeer(engine));
    } catch (error) {
      say(`bench: skipping peer:tfjs-${engine}: ${reason(error)}\n`);
    }
  }
  return systems;
}

const repeatable =
  <T extends string>(check: (text: string) => T) =>
  (text: string, previous: T[] | undefined) => [...(previous ?? []), check(text)];

function workloadName(text: string): WorkloadName {
  if (!(WORKLOAD_NAMES as readonly string[]).includes(text)) {
    throw new InvalidArgumentError(
      `unknown workload "${text}"; the workloads are ${WORKLOAD_NAMES.join(', ')}.`,
    );
  }
  return text as WorkloadName;
}

async function bench(flags: BenchFlags): Promise<void> {
  // the chart's file is checked before the benchmark runs, not after minutes of it
  const plot = flags.plot === undefined ? undefined : await prepareOutput(flags.plot);
  const systems = await openSystems(flags);
  const rows: BenchRow[] = [];
  for (const workload of flags.workload ?? WORKLOAD_NAMES) {
    for (const system of systems) {
      await runWorkload(system, workload, flags.steps, (row) => {
        rows.push(row);
        say(progressLine(row, rows.length));
      });
    }
  }
  process.stdout.write(flags.json ? jsonLines(rows) : `${table(rows)}\n`);
  if (plot) {
    const { writePlot } = await import('./plot.js'); // the chart library loads only for --plot
    await writePlot(plot, rows);
    say(`bench: chart written to ${plot.path}\n`);
  }
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('time the workloads of BENCHMARKS.md on each backend beside idiomatic tfjs (the peers)')
    .addOption(
      new Option(
        '--workload <names...>',
        `workloads to run: ${WORKLOAD_NAMES.join(', ')} (default: all)`,
      ).argParser(repeatable(workloadName)),
    )
    .addOption(
      new Option('--backend <names...>', `backends to time (default: every one that loads here)`).argParser(
        repeatable(backendName),
      ),
    )
    .addOption(
      new Option('--steps <n>', 'timed samples per measurement (tiny: blocks of 1000 steps)')
        .argParser(positiveWholeNumber)
        .default(DEFAULT_STEPS),
    )
    .option('--no-peers', 'skip the idiomatic-tfjs peers (peer:tfjs-cpu, peer:tfjs-wasm, peer:tfjs-node)')
    .option('--json', 'one JSON object per row on stdout and nothing else')
    .option('--plot <file.svg>', 'also draw the gemm and scale results as an SVG chart')
    .addHelpText(
      'after',
      `
Figures that matter are ratios against the peers measured in the same run (BENCHMARKS.md).
Progress goes to stderr. gemm shapes are M x K x N: C (M×N) = op(A) (M×K) · op(B) (K×N).

Example:
  deltaml bench --workload mlp --workload tiny --backend wasm --backend cpu`,
    )
    .action(bench);
}
