// @deltaml/data: the data file reader of CONTRACT.md (a CSV or Parquet file: x… inputs, y…
// targets or a class label), for browsers and Node alike. Here a file is a ByteSource: a Blob, a
// File or bytes (blobSource, bytesSource); `@deltaml/data/node` opens one by path. Both read
// through the same column rules, fast path and messages.

import type { ByteSource } from './byte-source.js';
import { browserCsvParse } from './csv-parse-browser.js';
import {
  type DatasetFile,
  type DatasetOptions,
  type ExampleBatch,
  readColumnsOf,
  readDatasetOf,
  type StreamOptions,
  streamExamplesOf,
} from './read.js';

export { type BlobLike, type BlobSlice, blobSource, bytesSource } from './blob-source.js';
export * from './common.js';

import type { ReadLimits } from './source.js';

/**
 * Reads the examples of a data file (CSV or Parquet) whole, with targets as `options.targets`
 * says (the y… columns, the `label` column, or one 0/1 column); every problem is an InputError
 * naming the file (`source.name`), the line and the column.
 */
export function readDataset(source: ByteSource, options: DatasetOptions): Promise<DatasetFile> {
  return readDatasetOf(source, browserCsvParse, options);
}

/** The inputs of a data file in batches of at most `options.batchSize` examples, read as they are needed. */
export function streamExamples(source: ByteSource, options: StreamOptions): AsyncGenerator<ExampleBatch> {
  return streamExamplesOf(source, browserCsvParse, options);
}

/** The column names of a data file (its header row, or a Parquet file's fields), checked, without reading its rows. */
export function readColumns(source: ByteSource, limits?: ReadLimits): Promise<string[]> {
  return readColumnsOf(source, browserCsvParse, limits);
}
