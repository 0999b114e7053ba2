// Reading a data file (CONTRACT.md): a header row, then one example per row. Columns named x…
// are the inputs in file order; y… the targets for value losses (and one 0/1 `y` column for
// binary targets); `label` the class of a class loss, as a 0-based index or a name; other columns
// are ignored. The file is streamed through csv-parse (quoted fields, CRLF, BOM, blank lines)
// straight into growing typed arrays, so a large file is never held twice (`readDataset`), or
// batch by batch at constant memory (`streamExamples`, for predict).
// Every problem is an InputError (exit 2) naming the file, the line and, for a cell, the column:
// any csv-parse error, a binary or UTF-16 file, duplicate headers, a cell that is not a plain
// decimal number (no 0x10, 0b1, Infinity, NaN), and, for a float32 backend, a number beyond
// float32's range. Cells are never echoed raw: control characters are escaped, long cells cut.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Dataset, InputError, type TargetKind } from '@deltaml/core';
import { CsvError, parse } from 'csv-parse';
import { escapeControl, fileError, showPath } from './file-errors.js';

/** What readDataset reads the targets as, for a network with `outputSize` outputs (d_L). */
export interface DatasetOptions {
  /** core's `LOSSES[kind].targets` */
  readonly targets: TargetKind;
  readonly outputSize: number;
  /** class names in index order (from a model file): a name in the label column must be one of them */
  readonly classes?: readonly string[];
  /** the backend computes in float32: numbers beyond ±3.4e38 are refused */
  readonly float32?: boolean;
}

/** A data file read whole. */
export interface DatasetFile {
  readonly dataset: Dataset;
  /** the class names when the label column held names, in index order */
  readonly classes?: string[];
}

/** What streamExamples reads. */
export interface StreamOptions {
  /** d_0: the number of x… columns the file must have */
  readonly inputSize: number;
  /** the backend computes in float32: numbers beyond ±3.4e38 are refused */
  readonly float32?: boolean;
  /** examples per yielded batch */
  readonly batchSize: number;
}

/** Consecutive examples of a streamed file. */
export interface ExampleBatch {
  /** the line of the file where the batch's first example is */
  readonly firstLine: number;
  readonly count: number;
  /** count × inputSize, row-major */
  readonly inputs: Float64Array;
}

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;
/** A plain decimal number: digits, an optional fraction and exponent; no hex, binary, octal, Infinity. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Characters of a cell shown in a message. */
const SHOWN = 40;

/** A cell as a message shows it: quoted, control characters escaped, long text cut. */
function showCell(text: string): string {
  const cut = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
  return `"${escapeControl(cut)}"`;
}

/** A Float64Array that doubles when full. */
class GrowingArray {
  #data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.length++] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  values(): Float64Array {
    return this.#data.subarray(0, this.length);
  }
}

/** One row of the file as csv-parse gives it, with the line where it ends. */
interface Row {
  readonly cells: string[];
  readonly line: number;
}

type CsvRecord = { record: string[]; info: { lines: number } };

/** Refuses a UTF-16 file up front: it would otherwise read as NUL bytes. */
async function refuseUtf16(path: string): Promise<void> {
  const head = Buffer.alloc(2);
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(head, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileError(path, 'read', error);
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InputError(`${showPath(path)}: line 1: the file is UTF-16 text; save it as UTF-8`);
  }
}

/** The rows of a CSV file; every parse or read error becomes an InputError naming the file and line. */
async function* rows(path: string): AsyncGenerator<Row> {
  await refuseUtf16(path);
  const source = createReadStream(path);
  const records = source.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  source.on('error', (error) => records.destroy(error)); // a read error ends the records with it
  try {
    for await (const { record, info } of records as AsyncIterable<CsvRecord>) {
      if (record.some((cell) => cell.includes('\u0000'))) {
        throw new InputError(
          `${showPath(path)}: line ${info.lines}: a NUL byte; this is a binary file, not CSV text`,
        );
      }
      yield { cells: record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const what = error.message.replace(/ at line \d+/, '').slice(0, 2 * SHOWN);
      throw new InputError(`${showPath(path)}: line ${error.lines}: ${escapeControl(what)}`);
    }
    throw fileError(path, 'read', error);
  } finally {
    source.destroy();
    records.destroy();
  }
}

/** The header: names must be unique (an empty name, an unnamed ignored column, may repeat). */
function checkHeader(path: string, header: readonly string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const first = seen.get(name);
    if (name !== '' && first !== undefined) {
      throw new InputError(
        `${showPath(path)}: line 1: column ${i + 1} is named ${showCell(name)} like column ${first + 1}; column names must be unique`,
      );
    }
    seen.set(name, i);
  });
}

