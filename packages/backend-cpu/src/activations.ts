// The activation kernels of the CPU backend: the dense epilogue's bias, Z = f(S) and the fused
// δ = dZ ⊙ f'(X). The ReLU family and identity, which every benchmark network uses, get tight
// loops of their own; every other activation runs its definition from core's table, so adding
// an activation to core needs no change here.

import { ACTIVATIONS, type Activation, activationParameter } from '@deltaml/core';
import type { Float } from './memory.js';

/** S[i][n] += b[i] for a rows × cols matrix S. */
export function addBias(S: Float, b: Float, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = b[i];
    const row = i * cols;
    for (let n = 0; n < cols; n++) S[row + n] += bi;
  }
}

/** Z = f(S), element-wise. */
export function activateInto(f: Activation, S: Float, Z: Float): void {
  const n = S.length;
  const alpha = activationParameter(f);
  switch (f.kind) {
    case 'identity':
      Z.set(S);
      return;
    case 'relu':
    case 'leaky_relu':
      for (let i = 0; i < n; i++) Z[i] = S[i] > 0 ? S[i] : alpha * S[i];
      return;
    default: {
      const fn = ACTIVATIONS[f.kind].f;
      for (let i = 0; i < n; i++) Z[i] = fn(S[i], alpha);
    }
  }
}

/** δ = dZ ⊙ f'(X), element-wise; X is S or Z as the activation's `derivativeFrom` says. */
export function activateBackwardInto(f: Activation, X: Float, dZ: Float, delta: Float): void {
  const n = X.length;
  const alpha = activationParameter(f);
  switch (f.kind) {
    case 'identity':
      delta.set(dZ);
      return;
    case 'relu':
    case 'leaky_relu':
      for (let i = 0; i < n; i++) delta[i] = X[i] > 0 ? dZ[i] : alpha * dZ[i];
      return;
    default: {
      const derivative = ACTIVATIONS[f.kind].derivative;
      for (let i = 0; i < n; i++) delta[i] = dZ[i] * derivative(X[i], alpha);
    }
  }
}
