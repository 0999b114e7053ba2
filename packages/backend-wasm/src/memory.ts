// Matrices in the kernels' linear memory: a handle per matrix (shape + byte offset), and the
// allocator that hands out 16-byte-aligned blocks, reuses freed ones (small blocks by exact size
// in O(1), since a training step asks for the same sizes every step; otherwise best fit,
// coalescing neighbours), grows the WebAssembly memory on demand and refuses — with
// OutOfMemoryError — a request past the maximum. It also counts what is alive for `memory()`.

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
/** bytes of a WebAssembly memory page */
export const PAGE_BYTES = 65536;
/** freed blocks up to this size wait in per-size stacks for a request of their size */
const SMALL_BLOCK_BYTES = 16384;

const alignUp = (n: number, to: number) => Math.ceil(n / to) * to;

interface FreeBlock {
  offset: number;
  size: number;
}

/** Blocks of one WebAssembly.Memory above `base`, up to `maxBytes` of memory in all. */
export class LinearHeap {
  /** free blocks below `top`, sorted by offset, never adjacent (they are coalesced) */
  readonly #free: FreeBlock[] = [];
  /** freed small blocks by size, not yet in #free; merged into it before any request they cannot serve */
  readonly #small = new Map<number, number[]>();
  #smallCount = 0;
  #top: number;
  #view: Float32Array;
  #u32: Uint32Array;
  /** the memory's size in bytes (reading `memory.buffer` on every allocation costs more than the allocation) */
  #capacity: number;
  /** why the last failed allocation could not grow the memory */
  #failure = '';
  #buffers = 0;
  #bytes = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
    readonly maxBytes: number,
  ) {
    this.#top = alignUp(base, ALIGN);
    this.#view = new Float32Array(memory.buffer);
    this.#u32 = new Uint32Array(memory.buffer);
    this.#capacity = memory.buffer.byteLength;
  }

  /** The whole memory as float32; refreshed whenever the memory grows. */
  get f32(): Float32Array {
    return this.#view;
  }

  /** The whole memory as unsigned 32-bit words (for kernel argument blocks); refreshed with f32. */
  get u32(): Uint32Array {
    return this.#u32;
  }

  /** A new rows × cols float32 matrix, counted as live; its contents are unspecified (every kernel writes all of it). */
  allocMatrix(rows: number, cols: number): WasmMatrix {
    const m = this.allocScratch(rows, cols);
    this.#buffers++;
    this.#bytes += rows * cols * 4;
    return m;
  }

  /** Gives a live matrix's block back (the facade refuses a second dispose). */
  freeMatrix(m: WasmMatrix): void {
    this.#buffers--;
    this.#bytes -= m.rows * m.cols * 4;
    this.releaseScratch(m);
  }

  /** A matrix of a workspace (core's IntoKernels.scratch): like allocMatrix, but not counted as live. */
  allocScratch(rows: number, cols: number): WasmMatrix {
    const bytes = rows * cols * 4;
    const size = alignUp(Math.max(bytes, ALIGN), ALIGN);
    const offset = this.#allocate(size);
    if (offset < 0) throw this.#outOfMemory(`a ${rows}×${cols} float32 matrix (${bytes} bytes)`);
    return new WasmMatrix(rows, cols, offset, size);
  }

  /** Gives a workspace matrix's block back. */
  releaseScratch(m: WasmMatrix): void {
    this.free(m.ptr, m.capacity);
  }

  /** Live matrices and their bytes (scratch space is not counted). */
  info(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }

  /** A block of `size` bytes (a multiple of ALIGN); `what` names it in an OutOfMemoryError. */
  alloc(size: number, what: () => string): number {
    const offset = this.#allocate(size);
    if (offset < 0) throw this.#outOfMemory(what());
    return offset;
  }

  #outOfMemory(what: string): OutOfMemoryError {
    return new OutOfMemoryError(`the wasm backend cannot hold ${what}: ${this.#failure}`);
  }

  /**
   * A block of `size` bytes, or −1 when the memory cannot grow enough (the reason in #failure):
   * a freed small block of that size, else the best fit among the free blocks, else a block from
   * the top; before the memory grows for it, the small blocks are merged into the free blocks and
   * the best fit tried again. (Merging on any miss instead would empty the stacks every step.)
   */
  #allocate(size: number): number {
    if (this.#smallCount > 0) {
      const same = this.#small.get(size);
      if (same !== undefined && same.length > 0) {
        this.#smallCount--;
        return same.pop() as number;
      }
    }
    const offset = this.#bestFit(size);
    if (offset >= 0) return offset;
    if (this.#smallCount > 0 && this.#topStart() + size > this.#capacity) {
      this.#mergeSmallBlocks();
      const merged = this.#bestFit(size);
      if (merged >= 0) return merged;
    }
    return this.#fromTop(size);
  }

  /** The smallest free block that holds `size` bytes, split; −1 if none does. */
  #bestFit(size: number): number {
    const free = this.#free;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      if (free[i].size >= size && (best < 0 || free[i].size < free[best].size)) best = i;
    }
    if (best < 0) return -1;
    const block = free[best];
    const offset = block.offset;
    if (block.size === size) free.splice(best, 1);
    else {
      block.offset += size; // sizes are multiples of ALIGN, so the rest stays aligned
      block.size -= size;
    }
    return offset;
  }

  /** Where a block from the top starts: inside the last free block when it touches the top. */
  #topStart(): number {
    const last = this.#free[this.#free.length - 1];
    return last && last.offset + last.size === this.#top ? last.offset : this.#top;
  }

  /** Extends the top, growing the memory if needed. */
  #fromTop(size: number): number {
    const free = this.#free;
    const start = this.#topStart();
    if (!this.#ensure(start + size)) return -1;
    if (start !== this.#top) free.pop();
    this.#top = start + size;
    return start;
  }

  /** Gives a block back: a small one to its size's stack, a large one merged into the free list. */
  free(offset: number, size: number): void {
    if (size > SMALL_BLOCK_BYTES) {
      this.#merge(offset, size);
      return;
    }
    const same = this.#small.get(size);
    if (same) same.push(offset);
    else this.#small.set(size, [offset]);
    this.#smallCount++;
  }

  #mergeSmallBlocks(): void {
    for (const [size, offsets] of this.#small) {
      for (const offset of offsets) this.#merge(offset, size);
      offsets.length = 0;
    }
    this.#smallCount = 0;
  }

  /** Puts a block into the sorted free list, coalescing it with its neighbours and the top. */
  #merge(offset: number, size: number): void {
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

  /** Grows the memory so that `end` bytes fit, at least doubling it to keep growth rare; false if it cannot. */
  #ensure(end: number): boolean {
    const have = this.#capacity;
    if (end <= have) return true;
    if (end > this.maxBytes) {
      this.#failure = `it would need ${end} bytes of memory, past its maximum of ${this.maxBytes} bytes (createWasmBackend({ maxMemoryBytes }))`;
      return false;
    }
    const wanted = Math.min(this.maxBytes, Math.max(end, have * 2));
    try {
      this.memory.grow(Math.ceil((wanted - have) / PAGE_BYTES));
    } catch (error) {
      this.#failure = `growing its memory to ${wanted} bytes failed (${(error as Error).message})`;
      return false;
    }
    this.#view = new Float32Array(this.memory.buffer);
    this.#u32 = new Uint32Array(this.memory.buffer);
    this.#capacity = this.memory.buffer.byteLength;
    return true;
  }
}
