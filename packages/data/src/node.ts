// @deltaml/data/node: the data file reader opened by path, for Node (the deltaml command): a
// FileHandle read front to back (a pipe works), csv-parse's Node build behind the fast path.
// Everything else is the browser entry's, re-exported, so Node code needs only this one.

import { nodeCsvParse } from './csv-parse-node.js';
import { openFileSource } from './node-file-source.js';
import {
  type DatasetFile,
  type DatasetOptions,
  type ExampleBatch,
  readColumnsOf,
  readDatasetOf,
  type StreamOptions,
  streamExamplesOf,
} from './read.js';

export { READ_CHUNK } from './byte-reader.js';
export type { ByteSink, ByteSource } from './byte-source.js';
export { escapeControl, fileError, showPath } from './file-errors.js';
export { openFileSource } from './node-file-source.js';
export type { DatasetFile, DatasetOptions, ExampleBatch, StreamOptions } from './read.js';

import type { ReadLimits } from './source.js';

export { MAX_LINE_BYTES, type ReadLimits } from './source.js';

/**
 * Reads the examples of the data file at `path` (CSV or Parquet; a pipe too) whole, with targets
 * as `options.targets` says; `options.hash` sees every byte read. Every problem is an InputError
 * naming the file, the line and the column.
 */
export async function readDataset(path: string, options: DatasetOptions): Promise<DatasetFile> {
  return readDatasetOf(await openFileSource(path), nodeCsvParse, options);
}

/**
 * The inputs of the data file at `path` in batches of at most `options.batchSize` examples, read
 * as they are needed, at constant memory (target and label columns are ignored).
 */
export async function* streamExamples(path: string, options: StreamOptions): AsyncGenerator<ExampleBatch> {
  yield* streamExamplesOf(await openFileSource(path), nodeCsvParse, options);
}

/** The column names of the data file at `path`, checked, without reading its rows. */
export async function readColumns(path: string, limits?: ReadLimits): Promise<string[]> {
  return readColumnsOf(await openFileSource(path), nodeCsvParse, limits);
}
