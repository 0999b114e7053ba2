// Reading a data file (CONTRACT.md): a header row, then one example per row, from CSV text or a
// Parquet file (told apart by content; source.ts). Columns named x… are the inputs in file
// order; y… the targets for value losses (and one 0/1 `y` column for binary targets); `label`
// the class of a class loss, as a 0-based index or a name; other columns are ignored. Rows go
// straight into typed arrays that grow in place, float32 for a float32 backend, so a large file
// is held once at its size (`readDataset`), or batch by batch at constant memory
// (`streamExamples`, for predict).
// Every problem is an InputError (exit 2) naming the file, the line (a Parquet file: the row) and,
// for a cell, the column: any csv-parse error, a binary or UTF-16 file, a line too long to be
// data, duplicate headers, a cell that is not a plain decimal number (no 0x10, 0b1, Infinity,
// NaN), and, for a float32 backend, a number beyond float32's range. Cells are never echoed raw:
// control characters are escaped, long cells cut.

import {
  type Dataset,
  FLOAT32_MAX,
  InputError,
  isPlainDecimal,
  LabelRule,
  type TargetKind,
} from '@deltaml/core';
import type { ByteSink, ByteSource } from './byte-source.js';
import type { CsvParse } from './csv-parse-rows.js';
import { escapeControl, showPath } from './file-errors.js';
import { GrowingArray } from './growing-array.js';
import type { RowBatch, RowPlaces } from './rows.js';
import { openRows, type ReadLimits, type RowSource } from './source.js';

/** What readDataset reads the targets as, for a network with `outputSize` outputs (d_L). */
export interface DatasetOptions {
  /** core's `LOSSES[kind].targets` */
  readonly targets: TargetKind;
  readonly outputSize: number;
  /** class names in index order (from a model file): a name in the label column must be one of them */
  readonly classes?: readonly string[];
  /** the backend computes in float32: numbers beyond ±3.4e38 are refused, and the data is held as float32 */
  readonly float32?: boolean;
  /** hold the numbers as float64 all the same, as the file has them (for statistics measured on the host, like --standardize) */
  readonly exact?: boolean;
  /** how the file is read (tests lower the line limit, or ask for the full parser only) */
  readonly limits?: ReadLimits;
  /** sees every byte read from the file in order: a pipe's digest, since a pipe is read only once */
  readonly hash?: ByteSink;
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
  /** examples per yielded batch, at most (a batch is yielded sooner when the rows read so far are used up) */
  readonly batchSize: number;
  /** how the file is read (tests lower the line limit, or ask for the full parser only) */
  readonly limits?: ReadLimits;
}

/** Consecutive examples of a streamed file. */
export interface ExampleBatch {
  /** the line of the file (a Parquet file: the row) of each example */
  readonly lines: Uint32Array;
  readonly count: number;
  /** count × inputSize, row-major */
  readonly inputs: Float64Array;
}

/** Characters of a cell shown in a message. */
const SHOWN = 40;

/** A cell as a message shows it: quoted, control characters escaped, long text cut. */
function showCell(text: string): string {
  const cut = text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
  return `"${escapeControl(cut)}"`;
}

/** Where a message about the file's column names points: `file: line 1` or `file: its columns`. */
const headerPlace = (path: string, places: RowPlaces) => `${showPath(path)}: ${places.header}`;

/** The header: names must be unique (an empty name, an unnamed ignored column, may repeat). */
function checkHeader(path: string, places: RowPlaces, header: readonly string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const first = seen.get(name);
    if (name !== '' && first !== undefined) {
      throw new InputError(
        `${headerPlace(path, places)}: column ${i + 1} is named ${showCell(name)} like column ${first + 1}; column names must be unique`,
      );
    }
    seen.set(name, i);
  });
}

const columnsStartingWith = (header: readonly string[], prefix: string) =>
  header.flatMap((name, i) => (name.startsWith(prefix) ? [i] : []));

