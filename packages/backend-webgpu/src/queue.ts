// The command stream: kernels are recorded into one compute pass and submitted together at the
// end of the current JavaScript task (or before anything that must see their results), so a
// training step is a handful of submits, not one per kernel. Each dispatch's parameters go to
// its own 256-byte slot of one uniform buffer, written once per submit. Reads copy into a mapped
// staging buffer and resolve when the GPU gets there, without waiting for anything queued after.
// A lost device, an out-of-memory or an uncaught GPU error makes every later call throw it.

import { BackendUnavailableError, DisposedError, OutOfMemoryError } from '@deltaml/core';
import { BufferPool } from './memory.js';
import {
  type BindingSpec,
  type BufferArgs,
  type Kernel,
  type ParamLayout,
  type ParamValues,
  packParams,
} from './wgsl/kernel.js';

/** One uniform slot per dispatch; 256 is the largest minUniformBufferOffsetAlignment allowed. */
const SLOT_BYTES = 256;
/** Dispatches per submit at most (their uniform slots share one buffer). */
const SLOTS = 256;
const MAP_READ = 0x1;
const COPY_DST = 0x8;
const UNIFORM = 0x40;

/** A storage buffer bound to a kernel; `write` for read_write. */
interface Bound {
  readonly buffer: GPUBuffer;
  readonly write?: boolean;
}

/** Records, submits and reads back GPU work for one device. */
export class GpuQueue {
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  readonly #uniformBuffer: GPUBuffer;
  readonly #uniformData = new ArrayBuffer(SLOT_BYTES * SLOTS);
  readonly #uniformU32 = new Uint32Array(this.#uniformData);
  readonly #uniformF32 = new Float32Array(this.#uniformData);
  readonly #staging = new Map<number, GPUBuffer[]>();
  #slots = 0;
  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  #flushScheduled = false;
  #failure: Error | null = null;
  #destroyed = false;

