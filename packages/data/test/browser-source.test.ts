// The browser entry (a Blob or bytes, csv-parse's browser build) reads every file exactly as the
// Node entry (a file by path, csv-parse's Node build) does: the same numbers, class names and
// messages, on the CSV fast path, behind it through csv-parse, and on Parquet (snappy, zstd).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blobSource,
  bytesSource,
  type DatasetOptions,
  readColumns,
  readDataset,
  type StreamOptions,
  streamExamples,
} from '../src/index.js';
import * as node from '../src/node.js';

const PARQUET = new URL('../../cli/test/fixtures/parquet/', import.meta.url).pathname;
const CLASSES: DatasetOptions = { targets: 'classes', outputSize: 3 };
const VALUES: DatasetOptions = { targets: 'values', outputSize: 1 };
const BINARY: DatasetOptions = { targets: 'binary', outputSize: 1 };
/** A few bytes at a time, so reads end inside cells, lines and multi-byte characters. */
const SMALL_READS = { readChunk: 7 };

const dir = mkdtempSync(join(tmpdir(), 'deltaml-data-'));
/** A file of `text` on disk (for the Node entry), named `name`. */
function written(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** What a read gives: the dataset and classes, or the message of its error. */
const outcome = (read: Promise<unknown>) =>
  read.then(
    (file) => ({ file }),
    (error: unknown) => ({ error: (error as Error).message }),
  );

/** Every streamed example's line and inputs, or the message that ended the stream after them. */
async function streamed(
  batches: AsyncGenerator<{ lines: Uint32Array; count: number; inputs: Float64Array }>,
) {
  const rows: { line: number; inputs: number[] }[] = [];
  try {
    for await (const batch of batches) {
      const d = batch.inputs.length / batch.count;
      for (let n = 0; n < batch.count; n++)
        rows.push({ line: batch.lines[n], inputs: [...batch.inputs.subarray(n * d, (n + 1) * d)] });
    }
    return { rows };
  } catch (error) {
    return { rows, error: (error as Error).message };
  }
}

/** Reads the file at `path` through the Node entry and, from its bytes, through the browser entry's Blob and bytes sources. */
async function expectSameReads(path: string, options: DatasetOptions) {
  const bytes = readFileSync(path);
  const name = path; // so messages name the same file
  const fromNode = await outcome(node.readDataset(path, options));
  for (const limits of [undefined, SMALL_READS, { ...SMALL_READS, fullParser: true }]) {
    const reading = { ...options, limits: { ...options.limits, ...limits } };
    const nodeRead = limits ? await outcome(node.readDataset(path, reading)) : fromNode;
    expect(await outcome(readDataset(bytesSource(new Uint8Array(bytes), name), reading))).toStrictEqual(
      nodeRead,
    );
    expect(await outcome(readDataset(blobSource(new Blob([bytes]), name), reading))).toStrictEqual(nodeRead);
  }
  return fromNode;
}

describe('the browser entry reads as the Node entry does', () => {
  it('a numeric CSV file on the fast path, LF and CRLF, with a BOM', async () => {
    const rows = Array.from({ length: 50 }, (_, n) => `${n / 7},${-n * 1e-3},${n % 3}`);
    for (const [ending, bom] of [
      ['\n', ''],
      ['\r\n', '\ufeff'],
    ]) {
      const path = written('fast.csv', `${bom}x1,x2,label${ending}${rows.join(ending)}${ending}`);
      const read = await expectSameReads(path, CLASSES);
      expect(read).toHaveProperty('file.dataset.count', 50);
    }
  });

  it('a CSV file csv-parse reads (quotes, spaces, multi-byte names split across reads)', async () => {
    const path = written(
      'quoted.csv',
      'x1,x2,label\n1,2,"café"\n  3 ,4,naïve\n5,6,"ünï, côdé"\n7,8,café\n\n9,10, naïve\n',
    );
    const read = await expectSameReads(path, CLASSES);
    expect(read).toHaveProperty('file.classes', ['café', 'naïve', 'ünï, côdé']);
  });

  it('Parquet files: class names (snappy) and value targets (zstd), several row groups', async () => {
    for (const [file, options] of [
      ['classes-snappy.parquet', CLASSES],
      ['values-zstd.parquet', VALUES],
    ] as const) {
      const read = await expectSameReads(join(PARQUET, file), options);
      expect(read).toHaveProperty('file.dataset.count', expect.any(Number));
    }
  });

  it.each([
    ['an unclosed quote', 'x1,y\n1,0\n"2,1\n', BINARY],
    ['a cell that is not a number', 'x1,y\n1,0\n0x10,1\n', BINARY],
    ['a row of another width', 'x1,x2,label\n1,2,0\n3,1\n', CLASSES],
    ['a NUL byte', 'x1,y\n1,0\n"\u0000",1\n', BINARY],
    ['no label column', 'x1,x2,y\n1,2,0\n', CLASSES],
    ['an empty file', '', CLASSES],
    ['UTF-16', '\ufffe', CLASSES],
  ])('the same message for %s', async (_, text, options) => {
    const path = written('bad.csv', text);
    const read = await expectSameReads(path, options);
    expect(read).toHaveProperty('error', expect.stringContaining(path));
  });

  it('a damaged Parquet file with the same message', async () => {
    const read = await expectSameReads(join(PARQUET, 'bad-zstd.parquet'), VALUES);
    expect(read).toHaveProperty('error', expect.stringContaining('bad-zstd.parquet'));
  });

  it('readColumns gives the same checked header, or the same message', async () => {
    for (const text of ['x1,"x 2",label\n1,2,0\n', 'x1,x1\n1,2\n', '']) {
      const path = written('columns.csv', text);
      const bytes = new Uint8Array(readFileSync(path));
      expect(await outcome(readColumns(bytesSource(bytes, path)))).toStrictEqual(
        await outcome(node.readColumns(path)),
      );
    }
    expect(await node.readColumns(join(PARQUET, 'classes-snappy.parquet'))).toStrictEqual(
      await readColumns(blobSource(new Blob([readFileSync(join(PARQUET, 'classes-snappy.parquet'))]))),
    );
    expect(
      await readColumns(bytesSource(new TextEncoder().encode('x1,"x 2",label\n'), 'a.csv')),
    ).toStrictEqual(['x1', 'x 2', 'label']);
  });

  it('streamExamples gives the same examples and lines, then the same message', async () => {
    const path = written('stream.csv', 'x1,x2,y\n1,2,0\n3,4,1\n"5",6,0\n7,8,1\n9,x,0\n');
    const options: StreamOptions = { inputSize: 2, batchSize: 2, limits: SMALL_READS };
    const fromNode = await streamed(node.streamExamples(path, options));
    expect(fromNode.rows.map((row) => row.line)).toStrictEqual([2, 3, 4, 5]);
    expect(fromNode.error).toContain('line 6, column 2 (x2)');
    const bytes = new Uint8Array(readFileSync(path));
    expect(await streamed(streamExamples(bytesSource(bytes, path), options))).toStrictEqual(fromNode);
  });
});
