// The e2e workload: the generated file (deterministic, cached, its Parquet copy holding the same
// float32 values and labels) and the rows of whole `deltaml train` runs, timed through a stand-in
// bin whose epoch and start-up are known.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { E2E_SHAPE, type E2eShape, e2eFiles, runE2e } from '../src/e2e/index.js';
import type { BenchRow } from '../src/index.js';
import { TIMING_KEYS } from './row-keys.js';

const SMALL: E2eShape = { ...E2E_SHAPE, rows: 2000 };
const made: string[] = [];
const scratch = () => {
  made.push(mkdtempSync(join(tmpdir(), 'deltaml-bench-test-')));
  return made[made.length - 1];
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

describe('the e2e data file', () => {
  it('is 16 five-decimal inputs in (−1, 1) and a 3-class label a row, the same from the same seed', async () => {
    const files = await e2eFiles(scratch(), SMALL);
    const [header, ...rows] = csvRows(files.csv);
    expect(header).toEqual([...Array.from({ length: 16 }, (_, i) => `x${i}`), 'label']);
    expect(rows).toHaveLength(2000);
    const malformed = rows.filter((row) => !/^(-?0\.\d{5},){16}[012]$/.test(row.join(',')));
    expect(malformed).toEqual([]);
    // the teacher's three classes all occur (each takes about a third of the inputs)
    for (const c of ['0', '1', '2']) expect(rows.filter((r) => r[16] === c).length).toBeGreaterThan(2000 / 6);
    const again = await e2eFiles(scratch(), SMALL);
    expect(readFileSync(again.csv).equals(readFileSync(files.csv))).toBe(true);
    expect(readFileSync(again.parquet).equals(readFileSync(files.parquet))).toBe(true);
  });

  it("averages 138 bytes a row, so docs/benchmarks.md's 2 000 000 rows are 276 MB", async () => {
    const { csv, csvBytes } = await e2eFiles(scratch(), SMALL);
    const header = readFileSync(csv, 'utf8').indexOf('\n') + 1;
    // a value is 7 or 8 characters (sign or not, p = ½): the mean of 2000 rows is 138 ± 0.05 (1 σ)
    expect(Math.abs((csvBytes - header) / SMALL.rows - 138)).toBeLessThan(0.5);
  });

  it('the Parquet copy holds the float32 of every CSV value and the same labels', async () => {
    const { csv, parquet } = await e2eFiles(scratch(), SMALL);
    const [, ...rows] = csvRows(csv);
    const records = await parquetReadObjects({ file: await asyncBufferFromFile(parquet) });
    expect(records).toHaveLength(rows.length);
    records.forEach((record, n) => {
      const values = Array.from({ length: 16 }, (_, i) => record[`x${i}`]);
      expect(values).toEqual(rows[n].slice(0, 16).map((x) => Math.fround(Number(x))));
      expect(record.label).toBe(Number(rows[n][16]));
    });
  });

  it('is reused where it exists: a second call writes nothing', async () => {
    const dir = scratch();
    const told: string[] = [];
    const first = await e2eFiles(dir, SMALL, (line) => told.push(line));
    const written = statSync(first.csv).mtimeMs;
    await e2eFiles(dir, SMALL, (line) => told.push(line));
    expect(statSync(first.csv).mtimeMs).toBe(written);
    expect(told).toHaveLength(1);
  });
});

/** A stand-in for the deltaml bin: init writes a model, train sleeps and logs an epoch of EPOCH_S, Parquet is refused. */
const FAKE_BIN = `
import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const flag = (name) => args[args.indexOf(name) + 1];
if (args[0] === '--version') console.log('0.0.0');
else if (args[0] === 'init') writeFileSync(flag('--out'), '{}');
else if (flag('--data').endsWith('.parquet')) {
  console.error('deltaml train: ' + flag('--data') + ': not a CSV file (binary data)');
  process.exit(2);
} else {
  await new Promise((resolve) => setTimeout(resolve, 300));
  writeFileSync(flag('--log'), JSON.stringify({ epoch: 1, loss: 1, lr: 0.01, seconds: 0.1 }) + '\\n');
}
`;

describe('runE2e', () => {
  it('times each backend on each file: the epoch from --log, the read as the rest less the start-up', async () => {
    const dir = scratch();
    const bin = join(dir, 'fake-deltaml.mjs');
    writeFileSync(bin, FAKE_BIN);
    const files = await e2eFiles(dir, SMALL);
    const rows: BenchRow[] = [];
    const skipped: string[] = [];
    const returned = runE2e({
      bin,
      backends: ['cpu'],
      peers: false,
      runs: 2,
      files,
      onRow: (row) => rows.push(row),
      onSkip: (what, why) => skipped.push(`${what}: ${why}`),
    });
    expect(returned).toEqual(rows);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect([row.workload, row.system, row.format, row.steps, row.epoch_ms]).toEqual([
      'e2e',
      'cpu',
      'csv',
      2,
      100,
    ]);
    expect(Object.keys(row)).toEqual([...TIMING_KEYS, 'format', 'read_ms', 'read_mb_s', 'epoch_ms']);
    // the read is the run less the logged epoch and the start-up (the median wall time of
    // `--version` runs, the same for both runs): what is left of the median run once the read and
    // the epoch are taken off is that start-up, a positive time
    const read = row.read_ms ?? Number.NaN;
    expect(row.median_ms - 100 - read).toBeGreaterThan(0);
    expect(row.read_mb_s).toBeCloseTo(files.csvBytes / 1e6 / (read / 1000), 9);
    expect(skipped).toEqual([
      `e2e · parquet · cpu: deltaml train: ${files.parquet}: not a CSV file (binary data)`,
    ]);
  });
});
