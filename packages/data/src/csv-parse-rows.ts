// The full CSV parser behind the fast path: csv-parse (quoted fields, CRLF, BOM, blank lines),
// reading the file from the line where the fast path stopped (or from its start). Every parse or
// read error becomes an InputError naming the file and line; a NUL byte is a binary file.
// csv-parse comes in two builds, Node's (on node:stream) and a browser one (with its own stream
// and Buffer); both are driven here through the stream calls they share (write, end, pause,
// resume and their events), so the same slow path runs in Node and in browsers.

import { InputError } from '@deltaml/core';
import type { Options } from 'csv-parse';
import type { ByteReader } from './byte-reader.js';
import { longLineError } from './fast-csv.js';
import { escapeControl, fileError, showPath } from './file-errors.js';
import type { RowBatch, RowCursor } from './rows.js';

/** Characters of a csv-parse message shown. */
const SHOWN = 80;
/** Records parsed ahead of the reader, at most (then csv-parse is paused), and where it resumes. */
const HIGH_WATER = 1024;
const LOW_WATER = 256;

type CsvRecord = { record: string[]; info: { lines: number } };

/** The stream csv-parse's `parse(options)` gives, in either build: only what is used here. */
export interface CsvStream {
  write(chunk: Uint8Array | string): boolean;
  end(): unknown;
  pause(): unknown;
  resume(): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  destroy?(): unknown;
}

/** csv-parse in this environment: its parser, its error class, and the chunks its stream takes. */
export interface CsvParse {
  /** a record stream with these options */
  parse(options: Options): CsvStream;
  /** whether `error` is csv-parse's own (a parse error with its line) */
  isCsvError(error: unknown): error is Error & { code: string; lines?: unknown; column?: unknown };
  /** the file's bytes as chunks this build's stream takes (bytes, or text decoded as it comes) */
  chunks(bytes: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array | string>;
}

/** Where csv-parse starts: after `linesBefore` lines, with the line ending the file was seen to use. */
export interface ParseFrom {
  readonly linesBefore: number;
  /** the file's record delimiter, once the fast path has seen it; else csv-parse finds it (and a BOM) */
  readonly delimiter?: '\n' | '\r\n';
  /** the longest row, in bytes */
  readonly limit: number;
}

/** One csv-parse record as a batch of one row: cells only as text. */
class ParsedRow implements RowBatch, RowCursor {
  readonly count = 1;
  readonly values: Float64Array;
  #given = false;
  constructor(
    private readonly cells: string[],
    private readonly lineNumber: number,
  ) {
    this.values = new Float64Array(cells.length).fill(Number.NaN);
  }

  get width(): number {
    return this.cells.length;
  }

  line(): number {
    return this.lineNumber;
  }

  text(_row: number, column: number): string {
    return this.cells[column];
  }

  next(): RowBatch | undefined {
    if (this.#given) return undefined;
    this.#given = true;
    return this;
  }
}

/**
 * The records of `chunks` through `parser`, in order; then its error, if it fails (a read error
 * from `chunks` among them). csv-parse is paused while HIGH_WATER records wait to be read, so a
 * large file is never parsed far ahead of its reader.
 */
async function* recordsOf(
  parser: CsvStream,
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<CsvRecord> {
  const queue: CsvRecord[] = [];
  let first = 0;
  let failure: { error: unknown } | undefined;
  let ended = false;
  let stopped = false;
  let paused = false;
  let wakeReader: (() => void) | undefined;
  let wakeFeeder: (() => void) | undefined;
  const wake = () => {
    wakeReader?.();
    wakeReader = undefined;
    wakeFeeder?.();
    wakeFeeder = undefined;
  };
  parser.on('data', (record: CsvRecord) => {
    queue.push(record);
    if (queue.length - first >= HIGH_WATER && !paused) {
      paused = true;
      parser.pause();
    }
    wakeReader?.();
    wakeReader = undefined;
  });
  parser.on('error', (error: unknown) => {
    failure ??= { error };
    wake();
  });
  parser.on('end', () => {
    ended = true;
    wake();
  });
  parser.on('drain', () => {
    wakeFeeder?.();
    wakeFeeder = undefined;
  });
  const feed = async () => {
    try {
      for await (const chunk of chunks) {
        if (stopped || failure) return;
        if (!parser.write(chunk)) await new Promise<void>((resolve) => (wakeFeeder = resolve));
      }
      if (!stopped && !failure) parser.end();
    } catch (error) {
      failure ??= { error };
      wake();
    }
  };
  const feeding = feed();
  try {
    for (;;) {
      if (first < queue.length) {
        const record = queue[first++];
        if (first === queue.length) {
          queue.length = 0;
          first = 0;
        }
        if (paused && queue.length - first <= LOW_WATER) {
          paused = false;
          parser.resume();
        }
        yield record;
      } else if (failure) {
        throw failure.error;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    }
  } finally {
    stopped = true;
    wake();
    parser.destroy?.(); // its listeners stay, and take a late error of a stream no one reads
    await feeding;
  }
}

/** The rest of the file's rows through csv-parse, one block per record. */
export async function* parsedRows(
  reader: ByteReader,
  csv: CsvParse,
  from: ParseFrom,
): AsyncGenerator<RowCursor> {
  const path = reader.path;
  const parser = csv.parse({
    bom: from.delimiter === undefined,
    ...(from.delimiter ? { record_delimiter: from.delimiter } : {}),
    info: true,
    max_record_size: from.limit,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  try {
    for await (const { record, info } of recordsOf(parser, csv.chunks(reader.rest()))) {
      const line = info.lines + from.linesBefore;
      if (record.some((cell) => cell.includes('\u0000'))) {
        throw new InputError(
          `${showPath(path)}: line ${line}: a NUL byte; this is a binary file, not CSV text`,
        );
      }
      yield new ParsedRow(record, line);
    }
  } catch (error) {
    if (csv.isCsvError(error)) {
      const line = Number(error.lines) + from.linesBefore;
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        throw longLineError(path, line, Number(error.column ?? 0) + 1, from.limit);
      }
      const what = error.message.replace(/ at line \d+/, '').slice(0, SHOWN);
      throw new InputError(`${showPath(path)}: line ${line}: ${escapeControl(what)}`);
    }
    throw fileError(path, 'read', error);
  }
}
