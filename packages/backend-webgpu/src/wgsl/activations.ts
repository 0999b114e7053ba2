// Core's activation table in WGSL: f(s) and δ = dZ ⊙ f'(X), X being S or Z as the table's
// `derivativeFrom` says. One entry per kind of the table (a kind without its entry fails the
// typecheck), and the table's constants (GELU's) emitted as WGSL constants `<KIND>_<NAME>`. `alpha` is the activation's parameter (leaky ReLU's slope), read from
// the kernel's uniforms; tanh is written through exp(−2|s|), which stays finite for any s (WGSL's
// own tanh may be computed as sinh/cosh and overflow).

import { ACTIVATION_KINDS, ACTIVATIONS, type Activation, type ActivationKind } from '@deltaml/core';

/** WGSL helpers every activation kernel includes. */
const HELPERS = /* wgsl */ `
fn stable_tanh(s: f32) -> f32 {
  let e = exp(-2.0 * abs(s));
  return sign(s) * (1.0 - e) / (1.0 + e);
}
fn stable_sigmoid(s: f32) -> f32 {
  if (s >= 0.0) { return 1.0 / (1.0 + exp(-s)); }
  let e = exp(s);
  return e / (1.0 + e);
}
${ACTIVATION_KINDS.flatMap((kind) =>
  Object.entries(ACTIVATIONS[kind].constants ?? {}).map(
    ([name, value]) => `const ${kind.toUpperCase()}_${name}: f32 = ${value};`,
  ),
).join('\n')}
`;

/** The bodies of `f(s)` and `f'(x)` for each kind, as WGSL statements over `s`/`x` and `alpha`. */
const BODIES: { readonly [K in ActivationKind]: { readonly f: string; readonly derivative: string } } = {
  identity: { f: 'return s;', derivative: 'return 1.0;' },
  relu: { f: 'return select(0.0, s, s > 0.0);', derivative: 'return select(0.0, 1.0, x > 0.0);' },
  leaky_relu: {
    f: 'return select(alpha * s, s, s > 0.0);',
    derivative: 'return select(alpha, 1.0, x > 0.0);',
  },
  sigmoid: { f: 'return stable_sigmoid(s);', derivative: 'return x * (1.0 - x);' },
  tanh: { f: 'return stable_tanh(s);', derivative: 'return 1.0 - x * x;' },
  gelu: {
    f: 'return 0.5 * s * (1.0 + stable_tanh(GELU_C * (s + GELU_A * s * s * s)));',
    derivative: `let t = stable_tanh(GELU_C * (x + GELU_A * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * x * x);`,
  },
  softplus: { f: 'return max(s, 0.0) + log(1.0 + exp(-abs(s)));', derivative: 'return stable_sigmoid(x);' },
};

/** WGSL defining `activate(s, alpha)` and `derivative(x, alpha)` for f; `x` is S or Z per the table. */
export function activationWgsl(f: Activation): string {
  const { f: body, derivative } = BODIES[f.kind];
  return `${HELPERS}
fn activate(s: f32, alpha: f32) -> f32 {
  ${body}
}
// x is ${ACTIVATIONS[f.kind].derivativeFrom}
fn derivative(x: f32, alpha: f32) -> f32 {
  ${derivative}
}
`;
}
