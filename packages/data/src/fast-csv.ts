// The fast path of the CSV reader (issue #21): lines split at commas straight from the bytes,
// many at a time, cells turned into numbers without strings (decimal.ts), so a numeric file is
// read at disk speed. It takes only lines that csv-parse would read the same way with the
// reader's options: no quote, no control character, space or tab (nothing to trim), the file's
// own line ending. At the first line that is anything else it stops, and the full parser
// (csv-parse-rows.ts) reads the file from that line on, so quotes, stray carriage returns and NUL
// bytes get exactly the checks and messages they always had.

import { InputError } from '@deltaml/core';
import type { ByteReader } from './byte-reader.js';
import { EXPONENT_CAP, exactDecimal } from './decimal.js';
import { showPath } from './file-errors.js';
import type { RowBatch, RowCursor } from './rows.js';

/** The bytes the fast path tells apart. */
const [NEWLINE, RETURN, COMMA, QUOTE, ZERO, NINE, MINUS, PLUS, DOT, LOWER_E, UPPER_E] =
  new TextEncoder().encode('\n\r,"09-+.eE');
/** Bytes below this (control characters and the space) are never in a line the fast path takes. */
const FIRST_PLAIN = 0x21;
/** Turns a cell's bytes into text (UTF-8, as csv-parse reads them). */
const UTF8 = new TextDecoder();
/** Cells a batch holds (a row wider than this gets a batch of its own). */
const BATCH_CELLS = 1 << 16;

/** The refusal of a line longer than `limit` bytes, naming the column where it crosses the limit. */
export function longLineError(path: string, line: number, column: number, limit: number): InputError {
  return new InputError(
    `${showPath(path)}: line ${line}, column ${column}: the line is longer than ${limit} bytes, more than a data file's row can be`,
  );
}

/** Lines of a CSV file read by the fast path, a batch at a time, from the reader's current position. */
export class FastCsvRows implements RowCursor, RowBatch {
  count = 0;
  width = 0;
  values: Float64Array = new Float64Array(BATCH_CELLS);
  /** the line at `reader.start` is one the fast path does not take: the full parser reads from it */
  stopped = false;
  /** the number of the line at `reader.start` */
  nextLine: number;
  /** where each row of the batch starts in the reader's bytes, and its line number */
  #starts = new Int32Array(BATCH_CELLS);
  #lines = new Int32Array(BATCH_CELLS);

  /**
   * @param crlf the file's lines end in CR LF (else LF), as its header line does
   * @param limit the longest line, in bytes
   */
  constructor(
    private readonly reader: ByteReader,
    private readonly crlf: boolean,
    private readonly limit: number,
    firstLine: number,
  ) {
    this.nextLine = firstLine;
  }

  line(row: number): number {
    return this.#lines[row];
  }

  /** The cell's text as csv-parse gives an unquoted field: trimmed at its end of any Unicode space (U+00A0, U+FEFF, …). */
  text(row: number, column: number): string {
    const bytes = this.reader.bytes;
    let from = this.#starts[row];
    for (let c = 0; c < column; c++) from = bytes.indexOf(COMMA, from) + 1;
    let to = from;
    while (bytes[to] !== COMMA && bytes[to] !== NEWLINE && bytes[to] !== RETURN) to++;
    return UTF8.decode(bytes.subarray(from, to)).trimEnd();
  }

