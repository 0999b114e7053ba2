// The element-wise kernels of the CPU backend: the dense epilogue (bias + activation), f(S),
// the fused δ = dZ ⊙ f'(S), row sums and the in-place SGD update. Each activation gets its own
// tight loop so that no function is called per element.

import { type Activation, negativeSlope } from '@deltaml/core';
import type { Float } from './memory.js';

/** Z = f(S), element-wise. */
export function activateInto(f: Activation, S: Float, Z: Float): void {
  const n = S.length;
  switch (f.kind) {
    case 'identity':
      Z.set(S);
      return;
    case 'relu':
    case 'leaky_relu': {
      const alpha = negativeSlope(f);
      for (let i = 0; i < n; i++) Z[i] = S[i] > 0 ? S[i] : alpha * S[i];
      return;
    }
    case 'sigmoid':
      for (let i = 0; i < n; i++) Z[i] = 1 / (1 + Math.exp(-S[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) Z[i] = Math.tanh(S[i]);
      return;
  }
}

/** δ = dZ ⊙ f'(S), element-wise; f' is taken from S (ReLU'(0) = 0). */
export function activateBackwardInto(f: Activation, S: Float, dZ: Float, delta: Float): void {
  const n = S.length;
  switch (f.kind) {
    case 'identity':
      delta.set(dZ);
      return;
    case 'relu':
    case 'leaky_relu': {
      const alpha = negativeSlope(f);
      for (let i = 0; i < n; i++) delta[i] = S[i] > 0 ? dZ[i] : alpha * dZ[i];
      return;
    }
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const z = 1 / (1 + Math.exp(-S[i]));
        delta[i] = dZ[i] * z * (1 - z);
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const z = Math.tanh(S[i]);
        delta[i] = dZ[i] * (1 - z * z);
      }
      return;
  }
}

/** S[i][n] += b[i] for a rows × cols matrix S. */
export function addBias(S: Float, b: Float, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = b[i];
    const row = i * cols;
    for (let n = 0; n < cols; n++) S[row + n] += bi;
  }
}

/** out[i] = Σ_n delta[i][n] (δ·1_N). */
export function rowSumInto(delta: Float, out: Float, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    const row = i * cols;
    for (let n = 0; n < cols; n++) sum += delta[row + n];
    out[i] = sum;
  }
}

/** param ← param − lr·grad, in place. */
export function sgdInPlace(param: Float, grad: Float, lr: number): void {
  for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
}