/** Reads the cells of a row as numbers, with messages naming the file, line and column. */
class CellReader {
  /** the largest magnitude a number may have: float32's for a float32 backend */
  readonly #limit: number;

  constructor(
    private readonly path: string,
    readonly places: RowPlaces,
    private readonly header: readonly string[],
    private readonly float32: boolean,
  ) {
    this.#limit = float32 ? FLOAT32_MAX : Number.MAX_VALUE;
  }

  /** `line 3` (a Parquet file: `row 2`) */
  place(line: number): string {
    return `${this.places.unit} ${line}`;
  }

  /** `file: line 3, column 2 (x2)` */
  at(line: number, column: number): string {
    return `${showPath(this.path)}: ${this.place(line)}, column ${column + 1} (${escapeControl(this.header[column])})`;
  }

  /** Refuses a batch whose rows' cell count differs from the header's (naming its first row, the first that does). */
  checkWidth(batch: RowBatch): void {
    if (batch.width !== this.header.length) {
      throw new InputError(
        `${showPath(this.path)}: ${this.place(batch.line(0))}: ${batch.width} columns, expected ${this.header.length} as in the header`,
      );
    }
  }

  /** The number in a cell: plain decimal notation, finite, and within float32 when asked. */
  number(batch: RowBatch, row: number, column: number): number {
    const value = batch.values[row * batch.width + column];
    return Math.abs(value) <= this.#limit ? value : this.#fromText(batch, row, column, value);
  }

  /** A cell the fast path has no number for (or one out of range): read from its text, or refused. */
  #fromText(batch: RowBatch, row: number, column: number, fast: number): number {
    const line = batch.line(row);
    let value = fast;
    if (Number.isNaN(value)) {
      const text = batch.text(row, column);
      if (text === '') throw new InputError(`${this.at(line, column)}: empty cell; expected a number`);
      value = isPlainDecimal(text) ? Number(text) : Number.NaN;
    }
    if (!Number.isFinite(value)) {
      throw new InputError(
        `${this.at(line, column)}: ${showCell(batch.text(row, column))} is not a finite number`,
      );
    }
    if (this.float32 && Math.abs(value) > FLOAT32_MAX) {
      throw new InputError(
        `${this.at(line, column)}: ${showCell(batch.text(row, column))} is beyond the float32 range of this backend (±3.4e38)`,
      );
    }
    return value;
  }
}

/** Reads class labels (indices or names) into indices 0…K−1. */
class LabelReader {
  readonly #names: string[];
  /** core's one rule for what a label means (docs/contract.md), against the model's classes */
  readonly #rule: LabelRule;
  readonly #known: boolean;
  #firstNameLine = 0;
  #firstIndexLine = 0;

  constructor(
    private readonly cells: CellReader,
    private readonly classCount: number,
    known: readonly string[] | undefined,
  ) {
    this.#names = known ? [...known] : [];
    this.#rule = new LabelRule(known);
    this.#known = known !== undefined;
  }

  /** the class names, in index order, when the labels were names */
  get names(): string[] | undefined {
    return this.#firstNameLine > 0 ? this.#names : undefined;
  }

