// Parquet data files (issue #21), recognised by their content (the magic `PAR1`), read through
// hyparquet with hyparquet-compressors (snappy, zstd, gzip, brotli, lz4): small, pure JavaScript,
// and the same code runs in a browser. A file is read one row group at a time, so `predict`
// stays within a row group's memory; its rows then meet the same column rules and messages as a
// CSV file's, each named `row n` (the n-th example) and the column with its name.

import { InputError } from '@deltaml/core';
import {
  type AsyncBuffer,
  type ColumnData,
  type DecodedArray,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ByteReader } from './byte-reader.js';
import { escapeControl, fileError, showPath } from './file-errors.js';
import type { RowBatch, RowCursor } from './rows.js';

/** The magic bytes a Parquet file starts (and ends) with: `PAR1`. */
export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31];

/** Random access to the file: by offset where it has a size, in memory for a pipe (Parquet's index is at its end). */
async function asyncBuffer(reader: ByteReader): Promise<AsyncBuffer> {
  const size = await reader.source.size();
  if (size === undefined) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of reader.rest()) chunks.push(chunk.slice());
    const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      whole.set(chunk, at);
      at += chunk.length;
    }
    return {
      byteLength: whole.length,
      slice: (start, end) => whole.buffer.slice(start, end ?? whole.length),
    };
  }
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = await reader.source.readAt(start, end);
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      return (
        whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)
      ) as ArrayBuffer;
    },
  };
}

/** Rows of a batch, at most: a row group is read in batches of this many rows (fewer for a wide one). */
const BATCH_CELLS = 1 << 16;

/** The rows of one row group, column by column as hyparquet decodes them, in batches row by row. */
class RowGroupRows implements RowBatch, RowCursor {
  count = 0;
  values: Float64Array;
  /** the first row of the batch, in the row group */
  #first = 0;

  constructor(
    private readonly columns: readonly DecodedArray[],
    private readonly rows: number,
    private readonly firstRow: number,
  ) {
    this.values = new Float64Array(Math.max(BATCH_CELLS, columns.length));
  }

  get width(): number {
    return this.columns.length;
  }

  line(row: number): number {
    return this.firstRow + this.#first + row;
  }

  text(row: number, column: number): string {
    const v: unknown = this.columns[column][this.#first + row];
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'object') return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x));
    return String(v);
  }

  next(maxRows = Number.POSITIVE_INFINITY): RowBatch | undefined {
    this.#first += this.count;
    const width = this.columns.length;
    this.count = Math.min(maxRows, this.rows - this.#first, Math.floor(this.values.length / width));
    if (this.count <= 0) return undefined;
    for (let c = 0; c < width; c++) {
      const column = this.columns[c];
      for (let r = 0; r < this.count; r++) this.values[r * width + c] = numberOf(column[this.#first + r]);
    }
    return this;
  }
}

/** A Parquet value as a number: a number as stored, a 64-bit integer converted, anything else NaN (read as text). */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number.NaN;
}

/** A message for a file hyparquet cannot read, naming the file. */
function unreadable(path: string, error: unknown): unknown {
  const failed = fileError(path, 'read', error);
  if (failed !== error || !(error instanceof Error)) return failed;
  return new InputError(
    `${showPath(path)}: not a Parquet file this reader can read (${escapeControl(error.message).slice(0, 80)})`,
  );
}

/** The column names, then the rows of a Parquet file, one block per row group. */
export async function parquetColumns(
  reader: ByteReader,
): Promise<{ names: string[]; blocks: AsyncGenerator<RowCursor> }> {
  const path = reader.path;
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBuffer(reader);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw unreadable(path, error);
  }
  const root = metadata.schema[0];
  const names: string[] = [];
  // the top-level fields: the children of the root, skipping the descendants of nested ones
  for (let i = 1, left = root.num_children ?? 0; left > 0 && i < metadata.schema.length; left--) {
    names.push(metadata.schema[i].name);
    let pending = metadata.schema[i].num_children ?? 0;
    i++;
    while (pending > 0) {
      pending += (metadata.schema[i].num_children ?? 0) - 1;
      i++;
    }
  }
  async function* blocks(): AsyncGenerator<RowCursor> {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const columns = await readRowGroup(file, metadata, names, rowStart, rowEnd).catch((error: unknown) => {
        throw unreadable(path, error);
      });
      yield new RowGroupRows(columns, rowEnd - rowStart, rowStart + 1);
      rowStart = rowEnd;
    }
  }
  return { names, blocks: blocks() };
}

/**
 * The columns `names` for rows [rowStart, rowEnd), each as one array, read one column at a time:
 * numbers in a Float64Array (hyparquet gives a nullable column as a JavaScript array, which would
 * box every number), a column with nulls or text as it comes, and assembled rows for a nested one.
 */
async function readRowGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  names: readonly string[],
  rowStart: number,
  rowEnd: number,
): Promise<DecodedArray[]> {
  const columns: DecodedArray[] = [];
  for (const name of names) {
    const chunks: ColumnData[] = [];
    const read = { file, metadata, compressors, rowStart, rowEnd, columns: [name] };
    await parquetRead({ ...read, onChunk: (chunk) => chunks.push(chunk) });
    let column: DecodedArray;
    if (chunks.length > 0) {
      column = rowRange(chunks, rowStart, rowEnd);
    } else {
      let rows: unknown[][] = [];
      await parquetRead({ ...read, onComplete: (r) => (rows = r) });
      column = rows.map((row) => row[0]);
    }
    columns.push(
      Array.isArray(column) && column.every((v) => typeof v === 'number')
        ? Float64Array.from(column)
        : column,
    );
  }
  return columns;
}

/** The values of rows [rowStart, rowEnd) from a column's chunks (which may reach past the range). */
function rowRange(chunks: readonly ColumnData[], rowStart: number, rowEnd: number): DecodedArray {
  const [only] = chunks;
  if (chunks.length === 1 && only.rowStart === rowStart && only.rowEnd === rowEnd) return only.columnData;
  // numbers stay in a typed array of their kind (a JavaScript array of them would box each one)
  const typed = chunks.every((chunk) => chunk.columnData.constructor === only.columnData.constructor);
  const Kind = only.columnData.constructor as new (length: number) => DecodedArray;
  const values =
    typed && ArrayBuffer.isView(only.columnData) ? new Kind(rowEnd - rowStart) : new Array(rowEnd - rowStart);
  for (const chunk of chunks) {
    for (let r = Math.max(chunk.rowStart, rowStart); r < Math.min(chunk.rowEnd, rowEnd); r++) {
      values[r - rowStart] = chunk.columnData[r - chunk.rowStart];
    }
  }
  return values as DecodedArray;
}
