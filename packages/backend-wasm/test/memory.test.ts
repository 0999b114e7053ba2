// The wasm backend's linear-memory allocator: live accounting, reuse and coalescing of freed
// blocks, growth that keeps existing values, OutOfMemoryError past the maximum, DisposedError.
import { DisposedError, OutOfMemoryError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';

const MiB = 1024 * 1024;

describe('wasm memory', () => {
  it('counts live matrices and bytes, and dispose gives them back', async () => {
    const backend = await createWasmBackend();
    const a = backend.upload([1, 2, 3, 4, 5, 6], 2, 3);
    const b = backend.upload([1], 1, 1);
    expect(backend.memory()).toEqual({ buffers: 2, bytes: 28 });
    backend.dispose(a);
    backend.dispose(b);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it('reuses a freed block and merges neighbours that are freed together', async () => {
    const backend = await createWasmBackend();
    const a = backend.upload(new Float32Array(64), 8, 8);
    const b = backend.upload(new Float32Array(64), 8, 8);
    const guard = backend.upload([1], 1, 1); // keeps a and b below the top
    const aAt = a.ptr;
    backend.dispose(a);
    backend.dispose(b);
    const merged = backend.upload(new Float32Array(128), 16, 8); // needs both blocks
    expect(merged.ptr).toBe(aAt);
    backend.dispose(merged);
    backend.dispose(guard);
  });

  it('grows its memory on demand and keeps the values already there', async () => {
    const backend = await createWasmBackend();
    const early = backend.upload([1.5, -2.5, 3.25], 1, 3);
    const big = Array.from({ length: 6 }, () => backend.upload(new Float32Array(MiB).fill(7), 1024, 1024));
    expect(Array.from(backend.read(early))).toEqual([1.5, -2.5, 3.25]);
    expect(backend.read(big[5])[MiB - 1]).toBe(7);
    for (const m of [early, ...big]) backend.dispose(m);
  });

  it('throws OutOfMemoryError naming the matrix past the maximum, and stays usable', async () => {
    const backend = await createWasmBackend({ maxMemoryBytes: 8 * MiB });
    const a = backend.upload([1, 2], 1, 2);
    const column = backend.upload(new Float32Array(3000), 3000, 1);
    expect(() => backend.matmul(column, column, { transB: true })).toThrow(OutOfMemoryError); // 3000×3000
    backend.dispose(column);
    expect(() => backend.upload(new Float32Array(4 * MiB), 2048, 2048)).toThrow(
      /2048×2048 float32 matrix \(16777216 bytes\).*maximum of 8388608 bytes/,
    );
    const c = backend.matmul(a, a, { transB: true });
    expect(Array.from(backend.read(c))).toEqual([5]);
  });

  it('throws DisposedError when a disposed matrix is read, used or disposed again', async () => {
    const backend = await createWasmBackend();
    const a = backend.upload([1, 2], 1, 2);
    backend.dispose(a);
    expect(() => backend.read(a)).toThrow(DisposedError);
    expect(() => backend.matmul(a, a, { transA: true })).toThrow(DisposedError);
    expect(() => backend.dispose(a)).toThrow(DisposedError);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });
});
