// Element-wise kernels over float32 matrices in linear memory that are not one activation's: the
// dense epilogue (bias + activation, applied to a tile of S while it is still in cache) and row
// sums. f(S) and δ = dZ ⊙ f'(X) are generated/dispatch.ts's, one case per activation of core's
// table. Pointers are byte offsets; lengths count floats.

import { activate } from './generated/dispatch';

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
