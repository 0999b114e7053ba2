// Where a data file's bytes come from, kept small so the reader runs in Node and in browsers alike:
// reads front to back into a buffer (all a CSV file needs, so a pipe works), and, where the source
// has a size, bytes at any offset (a Parquet file's index is at its end). node.ts opens a file
// by path; blob-source.ts reads a Blob, a File or bytes held in memory.

/** The bytes of one data file. */
export interface ByteSource {
  /** what messages call the file: the path the user gave, or a File's name */
  readonly name: string;
  /** Reads the next bytes into `into[offset, offset + length)`: the count read, 0 at the end. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  /** The size in bytes when the source can be read at any offset (a regular file, a Blob); undefined for a pipe. */
  size(): Promise<number | undefined>;
  /** Bytes `[start, end)`, for a source with a size (fewer if it ends sooner). */
  readAt(start: number, end: number): Promise<Uint8Array>;
  /** Releases the source (an open file); reading stops here. */
  close(): Promise<void>;
}

/** Sees every byte read from a file, in order (a Node `Hash` is one): a pipe's digest, since a pipe is read only once. */
export interface ByteSink {
  /** Takes the next bytes read. */
  update(bytes: Uint8Array): unknown;
}
