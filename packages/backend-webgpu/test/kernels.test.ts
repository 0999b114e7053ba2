// Each WGSL kernel against a float64 reference on shapes that are not multiples of the tiles, the
// fused kernels against core's general path, and one test per failure the backend reports.
// Runs on Dawn (the `webgpu` package) over SwiftShader; skipped with the reason where it cannot load.

import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  type Activation,
  type AsyncBackend,
  activateScalar,
  BackendUnavailableError,
  initModel,
  lossAndGradientAsync,
  makeActivation,
  makeOptimizer,
  Network,
  Optimizer,
  OutOfMemoryError,
  seededRandom,
  trainStepAsync,
} from '@deltaml/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakReport, leakRun } from '../e2e/leak-run.js';
import { createWebGpuBackend, type WebGpuExtras } from '../src/index.js';
import { nodeGpu } from './node-gpu.js';

/**
 * float32 products and sums against float64: each of the K terms is rounded once and the running
 * sum K times, so the error is at most about K·2⁻²⁴·Σ|terms|; 1e-5 relative to Σ|terms| covers
 * K ≤ 160 with a margin, plus 1e-6 absolute for f's own rounding (exp, log: a few ulp).
 */
const F32_SUM = { rel: 1e-5, abs: 1e-6 };

/**
 * Steps of the leak run in Node. Dawn's readbacks here take several milliseconds each (two per
 * step), so the full 10 000 steps run in the browser e2e test (e2e/conformance-page.ts);
 * 2 000 steps already repeat every pooled size hundreds of times.
 */
const NODE_LEAK_STEPS = 2000;

const found = await nodeGpu();
const gpu = 'gpu' in found ? found.gpu : undefined;
const suite = gpu ? describe : describe.skip;

function random(seed: number, n: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: n }, () => 4 * r() - 2);
}

function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  scale: ArrayLike<number>,
  what: string,
) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const bound = F32_SUM.abs + F32_SUM.rel * scale[i];
    if (!(Math.abs(got[i] - want[i]) <= bound)) {
      throw new Error(`${what}[${i}]: got ${got[i]}, want ${want[i]} (±${bound})`);
    }
  }
}

/** C = op(A)·op(B) in float64 and Σ|terms| per entry. */
function product(
  A: Float64Array,
  B: Float64Array,
  M: number,
  K: number,
  N: number,
  transA: boolean,
  transB: boolean,
) {
  const C = new Float64Array(M * N);
  const scale = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++)
      for (let k = 0; k < K; k++) {
        const term = (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
        C[i * N + j] += term;
        scale[i * N + j] += Math.abs(term);
      }
  return { C, scale };
}

