// The CSV fast path on files larger than one batch (65 536 cells) and many reads: rows that
// cross a read, batches that end at a full buffer, at a row of another width or at a line the
// fast path does not take, blank lines between them. Each file is read by the fast path and by
// csv-parse alone (the reference), which must agree on every number, class and message. The
// fuzzers (fuzz/readers.test.ts) try many small files; these are the few large shapes they cannot reach.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetOptions } from '@deltaml/data/node';
import { readDataset, streamExamples } from '@deltaml/data/node';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../src/failure.js';
import { scratchDir } from './helpers/cli.js';

/** Rows in each file: three cells a row, past three batches of 65 536 cells. */
const ROWS = 70_000;
/** Bytes read at a time (4 MiB in use): about 70 reads of a file, so that many rows cross a read. */
const READ_CHUNK = 20_000;

/** A deterministic decimal of five places in [-1, 1), from the row and column. */
const cell = (row: number, column: number) =>
  (((row * 7919 + column * 104_729) % 200_000) / 100_000 - 1).toFixed(5);

/** A file of `ROWS` rows of x1,x2,label, with `change(row, line)` able to rewrite any line. */
function bigFile(ending: string, change: (row: number, line: string) => string = (_, line) => line): string {
  const lines = ['x1,x2,label'];
  for (let row = 0; row < ROWS; row++) lines.push(change(row, `${cell(row, 1)},${cell(row, 2)},${row % 3}`));
  const path = join(scratchDir(), 'big.csv');
  writeFileSync(path, lines.join(ending) + ending);
  return path;
}

const CLASSES: DatasetOptions = { targets: 'classes', outputSize: 3, float32: true };

/** The file as the fast path reads it and as csv-parse alone reads it: numbers, classes, or the message. */
async function bothWays(path: string, options: DatasetOptions) {
  const read = (fullParser: boolean) =>
    readDataset(path, { ...options, limits: { fullParser, readChunk: READ_CHUNK } }).then(
      ({ dataset, classes }) => ({ ...dataset, classes }),
      (error: unknown) => errorLine(error),
    );
  return { fast: await read(false), full: await read(true) };
}

describe('the CSV fast path across batches and reads agrees with csv-parse', () => {
  it('on a plain file, LF and CRLF, with blank lines between the rows', async () => {
    for (const ending of ['\n', '\r\n']) {
      const path = bigFile(ending, (row, line) => (row % 20_001 === 7 ? `${ending}${line}` : line));
      const { fast, full } = await bothWays(path, CLASSES);
      expect(typeof fast).toBe('object');
      expect(fast).toStrictEqual(full);
      if (typeof fast === 'string') return;
      expect(fast.count).toBe(ROWS);
      // spot values: the last row, and the float32 rounding of the text
      const last = ROWS - 1;
      expect(fast.inputs[2 * last + 1]).toBe(Math.fround(Number(cell(last, 2))));
      expect(fast.targets[last]).toBe(last % 3);
    }
  });

  it('with class names, read from the text of the cells in every batch', async () => {
    const names = ['virginica', 'setosa', 'versicolor'];
    const path = bigFile('\n', (_, line) => line.replace(/\d$/, (k) => names[Number(k)]));
    const { fast, full } = await bothWays(path, CLASSES);
    expect(fast).toStrictEqual(full);
    expect(typeof fast === 'object' && fast.classes).toStrictEqual(names);
    // a model whose class names are "2", "1", "0": every label is a name, though it reads as a number
    const named = await bothWays(bigFile('\n'), { ...CLASSES, classes: ['2', '1', '0'] });
    expect(named.fast).toStrictEqual(named.full);
    expect(typeof named.fast === 'object' && named.fast.targets[4]).toBe(2 - (4 % 3));
  });

  it('when a quoted cell deep in the file stops the fast path and csv-parse reads the rest', async () => {
    const path = bigFile('\n', (row, line) => (row === 50_000 ? line.replace(/^[^,]+/, '"0.5"') : line));
    const { fast, full } = await bothWays(path, CLASSES);
    expect(typeof fast).toBe('object');
    expect(fast).toStrictEqual(full);
  });

  it('naming the same line for a row of another width, a bad cell or an index out of range deep in the file', async () => {
    const wrongs: [string, (line: string) => string][] = [
      ['a fourth cell', (line) => `${line},9`],
      ['a bad cell', (line) => line.replace(/^[^,]+/, '0x1F')],
      ['an index out of range', (line) => line.replace(/\d$/, '3')],
    ];
    for (const [what, wrong] of wrongs) {
      const path = bigFile('\n', (row, line) => (row === 45_000 ? wrong(line) : line));
      const { fast, full } = await bothWays(path, CLASSES);
      expect(fast, what).toBe(full);
      expect(fast, what).toMatch(/: line 45002[,:]/);
    }
  });

  it('streamExamples gives every row once, in order, across batches and reads', async () => {
    const path = bigFile('\n');
    let seen = 0;
    const wrong: number[] = [];
    for await (const batch of streamExamples(path, {
      inputSize: 2,
      batchSize: 1000,
      limits: { readChunk: READ_CHUNK },
    })) {
      for (let n = 0; n < batch.count; n++, seen++) {
        if (batch.inputs[2 * n] !== Number(cell(seen, 1))) wrong.push(seen);
      }
    }
    expect(seen).toBe(ROWS);
    expect(wrong).toStrictEqual([]);
  });
});
