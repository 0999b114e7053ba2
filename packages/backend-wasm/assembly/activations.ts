// The wasm code of each activation of core's table: `<kind>_f(s, alpha)` = f(s) and
// `<kind>_delta(x, g, alpha)` = g·f'(x), x being S or Z = f(S) as the table's `derivativeFrom`
// says; optionally `<kind>_f4` and `<kind>_delta4`, the same on four lanes of a v128, which must
// round exactly as the scalar form does. generated/dispatch.ts (from core's table) calls them:
// an activation of the table without its functions here fails the build, naming the function.

import { GELU_A, GELU_C } from './generated/constants';

const ONE: f32 = 1;

/** σ(s) = 1 / (1 + e^−s); e^−s = ∞ gives 0, never NaN. */
function sigmoid(s: f32): f32 {
  return ONE / (ONE + Mathf.exp(-s));
}

export function identity_f(s: f32, _alpha: f32): f32 {
  return s;
}
export function identity_f4(s: v128, _alpha: v128): v128 {
  return s;
}
export function identity_delta(_x: f32, g: f32, _alpha: f32): f32 {
  return g;
}
export function identity_delta4(_x: v128, g: v128, _alpha: v128): v128 {
  return g;
}

/** ReLU: the negative side is exactly 0, even for s = −∞; f'(0) = 0, the seed's convention. */
export function relu_f(s: f32, _alpha: f32): f32 {
  return s > 0 ? s : 0;
}
export function relu_f4(s: v128, _alpha: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.bitselect(s, zero, f32x4.gt(s, zero));
}
export function relu_delta(x: f32, g: f32, _alpha: f32): f32 {
  return x > 0 ? g : 0;
}
export function relu_delta4(x: v128, g: v128, _alpha: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.bitselect(g, zero, f32x4.gt(x, zero));
}

/** Leaky ReLU with slope alpha for s ≤ 0. */
export function leaky_relu_f(s: f32, alpha: f32): f32 {
  return s > 0 ? s : alpha * s;
}
export function leaky_relu_f4(s: v128, alpha: v128): v128 {
  return v128.bitselect(s, f32x4.mul(s, alpha), f32x4.gt(s, f32x4.splat(0)));
}
export function leaky_relu_delta(x: f32, g: f32, alpha: f32): f32 {
  return x > 0 ? g : alpha * g;
}
export function leaky_relu_delta4(x: v128, g: v128, alpha: v128): v128 {
  return v128.bitselect(g, f32x4.mul(g, alpha), f32x4.gt(x, f32x4.splat(0)));
}

/** Sigmoid; f' = z(1 − z) from the output z. */
export function sigmoid_f(s: f32, _alpha: f32): f32 {
  return sigmoid(s);
}
export function sigmoid_delta(z: f32, g: f32, _alpha: f32): f32 {
  return g * (z * (1 - z));
}
export function sigmoid_delta4(z: v128, g: v128, _alpha: v128): v128 {
  return f32x4.mul(g, f32x4.mul(z, f32x4.sub(f32x4.splat(1), z)));
}

/** tanh; f' = 1 − z² from the output z. */
export function tanh_f(s: f32, _alpha: f32): f32 {
  return Mathf.tanh(s);
}
export function tanh_delta(z: f32, g: f32, _alpha: f32): f32 {
  return g * (1 - z * z);
}
export function tanh_delta4(z: v128, g: v128, _alpha: v128): v128 {
  return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(z, z)));
}

/** GELU(s) = s/2·(1 + tanh(C(s + A s³))), in float64. */
export function gelu_f(s: f32, _alpha: f32): f32 {
  const x = <f64>s;
  return <f32>(0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x))));
}
/** GELU'(s) = (1 + t)/2 + s/2·(1 − t²)·C(1 + 3A s²) with t = tanh(C(s + A s³)), in float64. */
export function gelu_delta(s: f32, g: f32, _alpha: f32): f32 {
  const x = <f64>s;
  const t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
  return g * <f32>(0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x));
}

/** softplus(s) = ln(1 + e^s) = max(s, 0) + ln(1 + e^−|s|): no overflow for large s; f' = σ(s). */
export function softplus_f(s: f32, _alpha: f32): f32 {
  return max(s, <f32>0) + Mathf.log1p(Mathf.exp(-Mathf.abs(s)));
}
export function softplus_delta(s: f32, g: f32, _alpha: f32): f32 {
  return g * sigmoid(s);
}
