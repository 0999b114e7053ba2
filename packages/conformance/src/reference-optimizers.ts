// Float64 references of every optimizer of core's registry, each written from PyTorch's
// torch.optim documentation on plain number arrays (one parameter at a time), and a reference
// training run that applies them to the float64 gradients for a number of steps.

import type { LossSpec, ModelSpec, OptimizerKind, OptimizerSpec } from '@deltaml/core';
import { type Mat, referenceGradients } from './reference.js';

/** One parameter's state: named buffers, zero before the first step. */
export type ReferenceState = Record<string, number[]>;

/** A float64 reference of one optimizer: one update of one parameter p with gradient g, in place. */
export type ReferenceUpdate<K extends OptimizerKind> = (
  spec: Extract<OptimizerSpec, { kind: K }>,
  p: number[],
  g: number[],
  state: ReferenceState,
  lr: number,
  t: number,
) => void;

const buffer = (state: ReferenceState, name: string, n: number) => {
  state[name] ??= new Array(n).fill(0);
  return state[name];
};

/**
 * The learning rate each optimizer is checked at against its reference: one that moves each a
 * comparable distance in the check's 20 steps. Beside the references, so that a new optimizer's
 * conformance is this one file; a missing entry fails to compile.
 */
export const REFERENCE_LEARNING_RATES: { readonly [K in OptimizerKind]: number } = {
  sgd: 0.1,
  adam: 0.01,
  adamw: 0.01,
  rmsprop: 0.01,
};

/** One reference per optimizer of core's registry; an optimizer without one fails to compile. */
export const REFERENCE_OPTIMIZERS: { readonly [K in OptimizerKind]: ReferenceUpdate<K> } = {
  sgd(spec, p, g, state, lr) {
    // torch.optim.SGD (dampening 0): g += λp; b = μb + g (b = g at t = 1); g = g + μb (Nesterov) or b; p −= γg
    for (let i = 0; i < p.length; i++) {
      let gi = g[i] + spec.weightDecay * p[i];
      if (spec.momentum > 0) {
        const b = buffer(state, 'momentum_buffer', p.length);
        b[i] = spec.momentum * b[i] + gi;
        gi = spec.nesterov ? gi + spec.momentum * b[i] : b[i];
      }
      p[i] -= lr * gi;
    }
  },
  adam(spec, p, g, state, lr, t) {
    adamReference(spec, p, g, state, lr, t, spec.weightDecay, 0);
  },
  adamw(spec, p, g, state, lr, t) {
    adamReference(spec, p, g, state, lr, t, 0, spec.weightDecay);
  },
  rmsprop(spec, p, g, state, lr) {
    // torch.optim.RMSprop: g += λp; v = αv + (1−α)g²; b = μb + g/(√v + ε), p −= γb; or p −= γ g/(√v + ε)
    const v = buffer(state, 'square_avg', p.length);
    for (let i = 0; i < p.length; i++) {
      const gi = g[i] + spec.weightDecay * p[i];
      v[i] = spec.alpha * v[i] + (1 - spec.alpha) * gi * gi;
      const step = gi / (Math.sqrt(v[i]) + spec.eps);
      if (spec.momentum > 0) {
        const b = buffer(state, 'momentum_buffer', p.length);
        b[i] = spec.momentum * b[i] + step;
        p[i] -= lr * b[i];
      } else {
        p[i] -= lr * step;
      }
    }
  },
};

/** torch.optim.Adam / AdamW: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), p −= γ m̂/(√v̂ + ε). */
function adamReference(
  spec: { beta1: number; beta2: number; eps: number },
  p: number[],
  g: number[],
  state: ReferenceState,
  lr: number,
  t: number,
  l2: number,
  decoupled: number,
): void {
  const m = buffer(state, 'exp_avg', p.length);
  const v = buffer(state, 'exp_avg_sq', p.length);
  for (let i = 0; i < p.length; i++) {
    p[i] *= 1 - lr * decoupled;
    const gi = g[i] + l2 * p[i];
    m[i] = spec.beta1 * m[i] + (1 - spec.beta1) * gi;
    v[i] = spec.beta2 * v[i] + (1 - spec.beta2) * gi * gi;
    const mHat = m[i] / (1 - spec.beta1 ** t);
    const vHat = v[i] / (1 - spec.beta2 ** t);
    p[i] -= (lr * mHat) / (Math.sqrt(vHat) + spec.eps);
  }
}

/** One update of one parameter with `spec`'s reference. */
export function referenceUpdate(
  spec: OptimizerSpec,
  p: number[],
  g: number[],
  state: ReferenceState,
  lr: number,
  t: number,
): void {
  (REFERENCE_OPTIMIZERS[spec.kind] as ReferenceUpdate<OptimizerKind>)(spec as never, p, g, state, lr, t);
}

/** `steps` full-batch steps of `spec` on `model` in float64; returns the trained model. */
export function referenceTraining(
  model: ModelSpec,
  X: Mat,
  T: Mat,
  loss: LossSpec,
  spec: OptimizerSpec,
  lr: number,
  steps: number,
): ModelSpec {
  let current = model;
  const states = new Map<string, ReferenceState>();
  const state = (key: string) => {
    if (!states.has(key)) states.set(key, {});
    return states.get(key) as ReferenceState;
  };
  for (let t = 1; t <= steps; t++) {
    const r = referenceGradients(current, X, T, loss);
    current = {
      ...current,
      layers: current.layers.map((layer, l) => {
        const rows = layer.weights.length;
        const cols = layer.weights[0].length;
        const p = layer.weights.flat();
        referenceUpdate(spec, p, r.gradW[l].flat(), state(`W${l}`), lr, t);
        const weights = Array.from({ length: rows }, (_, i) => p.slice(i * cols, (i + 1) * cols));
        if (!layer.bias) return { ...layer, weights };
        const bias = [...layer.bias];
        referenceUpdate(spec, bias, [...(r.gradb[l] as number[])], state(`b${l}`), lr, t);
        return { ...layer, weights, bias };
      }),
    };
  }
  return current;
}
