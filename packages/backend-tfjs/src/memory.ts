// Matrices on the tfjs backend: a tf.Tensor2D with its shape, and the accounting of the tensors
// this backend hands out. tf.memory() is global to the process (every engine, every user of
// tfjs), so each backend counts its own tensors; the tests check both agree.

import type { Matrix, MemoryInfo } from '@deltaml/core';
import type * as tf from '@tensorflow/tfjs-core';

/** float32 is the only precision every tfjs engine runs */
export const BYTES_PER_VALUE = 4;

/** A matrix on the tfjs backend: one float32 tf.Tensor2D of shape rows × cols, freed by `dispose`. */
export class TfjsMatrix implements Matrix {
  #tensor: tf.Tensor2D;

  constructor(
    readonly rows: number,
    readonly cols: number,
    tensor: tf.Tensor2D,
  ) {
    this.#tensor = tensor;
  }

  /** The tensor holding the values (replaced by the in-place updates; do not dispose it yourself). */
  get tensor(): tf.Tensor2D {
    return this.#tensor;
  }

  /** @internal the store swaps in the result of an in-place update */
  swap(tensor: tf.Tensor2D): void {
    this.#tensor = tensor;
  }
}

/** Wraps tensors as matrices and counts the live ones (`buffers` ≡ tensors this backend owns). */
export class TensorStore {
  #buffers = 0;
  #bytes = 0;

  /** Takes ownership of `tensor` (rank 2). */
  own(tensor: tf.Tensor2D): TfjsMatrix {
    const [rows, cols] = tensor.shape;
    this.#buffers++;
    this.#bytes += rows * cols * BYTES_PER_VALUE;
    return new TfjsMatrix(rows, cols, tensor);
  }

  /** Replaces the matrix's tensor by `next` (same shape) and frees the old one: the count stays. */
  replace(m: TfjsMatrix, next: tf.Tensor2D): void {
    const previous = m.tensor;
    m.swap(next);
    previous.dispose();
  }

  /** Frees the matrix's tensor (core's facade refuses a second dispose). */
  free(m: TfjsMatrix): void {
    m.tensor.dispose();
    this.#buffers--;
    this.#bytes -= m.rows * m.cols * BYTES_PER_VALUE;
  }

  /** Live matrices and their bytes. */
  memory(): MemoryInfo {
    return { buffers: this.#buffers, bytes: this.#bytes };
  }
}
