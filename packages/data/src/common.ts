// What both entries of @deltaml/data export as they are: the types, the message helpers and the
// limits (each entry adds its own readers: by ByteSource in index.ts, by path in node.ts).

export { READ_CHUNK } from './byte-reader.js';
export type { ByteSink, ByteSource } from './byte-source.js';
export { escapeControl, fileError, showPath } from './file-errors.js';
export type { DatasetFile, DatasetOptions, ExampleBatch, StreamOptions } from './read.js';
export { MAX_LINE_BYTES, type ReadLimits } from './source.js';
