// The activations f and their derivatives f' as the kernels see them: the integer codes of core's
// activation table (ACTIVATIONS[kind].code) and scalar float32 definitions of the smooth ones.
// GELU is evaluated in float64: in float32 its cubic overflows (and 0·∞ would make f' NaN) for
// |s| past ~1e12, which float64 keeps finite for every float32 input.

/** Codes of core's ACTIVATIONS table; src/backend.ts passes ACTIVATIONS[f.kind].code. */
export const IDENTITY: i32 = 0;
export const RELU: i32 = 1;
export const SIGMOID: i32 = 2;
export const TANH: i32 = 3;
export const LEAKY_RELU: i32 = 4;
export const GELU: i32 = 5;
export const SOFTPLUS: i32 = 6;

const ONE: f32 = 1;
/** √(2/π) and 0.044715: GELU's tanh-form constants, as in core */
const GELU_C: f64 = 0.7978845608028654;
const GELU_A: f64 = 0.044715;

/** σ(s) = 1 / (1 + e^−s); e^−s = ∞ gives 0, never NaN. */
export function sigmoid(s: f32): f32 {
  return ONE / (ONE + Mathf.exp(-s));
}

/** GELU(s) = s/2·(1 + tanh(√(2/π)(s + 0.044715 s³))), in float64. */
export function gelu(s: f32): f32 {
  const x = <f64>s;
  return <f32>(0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x * x * x))));
}

/** GELU'(s) = (1 + t)/2 + s/2·(1 − t²)·√(2/π)(1 + 3·0.044715 s²) with t = tanh(…), in float64. */
export function geluDerivative(s: f32): f32 {
  const x = <f64>s;
  const t = Math.tanh(GELU_C * (x + GELU_A * x * x * x));
  return <f32>(0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x));
}

/** softplus(s) = ln(1 + e^s) = max(s, 0) + ln(1 + e^−|s|): no overflow for large s. */
export function softplus(s: f32): f32 {
  return max(s, <f32>0) + Mathf.log1p(Mathf.exp(-Mathf.abs(s)));
}