  constructor(device: GPUDevice) {
    this.device = device;
    this.pool = new BufferPool(device, (error) => this.fail(error));
    this.#uniformBuffer = device.createBuffer({ size: SLOT_BYTES * SLOTS, usage: UNIFORM | COPY_DST });
    device.lost.then((info) => {
      if (this.#destroyed) return;
      this.fail(
        new BackendUnavailableError(
          `webgpu: the GPU device was lost (${info.reason ?? 'unknown'}): ${info.message || 'no message'}`,
        ),
      );
    });
    device.addEventListener('uncapturederror', (event) => {
      const { error } = event as GPUUncapturedErrorEvent;
      this.fail(
        error.constructor.name === 'GPUOutOfMemoryError'
          ? new OutOfMemoryError(`webgpu: out of GPU memory: ${error.message}`)
          : new Error(`webgpu: the GPU reported an error: ${error.message}`),
      );
    });
  }

  /** Records the first failure; every later call throws it. */
  fail(error: Error): void {
    this.#failure ??= error;
  }

  /** Throws the recorded failure, if any, or DisposedError after destroy(). */
  check(): void {
    if (this.#failure) throw this.#failure;
    if (this.#destroyed) throw new DisposedError('the webgpu backend');
  }

  #pipeline(key: string, source: () => string): GPUComputePipeline {
    let pipeline = this.#pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: key, code: source() });
      pipeline = this.device.createComputePipeline({ label: key, layout: 'auto', compute: { module } });
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  #encoding(): GPUCommandEncoder {
    if (!this.#encoder) {
      this.#encoder = this.device.createCommandEncoder();
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    }
    return this.#encoder;
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = null;
  }

  /** Records a copy of `bytes` bytes between buffers (outside the compute pass). */
  copy(source: GPUBuffer, target: GPUBuffer, bytes: number): void {
    this.check();
    const encoder = this.#encoding();
    this.#endPass();
    encoder.copyBufferToBuffer(source, 0, target, 0, Math.ceil(bytes / 4) * 4);
  }

  /**
   * Records one dispatch of `kernel` (compiled the first time its key is seen), its parameters
   * packed into this dispatch's uniform slot (binding 0) and its buffers bound by name. A buffer
   * both read and written is read from a copy.
   */
  dispatch<P extends ParamLayout, B extends readonly BindingSpec[]>(
    kernel: Kernel<P, B>,
    params: ParamValues<P>,
    buffers: BufferArgs<B>,
    workgroups: readonly [number, number?, number?],
  ): void {
    this.check();
    if (workgroups[0] === 0 || workgroups[1] === 0) return;
    if (this.#slots === SLOTS) this.flush();
    const pipeline = this.#pipeline(kernel.key, () => kernel.wgsl());
    const byName = buffers as Readonly<Record<string, GPUBuffer>>;
    const requested: Bound[] = kernel.bindings.map(({ name, write }) => ({ buffer: byName[name], write }));
    const bound = this.#withoutAliases(requested);
    const slot = this.#slots++;
    packParams(kernel.params, params, this.#uniformU32, this.#uniformF32, (slot * SLOT_BYTES) / 4);
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        {
          binding: 0,
          resource: { buffer: this.#uniformBuffer, offset: slot * SLOT_BYTES, size: SLOT_BYTES },
        },
        ...bound.map(({ buffer }, i) => ({ binding: i + 1, resource: { buffer } })),
      ],
    });
    const encoder = this.#encoding();
    this.#pass ??= encoder.beginComputePass();
    this.#pass.setPipeline(pipeline);
    this.#pass.setBindGroup(0, bindGroup);
    this.#pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1);
    for (const b of bound) if (!requested.includes(b)) this.pool.release(b.buffer);
  }

  /** WebGPU forbids binding one buffer as read and read_write in one dispatch: read a copy instead. */
  #withoutAliases(buffers: readonly Bound[]): Bound[] {
    const written = new Set(buffers.filter((b) => b.write).map((b) => b.buffer));
    return buffers.map((b) => {
      if (b.write || !written.has(b.buffer)) return b;
      const copy = this.pool.acquire(b.buffer.size, 'a copy of an aliased operand');
      this.copy(b.buffer, copy, b.buffer.size);
      return { buffer: copy };
    });
  }

  /** Submits everything recorded so far. */
  flush(): void {
    this.#flushScheduled = false;
    if (!this.#encoder || this.#destroyed) return;
    this.#endPass();
    if (this.#slots > 0)
      this.device.queue.writeBuffer(this.#uniformBuffer, 0, this.#uniformData, 0, this.#slots * SLOT_BYTES);
    this.device.queue.submit([this.#encoder.finish()]);
    this.#encoder = null;
    this.#slots = 0;
    this.pool.sweep();
  }

  /** Writes host data into a buffer after every recorded command (writeBuffer runs before unsubmitted ones). */
  write(buffer: GPUBuffer, data: Float32Array<ArrayBuffer>): void {
    this.check();
    this.flush();
    if (data.byteLength > 0) this.device.queue.writeBuffer(buffer, 0, data);
  }

  /**
   * Copies the first `count` floats of a buffer to a staging buffer now (in queue order) and
   * resolves with them when the GPU has done everything queued before.
   */
  read(buffer: GPUBuffer, count: number): Promise<Float32Array> {
    this.check();
    const bytes = Math.max(4, count * 4);
    const staging = this.#stagingBuffer(bytes);
    this.copy(buffer, staging, bytes);
    this.flush();
    return staging.mapAsync(MAP_READ, 0, bytes).then(
      () => {
        const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0, count * 4));
        staging.unmap();
        this.#staging.get(staging.size)!.push(staging);
        return out;
      },
      (error: Error) => {
        this.check(); // a lost device explains it best
        throw new BackendUnavailableError(`webgpu: reading back a result failed: ${error.message}`);
      },
    );
  }

  #stagingBuffer(bytes: number): GPUBuffer {
    const size = Math.ceil(bytes / 256) * 256;
    let list = this.#staging.get(size);
    if (!list) this.#staging.set(size, (list = []));
    return list.pop() ?? this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
  }

  /** Destroys every buffer and the device; later calls throw DisposedError. */
  destroy(): void {
    if (this.#destroyed) return;
    this.flush();
    this.#destroyed = true;
    this.pool.clear();
    for (const list of this.#staging.values()) for (const buffer of list) buffer.destroy();
    this.#uniformBuffer.destroy();
    this.device.destroy();
  }
}
