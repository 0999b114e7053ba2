// A tensor that cannot be allocated is OutOfMemoryError, and the engine stays usable.
// tfjs-wasm's heap holds at most 4 GiB. A tensor that cannot fit — past 4 GiB on its own, or
// beside what is already held — is refused with OutOfMemoryError before the kernel runs, in one
// line, and the engine stays usable (before the guard in engine-guards.ts, it trapped with
// "memory access out of bounds" and every later kernel failed). These tests hold up to ~2.2 GB.

import { OutOfMemoryError } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend } from '../src/index.js';

/** A column of n ones and a row of n ones: their product is n × n, n² · 4 bytes. */
function outerFactors(backend: TfjsBackend, n: number) {
  const ones = new Float32Array(n).fill(1);
  return { column: backend.upload(ones, n, 1), row: backend.upload(ones, 1, n) };
}

/** Still computes: [[1, 2], [3, 4]]² = [[7, 10], [15, 22]]. */
function expectUsable(backend: TfjsBackend) {
  const a = backend.upload([1, 2, 3, 4], 2, 2);
  const aa = backend.matmul(a, a);
  expect(Array.from(backend.read(aa))).toEqual([7, 10, 15, 22]);
  backend.dispose(a);
  backend.dispose(aa);
}

describe('tfjs-wasm allocations that cannot fit', () => {
  it('refuses a product past 4 GiB (33 000² floats) and stays usable', async () => {
    const backend = await createTfjsBackend({ engine: 'wasm' });
    const { column, row } = outerFactors(backend, 33_000);
    const tensors = tf.memory().numTensors;
    const held = backend.memory();
    let failure: unknown;
    try {
      backend.matmul(column, row);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(OutOfMemoryError);
    expect((failure as Error).message).toMatch(
      /^tfjs-wasm: a tensor of 4\.36 GB does not fit in the WebAssembly heap/,
    );
    expect((failure as Error).message).not.toContain('\n');
    expect([tf.memory().numTensors, backend.memory()]).toEqual([tensors, held]);
    expectUsable(backend);
    backend.dispose(column);
    backend.dispose(row);
  });

  it('refuses a second 2.2 GB product beside the first, and makes it once the first is freed', async () => {
    const backend = await createTfjsBackend({ engine: 'wasm' });
    const n = 23_500; // 2.21 GB each: one fits, two do not
    const { column, row } = outerFactors(backend, n);
    const first = backend.matmul(column, row);
    expect(() => backend.matmul(column, row)).toThrow(OutOfMemoryError);
    expectUsable(backend);
    backend.dispose(first);
    const second = backend.matmul(column, row); // the freed space is found again: no false refusal
    expect([second.rows, second.cols]).toEqual([n, n]);
    for (const m of [second, column, row]) backend.dispose(m);
    expectUsable(backend);
  });
});

describe('tfjs-cpu allocations past what JavaScript allows', () => {
  it('refuses a 70 000² product (4.9e9 floats) with OutOfMemoryError and stays usable', async () => {
    const backend = await createTfjsBackend({ engine: 'cpu' });
    const { column, row } = outerFactors(backend, 70_000);
    const tensors = tf.memory().numTensors;
    expect(() => backend.matmul(column, row)).toThrow(OutOfMemoryError);
    expect(() => backend.matmul(column, row)).toThrow(
      /^tfjs-cpu: the result does not fit in JavaScript memory/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
    expectUsable(backend);
    backend.dispose(column);
    backend.dispose(row);
  });
});
