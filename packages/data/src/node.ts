// @deltaml/data/node: the data file reader opened by path, for Node (the deltaml command): a
// FileHandle read front to back (a pipe works), csv-parse's Node build behind the fast path.
// Everything else is the browser entry's, re-exported, so Node code needs only this one.

import { nodeCsvParse } from './csv-parse-node.js';
import { openFileSource } from './node-file-source.js';
import * as read from './read.js';

export * from './common.js';
export { openFileSource } from './node-file-source.js';

import type { ReadLimits } from './source.js';

/**
 * Reads the examples of the data file at `path` (CSV or Parquet; a pipe too) whole, with targets
 * as `options.targets` says; `options.hash` sees every byte read. Every problem is an InputError
 * naming the file, the line and the column.
 */
export async function readDataset(path: string, options: read.DatasetOptions): Promise<read.DatasetFile> {
  return read.readDatasetOf(await openFileSource(path), nodeCsvParse, options);
}

/**
 * The inputs of the data file at `path` in batches of at most `options.batchSize` examples, read
 * as they are needed, at constant memory (target and label columns are ignored).
 */
export async function* streamExamples(
  path: string,
  options: read.StreamOptions,
): AsyncGenerator<read.ExampleBatch> {
  yield* read.streamExamplesOf(await openFileSource(path), nodeCsvParse, options);
}

/** The column names of the data file at `path`, checked, without reading its rows. */
export async function readColumns(path: string, limits?: ReadLimits): Promise<string[]> {
  return read.readColumnsOf(await openFileSource(path), nodeCsvParse, limits);
}
