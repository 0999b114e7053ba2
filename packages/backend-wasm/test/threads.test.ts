// The opt-in two-thread mode: a worker computes half of each large product's columns on the
// shared memory. The split falls between micro-kernel panels, so every entry is summed in the
// same order as on one thread: products and dense layers agree bit for bit.
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';

const one = await createWasmBackend();
const two = await createWasmBackend({ threads: 2 });

describe('two threads', () => {
  it('reports its thread count', () => {
    expect([one.threads, two.threads]).toEqual([1, 2]);
  });

  for (const [M, K, N] of [
    [256, 784, 128],
    [97, 301, 83], // ragged: the split is not the middle column
    [1, 4096, 64],
  ]) {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
    ]) {
      it(`${M}×${K}·${K}×${N} (transA=${transA}, transB=${transB}) equals the one-thread product bit for bit`, () => {
        const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i * 0.11));
        const B = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i * 0.07));
        const run = (backend: typeof one) => {
          const a = transA ? backend.upload(A, K, M) : backend.upload(A, M, K);
          const b = transB ? backend.upload(B, N, K) : backend.upload(B, K, N);
          const c = backend.matmul(a, b, { transA, transB });
          const values = backend.read(c);
          for (const m of [a, b, c]) backend.dispose(m);
          return values;
        };
        expect(run(two)).toEqual(run(one));
      });
    }
  }

  for (const f of [{ kind: 'tanh' }, { kind: 'gelu' }, { kind: 'leaky_relu', alpha: 0.2 }] as const) {
    it(`splits the dense layer with its bias and ${f.kind} epilogue, bit for bit`, () => {
      const [M, K, N] = [128, 256, 200];
      const run = (backend: typeof one) => {
        const W = backend.upload(
          Float32Array.from({ length: M * K }, (_, i) => Math.sin(i)),
          M,
          K,
        );
        const Z = backend.upload(
          Float32Array.from({ length: K * N }, (_, i) => Math.cos(i)),
          K,
          N,
        );
        const b = backend.upload(
          Float32Array.from({ length: M }, (_, i) => i / M - 0.5),
          M,
          1,
        );
        const out = backend.dense(W, Z, b, f);
        return [backend.read(out.S), backend.read(out.Z)];
      };
      expect(run(two)).toEqual(run(one));
    });
  }

  it('keeps working after its memory grows (the worker shares the grown memory)', () => {
    const big = two.upload(new Float32Array(1024 * 1024 * 4), 2048, 2048); // grows past the initial 2 MiB
    const a = two.upload(
      Float32Array.from({ length: 300 * 300 }, (_, i) => (i % 7) - 3),
      300,
      300,
    );
    const c = two.matmul(a, a);
    const check = one.upload(
      Float32Array.from({ length: 300 * 300 }, (_, i) => (i % 7) - 3),
      300,
      300,
    );
    expect(two.read(c)).toEqual(one.read(one.matmul(check, check)));
    for (const m of [big, a, c]) two.dispose(m);
  });
});
