// csv-parse for Node: its own build, on node:stream, fed the file's bytes as read.

import { CsvError, parse } from 'csv-parse';
import type { CsvParse } from './csv-parse-rows.js';

/** csv-parse's Node build. */
export const nodeCsvParse: CsvParse = {
  parse,
  isCsvError: (error): error is CsvError => error instanceof CsvError,
  chunks: (bytes) => bytes,
};
