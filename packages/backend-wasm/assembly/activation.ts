// The activations f and their derivatives f' as the kernels see them: one small integer code per
// kind (the JavaScript side maps core's Activation to it) and scalar float32 definitions.

/** Codes shared with src/kernels.ts: identity, ReLU / leaky ReLU (negative slope alpha), sigmoid, tanh. */
export const IDENTITY: i32 = 0;
export const RELU: i32 = 1;
export const SIGMOID: i32 = 2;
export const TANH: i32 = 3;

const ONE: f32 = 1;

/** f(s) for the sigmoid and tanh kinds (identity and ReLU have their own vector loops). */
export function smoothActivate(f: i32, s: f32): f32 {
  return f === SIGMOID ? ONE / (ONE + Mathf.exp(-s)) : Mathf.tanh(s);
}

/** f'(s) for the sigmoid and tanh kinds, taken from S as core's derivativeScalar does. */
export function smoothDerivative(f: i32, s: f32): f32 {
  if (f === SIGMOID) {
    const z = ONE / (ONE + Mathf.exp(-s));
    return z * (ONE - z);
  }
  const z = Mathf.tanh(s);
  return ONE - z * z;
}
