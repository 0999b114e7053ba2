// A data file opened by path in Node: a FileHandle read front to back, never seeking, so a pipe,
// `/dev/stdin` or a FIFO reads like a file (issue #20, no ESPIPE); a regular file also has a size
// and is read at any offset (Parquet).

import { type FileHandle, open } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';
import { fileError } from './file-errors.js';

/** A ByteSource over an open file. */
class NodeFileSource implements ByteSource {
  constructor(
    private readonly handle: FileHandle,
    readonly name: string,
  ) {}

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    return (await this.handle.read(into, offset, length, null)).bytesRead;
  }

  async size(): Promise<number | undefined> {
    const stat = await this.handle.stat();
    return stat.isFile() ? stat.size : undefined;
  }

  async readAt(start: number, end: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(end - start);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await this.handle.read(bytes, at, bytes.length - at, start + at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** Opens `path` for reading, or an InputError naming it if it cannot be. */
export async function openFileSource(path: string): Promise<ByteSource> {
  try {
    return new NodeFileSource(await open(path, 'r'), path);
  } catch (error) {
    throw fileError(path, 'read', error);
  }
}
