// The wasm backend's linear-memory allocator: live accounting, reuse and coalescing of freed
// blocks, growth that keeps existing values (and in-place updates on them), OutOfMemoryError past
// the maximum; and core's facade on top: DisposedError, and foreign matrices refused.

import { createCpuBackend } from '@deltaml/backend-cpu';
import { DisposedError, InputError, type Matrix, OutOfMemoryError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmMatrix } from '../src/index.js';

/** where a matrix of this backend lives in its linear memory */
const address = (m: Matrix) => (m as WasmMatrix).ptr;

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
    // 32 KiB each: past the small-block size, so freed blocks go straight to the coalescing free list
    const a = backend.upload(new Float32Array(8192), 64, 128);
    const b = backend.upload(new Float32Array(8192), 64, 128);
    const guard = backend.upload([1], 1, 1); // keeps a and b below the top
    const aAt = address(a);
    backend.dispose(a);
    backend.dispose(b);
    const merged = backend.upload(new Float32Array(16384), 128, 128); // needs both blocks
    expect(address(merged)).toBe(aAt);
    backend.dispose(merged);
    backend.dispose(guard);
  });

  it('gives a freed small block to the next request of its size (a training step repeats its sizes)', async () => {
    const backend = await createWasmBackend();
    const a = backend.upload([1, 2, 3], 3, 1);
    const guard = backend.upload([1], 1, 1);
    const aAt = address(a);
    backend.dispose(a);
    const other = backend.upload([1, 2, 3, 4, 5, 6, 7, 8], 2, 4); // another size: not a's block
    expect(address(other)).not.toBe(aAt);
    const same = backend.upload([4, 5, 6], 1, 3); // 12 bytes again
    expect(address(same)).toBe(aAt);
    expect(Array.from(backend.read(same))).toEqual([4, 5, 6]);
    for (const m of [guard, other, same]) backend.dispose(m);
  });

  it('merges freed small blocks before growing the memory for a request they can hold together', async () => {
    // the initial 2 MiB hold the 1.1 MiB GEMM workspace, these 512 KiB, and not 512 KiB more
    const backend = await createWasmBackend();
    const small = Array.from({ length: 128 }, () => backend.upload(new Float32Array(1024), 32, 32)); // 4 KiB each
    const guard = backend.upload([1], 1, 1);
    const first = address(small[0]);
    for (const m of small) backend.dispose(m);
    const before = backend.memory();
    const large = backend.upload(new Float32Array(128 * 1024), 512, 256); // 512 KiB = the 128 blocks merged
    expect(address(large)).toBe(first);
    expect(backend.memory()).toEqual({ buffers: before.buffers + 1, bytes: before.bytes + 512 * 1024 });
    backend.dispose(large);
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

  it('updates in place through a grown memory (scaleAdd after growth sees and writes the same values)', async () => {
    const backend = await createWasmBackend();
    const y = backend.upload([1, 2, 3, 4, 5], 1, 5);
    const x = backend.upload([1, 1, 1, 1, 1], 1, 5);
    const big = backend.upload(new Float32Array(4 * MiB), 2048, 2048); // grows the memory
    backend.scaleAdd(y, x, 2, -0.5); // y ← 2y − x/2: exact in float32
    expect(Array.from(backend.read(y))).toEqual([1.5, 3.5, 5.5, 7.5, 9.5]);
    for (const m of [y, x, big]) backend.dispose(m);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
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
    expect(() => backend.scaleAdd(a, a, 1, 1)).toThrow(DisposedError);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it("refuses another wasm backend's matrix, naming the call, and keeps both backends intact", async () => {
    const one = await createWasmBackend();
    const other = await createWasmBackend();
    const mine = one.upload([1, 2], 1, 2);
    const theirs = other.upload([3, 4], 1, 2);
    expect(() => one.read(theirs)).toThrow(InputError);
    expect(() => one.matmul(mine, theirs, { transB: true })).toThrow(
      /matmul B is not a matrix of this wasm backend/,
    );
    expect(() => one.scaleAdd(mine, theirs, 1, 1)).toThrow(/scaleAdd x is not a matrix of this wasm backend/);
    expect(() => one.dispose(theirs)).toThrow(InputError);
    expect(Array.from(one.read(mine))).toEqual([1, 2]);
    expect(Array.from(other.read(theirs))).toEqual([3, 4]);
    expect([one.memory(), other.memory()]).toEqual([
      { buffers: 1, bytes: 8 },
      { buffers: 1, bytes: 8 },
    ]);
  });

  it('refuses a cpu backend’s matrix, naming the call', async () => {
    const backend = await createWasmBackend();
    const cpu = createCpuBackend();
    const W = backend.upload([1, 2, 3, 4], 2, 2);
    const cpuMatrix = cpu.upload([1, 1], 2, 1);
    expect(() => backend.dense(W, cpuMatrix, null, { kind: 'relu' })).toThrow(
      /dense Z is not a matrix of this wasm backend/,
    );
    expect(() => backend.rowSum(cpuMatrix)).toThrow(InputError);
    expect(() => cpu.matmul(cpuMatrix, W, { transA: true })).toThrow(
      /matmul B is not a matrix of this cpu backend/,
    );
    expect(backend.memory()).toEqual({ buffers: 1, bytes: 16 });
    expect(Array.from(cpu.read(cpuMatrix))).toEqual([1, 1]);
  });
});
