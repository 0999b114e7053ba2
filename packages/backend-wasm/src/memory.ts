// Matrices in the kernels' linear memory: a handle per matrix (shape + byte offset), and the
// allocator that hands out 16-byte-aligned blocks, reuses freed ones (best fit, coalescing
// neighbours), grows the WebAssembly memory on demand and refuses — with OutOfMemoryError — a
// request past the maximum. It also counts what is alive for `memory()`.

import { type Matrix, type MemoryInfo, OutOfMemoryError } from '@deltaml/core';

/**
 * A matrix on the wasm backend: a 16-byte-aligned block of float32 values (row-major) in the
 * backend's linear memory. Ownership and use after dispose are checked by core's facade.
 */
export class WasmMatrix implements Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    /** the byte offset of element [0][0] */
    readonly ptr: number,
    /** bytes reserved for it (≥ rows·cols·4) */
    readonly capacity: number,
  ) {}
}

const ALIGN = 16;
const PAGE_BYTES = 65536;

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

interface FreeBlock {
  offset: number;
  size: number;
}

/** Blocks of one WebAssembly.Memory above `base`, up to `maxBytes` of memory in all. */
export class LinearHeap {
  /** free blocks below `top`, sorted by offset, never adjacent (they are coalesced) */
  readonly #free: FreeBlock[] = [];
  #top: number;
  #view: Float32Array;
  #buffers = 0;
  #bytes = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
    readonly maxBytes: number,
  ) {
    this.#top = alignUp(base, ALIGN);
    this.#view = new Float32Array(memory.buffer);
  }

  /** The whole memory as float32; refreshed whenever the memory grows. */
  get f32(): Float32Array {
    return this.#view;
  }

  /** A new rows × cols float32 matrix; its contents are unspecified (every kernel writes all of it). */
  allocMatrix(rows: number, cols: number): WasmMatrix {
    const bytes = rows * cols * 4;
    const size = alignUp(Math.max(bytes, ALIGN), ALIGN);
    const offset = this.alloc(size, () => `a ${rows}×${cols} float32 matrix (${bytes} bytes)`);
    this.#buffers++;
    this.#bytes += bytes;
    return new WasmMatrix(rows, cols, offset, size);
  }

  /** Gives a live matrix's block back (the facade refuses a second dispose). */
  freeMatrix(m: WasmMatrix): void {
    this.#buffers--;
    this.#bytes -= m.rows * m.cols * 4;
    this.free(m.ptr, m.capacity);
  }

  /** Live matrices and their bytes (scratch space is not counted). */
  info(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }

  /** A block of `size` bytes (a multiple of ALIGN); `what` names it in an OutOfMemoryError. */
  alloc(size: number, what: () => string): number {
    const free = this.#free;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      if (free[i].size >= size && (best < 0 || free[i].size < free[best].size)) best = i;
    }
    if (best >= 0) {
      const block = free[best];
      const offset = block.offset;
      if (block.size === size) free.splice(best, 1);
      else {
        block.offset += size; // sizes are multiples of ALIGN, so the rest stays aligned
        block.size -= size;
      }
      return offset;
    }
    // extend the top, starting inside the last free block when it touches the top
    const last = free[free.length - 1];
    const start = last && last.offset + last.size === this.#top ? last.offset : this.#top;
    this.#ensure(start + size, what);
    if (start !== this.#top) free.pop();
    this.#top = start + size;
    return start;
  }

  free(offset: number, size: number): void {
    const free = this.#free;
    let lo = 0;
    let hi = free.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (free[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    const prev = free[lo - 1];
    const next = free[lo];
    let block: FreeBlock;
    if (prev && prev.offset + prev.size === offset) {
      prev.size += size;
      block = prev;
      if (next && block.offset + block.size === next.offset) {
        block.size += next.size;
        free.splice(lo, 1);
      }
    } else if (next && offset + size === next.offset) {
      next.offset = offset;
      next.size += size;
      block = next;
    } else {
      block = { offset, size };
      free.splice(lo, 0, block);
    }
    if (block.offset + block.size === this.#top && block === free[free.length - 1]) {
      this.#top = block.offset;
      free.pop();
    }
  }

  /** Grows the memory so that `end` bytes fit, at least doubling it to keep growth rare. */
  #ensure(end: number, what: () => string): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > this.maxBytes) {
      throw new OutOfMemoryError(
        `the wasm backend cannot hold ${what()}: it would need ${end} bytes of memory, past its maximum of ${this.maxBytes} bytes (createWasmBackend({ maxMemoryBytes }))`,
      );
    }
    const wanted = Math.min(this.maxBytes, Math.max(end, have * 2));
    try {
      this.memory.grow(Math.ceil((wanted - have) / PAGE_BYTES));
    } catch (error) {
      throw new OutOfMemoryError(
        `the wasm backend cannot hold ${what()}: growing its memory to ${wanted} bytes failed (${(error as Error).message})`,
      );
    }
    this.#view = new Float32Array(this.memory.buffer);
  }
}
