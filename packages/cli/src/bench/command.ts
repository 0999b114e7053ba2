// `deltaml bench` (and `pnpm bench`): @deltaml/bench's workloads on each backend the CLI loads and
// on the idiomatic-tfjs peers, in one run, as a table or JSON lines on stdout; progress on stderr.
// What the CLI adds is only this glue: its flags, its backend registry, and its output.

import { fileURLToPath } from 'node:url';
import {
  type BenchRow,
  type BenchSystem,
  benchSampling,
  DEFAULT_WORKLOADS,
  deltamlSystem,
  runWorkload,
  WORKLOAD_NAMES,
  type WorkloadName,
} from '@deltaml/bench';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_NAMES, loadBackend } from '../backends.js';
import { backendName, positiveWholeNumber } from '../options.js';
import { prepareOutput } from '../output-file.js';
import { jsonLines, progressLine, table } from './report.js';

interface BenchFlags {
  readonly workload?: WorkloadName[];
  readonly backend?: string[];
  readonly wasmThreads?: number[];
  readonly steps: number;
  readonly peers: boolean;
  readonly json?: boolean;
  readonly plot?: string;
}

/** `tfjs` picks one of the explicit tfjs engines, so by default only the explicit names run. */
const DEFAULT_BACKENDS = BACKEND_NAMES.filter((name) => name !== 'tfjs');
/** The peers' engines: the CLI's `tfjs-…` backend that starts each, and its name in tfjs's registry. */
const PEER_ENGINES = [
  { backend: 'tfjs-cpu', engine: 'cpu' },
  { backend: 'tfjs-wasm', engine: 'wasm' },
  { backend: 'tfjs-node', engine: 'tensorflow' },
] as const;
const DEFAULT_STEPS = 20;
/** The bin that `e2e` runs as a user does. */
const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

const say = (text: string) => process.stderr.write(text);
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** deltaml on each named backend; by default on every one that loads here (the others are named on stderr). */
async function openBackends(flags: BenchFlags): Promise<BenchSystem[]> {
  const systems: BenchSystem[] = [];
  for (const name of flags.backend ?? DEFAULT_BACKENDS) {
    try {
      systems.push(deltamlSystem(name, (await loadBackend(name)).backend));
    } catch (error) {
      if (flags.backend) throw error; // asked for by name: a failure, not a skip
      say(`bench: skipping backend ${name}: ${reason(error)}\n`);
    }
  }
  return systems;
}

/** The name of the wasm backend's system at a thread count `--wasm-threads` asks for. */
const wasmThreadsSystem = (threads: number) => `wasm-${threads}t`;

/** The wasm backend at each thread count `--wasm-threads` names (beside `wasm` at its default, every core). */
async function openWasmThreads(flags: BenchFlags): Promise<BenchSystem[]> {
  const systems: BenchSystem[] = [];
  for (const threads of flags.wasmThreads ?? []) {
    const { backend } = await loadBackend('wasm', { wasmThreads: threads });
    systems.push(deltamlSystem(wasmThreadsSystem(threads), backend));
  }
  return systems;
}

/** The idiomatic-tfjs peers whose engines start here. */
async function openPeers(): Promise<BenchSystem[]> {
  const { tfjsPeer } = await import('@deltaml/bench/tfjs'); // TensorFlow.js loads only when a peer runs
  const peers: BenchSystem[] = [];
  for (const { backend, engine } of PEER_ENGINES) {
    const name = `peer:${backend}`;
    try {
      await loadBackend(backend); // registers and starts the engine
      peers.push(tfjsPeer({ name, engine, reads: 'sync' }));
    } catch (error) {
      say(`bench: skipping ${name}: ${reason(error)}\n`);
    }
  }
  return peers;
}

const repeatable =
  <T>(check: (text: string) => T) =>
  (text: string, previous: T[] | undefined) => [...(previous ?? []), check(text)];

function workloadName(text: string): WorkloadName {
  if (!(WORKLOAD_NAMES as readonly string[]).includes(text)) {
    throw new InvalidArgumentError(
      `unknown workload "${text}"; the workloads are ${WORKLOAD_NAMES.join(', ')}.`,
    );
  }
  return text as WorkloadName;
}

