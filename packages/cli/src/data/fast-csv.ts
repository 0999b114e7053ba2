// The fast path of the CSV reader (issue #21): lines split at commas straight from the bytes,
// cells turned into numbers without strings (decimal.ts). It takes only lines that csv-parse
// would read the same way with the reader's options: no quote, no control character, space or
// tab (nothing to trim), the file's own line ending. At the first line that is anything else it
// stops, and the full parser (csv-parse-rows.ts) reads the file from that line on, so quotes,
// stray carriage returns and NUL bytes get exactly the checks and messages they always had.

import { InputError } from '@deltaml/core';
import { showPath } from '../file-errors.js';
import type { ByteReader } from './byte-reader.js';
import { EXPONENT_CAP, exactDecimal } from './decimal.js';
import type { Row, RowCursor } from './rows.js';

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
/** Bytes below this (control characters and the space) are never in a line the fast path takes. */
const FIRST_PLAIN = 0x21;

/** The refusal of a line longer than `limit` bytes, naming the column where it crosses the limit. */
export function longLineError(path: string, line: number, column: number, limit: number): InputError {
  return new InputError(
    `${showPath(path)}: line ${line}, column ${column}: the line is longer than ${limit} bytes, more than a data file's row can be`,
  );
}

/** Lines of a CSV file read by the fast path, from the reader's current position. */
export class FastCsvRows implements RowCursor, Row {
  line = 0;
  width = 0;
  /** the line at `reader.start` is one the fast path does not take: the full parser reads from it */
  stopped = false;
  /** the number of the line at `reader.start` */
  nextLine: number;
  #starts = new Int32Array(64);
  #ends = new Int32Array(64);
  #values = new Float64Array(64);

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

  value(column: number): number {
    return this.#values[column];
  }

  /** The cell's text as csv-parse gives an unquoted field: trimmed at its end of any Unicode space (U+00A0, U+FEFF, …). */
  text(column: number): string {
    return this.reader.bytes.toString('utf8', this.#starts[column], this.#ends[column]).trimEnd();
  }

  /** The next line, or undefined when the buffer holds no whole line more (or the fast path stops). */
  next(): Row | undefined {
    const reader = this.reader;
    const bytes = reader.bytes;
    for (;;) {
      const start = reader.start;
      const end = reader.end;
      if (this.stopped || start >= end) return undefined;
      let stop = bytes.indexOf(NEWLINE, start);
      if (stop < 0 || stop >= end) {
        this.#checkLength(start, end);
        if (!reader.done) return undefined;
        stop = end; // the last line, with no line ending
      }
      this.#checkLength(start, stop);
      let lineEnd = stop;
      if (this.crlf && stop < end) {
        if (stop > start && bytes[stop - 1] === RETURN) lineEnd--;
        else return this.#stop();
      }
      if (!this.#split(bytes, start, lineEnd)) return this.#stop();
      reader.start = stop < end ? stop + 1 : end;
      const line = this.nextLine++;
      if (lineEnd === start) continue; // an empty line, skipped
      this.line = line;
      return this;
    }
  }

  /** Finds the cells of `bytes[start, end)` and their numbers; false if the line is not one the fast path takes. */
  #split(bytes: Uint8Array, start: number, end: number): boolean {
    let k = 0;
    for (let i = start; ; i++) {
      if (k === this.#starts.length) this.#growCells();
      this.#starts[k] = i;
      i = this.#cell(bytes, i, end, k);
      if (i < 0) return false;
      this.#ends[k++] = i;
      if (i === end) break;
    }
    this.width = k;
    return true;
  }

  /**
   * Reads the cell that starts at `bytes[i]`: its number into `values[k]` where it is a plain
   * decimal the fast path is sure of (see decimal.ts), else NaN. Returns where the cell ends (its
   * comma, or `end`), or −1 if it has a byte the fast path does not take. `bytes[end]` is never a
   * digit (a line ending, or the reader's sentinel after the file's last byte), so the number's
   * loops need no bounds check.
   */
  #cell(bytes: Uint8Array, from: number, end: number, k: number): number {
    let i = from;
    let c = bytes[i];
    const negative = c === MINUS;
    if (negative || c === PLUS) c = bytes[++i];
    let mantissa = 0;
    let digits = 0; // significant digits in the mantissa (leading zeros are not)
    let exponent = 0;
    let seen = false; // a digit of the mantissa
    for (; c >= ZERO && c <= NINE; c = bytes[++i]) {
      seen = true;
      if (mantissa !== 0 || c !== ZERO) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
      }
    }
    if (c === DOT) {
      for (c = bytes[++i]; c >= ZERO && c <= NINE; c = bytes[++i]) {
        seen = true;
        exponent--;
        if (mantissa !== 0 || c !== ZERO) {
          mantissa = mantissa * 10 + (c - ZERO);
          digits++;
        }
      }
    }
    if (seen && (c === LOWER_E || c === UPPER_E)) {
      c = bytes[++i];
      const down = c === MINUS;
      if (down || c === PLUS) c = bytes[++i];
      let power = 0;
      seen = false; // now: a digit of the exponent
      for (; c >= ZERO && c <= NINE; c = bytes[++i]) {
        seen = true;
        if (power < EXPONENT_CAP) power = power * 10 + (c - ZERO);
      }
      exponent += down ? -power : power;
    }
    if (seen && (c === COMMA || i === end)) {
      this.#values[k] = exactDecimal(negative, mantissa, digits, exponent);
      return i;
    }
    this.#values[k] = Number.NaN;
    for (; i < end; i++) {
      c = bytes[i];
      if (c === COMMA) return i;
      if (c < FIRST_PLAIN || c === QUOTE) return -1;
    }
    return end;
  }

  #growCells(): void {
    const grown = <T extends Int32Array | Float64Array>(a: T, b: T) => {
      b.set(a);
      return b;
    };
    const n = this.#starts.length * 2;
    this.#starts = grown(this.#starts, new Int32Array(n));
    this.#ends = grown(this.#ends, new Int32Array(n));
    this.#values = grown(this.#values, new Float64Array(n));
  }

  #stop(): undefined {
    this.stopped = true;
    return undefined;
  }

  /** Refuses a line of more than `limit` bytes before it is held whole or becomes a string. */
  #checkLength(start: number, end: number): void {
    if (end - start <= this.limit) return;
    let column = 1;
    for (let i = start; i < start + this.limit; i++) if (this.reader.bytes[i] === COMMA) column++;
    throw longLineError(this.reader.path, this.nextLine, column, this.limit);
  }
}
