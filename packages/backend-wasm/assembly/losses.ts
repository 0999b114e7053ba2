// The two loss kernels over Z_L (d × N, one column per example), each returning the loss and
// writing ∂L/∂Z_L: MSE (Exercise 1) and the seed's softmax multi-class hinge (Exercise 3).
// Sums are taken in float64 so that the loss agrees with core's float64 reference.

/** L = ‖Z − Y‖²_F / (2N); dZ = (Z − Y)/N over n = d·N floats. */
export function mse(Z: usize, Y: usize, dZ: usize, n: i32, N: i32): f64 {
  let sum: f64 = 0;
  const scale: f32 = <f32>(1.0 / <f64>N);
  for (let i = 0; i < n; i++) {
    const p = (<usize>i) << 2;
    const diff = load<f32>(Z + p) - load<f32>(Y + p);
    sum += <f64>diff * <f64>diff;
    store<f32>(dZ + p, diff * scale);
  }
  return sum / (2 * <f64>N);
}

/**
 * For each example n: p = softmax(Z[:, n]), L_n = Σ_{l≠y} max(0, p_l − p_y + margin), the indicator
 * being p_l − p_y + margin ≥ 0. With A the active classes, c = |A| and P = Σ_{l∈A} p_l, the seed's
 * gradient becomes dZ_j = p_j (1[j∈A] − c·1[j=y] − P + c·p_y). `labels` holds class indices as
 * float32 (checked by the caller); `p` is scratch for d float64 values.
 */
export function hinge(Z: usize, labels: usize, dZ: usize, d: i32, N: i32, margin: f64, p: usize): f64 {
  let loss: f64 = 0;
  for (let n = 0; n < N; n++) {
    let max = -Infinity;
    for (let j = 0; j < d; j++) max = Math.max(max, <f64>load<f32>(Z + ((<usize>(j * N + n)) << 2)));
    let total: f64 = 0;
    for (let j = 0; j < d; j++) {
      const e = Math.exp(<f64>load<f32>(Z + ((<usize>(j * N + n)) << 2)) - max);
      store<f64>(p + ((<usize>j) << 3), e);
      total += e;
    }
    for (let j = 0; j < d; j++) store<f64>(p + ((<usize>j) << 3), load<f64>(p + ((<usize>j) << 3)) / total);
    const y = <i32>load<f32>(labels + ((<usize>n) << 2));
    const py = load<f64>(p + ((<usize>y) << 3));
    let c: f64 = 0;
    let P: f64 = 0;
    for (let l = 0; l < d; l++) {
      const pl = load<f64>(p + ((<usize>l) << 3));
      const violation = pl - py + margin;
      if (l !== y && violation >= 0) {
        loss += violation;
        c += 1;
        P += pl;
      }
    }
    for (let j = 0; j < d; j++) {
      const pj = load<f64>(p + ((<usize>j) << 3));
      const active: f64 = j !== y && pj - py + margin >= 0 ? 1 : 0;
      const grad = pj * (active - (j === y ? c : 0) - P + c * py);
      store<f32>(dZ + ((<usize>(j * N + n)) << 2), <f32>grad);
    }
  }
  return loss;
}
