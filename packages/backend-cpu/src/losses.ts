// The two loss kernels on the CPU: MSE and the seed's softmax multi-class hinge (Exercise 3),
// each returning the loss and ∂L/∂Z_L in one pass over Z_L (d × N, one column per example).

import type { Float } from './memory.js';

/** L = ‖Z − Y‖²_F / (2N); dZ = (Z − Y)/N. */
export function mseInto(Z: Float, Y: Float, dZ: Float, N: number): number {
  let sum = 0;
  for (let i = 0; i < Z.length; i++) {
    const diff = Z[i] - Y[i];
    sum += diff * diff;
    dZ[i] = diff / N;
  }
  return sum / (2 * N);
}

/**
 * For each example i (a column): p = softmax(Z[:, i]) and L_i = Σ_{l≠y} max(0, p_l − p_y + margin).
 * With A = {l ≠ y : p_l − p_y + margin ≥ 0}, c = |A| and P = Σ_{l∈A} p_l, the seed's gradient
 * Σ_{l∈A} p_j (1[l=j] − 1[y=j] − p_l + p_y) becomes p_j (1[j∈A] − c·1[j=y] − P + c·p_y).
 */
export function hingeInto(Z: Float, labels: Float, dZ: Float, d: number, N: number, margin: number): number {
  const p = new Float64Array(d);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < d; j++) max = Math.max(max, Z[j * N + n]);
    let total = 0;
    for (let j = 0; j < d; j++) total += p[j] = Math.exp(Z[j * N + n] - max);
    for (let j = 0; j < d; j++) p[j] /= total;
    const y = labels[n];
    let c = 0;
    let P = 0;
    for (let l = 0; l < d; l++) {
      const violation = p[l] - p[y] + margin;
      if (l !== y && violation >= 0) {
        loss += violation;
        c++;
        P += p[l];
      }
    }
    for (let j = 0; j < d; j++) {
      const active = j !== y && p[j] - p[y] + margin >= 0 ? 1 : 0;
      dZ[j * N + n] = p[j] * (active - (j === y ? c : 0) - P + c * p[y]);
    }
  }
  return loss;
}