const columnsStartingWith = (header: readonly string[], prefix: string) =>
  header.flatMap((name, i) => (name.startsWith(prefix) ? [i] : []));

/** Reads the cells of one row as numbers, with messages naming the file, line and column. */
class CellReader {
  constructor(
    private readonly path: string,
    private readonly header: readonly string[],
    private readonly float32: boolean,
  ) {}

  /** `file: line 3, column 2 (x2)` */
  at(line: number, column: number): string {
    return `${showPath(this.path)}: line ${line}, column ${column + 1} (${escapeControl(this.header[column])})`;
  }

  /** Refuses a row whose cell count differs from the header's. */
  checkWidth(row: Row): void {
    if (row.cells.length !== this.header.length) {
      throw new InputError(
        `${showPath(this.path)}: line ${row.line}: ${row.cells.length} columns, expected ${this.header.length} as in the header`,
      );
    }
  }

  /** The number in a cell: plain decimal notation, finite, and within float32 when asked. */
  number(row: Row, column: number): number {
    const text = row.cells[column];
    if (text === '') throw new InputError(`${this.at(row.line, column)}: empty cell; expected a number`);
    const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) {
      throw new InputError(`${this.at(row.line, column)}: ${showCell(text)} is not a finite number`);
    }
    if (this.float32 && Math.abs(value) > FLOAT32_MAX) {
      throw new InputError(
        `${this.at(row.line, column)}: ${showCell(text)} is beyond the float32 range of this backend (±3.4e38)`,
      );
    }
    return value;
  }
}

/** Reads class labels (indices or names) into indices 0…K−1. */
class LabelReader {
  readonly #names: string[];
  readonly #known: ReadonlyMap<string, number> | undefined;
  #firstNameLine = 0;
  #firstIndexLine = 0;

  constructor(
    private readonly cells: CellReader,
    private readonly classCount: number,
    known: readonly string[] | undefined,
  ) {
    this.#names = known ? [...known] : [];
    this.#known = known && new Map(known.map((name, i) => [name, i]));
  }

  /** the class names, in index order, when the labels were names */
  get names(): string[] | undefined {
    return this.#firstNameLine > 0 ? this.#names : undefined;
  }

  read(row: Row, column: number): number {
    const text = row.cells[column];
    const at = this.cells.at(row.line, column);
    if (DECIMAL.test(text)) {
      if (this.#firstNameLine > 0 && !this.#known) {
        throw new InputError(
          `${at}: ${showCell(text)} is a class index, but line ${this.#firstNameLine} has a class name; use names or indices, not both`,
        );
      }
      this.#firstIndexLine ||= row.line;
      const value = this.cells.number(row, column);
      if (!(Number.isInteger(value) && value >= 0 && value < this.classCount)) {
        throw new InputError(
          `${at}: label ${value} is out of range; expected a class index 0…${this.classCount - 1}`,
        );
      }
      return value;
    }
    if (text === '') throw new InputError(`${at}: empty cell; expected a class index or name`);
    if (this.#firstIndexLine > 0 && !this.#known) {
      throw new InputError(
        `${at}: ${showCell(text)} is a class name, but line ${this.#firstIndexLine} has a class index; use names or indices, not both`,
      );
    }
    this.#firstNameLine ||= row.line;
    return this.#known ? this.#knownIndex(text, at) : this.#newIndex(text, at);
  }

  #knownIndex(text: string, at: string): number {
    const index = this.#known?.get(text);
    if (index === undefined) {
      throw new InputError(
        `${at}: ${showCell(text)} is not a class of the model; its classes are ${this.#list()}`,
      );
    }
    return index;
  }

  #newIndex(text: string, at: string): number {
    const index = this.#names.indexOf(text);
    if (index >= 0) return index;
    if (this.#names.length === this.classCount) {
      throw new InputError(
        `${at}: ${showCell(text)} would be class ${this.classCount + 1}, but the network has ${this.classCount} classes (${this.#list()})`,
      );
    }
    this.#names.push(text);
    return this.#names.length - 1;
  }

  #list(): string {
    const shown = this.#names.slice(0, 10).map(showCell).join(', ');
    return this.#names.length > 10 ? `${shown}, … (${this.#names.length} in all)` : shown;
  }
}

/** How a row's targets are read, chosen from the header and the target kind. */
interface TargetColumns {
  readonly columns: readonly number[];
  read(row: Row, column: number): number;
  readonly labels?: LabelReader;
}

