// The backward pass of the seed's Exercise 1, line for line:
//   δ_L = ∂L/∂Z_L ⊙ f_L'(S_L)
//   δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f_l'(S_l)
//   ∂L/∂W_l = δ_l Z_{l-1}ᵀ        ∂L/∂b_l = δ_l 1_N

import type { Matrix } from './backend.js';
import type { ForwardCache } from './forward.js';

/** ∂L/∂W_l and ∂L/∂b_l of one layer (`b` null for a layer without bias). */
export interface LayerGradient {
  readonly W: Matrix;
  readonly b: Matrix | null;
}

/** Lets a caller look at each δ_l before it is freed (the playground and conformance do). */
export type DeltaObserver = (l: number, delta: Matrix) => void;

/**
 * Gradients of every layer from ∂L/∂Z_L. Takes ownership of `dZ_L`; the caller owns the returned
 * gradients (index l−1 holds layer l) and still owns the cache. The matrices come from the
 * cache's memory: new ones, or a network's workspace during a training step.
 */
export function backward(cache: ForwardCache, dZ_L: Matrix, observe?: DeltaObserver): LayerGradient[] {
  const { memory, network } = cache;
  const { layers } = network;
  const L = cache.depth;
  const grad = memory.gradients(L);
  let dZ = dZ_L; // ∂L/∂Z_L
  for (let l = L; l >= 1; l--) {
    const { W, b, f } = layers[l - 1];
    const X = cache.derivativeInput(l); // S_l, or Z_l where f' is cheapest from it
    const delta = memory.activateBackward(l, X, dZ, f); // δ_l = ∂L/∂Z_l ⊙ f_l'(S_l)
    cache.release(X);
    memory.free(dZ);
    observe?.(l, delta);
    const Z = cache.Z(l - 1); // Z_{l-1} (recomputed from S_{l-1} under `preactivations`)
    const dW = memory.weightGradient(l, delta, Z); // ∂L/∂W_l = δ_l Z_{l-1}ᵀ
    cache.release(Z);
    const db = b ? memory.biasGradient(l, delta) : null; // ∂L/∂b_l = δ_l 1_N
    if (l > 1) dZ = memory.inputGradient(l, W, delta); // ∂L/∂Z_{l-1} = W_lᵀ δ_l
    memory.free(delta);
    grad[l - 1] = memory.gradient(l, dW, db);
  }
  return grad;
}
