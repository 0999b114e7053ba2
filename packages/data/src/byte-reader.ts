// A data file's bytes, read front to back into one reused buffer: the reader never seeks, so a
// pipe, `/dev/stdin` or a FIFO reads like a file (issue #20, no ESPIPE). A line is kept whole
// in the buffer, which grows up to the row limit and no further, so a huge cell is refused
// with a message instead of becoming a string longer than Node allows (issue #20). The buffer is
// a Uint8Array, so the same reader runs in browsers.

import type { ByteSink, ByteSource } from './byte-source.js';
import { fileError } from './file-errors.js';

/** The byte kept just after the bytes read (a line ending), so a scan can stop there without a bounds check. */
const SENTINEL = 0x0a;
/** Bytes read from the file at a time, unless told otherwise. */
export const READ_CHUNK = 1 << 22;

/**
 * The bytes of a file as they are read: `bytes[start, end)` is what is not consumed yet, and
 * `bytes[end]` is a line feed that is not the file's.
 */
export class ByteReader {
  bytes: Uint8Array;
  start = 0;
  end = 0;
  /** the whole file has been read */
  done = false;

  /**
   * Reads `source`; `hash` sees every byte read in order (the digest of a pipe, which can be read
   * only once); `chunk` bytes are read at a time.
   */
  constructor(
    readonly source: ByteSource,
    private readonly hash: ByteSink | undefined,
    private readonly chunk = READ_CHUNK,
  ) {
    this.bytes = new Uint8Array(chunk + 1);
  }

  /** What messages call the file. */
  get path(): string {
    return this.source.name;
  }

  /**
   * Reads more: keeps the unconsumed bytes, moved to the front, and appends what the file has next
   * (growing the buffer when the unconsumed bytes fill it). False once the file has ended.
   */
  async more(): Promise<boolean> {
    if (this.done) return false;
    if (this.start > 0) {
      this.bytes.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end >= this.bytes.length - 1) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes.subarray(0, this.end));
      this.bytes = bigger;
    }
    let read: number;
    try {
      read = await this.source.read(this.bytes, this.end, this.bytes.length - this.end - 1);
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
  async *rest(): AsyncGenerator<Uint8Array> {
    if (this.end > this.start) yield this.bytes.subarray(this.start, this.end);
    while (!this.done) {
      this.bytes = new Uint8Array(this.chunk + 1);
      this.start = 0;
      this.end = 0;
      if (await this.more()) yield this.bytes.subarray(0, this.end);
    }
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.source.close();
  }
}
