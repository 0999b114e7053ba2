// The optimizers' primitives (scaleAdd, scaleAddSquare, addQuotient) against float64, the SIMD
// and scalar builds bit for bit, and the fused Adam kernel against core's general Adam path on
// this backend: every operation is rounded to float32 in the same order, so the bits agree.
import { type Matrix, makeOptimizer, Optimizer, type SyncBackend } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';

/** a few float32 ulps (2⁻²⁴ relative each) of the operands' magnitude: float32 kernels against float64 */
const tolerance = (magnitude: number) => 8 * 2 ** -24 * Math.max(1, magnitude);
/** float32 rounding of a coefficient, as the kernels receive it */
const f32 = Math.fround;

/** 4k + 3 values, so both the vector loops and their scalar tails run */
const N = 39;
const values = (seed: number, offset = 0) =>
  Float32Array.from({ length: N }, (_, i) => Math.sin(i * 0.9 + seed) * 3 + offset);

const simd = await createWasmBackend({ simd: true });
const scalar = await createWasmBackend({ simd: false });

/** runs `update` on fresh copies of y, x, v and returns y */
function apply(backend: SyncBackend, update: (y: Matrix, x: Matrix, v: Matrix) => void): Float32Array {
  const y = backend.upload(values(1), 3, N / 3);
  const x = backend.upload(values(2), 3, N / 3);
  const v = backend.upload(values(3, 3.5), 3, N / 3); // positive, like Adam's second moment
  update(y, x, v);
  const out = backend.read(y) as Float32Array;
  for (const m of [y, x, v]) backend.dispose(m);
  return out;
}

describe('in-place primitives', () => {
  const y = values(1);
  const x = values(2);
  const v = values(3, 3.5);
  const cases: {
    name: string;
    update: (B: SyncBackend, y: Matrix, x: Matrix, v: Matrix) => void;
    want: (i: number) => { value: number; magnitude: number };
  }[] = [
    {
      name: 'scaleAdd: y ← a·y + b·x',
      update: (B, Y, X) => B.scaleAdd(Y, X, 0.9, -0.1),
      want: (i) => ({
        value: f32(0.9) * y[i] + f32(-0.1) * x[i],
        magnitude: Math.abs(0.9 * y[i]) + Math.abs(0.1 * x[i]),
      }),
    },
    {
      name: 'scaleAdd with y as x: y ← a·y + b·y',
      update: (B, Y) => B.scaleAdd(Y, Y, 0.75, 0.5),
      want: (i) => ({ value: 1.25 * y[i], magnitude: Math.abs(1.25 * y[i]) }),
    },
    {
      name: 'scaleAddSquare: y ← a·y + b·x⊙x',
      update: (B, Y, X) => B.scaleAddSquare(Y, X, 0.999, 0.001),
      want: (i) => ({
        value: f32(0.999) * y[i] + f32(0.001) * x[i] * x[i],
        magnitude: Math.abs(y[i]) + 0.001 * x[i] * x[i],
      }),
    },
    {
      name: 'addQuotient: y ← y + a·x ⊘ (√(c·v) + eps)',
      update: (B, Y, X, V) => B.addQuotient(Y, X, V, -0.01, 1.5, 1e-3),
      want: (i) => {
        const step = (f32(-0.01) * x[i]) / (Math.sqrt(f32(1.5) * v[i]) + f32(1e-3));
        return { value: y[i] + step, magnitude: Math.abs(y[i]) + Math.abs(step) };
      },
    },
  ];
  for (const { name, update, want } of cases) {
    it(`${name} matches float64 within float32 round-off`, () => {
      const got = apply(simd, (Y, X, V) => update(simd, Y, X, V));
      got.forEach((value, i) => {
        const w = want(i);
        expect(Math.abs(value - w.value), `[${i}]: ${value} vs ${w.value}`).toBeLessThanOrEqual(
          tolerance(w.magnitude),
        );
      });
    });

    it(`${name}: the scalar build gives the SIMD build's bits`, () => {
      expect(apply(scalar, (Y, X, V) => update(scalar, Y, X, V))).toEqual(
        apply(simd, (Y, X, V) => update(simd, Y, X, V)),
      );
    });
  }
});

/** the gradient at step t: a different sign pattern on odd and even steps */
const gradient = (t: number) => values(5 + t, t % 2 === 0 ? 0.5 : -0.25);

/** p, m and v after `steps` Adam steps of one optimizer spec, on the given backend */
async function adamSteps(backend: SyncBackend, spec: ReturnType<typeof makeOptimizer>, steps: number) {
  const p = backend.upload(values(4), 3, N / 3);
  const optimizer = new Optimizer(backend, spec);
  for (let t = 1; t <= steps; t++) {
    const g = backend.upload(gradient(t), 3, N / 3);
    optimizer.step([p], [g], 0.01);
    backend.dispose(g);
  }
  const out = { p: Array.from(backend.read(p)), state: await optimizer.exportState() };
  optimizer.dispose();
  backend.dispose(p);
  return out;
}

describe('fused Adam', () => {
  it('is offered, and withoutFusedKernels hides it', () => {
    expect(typeof simd.fused?.adam).toBe('function');
    expect(simd.withoutFusedKernels().fused).toBeUndefined();
  });

  const specs = {
    'Adam (L2 weight decay)': makeOptimizer('adam', { weightDecay: 0.05 }),
    'Adam (no weight decay)': makeOptimizer('adam'),
    'AdamW (decoupled weight decay)': makeOptimizer('adamw', { weightDecay: 0.1, beta1: 0.8, eps: 1e-6 }),
  };
  for (const [name, spec] of Object.entries(specs)) {
    for (const backend of [simd, scalar]) {
      it(`${name}: p, m and v equal core's general path bit for bit over 7 steps (${backend.simd ? 'SIMD' : 'scalar'} build)`, async () => {
        const fused = await adamSteps(backend, spec, 7);
        const general = await adamSteps(backend.withoutFusedKernels(), spec, 7);
        expect(fused).toEqual(general);
      });
    }
  }

  it('takes PyTorch’s first AdamW step: p ← p(1 − γλ) − γ·sign(g) within float32 round-off', async () => {
    // at t = 1, m̂ = g and √v̂ = |g|, so the step is γ·g/(|g| + ε) ≈ γ·sign(g)
    const { p } = await adamSteps(simd, specs['AdamW (decoupled weight decay)'], 1);
    const p0 = values(4);
    const g = gradient(1);
    p.forEach((value, i) => {
      const want = p0[i] * (1 - 0.01 * 0.1) - (0.01 * g[i]) / (Math.abs(g[i]) + 1e-6);
      expect(Math.abs(value - want), `p[${i}]`).toBeLessThanOrEqual(tolerance(Math.abs(p0[i]) + 0.01));
    });
  });
});
