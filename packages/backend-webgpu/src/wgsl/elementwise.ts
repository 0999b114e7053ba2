// The element-wise kernels in WGSL: f(S), the fused δ = dZ ⊙ f'(X), the optimizers' in-place
// primitives and the whole Adam step. Each is one expression over element i, wrapped in the same
// grid: 256 invocations per workgroup, workgroups laid out in 2-D when one row of 65 535 is not
// enough. Every kernel's parameters start with `n`, the element count.

import type { Activation } from '@deltaml/core';
import { activationWgsl } from './activations.js';
import { type BindingSpec, type Kernel, kernel, type ParamLayout } from './kernel.js';

/** Invocations per workgroup. */
export const ELEMENTWISE_GROUP = 256;

/** An element-wise kernel: `n` and `params`, `bindings`, and `body` run for each i < n. */
function elementwise<const P extends ParamLayout, const B extends readonly BindingSpec[]>(
  key: string,
  params: P,
  bindings: B,
  body: string,
  helpers = '',
): Kernel<{ readonly n: 'u32' } & P, B> {
  return kernel(
    key,
    { n: 'u32', ...params },
    bindings,
    /* wgsl */ `${helpers}
@compute @workgroup_size(${ELEMENTWISE_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${ELEMENTWISE_GROUP}u;
  if (i >= P.n) { return; }
  ${body}
}
`,
  );
}

/** Z = f(S). */
export const activateKernel = (f: Activation) =>
  elementwise(
    `activate:${f.kind}`,
    { alpha: 'f32' },
    [{ name: 'S' }, { name: 'Z', write: true }],
    'Z[i] = activate(S[i], P.alpha);',
    activationWgsl(f),
  );

/** δ = dZ ⊙ f'(X). */
export const activateBackwardKernel = (f: Activation) =>
  elementwise(
    `activateBackward:${f.kind}`,
    { alpha: 'f32' },
    [{ name: 'X' }, { name: 'dZ' }, { name: 'delta', write: true }],
    'delta[i] = dZ[i] * derivative(X[i], P.alpha);',
    activationWgsl(f),
  );

/** y ← a·y + b·x. */
export const SCALE_ADD = elementwise(
  'scaleAdd',
  { a: 'f32', b: 'f32' },
  [{ name: 'y', write: true }, { name: 'x' }],
  'y[i] = P.a * y[i] + P.b * x[i];',
);

/** y ← a·y + b·x⊙x. */
export const SCALE_ADD_SQUARE = elementwise(
  'scaleAddSquare',
  { a: 'f32', b: 'f32' },
  [{ name: 'y', write: true }, { name: 'x' }],
  'let xi = x[i];\n  y[i] = P.a * y[i] + P.b * xi * xi;',
);

/** y ← y + a·x ⊘ (√(c·v) + eps). */
export const ADD_QUOTIENT = elementwise(
  'addQuotient',
  { a: 'f32', c: 'f32', eps: 'f32' },
  [{ name: 'y', write: true }, { name: 'x' }, { name: 'v' }],
  'y[i] = y[i] + P.a * x[i] / (sqrt(P.c * v[i]) + P.eps);',
);

/**
 * One Adam/AdamW step, the same operations in the same order as core's general path:
 * p ← p(1 − γλ_d); g ← g + λp; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p + a·m ⊘ (√(c·v) + ε)
 * with 1 − β₁ (rest1), 1 − β₂ (rest2), a = −γ/(1−β₁ᵗ) and c = 1/(1−β₂ᵗ) computed on the host in
 * float64 as the general path does.
 */
export const ADAM = elementwise(
  'adam',
  {
    decay: 'f32',
    l2: 'f32',
    beta1: 'f32',
    rest1: 'f32',
    beta2: 'f32',
    rest2: 'f32',
    a: 'f32',
    c: 'f32',
    eps: 'f32',
  },
  [{ name: 'p', write: true }, { name: 'g' }, { name: 'm', write: true }, { name: 'v', write: true }],
  `let p0 = p[i] * P.decay;
  let gi = g[i] + P.l2 * p0;
  let mi = P.beta1 * m[i] + P.rest1 * gi;
  let vi = P.beta2 * v[i] + P.rest2 * gi * gi;
  m[i] = mi;
  v[i] = vi;
  p[i] = p0 + P.a * mi / (sqrt(P.c * vi) + P.eps);`,
);
