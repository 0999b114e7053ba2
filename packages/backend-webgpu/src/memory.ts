// GPU buffers for matrices, pooled by size: a training step frees and asks for the same sizes
// every time, so after the first step no buffer is created at all. Creating one is checked
// against the device's limits at once and against out-of-memory through an error scope (which
// answers later: the failure is then reported by the next call, see GpuQueue.fail).

import { OutOfMemoryError } from '@deltaml/core';

/** Buffers are rounded up to this many bytes so that near sizes share a pool. */
const GRANULE = 256;
/** Freed buffers kept per size; more are destroyed. */
const KEPT_PER_SIZE = 32;

/** The usage of every matrix buffer: bound to kernels, written by uploads, copied out by reads. */
const MATRIX_USAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST

/** Creates storage buffers, reuses freed ones of the same size, and destroys them all at the end. */
export class BufferPool {
  readonly #free = new Map<number, GPUBuffer[]>();
  /** buffers beyond KEPT_PER_SIZE, destroyed by sweep() once no unsubmitted command uses them */
  #surplus: GPUBuffer[] = [];
  readonly #device: GPUDevice;
  readonly #onOutOfMemory: (error: OutOfMemoryError) => void;
  readonly #limit: number;

  constructor(device: GPUDevice, onOutOfMemory: (error: OutOfMemoryError) => void) {
    this.#device = device;
    this.#onOutOfMemory = onOutOfMemory;
    this.#limit = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
  }

  /** A storage buffer of at least `bytes` bytes (contents undefined). */
  acquire(bytes: number, what: string): GPUBuffer {
    const size = Math.max(GRANULE, Math.ceil(bytes / GRANULE) * GRANULE);
    const reused = this.#free.get(size)?.pop();
    if (reused) return reused;
    if (size > this.#limit) {
      throw new OutOfMemoryError(
        `webgpu: ${what} needs a buffer of ${bytes} bytes; this device binds at most ${this.#limit} bytes per buffer`,
      );
    }
    this.#device.pushErrorScope('out-of-memory');
    const buffer = this.#device.createBuffer({ size, usage: MATRIX_USAGE });
    this.#device.popErrorScope().then(
      (error) => {
        if (error) {
          this.#onOutOfMemory(
            new OutOfMemoryError(
              `webgpu: out of GPU memory creating ${size} bytes for ${what}: ${error.message}`,
            ),
          );
        }
      },
      () => {}, // the device was lost: reported by its own handler
    );
    return buffer;
  }

  /** Gives a buffer back for reuse; queued work that still uses it runs first (queue order). */
  release(buffer: GPUBuffer): void {
    const list = this.#free.get(buffer.size);
    if (!list) this.#free.set(buffer.size, [buffer]);
    else if (list.length < KEPT_PER_SIZE) list.push(buffer);
    else this.#surplus.push(buffer);
  }

  /** Destroys the surplus buffers; call it right after a submit. */
  sweep(): void {
    for (const buffer of this.#surplus) buffer.destroy();
    this.#surplus = [];
  }

  /** Destroys every pooled buffer. */
  clear(): void {
    for (const list of this.#free.values()) for (const buffer of list) buffer.destroy();
    this.#free.clear();
    this.sweep();
  }
}