suite('backend-webgpu kernels (Dawn in Node)', () => {
  let B: AsyncBackend & WebGpuExtras;
  beforeAll(async () => {
    B = await createWebGpuBackend({ gpu });
  });
  afterAll(() => B?.destroy());

  it('names its adapter', () => {
    expect(B.adapter).toMatch(/\w/);
    expect(B.name).toBe('webgpu');
    expect(B.reads).toBe('async');
  });

  const shapes = [
    [1, 1, 1],
    [37, 29, 11],
    [65, 17, 70],
    [130, 100, 3],
  ];
  for (const [M, K, N] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matmul ${M}×${K}·${K}×${N} transA=${transA} transB=${transB} matches float64 (F32_SUM)`, async () => {
          const A = random(M * 7 + K, M * K);
          const Bv = random(N * 5 + K, K * N);
          const a = transA ? B.upload(A, K, M) : B.upload(A, M, K);
          const b = transB ? B.upload(Bv, N, K) : B.upload(Bv, K, N);
          const c = B.matmul(a, b, { transA, transB });
          expect([c.rows, c.cols]).toEqual([M, N]);
          const { C, scale } = product(A, Bv, M, K, N, transA, transB);
          expectClose(await B.read(c), C, scale, 'C');
          for (const m of [a, b, c]) B.dispose(m);
        });
      }
    }
  }

  for (const kind of ACTIVATION_KINDS) {
    const f: Activation = makeActivation(kind, 0.1);
    it(`dense, activate and activateBackward with ${kind} match float64 (F32_SUM)`, async () => {
      const [M, K, N] = [19, 23, 67];
      const W = random(1, M * K);
      const Z = random(2, K * N);
      const bias = random(3, M);
      const dZ = random(4, M * N);
      const { C, scale } = product(W, Z, M, K, N, false, false);
      const S = C.map((s, i) => s + bias[Math.floor(i / N)]);
      const w = B.upload(W, M, K);
      const z = B.upload(Z, K, N);
      const b = B.upload(bias, M, 1);
      const out = B.dense(w, z, b, f);
      expectClose(await B.read(out.S), S, scale, 'S');
      // f and f' on the device's own S, so that only the kernels' rounding is compared
      const Sgpu = Float64Array.from(await B.read(out.S));
      const ones = new Float64Array(Sgpu.length).fill(1);
      const fS = Sgpu.map((s) => activateScalar(f, s));
      expectClose(await B.read(out.Z), fS, fS.map(Math.abs), 'Z = f(S)');
      const z2 = B.activate(out.S, f);
      expectClose(await B.read(z2), fS, fS.map(Math.abs), 'activate');
      const def = ACTIVATIONS[kind];
      const alpha = kind === 'leaky_relu' ? 0.1 : 0;
      const X = def.derivativeFrom === 'S' ? out.S : out.Z;
      const Xv = Float64Array.from(await B.read(X));
      const d = B.upload(dZ, M, N);
      const delta = B.activateBackward(X, d, f);
      const want = Xv.map((x, i) => dZ[i] * def.derivative(x, alpha));
      expectClose(await B.read(delta), want, ones, "δ = dZ ⊙ f'");
      const rows = B.rowSum(delta);
      const deltaV = Array.from(await B.read(delta));
      const sums = Array.from({ length: M }, (_, i) =>
        deltaV.slice(i * N, i * N + N).reduce((s, v) => s + v, 0),
      );
      const sumScale = sums.map((_, i) =>
        deltaV.slice(i * N, i * N + N).reduce((s, v) => s + Math.abs(v), 0),
      );
      expectClose(await B.read(rows), sums, sumScale, 'rowSum');
      for (const m of [w, z, b, out.S, out.Z, z2, d, delta, rows]) B.dispose(m);
    });
  }

  it('activations stay finite for |s| = 1e4 (tanh, sigmoid, gelu, softplus)', async () => {
    const s = B.upload([-1e4, -50, 50, 1e4], 1, 4);
    for (const kind of ['tanh', 'sigmoid', 'gelu', 'softplus'] as const) {
      const z = B.activate(s, { kind });
      const got = await B.read(z);
      const want = [-1e4, -50, 50, 1e4].map((v) => activateScalar({ kind }, v));
      expectClose(got, want, want.map(Math.abs), kind);
      B.dispose(z);
    }
    B.dispose(s);
  });

  it('scaleAdd, scaleAddSquare and addQuotient in place, also with y and x the same matrix', async () => {
    const y0 = random(5, 300);
    const x0 = random(6, 300);
    const v0 = random(7, 300).map(Math.abs);
    const y = B.upload(y0, 10, 30);
    const x = B.upload(x0, 10, 30);
    const v = B.upload(v0, 10, 30);
    B.scaleAdd(y, x, 0.5, -2);
    let want = y0.map((yi, i) => 0.5 * yi - 2 * x0[i]);
    expectClose(await B.read(y), want, want.map(Math.abs), 'scaleAdd');
    B.scaleAddSquare(y, x, 0.9, 0.1);
    want = want.map((yi, i) => 0.9 * yi + 0.1 * x0[i] * x0[i]);
    expectClose(await B.read(y), want, want.map(Math.abs), 'scaleAddSquare');
    B.addQuotient(y, x, v, -0.01, 2, 1e-8);
    want = want.map((yi, i) => yi - (0.01 * x0[i]) / (Math.sqrt(2 * v0[i]) + 1e-8));
    expectClose(await B.read(y), want, want.map(Math.abs), 'addQuotient');
    B.scaleAdd(y, y, 3, 1); // y ← 3y + y
    want = want.map((yi) => 4 * yi);
    expectClose(await B.read(y), want, want.map(Math.abs), 'scaleAdd aliased');
    for (const m of [y, x, v]) B.dispose(m);
  });

  it('fused Adam and AdamW give the numbers of the general path (5 steps)', async () => {
    for (const kind of ['adam', 'adamw'] as const) {
      const spec = makeOptimizer(kind, { weightDecay: 0.01 });
      const results: Float32Array[] = [];
      for (const backend of [B, B.withoutFusedKernels()]) {
        const p = backend.upload(random(8, 120), 12, 10);
        const optimizer = new Optimizer(backend, spec);
        for (let step = 0; step < 5; step++) {
          const g = backend.upload(random(9 + step, 120), 12, 10);
          optimizer.step([p], [g], 1e-2);
          backend.dispose(g);
        }
        results.push((await backend.read(p)) as Float32Array);
        optimizer.dispose();
        backend.dispose(p);
      }
      // the same f32 operations in the same order; only the compiler's contraction may differ
      expectClose(results[0], results[1], results[1].map(Math.abs), kind);
    }
  });

  it('fused MSE and cross-entropy give the loss and ∂L/∂Z of the host path', async () => {
    const Z = random(10, 5 * 40);
    const Y = random(11, 5 * 40);
    const labels = Array.from({ length: 40 }, (_, n) => (n * 7) % 5);
    const z = B.upload(Z, 5, 40);
    for (const [spec, T] of [
      [{ kind: 'mse' }, B.upload(Y, 5, 40)],
      [{ kind: 'cross-entropy' }, B.upload(labels, 1, 40)],
    ] as const) {
      const fused = B.fused!.loss!(spec, z, T)!;
      const host = B.withoutFusedKernels();
      const general = await lossAndGradientAsync(host, spec, z, T);
      const [lf, lg] = [await fused.loss, await general.loss];
      expect(Math.abs(lf - lg)).toBeLessThanOrEqual(F32_SUM.abs + F32_SUM.rel * Math.abs(lg) * 10);
      const dg = await host.read(general.dZ);
      expectClose(await B.read(fused.dZ), dg, dg.map(Math.abs), `${spec.kind} dZ`);
      B.dispose(fused.dZ);
      host.dispose(general.dZ);
      B.dispose(T);
    }
    expect(B.fused!.loss!({ kind: 'hinge', margin: 1, reduction: 'mean' } as never, z, z)).toBeUndefined();
    B.dispose(z);
  });

  it(`live buffers stay constant over a ${NODE_LEAK_STEPS}-step training run (Adam, cross-entropy)`, async () => {
    const run = await leakRun(B, NODE_LEAK_STEPS, NODE_LEAK_STEPS / 10);
    expect(run.samples).toHaveLength(11);
    expect(leakReport(run)).toBeUndefined();
    expect(Number.isFinite(run.finalLoss)).toBe(true);
  }, 600_000);

  it('a product larger than the device can bind throws OutOfMemoryError naming its size', () => {
    const a = B.upload(new Float32Array(60_000), 60_000, 1);
    expect(() => B.matmul(a, a, { transB: true })).toThrow(OutOfMemoryError);
    expect(() => B.matmul(a, a, { transB: true })).toThrow(/14400000000 bytes/);
    B.dispose(a);
    expect(B.memory().buffers).toBe(0);
  });
});

describe('backend-webgpu failures', () => {
  it('without navigator.gpu (Node) it says how to pass one', async () => {
    await expect(createWebGpuBackend()).rejects.toThrow(BackendUnavailableError);
    await expect(createWebGpuBackend()).rejects.toThrow(/pass \{ gpu \}/);
  });

  it('without an adapter it says so', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createWebGpuBackend({ gpu: noAdapter })).rejects.toThrow(/no WebGPU adapter/);
  });

  it.skipIf(!gpu)('a lost device makes every later call throw with the reason', async () => {
    let device: GPUDevice | undefined;
    const spy = {
      requestAdapter: async () => {
        const adapter = (await gpu!.requestAdapter())!;
        return new Proxy(adapter, {
          get(target, key) {
            if (key !== 'requestDevice') return Reflect.get(target, key);
            return async (descriptor: GPUDeviceDescriptor) =>
              (device = await target.requestDevice(descriptor));
          },
        });
      },
    } as unknown as GPU;
    const backend = await createWebGpuBackend({ gpu: spy });
    const m = backend.upload([1, 2], 1, 2);
    device!.destroy();
    await device!.lost;
    await new Promise((resolve) => setTimeout(resolve, 10)); // the backend hears of it in its own callback
    expect(() => backend.upload([1], 1, 1)).toThrow(BackendUnavailableError);
    expect(() => backend.activate(m, { kind: 'relu' })).toThrow(/lost \(destroyed\)/);
    await expect(backend.read(m)).rejects.toThrow(/device was lost/);
  });
});

describe('a training step on webgpu', () => {
  it.skipIf(!gpu)('three SGD steps on MSE lower the loss', async () => {
    const backend = await createWebGpuBackend({ gpu });
    const model = initModel({
      sizes: [3, 5, 2],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed: 3,
    });
    using network = Network.fromModel(backend, model);
    const X = backend.upload(random(12, 3 * 6), 3, 6);
    const Y = backend.upload(random(13, 2 * 6), 2, 6);
    const losses: number[] = [];
    for (let i = 0; i < 3; i++)
      losses.push(await trainStepAsync(network, X, Y, { loss: { kind: 'mse' }, lr: 0.1 }));
    expect(losses[2]).toBeLessThan(losses[0]);
    backend.dispose(X);
    backend.dispose(Y);
    backend.destroy();
  });
});