/** The e2e workload: whole `deltaml train` runs of this bin on each backend that loaded. */
async function e2e(flags: BenchFlags, backends: readonly BenchSystem[], onRow: (row: BenchRow) => void) {
  const { E2E_MAX_RUNS, e2eFiles, runE2e } = await import('@deltaml/bench/e2e');
  const files = await e2eFiles(undefined, undefined, (line) => say(`bench: e2e: ${line}\n`));
  runE2e({
    bin: BIN,
    backends: backends.map((system) => system.name),
    peers: flags.peers,
    runs: Math.min(flags.steps, E2E_MAX_RUNS),
    files,
    onRow,
    onSkip: (what, why) => say(`bench: skipping ${what}: ${why}\n`),
  });
}

/** The items that pass `test`, then the others, each in their order. */
function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

async function bench(flags: BenchFlags): Promise<void> {
  // the chart's file is checked before the benchmark runs, not after minutes of it
  const plot = flags.plot === undefined ? undefined : await prepareOutput(flags.plot);
  const workloads = flags.workload ?? DEFAULT_WORKLOADS;
  const backends = await openBackends(flags);
  const inProcess = workloads.some((workload) => workload !== 'e2e');
  const threaded = inProcess ? await openWasmThreads(flags) : []; // e2e runs the bin by backend name
  // wasm's threads first: after the cpu backend's runs in the same process, wasm's two threads run no faster
  // than one (cause not found; docs/benchmarks.md), which a process training on one backend never sees
  const [sharing, others] = partition([...backends, ...threaded], (system) => system.name.startsWith('wasm'));
  const systems = [...sharing, ...others, ...(flags.peers && inProcess ? await openPeers() : [])];
  const plan = benchSampling(flags.steps);
  const rows: BenchRow[] = [];
  const onRow = (row: BenchRow) => {
    rows.push(row);
    say(progressLine(row, rows.length));
  };
  for (const workload of workloads) {
    if (workload === 'e2e') {
      await e2e(flags, backends, onRow);
      continue;
    }
    for (const system of systems) await runWorkload([system], workload, plan, onRow);
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
    .description('time the workloads of docs/benchmarks.md on each backend beside idiomatic tfjs (the peers)')
    .addOption(
      new Option(
        '--workload <names...>',
        `workloads to run: ${WORKLOAD_NAMES.join(', ')} (default: all but e2e)`,
      ).argParser(repeatable(workloadName)),
    )
    .addOption(
      new Option('--backend <names...>', `backends to time (default: every one that loads here)`).argParser(
        repeatable(backendName),
      ),
    )
    .addOption(
      new Option(
        '--wasm-threads <counts...>',
        `also time wasm at these thread counts, as systems ${wasmThreadsSystem(1)}, ${wasmThreadsSystem(2)}, … (not in e2e)`,
      ).argParser(repeatable(positiveWholeNumber)),
    )
    .addOption(
      new Option(
        '--steps <n>',
        `timed samples per measurement (tiny: blocks of 1000 steps; e2e: whole runs, at most 3)`,
      )
        .argParser(positiveWholeNumber)
        .default(DEFAULT_STEPS),
    )
    .option('--no-peers', 'skip the peers (peer:tfjs-cpu, peer:tfjs-wasm, peer:tfjs-node; e2e: peer:sklearn)')
    .option('--json', 'one JSON object per row on stdout and nothing else')
    .option('--plot <file.svg>', 'also draw the gemm and scale results as an SVG chart')
    .addHelpText(
      'after',
      `
Figures that matter are ratios against the peers measured in the same run (docs/benchmarks.md).
Progress goes to stderr. gemm shapes are M x K x N: C (M×N) = op(A) (M×K) · op(B) (K×N).
e2e (only when named) times \`deltaml train\` on a generated 2 000 000-row CSV and its Parquet copy,
cached in $DELTAML_BENCH_CACHE (default: a deltaml-bench folder in the temp dir), beside
numpy.loadtxt + scikit-learn (python3) on the same file.

Example:
  deltaml bench --workload mlp --workload tiny --backend wasm --backend cpu
  deltaml bench --workload mlp --backend wasm --wasm-threads 1   (every core beside one thread)`,
    )
    .action(bench);
}
