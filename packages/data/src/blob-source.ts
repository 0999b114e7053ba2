// A data file held by the page: a File from an <input type=file>, any Blob, or bytes in memory.
// A Blob is read a slice at a time, never whole, and has a size, so a Parquet file is read
// where its index points.

import type { ByteSource } from './byte-source.js';

/** The part of a Blob the reader uses (a File is one; so is Node's Blob). */
export interface BlobLike {
  /** its size in bytes */
  readonly size: number;
  /** Bytes `[start, end)` as a Blob is sliced. */
  slice(start: number, end: number): BlobSlice;
}

/** A part of a Blob, read once. */
export interface BlobSlice {
  /** The part's bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A ByteSource over a Blob. */
class BlobSource implements ByteSource {
  #at = 0;

  constructor(
    private readonly blob: BlobLike,
    readonly name: string,
  ) {}

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    const bytes = await this.readAt(this.#at, this.#at + length);
    into.set(bytes, offset);
    this.#at += bytes.length;
    return bytes.length;
  }

  async size(): Promise<number> {
    return this.blob.size;
  }

  async readAt(start: number, end: number): Promise<Uint8Array> {
    const to = Math.min(end, this.blob.size);
    if (start >= to) return new Uint8Array(0);
    return new Uint8Array(await this.blob.slice(start, to).arrayBuffer());
  }

  async close(): Promise<void> {}
}

/** A data file from a Blob or File, named `name` in messages (a File's own name by default). */
export function blobSource(
  blob: BlobLike & { readonly name?: string },
  name = blob.name ?? 'data',
): ByteSource {
  return new BlobSource(blob, name);
}

/** A data file held as bytes in memory, named `name` in messages. */
export function bytesSource(bytes: Uint8Array, name: string): ByteSource {
  return new BlobSource(
    {
      size: bytes.length,
      slice: (start, end) => ({
        arrayBuffer: async () => bytes.slice(start, end).buffer as ArrayBuffer,
      }),
    },
    name,
  );
}
