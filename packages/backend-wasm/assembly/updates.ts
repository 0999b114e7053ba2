// The optimizers' in-place primitives (core's scaleAdd, scaleAddSquare, addQuotient) and the
// fused Adam step, over n floats. Every kernel rounds each operation to float32 in the order the
// general path does (WebAssembly never fuses a multiply-add), so the SIMD and scalar loops, and
// the fused Adam step and core's general Adam path on this backend, agree bit for bit.

// biome-ignore lint/style/useImportType: AssemblyScript has no type-only imports
import { AdamArgs } from './generated/abi';

/** y ← a·y + b·x, or with `square` y ← a·y + b·x⊙x (a constant at each call, folded away). */
function scaleAddOf(y: usize, x: usize, n: i32, a: f32, b: f32, square: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      const xv = v128.load(x + p);
      const term = square ? f32x4.mul(xv, xv) : xv;
      v128.store(y + p, f32x4.add(f32x4.mul(av, v128.load(y + p)), f32x4.mul(bv, term)));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    const xs = load<f32>(x + p);
    store<f32>(y + p, a * load<f32>(y + p) + b * (square ? xs * xs : xs));
  }
}

/** y ← a·y + b·x (y and x may be the same matrix). */
export function scaleAdd(y: usize, x: usize, n: i32, a: f32, b: f32): void {
  scaleAddOf(y, x, n, a, b, false);
}

/** y ← a·y + b·x⊙x. */
export function scaleAddSquare(y: usize, x: usize, n: i32, a: f32, b: f32): void {
  scaleAddOf(y, x, n, a, b, true);
}

/** y ← y + a·x ⊘ (√(c·v) + eps). */
export function addQuotient(y: usize, x: usize, v: usize, n: i32, a: f32, c: f32, eps: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const av = f32x4.splat(a);
    const cv = f32x4.splat(c);
    const ev = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      const denominator = f32x4.add(f32x4.sqrt(f32x4.mul(cv, v128.load(v + p))), ev);
      const step = f32x4.div(f32x4.mul(av, v128.load(x + p)), denominator);
      v128.store(y + p, f32x4.add(v128.load(y + p), step));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    const denominator = Mathf.sqrt(c * load<f32>(v + p)) + eps;
    store<f32>(y + p, load<f32>(y + p) + (a * load<f32>(x + p)) / denominator);
  }
}

/**
 * One Adam/AdamW step in place, element by element, as core's general path composes it:
 * p ← decay·p (AdamW; decay = 1 − lr·λ, else 1), g ← g + l2·p (Adam's L2; 0 for none),
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p + a·m ⊘ (√(c·v) + eps) with a = −lr/(1−β₁ᵗ) and
 * c = 1/(1−β₂ᵗ). The coefficients come from the host, rounded to float32 as the primitives get
 * them; g is read, not written. The arguments are the block at `args` (kernel-abi.mjs's `adam`).
 */
export function adam(args: usize): void {
  const s = changetype<AdamArgs>(args);
  const p = s.p;
  const g = s.g;
  const m = s.m;
  const v = s.v;
  const n = s.n;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const decayV = f32x4.splat(s.decay);
    const l2V = f32x4.splat(s.l2);
    const b1 = f32x4.splat(s.beta1);
    const rest1 = f32x4.splat(s.oneMinusBeta1);
    const b2 = f32x4.splat(s.beta2);
    const rest2 = f32x4.splat(s.oneMinusBeta2);
    const aV = f32x4.splat(s.a);
    const cV = f32x4.splat(s.c);
    const epsV = f32x4.splat(s.eps);
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      const pv = f32x4.mul(decayV, v128.load(p + at));
      const gv = f32x4.add(v128.load(g + at), f32x4.mul(l2V, pv));
      const mv = f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(rest1, gv));
      const vv = f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(rest2, f32x4.mul(gv, gv)));
      const denominator = f32x4.add(f32x4.sqrt(f32x4.mul(cV, vv)), epsV);
      v128.store(m + at, mv);
      v128.store(v + at, vv);
      v128.store(p + at, f32x4.add(pv, f32x4.div(f32x4.mul(aV, mv), denominator)));
    }
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const pi = s.decay * load<f32>(p + at);
    const gi = load<f32>(g + at) + s.l2 * pi;
    const mi = s.beta1 * load<f32>(m + at) + s.oneMinusBeta1 * gi;
    const vi = s.beta2 * load<f32>(v + at) + s.oneMinusBeta2 * (gi * gi);
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(p + at, pi + (s.a * mi) / (Mathf.sqrt(s.c * vi) + s.eps));
  }
}
