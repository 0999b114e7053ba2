// The threads: workers compute their share of each large product's columns (and of each large
// Adam step's floats) on the shared memory. The shares fall between micro-kernel panels, so every
// entry is summed in the same order as on one thread: results agree bit for bit for any count.
import { availableParallelism } from 'node:os';
import { InputError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { NR } from '../src/generated/abi.js';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import {
  ADAM_MIN_FLOATS_PER_THREAD,
  adamParts,
  GEMM_MIN_WORK_PER_THREAD,
  gemmParts,
} from '../src/threads.js';

const COUNTS = [1, 2, 3, 5];
const backends = await Promise.all(COUNTS.map((threads) => createWasmBackend({ threads })));
const [one, ...many] = backends;

/** The bits of float32 values: equal bits, not merely equal numbers (−0 ≠ 0, NaN = NaN). */
const bits = (values: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(values).buffer));

/** `run` on every backend, as bits. */
const onEach = (run: (backend: WasmBackend) => ArrayLike<number>[]) =>
  backends.map((backend) => run(backend).map(bits));

describe('threads', () => {
  it('default to every core in Node, and report the count asked for', async () => {
    expect((await createWasmBackend()).threads).toBe(availableParallelism());
    expect(backends.map((b) => b.threads)).toEqual(COUNTS);
  });

  it('refuse a count that is not a whole number of at least 1, and threads without SIMD', async () => {
    for (const threads of [0, -1, 1.5, Number.NaN]) {
      await expect(createWasmBackend({ threads })).rejects.toThrow(InputError);
    }
    await expect(createWasmBackend({ threads: 2, simd: false })).rejects.toThrow(InputError);
  });

  it('leave small products and Adam steps on one thread, and never split finer than a panel', () => {
    expect(gemmParts(2, 3, 4, 8)).toBe(1); // the seed's network
    expect(gemmParts(64, 64, 31, 8)).toBe(1); // just under the work of two threads
    expect(gemmParts(64, 64, 64, 8)).toBe((64 * 64 * 64) / GEMM_MIN_WORK_PER_THREAD);
    expect(gemmParts(4096, 2 * NR, 4096, 8)).toBe(2); // two panels of columns
    expect(gemmParts(256, 128, 784, 1)).toBe(1);
    expect(adamParts(ADAM_MIN_FLOATS_PER_THREAD * 2 - 1, 8)).toBe(1);
    expect(adamParts(784 * 256, 3)).toBe(3);
  });

  it('count the calls they shared: a large product on more than one thread, never a small one', () => {
    const counts = backends.map((backend) => {
      const before = backend.sharedCalls();
      const small = backend.upload(new Float32Array(4 * 4), 4, 4);
      backend.dispose(backend.matmul(small, small));
      const afterSmall = backend.sharedCalls() - before;
      const large = backend.upload(new Float32Array(256 * 256), 256, 256);
      backend.dispose(backend.matmul(large, large));
      for (const m of [small, large]) backend.dispose(m);
      return [afterSmall, backend.sharedCalls() - before];
    });
    // 256³ multiply-adds are worth every thread asked for here (gemmParts > 1 from 2 threads on)
    expect(gemmParts(256, 256, 256, 2)).toBeGreaterThan(1);
    expect(counts).toEqual(COUNTS.map((threads) => (threads === 1 ? [0, 0] : [0, 1])));
  });

  for (const [M, K, N] of [
    [256, 784, 128],
    [97, 301, 83], // ragged: the shares are not whole panels at the end
    [61, 1000, 43],
    [1, 4096, 64],
  ]) {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
    ]) {
      it(`${M}×${K}·${K}×${N} (transA=${transA}, transB=${transB}) has the same bits on ${COUNTS.join(', ')} threads`, () => {
        const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i * 0.11));
        const B = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i * 0.07));
        const results = onEach((backend) => {
          const a = transA ? backend.upload(A, K, M) : backend.upload(A, M, K);
          const b = transB ? backend.upload(B, N, K) : backend.upload(B, K, N);
          const c = backend.matmul(a, b, { transA, transB });
          const values = backend.read(c);
          for (const m of [a, b, c]) backend.dispose(m);
          return [values];
        });
        for (const result of results.slice(1)) expect(result).toEqual(results[0]);
      });
    }
  }

  for (const f of [{ kind: 'tanh' }, { kind: 'gelu' }, { kind: 'leaky_relu', alpha: 0.2 }] as const) {
    it(`split the dense layer with its bias and ${f.kind} epilogue, bit for bit`, () => {
      const [M, K, N] = [131, 256, 203];
      const results = onEach((backend) => {
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
        const values = [backend.read(out.S), backend.read(out.Z)];
        for (const m of [W, Z, b, out.S, out.Z]) backend.dispose(m);
        return values;
      });
      for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    });
  }

  it('split a large Adam step (with weight decay) over a ragged count of floats, bit for bit', async () => {
    const n = 3 * ADAM_MIN_FLOATS_PER_THREAD * 5 + 7;
    const step = {
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      t: 3,
      weightDecay: 0.01,
      decoupledWeightDecay: 0,
    };
    const results = onEach((backend) => {
      const [p, g, m, v] = [0.3, 0.7, 1.1, 1.9].map((w) =>
        backend.upload(
          Float32Array.from({ length: n }, (_, i) => Math.abs(Math.sin(i * w))),
          1,
          n,
        ),
      );
      backend.fused?.adam?.(p, g, m, v, step);
      const values = [p, m, v].map((x) => backend.read(x));
      for (const x of [p, g, m, v]) backend.dispose(x);
      return values;
    });
    expect(one.fused?.adam).toBeTypeOf('function');
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
  });

  it('keep working after the memory grows (the workers share the grown memory)', () => {
    const data = Float32Array.from({ length: 300 * 300 }, (_, i) => (i % 7) - 3);
    const expected = (() => {
      const a = one.upload(data, 300, 300);
      return bits(one.read(one.matmul(a, a)));
    })();
    for (const backend of many) {
      const big = backend.upload(new Float32Array(1024 * 1024 * 4), 2048, 2048); // grows the memory
      const a = backend.upload(data, 300, 300);
      const c = backend.matmul(a, a);
      expect(bits(backend.read(c))).toEqual(expected);
      for (const m of [big, a, c]) backend.dispose(m);
    }
  });
});
