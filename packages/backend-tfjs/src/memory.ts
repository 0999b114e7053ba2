// Matrices on the tfjs backend: a tf.Tensor2D with its shape, and the accounting of the tensors
// this backend hands out. tf.memory() is global to the process (every engine, every user of
// tfjs), so each backend counts its own tensors; the tests check both agree.

import { DisposedError, type Matrix, type MemoryInfo } from '@deltaml/core';
import type * as tf from '@tensorflow/tfjs-core';

/** float32 is the only precision every tfjs engine runs */
const BYTES_PER_VALUE = 4;

/** A matrix on the tfjs backend: one float32 tf.Tensor2D of shape rows × cols, freed by `dispose`. */
export class TfjsMatrix implements Matrix {
  #tensor: tf.Tensor2D | null;

  constructor(
    readonly rows: number,
    readonly cols: number,
    tensor: tf.Tensor2D,
    private readonly where: string,
  ) {
    this.#tensor = tensor;
  }

  /** The tensor holding the values. Throws DisposedError after dispose. */
  get tensor(): tf.Tensor2D {
    if (!this.#tensor) throw new DisposedError(`a ${this.rows}×${this.cols} ${this.where} matrix`);
    return this.#tensor;
  }

  /** @internal the store swaps the tensor (SGD update) or drops it (dispose) */
  swap(tensor: tf.Tensor2D | null): void {
    this.#tensor = tensor;
  }
}

/** Wraps tensors as matrices and counts the live ones (`buffers` ≡ tensors this backend owns). */
export class TensorStore {
  #buffers = 0;
  #bytes = 0;

  constructor(private readonly where: string) {}

  /** Takes ownership of `tensor` (rank 2). */
  own(tensor: tf.Tensor2D): TfjsMatrix {
    const [rows, cols] = tensor.shape;
    this.#buffers++;
    this.#bytes += rows * cols * BYTES_PER_VALUE;
    return new TfjsMatrix(rows, cols, tensor, this.where);
  }

  /** Replaces the matrix's tensor by `next` (same shape) and frees the old one. */
  replace(m: TfjsMatrix, next: tf.Tensor2D): void {
    const previous = m.tensor;
    m.swap(next);
    previous.dispose();
  }

  free(m: TfjsMatrix): void {
    const tensor = m.tensor; // throws DisposedError on a second dispose
    m.swap(null);
    tensor.dispose();
    this.#buffers--;
    this.#bytes -= m.rows * m.cols * BYTES_PER_VALUE;
  }

  memory(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }
}
