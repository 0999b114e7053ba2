// The `e2e` workload's data file: rows of `x0…x{d−1}` inputs in (−1, 1) with five decimals and a
// `label` column of the class a fixed linear teacher gives them (argmax of d×C seeded weights), so
// a network can learn it. Generated deterministically from a seed, with its Parquet copy (the same
// values as float32 FLOAT columns and an INT32 label, snappy-compressed), and cached: a file is
// written beside its final name and renamed, so a file that exists is whole and reruns reuse it.

import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@deltaml/core';
import { parquetWriteFile } from 'hyparquet-writer';

/** Inputs are k / SCALE for whole k in (−SCALE, SCALE): five decimals, exact in the CSV's text. */
const SCALE = 100_000;
/** Rows written per chunk of the CSV. */
const CHUNK_ROWS = 8192;
const DIGITS = 5;
const [MINUS, ZERO, DOT, COMMA, NEWLINE] = [45, 48, 46, 44, 10];

/** The size and seed of a generated data file. */
export interface E2eShape {
  readonly rows: number;
  readonly inputs: number;
  readonly classes: number;
  readonly seed: number;
}

/** docs/benchmarks.md's file: 2 000 000 rows × 16 inputs + a 3-class label (276 MB of CSV). */
export const E2E_SHAPE: E2eShape = { rows: 2_000_000, inputs: 16, classes: 3, seed: 7 };

/** The generated files and their sizes in bytes. */
export interface E2eFiles {
  readonly csv: string;
  readonly parquet: string;
  readonly csvBytes: number;
  readonly parquetBytes: number;
}

/** Where the files are kept between runs: $DELTAML_BENCH_CACHE, else a folder in the temp dir. */
export function defaultCacheDir(): string {
  return process.env.DELTAML_BENCH_CACHE ?? join(tmpdir(), 'deltaml-bench');
}

/** The inputs (one float32 column per input) and labels of `shape`. */
export function generateColumns(shape: E2eShape): { x: Float32Array[]; labels: Int32Array } {
  const { rows, inputs, classes, seed } = shape;
  const random = seededRandom(seed);
  const teacher = Float64Array.from({ length: classes * inputs }, () => random() - 0.5);
  const x = Array.from({ length: inputs }, () => new Float32Array(rows));
  const labels = new Int32Array(rows);
  const value = new Float64Array(inputs);
  for (let n = 0; n < rows; n++) {
    for (let i = 0; i < inputs; i++) {
      value[i] = (Math.floor(random() * (2 * SCALE - 1)) - (SCALE - 1)) / SCALE;
      x[i][n] = value[i];
    }
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let i = 0; i < inputs; i++) score += teacher[c * inputs + i] * value[i];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    labels[n] = best;
  }
  return { x, labels };
}

/** Writes `0.12345` or `-0.12345` for the float32 of k / SCALE at `at`; returns the next offset. */
function writeInput(bytes: Uint8Array, at: number, v: number): number {
  let k = Math.round(v * SCALE); // exact: the float32 of k/SCALE is within 2⁻²⁴ of it
  if (k < 0) {
    bytes[at++] = MINUS;
    k = -k;
  }
  bytes[at++] = ZERO;
  bytes[at++] = DOT;
  for (let d = DIGITS - 1; d >= 0; d--) {
    bytes[at + d] = ZERO + (k % 10);
    k = Math.floor(k / 10);
  }
  return at + DIGITS;
}

async function writeCsv(path: string, { x, labels }: ReturnType<typeof generateColumns>): Promise<void> {
  const inputs = x.length;
  const header = `${[...x.keys()].map((i) => `x${i}`).join(',')},label\n`;
  const file = await open(path, 'w');
  try {
    await file.write(header);
    const chunk = new Uint8Array(CHUNK_ROWS * (inputs * (DIGITS + 4) + 12));
    for (let start = 0; start < labels.length; start += CHUNK_ROWS) {
      let at = 0;
      for (let n = start; n < Math.min(start + CHUNK_ROWS, labels.length); n++) {
        for (let i = 0; i < inputs; i++) {
          at = writeInput(chunk, at, x[i][n]);
          chunk[at++] = COMMA;
        }
        for (const digit of String(labels[n])) chunk[at++] = digit.charCodeAt(0);
        chunk[at++] = NEWLINE;
      }
      await file.write(chunk, 0, at);
    }
  } finally {
    await file.close();
  }
}

function writeParquet(path: string, { x, labels }: ReturnType<typeof generateColumns>): void {
  parquetWriteFile({
    filename: path,
    columnData: [
      ...x.map((data, i) => ({ name: `x${i}`, data, type: 'FLOAT' as const, nullable: false })),
      { name: 'label', data: labels, type: 'INT32', nullable: false },
    ],
  });
}

/** `write(partial)` to a temporary name beside `path`, then renamed to it (a file at `path` is whole). */
async function writeWhole(path: string, write: (partial: string) => void | Promise<void>): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  try {
    await write(partial);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * The CSV and Parquet files of `shape` in `dir`, generated where missing (`say` is told, since the
 * full file takes a while) and reused where they exist.
 */
export async function e2eFiles(
  dir: string = defaultCacheDir(),
  shape: E2eShape = E2E_SHAPE,
  say: (line: string) => void = () => {},
): Promise<E2eFiles> {
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `e2e-${shape.rows}x${shape.inputs}-c${shape.classes}-s${shape.seed}`);
  const csv = `${stem}.csv`;
  const parquet = `${stem}.parquet`;
  if (!existsSync(csv) || !existsSync(parquet)) {
    say(`generating ${shape.rows} rows × ${shape.inputs} inputs + label in ${dir}`);
    const columns = generateColumns(shape);
    if (!existsSync(csv)) await writeWhole(csv, (partial) => writeCsv(partial, columns));
    if (!existsSync(parquet)) await writeWhole(parquet, (partial) => writeParquet(partial, columns));
  }
  return { csv, parquet, csvBytes: statSync(csv).size, parquetBytes: statSync(parquet).size };
}
