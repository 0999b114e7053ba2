// Core's activation table in WGSL: f(s) and δ = dZ ⊙ f'(X), X being S or Z as the table's
// `derivativeFrom` says. One exhaustive switch, so a new activation in core fails to compile here
// until it has its kernel. `alpha` is the activation's parameter (leaky ReLU's slope), read from
// the kernel's uniforms; tanh is written through exp(−2|s|), which stays finite for any s (WGSL's
// own tanh may be computed as sinh/cosh and overflow).

import { ACTIVATIONS, type Activation } from '@deltaml/core';

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
const GELU_C: f32 = ${Math.sqrt(2 / Math.PI)};
const GELU_A: f32 = 0.044715;
`;

/** The bodies of `f(s)` and `f'(x)` for one kind, as WGSL expressions over `s`/`x` and `alpha`. */
function bodies(f: Activation): { f: string; derivative: string } {
  switch (f.kind) {
    case 'identity':
      return { f: 'return s;', derivative: 'return 1.0;' };
    case 'relu':
      return { f: 'return select(0.0, s, s > 0.0);', derivative: 'return select(0.0, 1.0, x > 0.0);' };
    case 'leaky_relu':
      return {
        f: 'return select(alpha * s, s, s > 0.0);',
        derivative: 'return select(alpha, 1.0, x > 0.0);',
      };
    case 'sigmoid':
      return { f: 'return stable_sigmoid(s);', derivative: 'return x * (1.0 - x);' };
    case 'tanh':
      return { f: 'return stable_tanh(s);', derivative: 'return 1.0 - x * x;' };
    case 'gelu':
      return {
        f: 'return 0.5 * s * (1.0 + stable_tanh(GELU_C * (s + GELU_A * s * s * s)));',
        derivative: `let t = stable_tanh(GELU_C * (x + GELU_A * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * x * x);`,
      };
    case 'softplus':
      return { f: 'return max(s, 0.0) + log(1.0 + exp(-abs(s)));', derivative: 'return stable_sigmoid(x);' };
  }
}

/** WGSL defining `activate(s, alpha)` and `derivative(x, alpha)` for f; `x` is S or Z per the table. */
export function activationWgsl(f: Activation): string {
  const { f: body, derivative } = bodies(f);
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
