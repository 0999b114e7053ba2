// csv-parse for browsers: its browser build (with its own stream and Buffer, no node:stream),
// which takes text: the bytes are decoded as they come, a BOM kept for csv-parse to see.

import { CsvError, type Options, parse } from 'csv-parse/browser/esm';
import type { CsvParse, CsvStream } from './csv-parse-rows.js';

/** The bytes as UTF-8 text, chunk by chunk (a character split across chunks is kept whole). */
async function* decoded(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const last = decoder.decode();
  if (last !== '') yield last;
}

/**
 * A parser of the browser build. Its stream (an old readable-stream) has no `destroy`, which
 * csv-parse hands to `on('end', this.destroy)` when it closes at the end of the input, and a
 * missing listener throws: the parser gets a `destroy` that only stops it taking data.
 */
function parser(options: Options): CsvStream {
  const stream = parse(options) as unknown as CsvStream & { destroy?: () => unknown };
  if (typeof stream.destroy !== 'function') stream.destroy = () => stream.pause();
  return stream;
}

/** csv-parse's browser build. */
export const browserCsvParse: CsvParse = {
  parse: parser,
  isCsvError: (error): error is CsvError => error instanceof CsvError,
  chunks: decoded,
};
