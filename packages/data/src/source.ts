// Opening a data file, whatever it holds: Parquet when it starts with `PAR1`, else CSV text read
// by the fast path and, from the first line it does not take, by csv-parse. A UTF-16 file is
// refused up front. The file is read front to back, so a pipe works like a file.

import { InputError } from '@deltaml/core';
import { ByteReader } from './byte-reader.js';
import type { ByteSink, ByteSource } from './byte-source.js';
import { type CsvParse, parsedRows } from './csv-parse-rows.js';
import { FastCsvRows } from './fast-csv.js';
import { showPath } from './file-errors.js';
import { PARQUET_MAGIC, parquetColumns } from './parquet-rows.js';
import type { RowCursor, RowPlaces } from './rows.js';

/** The longest line of a CSV file, in bytes: far below the longest string Node can make (~512 MiB). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A data file's rows, block by block, and how messages name them. */
export interface RowSource {
  readonly places: RowPlaces;
  /** the column names (a CSV file's header row, a Parquet file's top-level fields); undefined for an empty file */
  readonly header: string[] | undefined;
  /** the rows after the header */
  readonly blocks: AsyncGenerator<RowCursor>;
}

const CSV: RowPlaces = { unit: 'line', header: 'line 1' };
const PARQUET: RowPlaces = { unit: 'row', header: 'its columns' };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** How a data file is read; tests change these. */
export interface ReadLimits {
  /** the longest CSV line, in bytes [MAX_LINE_BYTES] */
  readonly lineLimit?: number;
  /** read a CSV file with csv-parse only: the reference the fast path is tested against */
  readonly fullParser?: boolean;
  /** bytes read from the file at a time [READ_CHUNK] (small, so that tests cross many reads) */
  readonly readChunk?: number;
}

/** How a data file is opened: its bytes, csv-parse for this environment, and the limits. */
export interface OpenFrom {
  readonly source: ByteSource;
  readonly csv: CsvParse;
  readonly limits?: ReadLimits;
  /** sees the bytes read front to back (a pipe's, all of them) */
  readonly hash?: ByteSink;
}

/** Opens a data file (closing its source when its blocks end, or here if it cannot be read). */
export async function openRows({ source, csv, limits = {}, hash }: OpenFrom): Promise<RowSource> {
  const lineLimit = limits.lineLimit ?? MAX_LINE_BYTES;
  const path = source.name;
  const reader = new ByteReader(source, hash, limits.readChunk);
  try {
    await reader.ensure(4);
    const head = reader.bytes;
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new InputError(`${showPath(path)}: line 1: the file is UTF-16 text; save it as UTF-8`);
    }
    if (reader.end >= 4 && PARQUET_MAGIC.every((b, i) => head[i] === b)) {
      const { names, blocks } = await parquetColumns(reader);
      return { places: PARQUET, header: names, blocks: closing(blocks, reader) };
    }
    const rows = limits.fullParser
      ? parsedRows(reader, csv, { linesBefore: 0, limit: lineLimit })
      : csvBlocks(reader, csv, lineLimit);
    const blocks = closing(rows, reader);
    const first = await blocks.next();
    if (first.done) return { places: CSV, header: undefined, blocks };
    const header = headerOf(first.value);
    return { places: CSV, header, blocks };
  } catch (error) {
    await reader.close();
    throw error;
  }
}

/** The cells of the first row of `block`, the header (and nothing more taken from the block). */
function headerOf(block: RowCursor): string[] {
  const row = block.next(1);
  if (!row) throw new Error('a CSV block starts with a row');
  return Array.from({ length: row.width }, (_, c) => row.text(0, c));
}

/** `blocks`, closing the file when they end (or the reader stops early or fails). */
async function* closing(blocks: AsyncGenerator<RowCursor>, reader: ByteReader): AsyncGenerator<RowCursor> {
  try {
    yield* blocks;
  } finally {
    await reader.close();
  }
}

/**
 * The rows of a CSV file, the header first: the fast path while it takes the lines, csv-parse
 * after. The fast path takes the file only when its first line is a plain header, which also
 * tells the line ending csv-parse would have found.
 */
async function* csvBlocks(reader: ByteReader, csv: CsvParse, limit: number): AsyncGenerator<RowCursor> {
  const bom = UTF8_BOM.every((b, i) => reader.bytes[i] === b) ? UTF8_BOM.length : 0;
  const ending = await plainHeaderEnding(reader, bom, limit);
  if (ending === undefined) {
    yield* parsedRows(reader, csv, { linesBefore: 0, limit });
    return;
  }
  reader.start = bom;
  const fast = new FastCsvRows(reader, ending === '\r\n', limit, 1);
  for (;;) {
    yield fast;
    if (fast.stopped || reader.done) break;
    await reader.more();
  }
  if (fast.stopped)
    yield* parsedRows(reader, csv, { linesBefore: fast.nextLine - 1, delimiter: ending, limit });
}

/**
 * How the first line ends when it is a header the fast path can read (cells with no quote,
 * space or control character); undefined otherwise, and then csv-parse reads the whole file.
 */
async function plainHeaderEnding(
  reader: ByteReader,
  from: number,
  limit: number,
): Promise<'\n' | '\r\n' | undefined> {
  let newline = reader.bytes.indexOf(NEWLINE, from);
  while ((newline < 0 || newline >= reader.end) && !reader.done && reader.end - from <= limit) {
    await reader.more();
    newline = reader.bytes.indexOf(NEWLINE, from);
  }
  if (newline >= reader.end) newline = -1;
  const stop = newline < 0 ? reader.end : newline;
  const crlf = newline > from && reader.bytes[newline - 1] === RETURN;
  const end = crlf ? stop - 1 : stop;
  if (end === from || stop - from > limit) return undefined;
  for (let i = from; i < end; i++) {
    const c = reader.bytes[i];
    if (c < 0x21 || c === 0x22) return undefined;
  }
  return crlf ? '\r\n' : '\n';
}
