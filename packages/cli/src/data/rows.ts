// The rows of a data file as the column rules read them, whatever the file's format: a row's
// cells as numbers where the format already has them (a fast path) and as text otherwise, with
// the place a message names. CSV and Parquet readers both give rows this way, so every check and
// message of the column rules is written once (in csv.ts).

/** One row of a data file. Valid until the next row is asked for. */
export interface Row {
  /** the line (CSV) or row (Parquet) number that messages name */
  readonly line: number;
  /** the number of cells */
  readonly width: number;
  /**
   * The cell as a number where it can be had without text (exactly `Number(text)` for a CSV
   * cell; the stored number for a Parquet one), else NaN: then `text` is read with the full checks.
   */
  value(column: number): number;
  /** The cell as text (a CSV cell as csv-parse gives it; a Parquet value printed). */
  text(column: number): string;
}

/** The rows available now; `next()` gives undefined when this block has no more. */
export interface RowCursor {
  next(): Row | undefined;
}

/** Where a data file's rows are: how messages name a row, and the header. */
export interface RowPlaces {
  /** "line" for a CSV file, "row" for a Parquet one */
  readonly unit: string;
  /** where a message about the column names points: "line 1", or "its columns" */
  readonly header: string;
}
