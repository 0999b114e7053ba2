// The `e2e` workload: `deltaml train` end to end on the generated file, as a user runs it (a
// process of the built bin per run, 16-32-3, Adam lr 0.01, batch 256, one epoch, cross-entropy),
// on the CSV and on its Parquet copy, beside the Python peer (numpy.loadtxt + scikit-learn's
// MLPClassifier on the CSV). Whole runs are timed by the wall clock. The epoch is what
// `train --log` reports; deltaml's read is the rest of the run less the bin's start-up (the median
// of `deltaml --version` runs), since the CLI does not time its read itself. A run the CLI refuses
// (a Parquet file before the CLI reads Parquet) or a peer that cannot run is skipped with the reason.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SKLEARN_PEER } from '../rows.js';
import { median, type Timing } from '../timing.js';
import type { BenchRow } from '../workloads.js';
import type { E2eFiles } from './data.js';

/** The network and training of docs/benchmarks.md's e2e run. */
export const E2E_TRAINING = {
  layers: '16,32,3',
  activations: 'relu,identity',
  optimizer: 'adam',
  lr: '0.01',
  batchSize: '256',
  epochs: '1',
  loss: 'cross-entropy',
} as const;

/** Whole runs take seconds each: at most this many per measurement (fewer with --steps). */
export const E2E_MAX_RUNS = 3;

/** What to run and where to report. */
export interface E2eOptions {
  /** the deltaml bin, a JavaScript file run with this Node */
  readonly bin: string;
  /** the `--backend` names to train on */
  readonly backends: readonly string[];
  /** whether the Python peer runs */
  readonly peers: boolean;
  /** runs per measurement */
  readonly runs: number;
  readonly files: E2eFiles;
  /** each row, as it is measured */
  readonly onRow: (row: BenchRow) => void;
  /** a measurement that could not run: which, and why */
  readonly onSkip: (what: string, reason: string) => void;
}

const PEER_SCRIPT = fileURLToPath(new URL('../../python/e2e_peer.py', import.meta.url));

/** A finished process: its status, stderr, and wall-clock milliseconds. */
interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly error?: Error;
}

function ran(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Ran {
  const t0 = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 2 ** 20 });
  const ms = performance.now() - t0;
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms,
    error: result.error,
  };
}

/** A reason longer than this is cut (an error may quote a binary file's bytes). */
const REASON_CHARS = 200;

/** The last non-empty line of a process's stderr (the CLI's one-line error), cut to REASON_CHARS. */
function lastLine(run: Ran): string {
  if (run.error) return run.error.message;
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
  const line = lines.at(-1) ?? `exit status ${run.status}`;
  return line.length > REASON_CHARS ? `${line.slice(0, REASON_CHARS)}…` : line;
}

const timingOf = (ms: readonly number[]): Timing => ({
  median_ms: median(ms),
  min_ms: Math.min(...ms),
  max_ms: Math.max(...ms),
  steps: ms.length,
});

/** The read's row fields: its median milliseconds and MB/s over the file's bytes. */
const readFields = (readMs: readonly number[], bytes: number) => {
  const read_ms = median(readMs);
  return { read_ms, read_mb_s: bytes / 1e6 / (read_ms / 1000) };
};

/** deltaml train on one backend and file, `runs` times; undefined (and `onSkip`) where the CLI refuses it. */
function deltamlRuns(
  options: E2eOptions,
  scratch: string,
  backend: string,
  format: 'csv' | 'parquet',
  startupMs: number,
): BenchRow | undefined {
  const { bin, files, runs } = options;
  const model = join(scratch, 'model.json');
  const log = join(scratch, 'log.jsonl');
  const { optimizer, lr, batchSize, epochs, loss } = E2E_TRAINING;
  const args = [
    bin,
    'train',
    ...['--model', model, '--data', format === 'csv' ? files.csv : files.parquet],
    ...['--out', join(scratch, 'trained.json'), '--log', log, '--backend', backend],
    ...['--loss', loss, '--optimizer', optimizer, '--lr', lr, '--batch-size', batchSize, '--epochs', epochs],
    ...['--seed', '1'],
  ];
  const totals: number[] = [];
  const epochs_: number[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(log, { force: true });
    const run = ran(process.execPath, args);
    if (run.status !== 0) {
      options.onSkip(`e2e · ${format} · ${backend}`, lastLine(run));
      return undefined;
    }
    const last = readFileSync(log, 'utf8').trimEnd().split('\n').at(-1) ?? '';
    totals.push(run.ms);
    epochs_.push((JSON.parse(last) as { seconds: number }).seconds * 1000);
  }
  const bytes = format === 'csv' ? files.csvBytes : files.parquetBytes;
  const readMs = totals.map((total, i) => total - epochs_[i] - startupMs);
  return {
    workload: 'e2e',
    system: backend,
    ...timingOf(totals),
    format,
    ...readFields(readMs, bytes),
    epoch_ms: median(epochs_),
  };
}

/** The Python peer on the CSV; undefined (and `onSkip`) where python3, numpy or scikit-learn is missing. */
function peerRuns(options: E2eOptions): BenchRow | undefined {
  // OpenBLAS picks its AVX-512 kernel itself: what these variables pin is left out for this command only
  const { OPENBLAS_CORETYPE: _, OPENBLAS_L2_SIZE: __, ...env } = process.env;
  const check = ran('python3', ['-c', 'import numpy, sklearn'], env);
  if (check.status !== 0) {
    const why = check.error ? 'python3 is not on the PATH' : `${lastLine(check)} (pip install scikit-learn)`;
    options.onSkip(`e2e · csv · ${SKLEARN_PEER}`, why);
    return undefined;
  }
  const totals: number[] = [];
  const reads: number[] = [];
  const fits: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = ran('python3', [PEER_SCRIPT, options.files.csv], env);
    if (run.status !== 0) {
      options.onSkip(`e2e · csv · ${SKLEARN_PEER}`, lastLine(run));
      return undefined;
    }
    const { read_s, fit_s } = JSON.parse(run.stdout) as { read_s: number; fit_s: number };
    totals.push(run.ms);
    reads.push(read_s * 1000);
    fits.push(fit_s * 1000);
  }
  return {
    workload: 'e2e',
    system: SKLEARN_PEER,
    ...timingOf(totals),
    format: 'csv',
    ...readFields(reads, options.files.csvBytes),
    epoch_ms: median(fits),
  };
}

/** Every row of the e2e workload: each backend on the CSV and the Parquet file, then the peer. */
export function runE2e(options: E2eOptions): BenchRow[] {
  const scratch = mkdtempSync(join(tmpdir(), 'deltaml-e2e-'));
  const rows: BenchRow[] = [];
  const keep = (row: BenchRow | undefined) => {
    if (!row) return;
    rows.push(row);
    options.onRow(row);
  };
  try {
    const { layers, activations } = E2E_TRAINING;
    const init = ran(process.execPath, [
      options.bin,
      ...['init', '--layers', layers, '--activations', activations, '--bias', '--seed', '1'],
      ...['--out', join(scratch, 'model.json')],
    ]);
    if (init.status !== 0) throw new Error(`deltaml init failed: ${lastLine(init)}`);
    const startupMs = median(
      Array.from(
        { length: Math.max(options.runs, 3) },
        () => ran(process.execPath, [options.bin, '--version']).ms,
      ),
    );
    for (const backend of options.backends) {
      for (const format of ['csv', 'parquet'] as const)
        keep(deltamlRuns(options, scratch, backend, format, startupMs));
    }
    if (options.peers) keep(peerRuns(options));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}
