// Element-wise kernels over float32 matrices in linear memory: the dense epilogue (bias +
// activation, applied to a tile of S while it is still in cache), f(S), the fused δ = dZ ⊙ f'(S),
// row sums and the in-place SGD update. Pointers are byte offsets; lengths count floats.

import { IDENTITY, RELU, smoothActivate, smoothDerivative } from './activation';

/**
 * Z = f(S) over n floats (S and Z may be the same). ReLU and leaky ReLU share one loop:
 * z = s > 0 ? s : alpha·s.
 */
export function activate(S: usize, Z: usize, n: i32, f: i32, alpha: f32): void {
  let i = 0;
  if (f === IDENTITY) {
    if (Z !== S) memory.copy(Z, S, (<usize>n) << 2);
    return;
  }
  if (f === RELU) {
    if (ASC_FEATURE_SIMD) {
      const zero = f32x4.splat(0);
      const a = f32x4.splat(alpha);
      for (; i + 4 <= n; i += 4) {
        const p = (<usize>i) << 2;
        const s = v128.load(S + p);
        v128.store(Z + p, v128.bitselect(s, f32x4.mul(s, a), f32x4.gt(s, zero)));
      }
    }
    for (; i < n; i++) {
      const p = (<usize>i) << 2;
      const s = load<f32>(S + p);
      store<f32>(Z + p, s > 0 ? s : alpha * s);
    }
    return;
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    store<f32>(Z + p, smoothActivate(f, load<f32>(S + p)));
  }
}

/** δ = dZ ⊙ f'(S) over n floats; ReLU'(0) = 0 (the seed's convention), leaky ReLU's slope is alpha. */
export function activateBackward(S: usize, dZ: usize, delta: usize, n: i32, f: i32, alpha: f32): void {
  let i = 0;
  if (f === IDENTITY) {
    memory.copy(delta, dZ, (<usize>n) << 2);
    return;
  }
  if (f === RELU) {
    if (ASC_FEATURE_SIMD) {
      const zero = f32x4.splat(0);
      const a = f32x4.splat(alpha);
      for (; i + 4 <= n; i += 4) {
        const p = (<usize>i) << 2;
        const g = v128.load(dZ + p);
        const mask = f32x4.gt(v128.load(S + p), zero);
        v128.store(delta + p, v128.bitselect(g, f32x4.mul(g, a), mask));
      }
    }
    for (; i < n; i++) {
      const p = (<usize>i) << 2;
      const g = load<f32>(dZ + p);
      store<f32>(delta + p, load<f32>(S + p) > 0 ? g : alpha * g);
    }
    return;
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    store<f32>(delta + p, load<f32>(dZ + p) * smoothDerivative(f, load<f32>(S + p)));
  }
}

/**
 * The dense epilogue on a rows × cols tile of S (row stride ldS bytes): S += b (one value per row,
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

/** param ← param − lr·grad over n floats, in place. */
export function sgdUpdate(param: usize, grad: usize, n: i32, lr: f32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const step = f32x4.splat(lr);
    for (; i + 4 <= n; i += 4) {
      const p = (<usize>i) << 2;
      v128.store(param + p, f32x4.sub(v128.load(param + p), f32x4.mul(step, v128.load(grad + p))));
    }
  }
  for (; i < n; i++) {
    const p = (<usize>i) << 2;
    store<f32>(param + p, load<f32>(param + p) - lr * load<f32>(grad + p));
  }
}
