// Reading a data file (CONTRACT.md): a header row, then one example per row. Columns named x…
// are the inputs in file order, y… the targets for mse, `label` the class index for the hinge;
// other columns are ignored. The file is streamed through csv-parse (quoted fields, CRLF, BOM,
// blank lines) straight into growing typed arrays, so a large file is never held twice, and a
// bad cell fails with the file, line and column.

import { createReadStream } from 'node:fs';
import { type Dataset, InputError, type LossSpec } from '@deltaml/core';
import { parse } from 'csv-parse';
import { fileError } from './files.js';

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

interface Columns {
  readonly header: readonly string[];
  readonly inputs: readonly number[];
  readonly targets: readonly number[];
}

function pickColumns(path: string, header: string[], loss: LossSpec, outputSize: number): Columns {
  const where = (prefix: string) => header.flatMap((name, i) => (name.startsWith(prefix) ? [i] : []));
  const inputs = where('x');
  if (inputs.length === 0)
    throw new InputError(`${path}: line 1: no input columns (names starting with "x")`);
  if (loss.kind === 'hinge') {
    const label = header.indexOf('label');
    if (label < 0) {
      throw new InputError(
        `${path}: line 1: no "label" column; the hinge loss needs the class index (0-based)`,
      );
    }
    return { header, inputs, targets: [label] };
  }
  const targets = where('y');
  if (targets.length === 0) {
    throw new InputError(
      `${path}: line 1: no target columns (names starting with "y"); the mse loss needs d_L = ${outputSize}`,
    );
  }
  return { header, inputs, targets };
}

/** Checks one data row and appends its inputs and targets; `line` is where the row ends. */
function rowReader(path: string, columns: Columns, loss: LossSpec, outputSize: number) {
  const { header } = columns;
  return (record: string[], line: number, inputs: GrowingArray, targets: GrowingArray): void => {
    const at = (column: number) => `${path}: line ${line}, column ${column + 1} (${header[column]})`;
    if (record.length !== header.length) {
      throw new InputError(
        `${path}: line ${line}: ${record.length} columns, expected ${header.length} as in the header`,
      );
    }
    const cell = (column: number): number => {
      const text = record[column];
      if (text === '') throw new InputError(`${at(column)}: empty cell; expected a number`);
      const value = Number(text);
      if (!Number.isFinite(value)) throw new InputError(`${at(column)}: "${text}" is not a finite number`);
      return value;
    };
    for (const column of columns.inputs) inputs.push(cell(column));
    for (const column of columns.targets) {
      const value = cell(column);
      if (loss.kind === 'hinge' && !(Number.isInteger(value) && value >= 0 && value < outputSize)) {
        throw new InputError(
          `${at(column)}: label ${value} is out of range; expected a class index 0…${outputSize - 1}`,
        );
      }
      targets.push(value);
    }
  };
}

type CsvRecord = { record: string[]; info: { lines: number } };

/**
 * Reads the examples of a data file for `loss` on a network with `outputSize` outputs (d_L):
 * labels are checked against 0…d_L−1 here, where the line and column are known.
 */
export async function readDataset(path: string, loss: LossSpec, outputSize: number): Promise<Dataset> {
  const inputs = new GrowingArray();
  const targets = new GrowingArray();
  let columns: Columns | null = null;
  let readRow: ReturnType<typeof rowReader> | null = null;
  let count = 0;
  const source = createReadStream(path);
  const records = source.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  source.on('error', (error) => records.destroy(error)); // a read error ends the records with it
  try {
    for await (const { record, info } of records as AsyncIterable<CsvRecord>) {
      if (!readRow) {
        columns = pickColumns(path, record, loss, outputSize);
        readRow = rowReader(path, columns, loss, outputSize);
        continue;
      }
      readRow(record, info.lines, inputs, targets);
      count++;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as { code?: string }).code?.startsWith('CSV_')) {
      throw new InputError(`${path}: ${(error as Error).message}`);
    }
    throw fileError(path, 'read', error);
  } finally {
    source.destroy();
  }
  const found: Columns | null = columns;
  if (!found) throw new InputError(`${path}: empty file; expected a header row`);
  if (count === 0) throw new InputError(`${path}: no examples after the header`);
  return {
    count,
    inputSize: found.inputs.length,
    inputs: inputs.values(),
    targetSize: found.targets.length,
    targets: targets.values(),
  };
}
