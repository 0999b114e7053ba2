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

  get disposed(): boolean {
    return this.#data === null;
  }

  /** @internal the store frees it */
  release(): void {
    this.#data = null;
  }
}

/** Allocates typed arrays of one precision and counts what is alive. */
export class CpuStore {
  #buffers = 0;
  #bytes = 0;

  constructor(readonly dtype: DType) {}

  alloc(rows: number, cols: number): CpuMatrix {
    const data = this.dtype === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
    this.#buffers++;
    this.#bytes += data.byteLength;
    return new CpuMatrix(rows, cols, data);
  }

  free(m: CpuMatrix): void {
    const bytes = m.data.byteLength; // throws DisposedError on a second dispose
    m.release();
    this.#buffers--;
    this.#bytes -= bytes;
  }

  memory(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }
}