  read(batch: RowBatch, row: number, column: number): number {
    const fast = batch.values[row * batch.width + column];
    if (!Number.isNaN(fast) && !this.#rule.namesOnly) return this.#index(batch, row, column, fast);
    const label = this.#rule.read(batch.text(row, column));
    if (label.kind === 'index') return this.#index(batch, row, column, label.index);
    const line = batch.line(row);
    const at = this.cells.at(line, column);
    const text = label.name;
    if (text === '') throw new InputError(`${at}: empty cell; expected a class index or name`);
    if (this.#firstIndexLine > 0 && !this.#known) {
      throw new InputError(
        `${at}: ${showCell(text)} is a class name, but ${this.cells.place(this.#firstIndexLine)} has a class index; use names or indices, not both`,
      );
    }
    this.#firstNameLine ||= line;
    return this.#known ? this.#knownIndex(text, label.index, at) : this.#newIndex(text, at);
  }

  /** A label written as a number: a class index. */
  #index(batch: RowBatch, row: number, column: number, value: number): number {
    if (this.#firstIndexLine === 0) this.#firstIndexLine = batch.line(row);
    if (Number.isInteger(value) && value >= 0 && value < this.classCount && this.#firstNameLine === 0)
      return value;
    const at = this.cells.at(batch.line(row), column);
    if (this.#firstNameLine > 0 && !this.#known) {
      throw new InputError(
        `${at}: ${showCell(batch.text(row, column))} is a class index, but ${this.cells.place(this.#firstNameLine)} has a class name; use names or indices, not both`,
      );
    }
    if (!(Number.isInteger(value) && value >= 0 && value < this.classCount)) {
      throw new InputError(
        `${at}: label ${value} is out of range; expected a class index 0…${this.classCount - 1}`,
      );
    }
    return value;
  }

  #knownIndex(text: string, index: number | undefined, at: string): number {
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
  read(batch: RowBatch, row: number, column: number): number;
  readonly labels?: LabelReader;
}

function targetColumns(
  where: string,
  header: readonly string[],
  cells: CellReader,
  options: DatasetOptions,
): TargetColumns {
  const y = columnsStartingWith(header, 'y');
  const label = header.indexOf('label');
  switch (options.targets) {
    case 'values':
      if (y.length === 0) {
        throw new InputError(
          `${where}: no target columns (names starting with "y"); value targets need d_L = ${options.outputSize}`,
        );
      }
      return { columns: y, read: (batch, row, column) => cells.number(batch, row, column) };
    case 'classes': {
      if (label < 0) {
        throw new InputError(
          `${where}: no "label" column; class targets need the class (a 0-based index or a name)`,
        );
      }
      const labels = new LabelReader(cells, options.outputSize, options.classes);
      return { columns: [label], read: (batch, row, column) => labels.read(batch, row, column), labels };
    }
    case 'binary': {
      if (y.length === 0 && label >= 0) {
        const labels = new LabelReader(cells, 2, options.classes); // two classes: 0 and 1
        return { columns: [label], read: (batch, row, column) => labels.read(batch, row, column), labels };
      }
      if (y.length !== 1) {
        throw new InputError(
          `${where}: ${y.length} target columns (names starting with "y"); 0/1 targets take exactly one`,
        );
      }
      const read = (batch: RowBatch, row: number, column: number) => {
        const value = cells.number(batch, row, column);
        if (value !== 0 && value !== 1) {
          throw new InputError(`${cells.at(batch.line(row), column)}: target ${value} is not 0 or 1`);
        }
        return value;
      };
      return { columns: y, read };
    }
  }
}

function inputColumns(where: string, header: readonly string[]): number[] {
  const inputs = columnsStartingWith(header, 'x');
  if (inputs.length === 0) throw new InputError(`${where}: no input columns (names starting with "x")`);
  return inputs;
}

/** The file's header, checked, or the refusal of an empty file. */
function headerOf(path: string, source: RowSource): string[] {
  if (!source.header) throw new InputError(`${showPath(path)}: empty file; expected a header row`);
  checkHeader(path, source.places, source.header);
  return source.header;
}

/** The column names of a data file (its header, checked), read without its rows. */
export async function readColumnsOf(
  bytes: ByteSource,
  csv: CsvParse,
  limits?: ReadLimits,
): Promise<string[]> {
  const source = await openRows({ source: bytes, csv, limits });
  try {
    return headerOf(bytes.name, source);
  } finally {
    await source.blocks.return(undefined);
  }
}

/**
 * Reads the examples of a data file (CSV or Parquet) whole, with targets as `options.targets`
 * says: the y… columns, the `label` column (indices, or names mapped to indices in order of
 * first appearance or by `options.classes`), or one 0/1 column. The numbers are held as float32
 * when `options.float32` is set (the values a float32 backend computes with) unless
 * `options.exact` asks for float64, else float64.
 */
export async function readDatasetOf(
  bytes: ByteSource,
  csv: CsvParse,
  options: DatasetOptions,
): Promise<DatasetFile> {
  const path = bytes.name;
  const source = await openRows({ source: bytes, csv, limits: options.limits, hash: options.hash });
  const float32 = options.float32 === true;
  const inputs = new GrowingArray(float32 && !options.exact);
  const targets = new GrowingArray(float32 && !options.exact);
  let count = 0;
  let header: string[];
  let t: TargetColumns;
  let x: number[];
  let cells: CellReader;
  try {
    header = headerOf(path, source);
    const where = headerPlace(path, source.places);
    cells = new CellReader(path, source.places, header, float32);
    x = inputColumns(where, header);
    t = targetColumns(where, header, cells, options);
  } catch (error) {
    await source.blocks.return(undefined);
    throw error;
  }
  for await (const block of source.blocks) {
    for (let batch = block.next(); batch; batch = block.next()) {
      cells.checkWidth(batch);
      inputs.reserve(batch.count * x.length);
      targets.reserve(batch.count * t.columns.length);
      for (let row = 0; row < batch.count; row++) {
        for (let i = 0; i < x.length; i++) inputs.add(cells.number(batch, row, x[i]));
        for (let i = 0; i < t.columns.length; i++) targets.add(t.read(batch, row, t.columns[i]));
      }
      count += batch.count;
    }
  }
  if (count === 0) throw new InputError(`${showPath(path)}: no examples after the header`);
  const dataset: Dataset = {
    count,
    inputSize: x.length,
    inputs: inputs.values(),
    targetSize: t.columns.length,
    targets: targets.values(),
  };
  const classes = t.labels?.names;
  return classes ? { dataset, classes } : { dataset };
}

/**
 * The inputs of a data file (CSV or Parquet) in batches of at most `batchSize` examples, read as
 * they are needed, at constant memory; target and label columns may be there and are ignored. A
 * batch is yielded as soon as the rows read so far are used up (so a slow pipe's rows are not held
 * back), and on a bad line the examples before it are yielded before its error.
 */
export async function* streamExamplesOf(
  bytes: ByteSource,
  csv: CsvParse,
  options: StreamOptions,
): AsyncGenerator<ExampleBatch> {
  const path = bytes.name;
  const source = await openRows({ source: bytes, csv, limits: options.limits });
  let x: number[];
  let cells: CellReader;
  try {
    const header = headerOf(path, source);
    const where = headerPlace(path, source.places);
    x = inputColumns(where, header);
    if (x.length !== options.inputSize) {
      throw new InputError(
        `${where}: ${x.length} input columns (names starting with "x"), but the model takes ${options.inputSize}`,
      );
    }
    cells = new CellReader(path, source.places, header, options.float32 === true);
  } catch (error) {
    await source.blocks.return(undefined);
    throw error;
  }
  const d = options.inputSize;
  const size = options.batchSize;
  let inputs = new Float64Array(size * d);
  let lines = new Uint32Array(size);
  let count = 0;
  let seen = 0;
  const taken = (): ExampleBatch => {
    const batch = { lines: lines.subarray(0, count), count, inputs: inputs.subarray(0, count * d) };
    inputs = new Float64Array(size * d);
    lines = new Uint32Array(size);
    count = 0;
    return batch;
  };
  for await (const block of source.blocks) {
    for (let rows = block.next(); rows; rows = block.next()) {
      for (let row = 0; row < rows.count; row++) {
        try {
          cells.checkWidth(rows);
          for (let i = 0; i < d; i++) inputs[count * d + i] = cells.number(rows, row, x[i]);
        } catch (error) {
          if (count > 0) yield taken();
          throw error;
        }
        lines[count++] = rows.line(row);
        seen++;
        if (count === size) yield taken();
      }
    }
    if (count > 0) yield taken();
  }
  if (seen === 0) throw new InputError(`${showPath(path)}: no examples after the header`);
}
