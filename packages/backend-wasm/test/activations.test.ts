// The activation kernels against core's float64 table, for every kind in it: Z = f(S), the dense
// epilogue's f (the same bits as activate), δ = dZ ⊙ f'(X) with X = S or Z as the table's
// `derivativeFrom` says, the SIMD and scalar builds bit for bit, and a trap on an unknown code.
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  type Activation,
  activationParameter,
  makeActivation,
} from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { writeGemmArgs } from '../src/generated/abi.js';
import { createWasmBackend } from '../src/index.js';
import { loadKernels } from '../src/kernels.js';

/** a few float32 ulps (2⁻²⁴ relative each) of max(1, |want|): float32 kernels against float64 */
const tolerance = (want: number) => 8 * 2 ** -24 * Math.max(1, Math.abs(want));

/** 4k + 3 values (so both the vector loops and their scalar tails run), with the extremes of float32 */
const S_VALUES = Float32Array.from([
  ...Array.from({ length: 60 }, (_, i) => (i - 30) / 4 + 0.013),
  0,
  1e-30,
  -1e-30,
  30,
  -30,
  100,
  -100,
  1e13, // GELU's s³ overflows float32 from about here
  -1e13,
  3e38,
  -3e38,
  0.5,
  -0.5,
]);
const dZ_VALUES = Float32Array.from(S_VALUES, (_, i) => Math.sin(i * 0.7) * 2);

const simd = await createWasmBackend({ simd: true });
const scalar = await createWasmBackend({ simd: false });
const activations: Activation[] = [
  ...ACTIVATION_KINDS.map((kind) => makeActivation(kind)),
  { kind: 'leaky_relu', alpha: 0.3 },
];

/** f(S) and δ = dZ ⊙ f'(X) on one backend, X chosen by the table */
function run(backend: typeof simd, f: Activation) {
  const n = S_VALUES.length;
  const S = backend.upload(S_VALUES, 1, n);
  const dZ = backend.upload(dZ_VALUES, 1, n);
  const Z = backend.activate(S, f);
  const delta = backend.activateBackward(ACTIVATIONS[f.kind].derivativeFrom === 'S' ? S : Z, dZ, f);
  const out = { Z: backend.read(Z), delta: backend.read(delta) };
  for (const m of [S, dZ, Z, delta]) backend.dispose(m);
  return out;
}

describe('activation kernels', () => {
  it('cover every activation of core’s table', () => {
    expect(new Set(activations.map((f) => f.kind))).toEqual(new Set(ACTIVATION_KINDS));
  });

  for (const f of activations) {
    const def = ACTIVATIONS[f.kind];
    const alpha = activationParameter(f);
    const label = `${f.kind}${f.kind === 'leaky_relu' ? ` (alpha ${alpha})` : ''}`;

    it(`${label}: Z = f(S) and δ = dZ ⊙ f'(${def.derivativeFrom}) match the float64 table`, () => {
      const { Z, delta } = run(simd, f);
      S_VALUES.forEach((s, i) => {
        const z = def.f(s, alpha);
        expect(Number.isNaN(Z[i]), `f(${s}) is NaN`).toBe(false);
        expect(Math.abs(Z[i] - z), `f(${s}) = ${Z[i]}, want ${z}`).toBeLessThanOrEqual(tolerance(z));
        const x = def.derivativeFrom === 'S' ? s : Z[i]; // the float32 operand the kernel sees
        const want = dZ_VALUES[i] * def.derivative(x, alpha);
        expect(Math.abs(delta[i] - want), `δ at s = ${s}: ${delta[i]}, want ${want}`).toBeLessThanOrEqual(
          tolerance(want) * Math.max(1, Math.abs(dZ_VALUES[i])),
        );
      });
    });

    it(`${label}: the scalar build gives the SIMD build's bits`, () => {
      expect(run(scalar, f)).toEqual(run(simd, f));
    });

    it(`${label}: the dense epilogue gives the bits of activate(S)`, () => {
      const [M, K, N] = [9, 7, 13];
      const W = simd.upload(
        Float32Array.from({ length: M * K }, (_, i) => Math.sin(i) * 3),
        M,
        K,
      );
      const X = simd.upload(
        Float32Array.from({ length: K * N }, (_, i) => Math.cos(i * 1.7)),
        K,
        N,
      );
      const b = simd.upload(
        Float32Array.from({ length: M }, (_, i) => i - 4),
        M,
        1,
      );
      const { S, Z } = simd.dense(W, X, b, f);
      const again = simd.activate(S, f);
      expect(simd.read(Z)).toEqual(simd.read(again));
      for (const m of [W, X, b, S, Z, again]) simd.dispose(m);
    });
  }

  it('relu’s derivative at 0 is 0 (the seed’s convention), leaky relu’s is alpha', () => {
    const S = simd.upload([0, 0, 0, 0, 0], 1, 5);
    const dZ = simd.upload([1, 1, 1, 1, 1], 1, 5);
    expect(Array.from(simd.read(simd.activateBackward(S, dZ, { kind: 'relu' })))).toEqual([0, 0, 0, 0, 0]);
    const leaky = simd.read(simd.activateBackward(S, dZ, { kind: 'leaky_relu', alpha: 0.25 }));
    expect(Array.from(leaky)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
  });
});

describe('an activation code outside core’s table', () => {
  const UNKNOWN = 99;
  for (const build of ['simd', 'scalar'] as const) {
    it(`traps in activate, activateBackward and the dense epilogue (${build} build)`, async () => {
      const memory = new WebAssembly.Memory({ initial: 64 });
      const k = await loadKernels(build, memory);
      const at = Math.ceil(k.heapBase() / 16) * 16;
      const work = at + 1024;
      expect(() => k.activate(at, at + 64, 4, UNKNOWN, 0)).toThrow(WebAssembly.RuntimeError);
      expect(() => k.activate(at, at + 64, 0, UNKNOWN, 0)).toThrow(WebAssembly.RuntimeError);
      expect(() => k.activateBackward(at, at + 64, at + 128, 4, UNKNOWN, 0)).toThrow(
        WebAssembly.RuntimeError,
      );
      const block = at + 256;
      const views = { u32: new Uint32Array(memory.buffer), f32: new Float32Array(memory.buffer) };
      writeGemmArgs(views, block, {
        M: 2,
        N: 2,
        K: 2,
        A: at,
        transA: false,
        B: at + 64,
        transB: false,
        C: at + 128,
        bias: 0,
        Z: at + 192,
        f: UNKNOWN,
        alpha: 0,
        work,
        j0: 0,
        j1: 2,
      });
      expect(() => k.gemm(block)).toThrow(WebAssembly.RuntimeError);
    });
  }
});
