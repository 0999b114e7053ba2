// Matrices on the CPU backend: typed arrays with their shape, and the accounting of live
// buffers and bytes that core's leak checks and the memory benchmark read.

import { DisposedError, type DType, type Matrix, type MemoryInfo } from '@deltaml/core';

export type Float = Float32Array | Float64Array;

export class CpuMatrix implements Matrix {
  #data: Float | null;

  constructor(
    readonly rows: number,
    readonly cols: number,
    data: Float,
  ) {
    this.#data = data;
  }

  /** The values, row-major. Throws DisposedError after dispose. */
  get data(): Float {
    if (!this.#data) throw new DisposedError(`a ${this.rows}×${this.cols} cpu matrix`);
    return this.#data;
  }

  /** @internal the store frees it */
  release(): void {
    this.#data = null;
  }
}

/** Freed buffers kept for reuse, at most this many bytes in all (they are not counted as live). */
const POOL_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Allocates typed arrays of one precision and counts what is alive. Freed arrays go to a pool
 * keyed by length, so a training step that allocates the same sizes every time stops feeding
 * the garbage collector. A new matrix's contents are unspecified: every kernel writes all of it.
 */
export class CpuStore {
  #buffers = 0;
  #bytes = 0;
  #pooledBytes = 0;
  readonly #pool = new Map<number, Float[]>();

  constructor(readonly dtype: DType) {}

  alloc(rows: number, cols: number): CpuMatrix {
    const data = this.#take(rows * cols);
    this.#buffers++;
    this.#bytes += data.byteLength;
    return new CpuMatrix(rows, cols, data);
  }

  free(m: CpuMatrix): void {
    const data = m.data; // throws DisposedError on a second dispose
    m.release();
    this.#buffers--;
    this.#bytes -= data.byteLength;
    this.#give(data);
  }

  /** A workspace matrix (core's IntoKernels.scratch): pooled where it can be, and not counted as live. */
  scratch(rows: number, cols: number): CpuMatrix {
    return new CpuMatrix(rows, cols, this.#take(rows * cols));
  }

  /** Gives a workspace matrix's buffer back to the pool. */
  release(m: CpuMatrix): void {
    const data = m.data;
    m.release();
    this.#give(data);
  }

  #take(length: number): Float {
    const reused = this.#pool.get(length)?.pop();
    if (reused) this.#pooledBytes -= reused.byteLength;
    return reused ?? (this.dtype === 'float64' ? new Float64Array(length) : new Float32Array(length));
  }

  #give(data: Float): void {
    if (this.#pooledBytes + data.byteLength > POOL_LIMIT_BYTES) return;
    const list = this.#pool.get(data.length);
    if (list) list.push(data);
    else this.#pool.set(data.length, [data]);
    this.#pooledBytes += data.byteLength;
  }

  memory(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }
}
