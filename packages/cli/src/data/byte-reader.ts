// A data file's bytes, read front to back into one reused buffer: the reader never seeks, so a
// pipe, `/dev/stdin` or a FIFO reads like a file (issue #20, no ESPIPE). A line is kept whole
// in the buffer, which grows up to the row limit and no further, so a huge cell is refused
// with a message instead of becoming a string longer than Node allows (issue #20).

import type { Hash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { fileError } from '../file-errors.js';

/** The byte kept just after the bytes read (a line ending), so a scan can stop there without a bounds check. */
const SENTINEL = 0x0a;
/** Bytes read from the file at a time, unless told otherwise. */
export const READ_CHUNK = 1 << 22;

/**
 * The bytes of a file as they are read: `bytes[start, end)` is what is not consumed yet, and
 * `bytes[end]` is a line feed that is not the file's.
 */
export class ByteReader {
  bytes: Buffer;
  start = 0;
  end = 0;
  /** the whole file has been read */
  done = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    /** every byte read front to back is added to it (the digest of a pipe, which can be read only once) */
    private readonly hash: Hash | undefined,
    private readonly chunk: number,
  ) {
    this.bytes = Buffer.allocUnsafe(chunk + 1);
  }

  /**
   * Opens `path` for reading (an InputError naming it if it cannot be); `hash` sees every byte
   * read in order; `chunk` bytes are read at a time.
   */
  static async open(path: string, hash?: Hash, chunk = READ_CHUNK): Promise<ByteReader> {
    try {
      return new ByteReader(await open(path, 'r'), path, hash, chunk);
    } catch (error) {
      throw fileError(path, 'read', error);
    }
  }

  /** The file is a regular file (so its size is known and it can be read at any offset). */
  async size(): Promise<number | undefined> {
    const stat = await this.handle.stat();
    return stat.isFile() ? stat.size : undefined;
  }

  /** The open file, for readers that need random access to a regular file. */
  get file(): FileHandle {
    return this.handle;
  }

  /**
   * Reads more: keeps the unconsumed bytes, moved to the front, and appends what the file has next
   * (growing the buffer when the unconsumed bytes fill it). False once the file has ended.
   */
  async more(): Promise<boolean> {
    if (this.done) return false;
    if (this.start > 0) {
      this.bytes.copy(this.bytes, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end >= this.bytes.length - 1) {
      const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.end);
      this.bytes = bigger;
    }
    let read: number;
    try {
      ({ bytesRead: read } = await this.handle.read(
        this.bytes,
        this.end,
        this.bytes.length - this.end - 1,
        null,
      ));
    } catch (error) {
      throw fileError(this.path, 'read', error);
    }
    this.hash?.update(this.bytes.subarray(this.end, this.end + read));
    this.end += read;
    if (read === 0) this.done = true;
    this.bytes[this.end] = SENTINEL;
    return read > 0;
  }

  /** Reads until at least `count` bytes are unconsumed or the file ends. */
  async ensure(count: number): Promise<void> {
    while (this.end - this.start < count && (await this.more())) {
      // reading
    }
  }

  /** The unconsumed bytes, then the rest of the file, chunk by chunk (the buffer is not reused after). */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.end > this.start) yield this.bytes.subarray(this.start, this.end);
    while (!this.done) {
      this.bytes = Buffer.allocUnsafe(this.chunk + 1);
      this.start = 0;
      this.end = 0;
      if (await this.more()) yield this.bytes.subarray(0, this.end);
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}
