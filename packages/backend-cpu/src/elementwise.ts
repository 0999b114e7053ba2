// The element-wise kernels of the CPU backend besides the activations: row sums and the in-place
// updates core's optimizers are written with, plus a fused Adam step that does in one pass what
// the general path does in three.

import type { AdamStep } from '@deltaml/core';
import type { Float } from './memory.js';

/** out[i] = Σ_n delta[i][n] (δ·1_N). */
export function rowSumInto(delta: Float, out: Float, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    const row = i * cols;
    for (let n = 0; n < cols; n++) sum += delta[row + n];
    out[i] = sum;
  }
}

/** y ← a·y + b·x */
export function scaleAddInPlace(y: Float, x: Float, a: number, b: number): void {
  const n = y.length;
  if (a === 1) for (let i = 0; i < n; i++) y[i] += b * x[i];
  else for (let i = 0; i < n; i++) y[i] = a * y[i] + b * x[i];
}

/** y ← a·y + b·x⊙x */
export function scaleAddSquareInPlace(y: Float, x: Float, a: number, b: number): void {
  for (let i = 0; i < y.length; i++) y[i] = a * y[i] + b * x[i] * x[i];
}

/** y ← y + a·x ⊘ (√(c·v) + eps) */
export function addQuotientInPlace(y: Float, x: Float, v: Float, a: number, c: number, eps: number): void {
  for (let i = 0; i < y.length; i++) y[i] += (a * x[i]) / (Math.sqrt(c * v[i]) + eps);
}

/** One Adam/AdamW step, the same arithmetic as core's general path (optimizers/adam.ts) in one pass. */
export function adamInPlace(p: Float, g: Float, m: Float, v: Float, s: AdamStep): void {
  const decay = 1 - s.lr * s.decoupledWeightDecay;
  const step = -s.lr / (1 - s.beta1 ** s.t);
  const c = 1 / (1 - s.beta2 ** s.t);
  const b1 = 1 - s.beta1;
  const b2 = 1 - s.beta2;
  for (let i = 0; i < p.length; i++) {
    if (s.decoupledWeightDecay > 0) p[i] *= decay;
    const gi = s.weightDecay > 0 ? g[i] + s.weightDecay * p[i] : g[i];
    m[i] = s.beta1 * m[i] + b1 * gi;
    v[i] = s.beta2 * v[i] + b2 * gi * gi;
    p[i] += (step * m[i]) / (Math.sqrt(c * v[i]) + s.eps);
  }
}
