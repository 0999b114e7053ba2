// The rows of a data file as the column rules read them, whatever the file's format: batches of
// rows with each cell as a number where the format already has it (a fast path) and as text
// otherwise, with the place a message names. CSV and Parquet readers both give rows this way,
// so every check and message of the column rules is written once (in read.ts), and a numeric file
// is read without a call per cell.

/** Consecutive rows of a data file with the same number of cells. Valid until the next batch is asked for. */
export interface RowBatch {
  /** the number of rows */
  readonly count: number;
  /** the number of cells in each row */
  readonly width: number;
  /**
   * `count × width` cells, row by row: each cell as a number where it can be had without text
   * (exactly `Number(text)` for a CSV cell; the stored number for a Parquet one), else NaN: then
   * `text` is read with the full checks.
   */
  readonly values: Float64Array;
  /** the line (CSV) or row (Parquet) number of `row` that messages name */
  line(row: number): number;
  /** The cell as text (a CSV cell as csv-parse gives it; a Parquet value printed). */
  text(row: number, column: number): string;
}

/** The rows available now, batch by batch; `next()` gives undefined when this block has no more. */
export interface RowCursor {
  /** the next batch, of at most `maxRows` rows */
  next(maxRows?: number): RowBatch | undefined;
}

/** Where a data file's rows are: how messages name a row, and the header. */
export interface RowPlaces {
  /** "line" for a CSV file, "row" for a Parquet one */
  readonly unit: string;
  /** where a message about the column names points: "line 1", or "its columns" */
  readonly header: string;
}