function targetColumns(
  path: string,
  header: readonly string[],
  cells: CellReader,
  options: DatasetOptions,
): TargetColumns {
  const y = columnsStartingWith(header, 'y');
  const label = header.indexOf('label');
  const where = `${showPath(path)}: line 1`;
  switch (options.targets) {
    case 'values':
      if (y.length === 0) {
        throw new InputError(
          `${where}: no target columns (names starting with "y"); value targets need d_L = ${options.outputSize}`,
        );
      }
      return { columns: y, read: (row, column) => cells.number(row, column) };
    case 'classes': {
      if (label < 0) {
        throw new InputError(
          `${where}: no "label" column; class targets need the class (a 0-based index or a name)`,
        );
      }
      const labels = new LabelReader(cells, options.outputSize, options.classes);
      return { columns: [label], read: (row, column) => labels.read(row, column), labels };
    }
    case 'binary': {
      if (y.length === 0 && label >= 0) {
        const labels = new LabelReader(cells, 2, options.classes); // two classes: 0 and 1
        return { columns: [label], read: (row, column) => labels.read(row, column), labels };
      }
      if (y.length !== 1) {
        throw new InputError(
          `${where}: ${y.length} target columns (names starting with "y"); 0/1 targets take exactly one`,
        );
      }
      const read = (row: Row, column: number) => {
        const value = cells.number(row, column);
        if (value !== 0 && value !== 1) {
          throw new InputError(`${cells.at(row.line, column)}: target ${value} is not 0 or 1`);
        }
        return value;
      };
      return { columns: y, read };
    }
  }
}

function inputColumns(path: string, header: readonly string[]): number[] {
  const inputs = columnsStartingWith(header, 'x');
  if (inputs.length === 0) {
    throw new InputError(`${showPath(path)}: line 1: no input columns (names starting with "x")`);
  }
  return inputs;
}

/**
 * Reads the examples of a data file whole, with targets as `options.targets` says: the y…
 * columns, the `label` column (indices, or names mapped to indices in order of first appearance
 * or by `options.classes`), or one 0/1 column.
 */
export async function readDataset(path: string, options: DatasetOptions): Promise<DatasetFile> {
  const inputs = new GrowingArray();
  const targets = new GrowingArray();
  let reader: { cells: CellReader; x: number[]; t: TargetColumns } | undefined;
  let count = 0;
  for await (const row of rows(path)) {
    if (!reader) {
      checkHeader(path, row.cells);
      const cells = new CellReader(path, row.cells, options.float32 === true);
      reader = { cells, x: inputColumns(path, row.cells), t: targetColumns(path, row.cells, cells, options) };
      continue;
    }
    reader.cells.checkWidth(row);
    for (const column of reader.x) inputs.push(reader.cells.number(row, column));
    for (const column of reader.t.columns) targets.push(reader.t.read(row, column));
    count++;
  }
  if (!reader) throw new InputError(`${showPath(path)}: empty file; expected a header row`);
  if (count === 0) throw new InputError(`${showPath(path)}: no examples after the header`);
  const dataset: Dataset = {
    count,
    inputSize: reader.x.length,
    inputs: inputs.values(),
    targetSize: reader.t.columns.length,
    targets: targets.values(),
  };
  const classes = reader.t.labels?.names;
  return classes ? { dataset, classes } : { dataset };
}

/**
 * The inputs of a data file in batches of `batchSize` examples, read as they are needed, at
 * constant memory; target and label columns may be there and are ignored.
 */
export async function* streamExamples(path: string, options: StreamOptions): AsyncGenerator<ExampleBatch> {
  let reader: { cells: CellReader; x: number[] } | undefined;
  let batch = new Float64Array(options.batchSize * options.inputSize);
  let count = 0;
  let firstLine = 0;
  let seen = 0;
  for await (const row of rows(path)) {
    if (!reader) {
      checkHeader(path, row.cells);
      const x = inputColumns(path, row.cells);
      if (x.length !== options.inputSize) {
        throw new InputError(
          `${showPath(path)}: line 1: ${x.length} input columns (names starting with "x"), but the model takes ${options.inputSize}`,
        );
      }
      reader = { cells: new CellReader(path, row.cells, options.float32 === true), x };
      continue;
    }
    reader.cells.checkWidth(row);
    if (count === 0) firstLine = row.line;
    const { cells, x } = reader;
    for (let i = 0; i < x.length; i++) batch[count * options.inputSize + i] = cells.number(row, x[i]);
    count++;
    seen++;
    if (count === options.batchSize) {
      yield { firstLine, count, inputs: batch };
      batch = new Float64Array(options.batchSize * options.inputSize);
      count = 0;
    }
  }
  if (!reader) throw new InputError(`${showPath(path)}: empty file; expected a header row`);
  if (count > 0) yield { firstLine, count, inputs: batch.subarray(0, count * options.inputSize) };
  if (seen === 0) throw new InputError(`${showPath(path)}: no examples after the header`);
}
