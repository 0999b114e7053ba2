// The element-wise kernels in WGSL: f(S), the fused δ = dZ ⊙ f'(X), the optimizers' in-place
// primitives and the whole Adam step. Each is one expression over element i, wrapped in the same
// grid: 256 invocations per workgroup, workgroups laid out in 2-D when one row of 65 535 is not
// enough. `n` is the element count.

import type { Activation } from '@deltaml/core';
import { activationWgsl } from './activations.js';

/** Invocations per workgroup. */
export const ELEMENTWISE_GROUP = 256;

/** One element-wise kernel: its uniform fields, its storage bindings (in binding order) and its body. */
interface ElementwiseSpec {
  readonly floats: readonly string[];
  readonly buffers: readonly { readonly name: string; readonly write?: boolean }[];
  readonly body: string;
  readonly helpers?: string;
}

function elementwiseWgsl({ floats, buffers, body, helpers = '' }: ElementwiseSpec): string {
  const fields = ['n: u32', 'pad0: u32', 'pad1: u32', 'pad2: u32', ...floats.map((f) => `${f}: f32`)];
  const bindings = buffers.map(
    ({ name, write }, i) =>
      `@group(0) @binding(${i + 1}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<f32>;`,
  );
  return /* wgsl */ `
struct Params { ${fields.join(', ')} }
@group(0) @binding(0) var<uniform> P: Params;
${bindings.join('\n')}
${helpers}
@compute @workgroup_size(${ELEMENTWISE_GROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * ${ELEMENTWISE_GROUP}u;
  if (i >= P.n) { return; }
  ${body}
}
`;
}

/** Z = f(S); bindings S, Z; uniform alpha. */
export const activateWgsl = (f: Activation) =>
  elementwiseWgsl({
    floats: ['alpha'],
    buffers: [{ name: 'S' }, { name: 'Z', write: true }],
    body: 'Z[i] = activate(S[i], P.alpha);',
    helpers: activationWgsl(f),
  });

/** δ = dZ ⊙ f'(X); bindings X, dZ, delta; uniform alpha. */
export const activateBackwardWgsl = (f: Activation) =>
  elementwiseWgsl({
    floats: ['alpha'],
    buffers: [{ name: 'X' }, { name: 'dZ' }, { name: 'delta', write: true }],
    body: 'delta[i] = dZ[i] * derivative(X[i], P.alpha);',
    helpers: activationWgsl(f),
  });

/** y ← a·y + b·x; bindings y, x. */
export const scaleAddWgsl = () =>
  elementwiseWgsl({
    floats: ['a', 'b'],
    buffers: [{ name: 'y', write: true }, { name: 'x' }],
    body: 'y[i] = P.a * y[i] + P.b * x[i];',
  });

/** y ← a·y + b·x⊙x; bindings y, x. */
export const scaleAddSquareWgsl = () =>
  elementwiseWgsl({
    floats: ['a', 'b'],
    buffers: [{ name: 'y', write: true }, { name: 'x' }],
    body: 'let xi = x[i];\n  y[i] = P.a * y[i] + P.b * xi * xi;',
  });

/** y ← y + a·x ⊘ (√(c·v) + eps); bindings y, x, v. */
export const addQuotientWgsl = () =>
  elementwiseWgsl({
    floats: ['a', 'c', 'eps'],
    buffers: [{ name: 'y', write: true }, { name: 'x' }, { name: 'v' }],
    body: 'y[i] = y[i] + P.a * x[i] / (sqrt(P.c * v[i]) + P.eps);',
  });

/**
 * One Adam/AdamW step, the same operations in the same order as core's general path:
 * p ← p(1 − γλ_d); g ← g + λp; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p + a·m ⊘ (√(c·v) + ε)
 * with 1 − β₁ (rest1), 1 − β₂ (rest2), a = −γ/(1−β₁ᵗ) and c = 1/(1−β₂ᵗ) computed on the host in
 * float64 as the general path does. Bindings p, g, m, v.
 */
export const adamWgsl = () =>
  elementwiseWgsl({
    floats: ['decay', 'l2', 'beta1', 'rest1', 'beta2', 'rest2', 'a', 'c', 'eps'],
    buffers: [
      { name: 'p', write: true },
      { name: 'g' },
      { name: 'm', write: true },
      { name: 'v', write: true },
    ],
    body: `let p0 = p[i] * P.decay;
  let gi = g[i] + P.l2 * p0;
  let mi = P.beta1 * m[i] + P.rest1 * gi;
  let vi = P.beta2 * v[i] + P.rest2 * gi * gi;
  m[i] = mi;
  v[i] = vi;
  p[i] = p0 + P.a * mi / (sqrt(P.c * vi) + P.eps);`,
  });