  /**
   * The next lines the buffer holds whole, up to `maxRows`, all with as many cells as the first:
   * a line with another count starts the next batch. Undefined when the buffer holds no whole
   * line more, or the fast path has stopped.
   *
   * Each cell's number goes into `values` where it is a plain decimal the fast path is sure of
   * (see decimal.ts), else NaN. `bytes[end]` is never a digit or comma (the reader's sentinel
   * after the file's last byte is a line feed), so the scans need no bounds check.
   */
  next(maxRows = Number.POSITIVE_INFINITY): RowBatch | undefined {
    this.count = 0;
    if (this.stopped) return undefined;
    const reader = this.reader;
    const bytes = reader.bytes;
    const end = reader.end;
    const starts = this.#starts;
    const lines = this.#lines;
    let values = this.values;
    let width = 0; // the batch's, once its first row is read
    let rows = 0;
    let i = reader.start;
    let refused = false; // the line at `reader.start` is one the fast path does not take
    batch: while (rows < maxRows && i < end) {
      const lineStart = i;
      if (this.crlf ? bytes[i] === RETURN && bytes[i + 1] === NEWLINE && i + 1 < end : bytes[i] === NEWLINE) {
        i += this.crlf ? 2 : 1; // an empty line, skipped
        reader.start = i;
        this.nextLine++;
        continue;
      }
      const at = rows * width;
      let column = 0;
      let c: number;
      for (; ; i++) {
        c = bytes[i];
        const negative = c === MINUS;
        if (negative || c === PLUS) c = bytes[++i];
        let mantissa = 0;
        let exponent = 0;
        const integerStart = i;
        for (; c >= ZERO && c <= NINE; c = bytes[++i]) mantissa = mantissa * 10 + (c - ZERO);
        let digits = i > integerStart;
        if (c === DOT) {
          const fractionStart = i + 1;
          for (c = bytes[++i]; c >= ZERO && c <= NINE; c = bytes[++i]) mantissa = mantissa * 10 + (c - ZERO);
          exponent = fractionStart - i;
          digits ||= exponent < 0;
        }
        if (digits && (c === LOWER_E || c === UPPER_E)) {
          c = bytes[++i];
          const down = c === MINUS;
          if (down || c === PLUS) c = bytes[++i];
          const powerStart = i;
          let power = 0;
          for (; c >= ZERO && c <= NINE; c = bytes[++i])
            if (power < EXPONENT_CAP) power = power * 10 + (c - ZERO);
          digits = i > powerStart;
          exponent += down ? -power : power;
        }
        let value = Number.NaN;
        if (c === COMMA || c === NEWLINE || c === RETURN) {
          if (digits) value = exactDecimal(negative, mantissa, exponent);
        } else {
          // text, read later; but no quote, space or control byte, which only csv-parse reads
          for (; c !== COMMA && c !== NEWLINE && c !== RETURN; c = bytes[++i]) {
            if (c < FIRST_PLAIN || c === QUOTE) {
              refused = true;
              break batch;
            }
          }
        }
        if (width > 0 && column === width) break batch; // more cells than the batch's rows
        if (at + column === values.length) values = this.#growValues();
        values[at + column++] = value;
        if (c !== COMMA) break;
      }
      // the line ends at bytes[i]: a line feed, a carriage return, or the sentinel at `end`
      if (i === end && !reader.done) {
        this.#checkLength(lineStart, end); // an incomplete line: the next read brings the rest
        break;
      }
      let next: number;
      if (i === end)
        next = end; // the file's last line, with no line ending
      else if (!this.crlf) next = c === NEWLINE ? i + 1 : -1;
      else if (c === RETURN && i + 1 === end && !reader.done)
        break; // LF comes with the next read
      else next = c === RETURN && bytes[i + 1] === NEWLINE && i + 1 < end ? i + 2 : -1;
      if (next < 0) {
        refused = true;
        break;
      }
      this.#checkLength(lineStart, next === end ? end : next - 1);
      if (width > 0 && column !== width) break; // fewer cells than the batch's rows
      width = column;
      starts[rows] = lineStart;
      lines[rows++] = this.nextLine++;
      i = next;
      reader.start = i;
      if ((rows + 1) * width > values.length) break; // the batch is full
    }
    this.stopped = refused;
    this.count = rows;
    this.width = width;
    return rows > 0 ? this : undefined;
  }

  #growValues(): Float64Array {
    const bigger = new Float64Array(this.values.length * 2);
    bigger.set(this.values);
    this.values = bigger;
    return bigger;
  }

  /** Refuses a line of more than `limit` bytes before it is held whole or becomes a string. */
  #checkLength(start: number, end: number): void {
    if (end - start <= this.limit) return;
    let column = 1;
    for (let i = start; i < start + this.limit; i++) if (this.reader.bytes[i] === COMMA) column++;
    throw longLineError(this.reader.path, this.nextLine, column, this.limit);
  }
}
