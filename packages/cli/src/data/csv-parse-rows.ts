// The full CSV parser behind the fast path: csv-parse (quoted fields, CRLF, BOM, blank lines),
// reading the file from the line where the fast path stopped (or from its start). Every parse or
// read error becomes an InputError naming the file and line; a NUL byte is a binary file.

import { Readable } from 'node:stream';
import { InputError } from '@deltaml/core';
import { CsvError, parse } from 'csv-parse';
import { escapeControl, fileError, showPath } from '../file-errors.js';
import type { ByteReader } from './byte-reader.js';
import { longLineError } from './fast-csv.js';
import type { RowBatch, RowCursor } from './rows.js';

/** Characters of a csv-parse message shown. */
const SHOWN = 80;

type CsvRecord = { record: string[]; info: { lines: number } };

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

/** The rest of the file's rows through csv-parse, one block per record. */
export async function* parsedRows(reader: ByteReader, from: ParseFrom): AsyncGenerator<RowCursor> {
  const path = reader.path;
  const source = Readable.from(reader.rest(), { objectMode: false });
  const records = source.pipe(
    parse({
      bom: from.delimiter === undefined,
      ...(from.delimiter ? { record_delimiter: from.delimiter } : {}),
      info: true,
      max_record_size: from.limit,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  source.on('error', (error) => records.destroy(error)); // a read error ends the records with it
  try {
    for await (const { record, info } of records as AsyncIterable<CsvRecord>) {
      const line = info.lines + from.linesBefore;
      if (record.some((cell) => cell.includes('\u0000'))) {
        throw new InputError(
          `${showPath(path)}: line ${line}: a NUL byte; this is a binary file, not CSV text`,
        );
      }
      yield new ParsedRow(record, line);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = Number(error.lines) + from.linesBefore;
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        throw longLineError(path, line, Number((error as { column?: number }).column ?? 0) + 1, from.limit);
      }
      const what = error.message.replace(/ at line \d+/, '').slice(0, SHOWN);
      throw new InputError(`${showPath(path)}: line ${line}: ${escapeControl(what)}`);
    }
    throw fileError(path, 'read', error);
  } finally {
    source.destroy();
    records.destroy();
  }
}
