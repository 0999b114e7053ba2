// Element-wise kernels over float32 matrices in linear memory: f(S), the fused δ = dZ ⊙ f'(X)
// (X is S or Z as core's table says), the dense epilogue (bias + activation, applied to a tile of
// S while it is still in cache) and row sums. Pointers are byte offsets; lengths count floats.
// An activation code outside core's table traps: no kernel guesses a function.

import {
  GELU,
  gelu,
  geluDerivative,
  IDENTITY,
  LEAKY_RELU,
  RELU,
  SIGMOID,
  SOFTPLUS,
  sigmoid,
  softplus,
  TANH,
} from './activation';

/**
 * Z = s > 0 ? s : slope·s over n floats, for ReLU (`leaky` false: the negative side is exactly 0,
 * even for s = −∞) and leaky ReLU (slope alpha).
 */
function rectify(S: usize, Z: usize, n: i32, alpha: f32, leaky: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const a = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      const s = v128.load(S + p);
      v128.store(Z + p, v128.bitselect(s, leaky ? f32x4.mul(s, a) : zero, f32x4.gt(s, zero)));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    const s = load<f32>(S + p);
    store<f32>(Z + p, s > 0 ? s : leaky ? alpha * s : 0);
  }
}

/** Z = f(S) over n floats (S and Z may be the same); `alpha` is leaky ReLU's slope. */
export function activate(S: usize, Z: usize, n: i32, f: i32, alpha: f32): void {
  switch (f) {
    case IDENTITY:
      if (Z !== S) memory.copy(Z, S, (<usize>n) << 2);
      return;
    case RELU:
      rectify(S, Z, n, 0, false);
      return;
    case LEAKY_RELU:
      rectify(S, Z, n, alpha, true);
      return;
    case SIGMOID:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(Z + p, sigmoid(load<f32>(S + p)));
      }
      return;
    case TANH:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(Z + p, Mathf.tanh(load<f32>(S + p)));
      }
      return;
    case GELU:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(Z + p, gelu(load<f32>(S + p)));
      }
      return;
    case SOFTPLUS:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(Z + p, softplus(load<f32>(S + p)));
      }
      return;
    default:
      unreachable();
  }
}

/** δ = dZ ⊙ f'(S) for ReLU (f'(0) = 0, the seed's convention) and leaky ReLU (slope alpha). */
function rectifyBackward(S: usize, dZ: usize, delta: usize, n: i32, alpha: f32, leaky: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const a = f32x4.splat(alpha);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      const g = v128.load(dZ + p);
      const mask = f32x4.gt(v128.load(S + p), zero);
      v128.store(delta + p, v128.bitselect(g, leaky ? f32x4.mul(g, a) : zero, mask));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    const g = load<f32>(dZ + p);
    store<f32>(delta + p, load<f32>(S + p) > 0 ? g : leaky ? alpha * g : 0);
  }
}

/** δ = dZ ⊙ f'(Z) for sigmoid (f' = z(1 − z)) and tanh (f' = 1 − z²), from the layer's output Z. */
function smoothBackwardFromZ(Z: usize, dZ: usize, delta: usize, n: i32, isSigmoid: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f32x4.splat(1);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      const z = v128.load(Z + p);
      const d = isSigmoid ? f32x4.mul(z, f32x4.sub(one, z)) : f32x4.sub(one, f32x4.mul(z, z));
      v128.store(delta + p, f32x4.mul(v128.load(dZ + p), d));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    const z = load<f32>(Z + p);
    const d: f32 = isSigmoid ? z * (1 - z) : 1 - z * z;
    store<f32>(delta + p, load<f32>(dZ + p) * d);
  }
}

/**
 * δ = dZ ⊙ f'(X) over n floats, where X is S for identity, the ReLU family, GELU and softplus,
 * and Z = f(S) for sigmoid and tanh (core's `derivativeFrom`).
 */
export function activateBackward(X: usize, dZ: usize, delta: usize, n: i32, f: i32, alpha: f32): void {
  switch (f) {
    case IDENTITY:
      memory.copy(delta, dZ, (<usize>n) << 2);
      return;
    case RELU:
      rectifyBackward(X, dZ, delta, n, 0, false);
      return;
    case LEAKY_RELU:
      rectifyBackward(X, dZ, delta, n, alpha, true);
      return;
    case SIGMOID:
      smoothBackwardFromZ(X, dZ, delta, n, true);
      return;
    case TANH:
      smoothBackwardFromZ(X, dZ, delta, n, false);
      return;
    case GELU:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(delta + p, load<f32>(dZ + p) * geluDerivative(load<f32>(X + p)));
      }
      return;
    case SOFTPLUS:
      for (let i = 0; i < n; i++) {
        const p = (<usize>i) << 2;
        store<f32>(delta + p, load<f32>(dZ + p) * sigmoid(load<f32>(X + p)));
      }
      return;
    default:
      unreachable();
  }
}

/**
 * The dense epilogue on a rows × cols tile of S (row stride ld bytes): S += b (one value per row,
 * `b` = 0 for no bias), then, when Z ≠ 0, Z = f(S) into the same tile of Z (same stride).
 */
export function epilogue(
  S: usize,
  Z: usize,
  ld: usize,
  rows: i32,
  cols: i32,
  b: usize,
  f: i32,
  alpha: f32,
): void {
  for (let r = 0; r < rows; r++) {
    const row = <usize>r * ld;
    if (b !== 0) {
      const bias = load<f32>(b + ((<usize>r) << 2));
      let j = 0;
      if (ASC_FEATURE_SIMD) {
        const bv = f32x4.splat(bias);
        for (; j + 4 <= cols; j += 4) {
          const p = S + row + ((<usize>j) << 2);
          v128.store(p, f32x4.add(v128.load(p), bv));
        }
      }
      for (; j < cols; j++) {
        const p = S + row + ((<usize>j) << 2);
        store<f32>(p, load<f32>(p) + bias);
      }
    }
    if (Z !== 0) activate(S + row, Z + row, cols, f, alpha);
  }
}

/** out[i] = Σ_n delta[i][n] for a rows × cols matrix (δ·1_N). */
export function rowSum(delta: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = delta + ((<usize>r * <usize>cols) << 2);
    let sum: f32 = 0;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      let acc = f32x4.splat(0);
      for (; j + 4 <= cols; j += 4) acc = f32x4.add(acc, v128.load(row + ((<usize>j) << 2)));
      sum =
        f32x4.extract_lane(acc, 0) +
        f32x4.extract_lane(acc, 1) +
        (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    }
    for (; j < cols; j++) sum += load<f32>(row + ((<usize>j) << 2));
    store<f32>(out + ((<usize>r) << 2), sum);
  }
}
