// One training step on one batch: forward, loss, backward (Exercise 1), and the SGD update
// W_l ← W_l − lr·∂L/∂W_l (Exercise 2). Every intermediate matrix is freed before returning.

import type { Matrix } from './backend.js';
import { backward, type DeltaObserver, type LayerGradient } from './backward.js';
import { InputError } from './errors.js';
import { type CachePolicy, forward } from './forward.js';
import { type LossSpec, lossAndGradient } from './losses.js';
import type { Network } from './network.js';

/** What computeGradients computes: the loss, the forward cache policy and an optional observer of each δ_l. */
export interface GradientOptions {
  readonly loss: LossSpec;
  readonly cache?: CachePolicy;
  readonly observe?: DeltaObserver;
}

/** The loss of one batch and ∂L/∂W_l, ∂L/∂b_l for every layer; dispose() frees the gradients. */
export interface Gradients {
  readonly loss: number;
  readonly layers: readonly LayerGradient[];
  /** Frees the gradient matrices. */
  dispose(): void;
  /** Frees the gradient matrices (for `using`). */
  [Symbol.dispose](): void;
}

/** Loss and gradients of the network on X (d_0 × N) with targets T (see LossSpec). */
export function computeGradients(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: GradientOptions,
): Gradients {
  const { backend } = network;
  const cache = forward(network, X, options.cache ?? 'all');
  let loss: number;
  let layers: LayerGradient[];
  try {
    const L = cache.depth;
    const Z_L = cache.Z(L);
    let result: ReturnType<typeof lossAndGradient>;
    try {
      result = lossAndGradient(backend, options.loss, Z_L, T);
    } finally {
      cache.release(Z_L);
    }
    loss = result.loss;
    layers = backward(cache, result.dZ, options.observe);
  } finally {
    cache.dispose(); // explicit rather than `using`: this is the hot path of every step
  }
  const dispose = () => {
    for (const { W, b } of layers) {
      backend.dispose(W);
      if (b) backend.dispose(b);
    }
  };
  return { loss, layers, dispose, [Symbol.dispose]: dispose };
}

/** Throws unless lr is a finite positive number. */
export function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr) || lr <= 0) {
    throw new InputError(`learning rate is ${lr}; it must be a finite number > 0`);
  }
}

/** W_l ← W_l − lr·∂L/∂W_l and b_l ← b_l − lr·∂L/∂b_l, in place. */
export function sgdUpdate(network: Network, gradients: Gradients, lr: number): void {
  checkLearningRate(lr);
  const { backend, layers } = network;
  layers.forEach(({ W, b }, i) => {
    const grad = gradients.layers[i];
    backend.sgdUpdate(W, grad.W, lr);
    if (b && grad.b) backend.sgdUpdate(b, grad.b, lr);
  });
}

/** One SGD step on one batch; returns the batch loss before the update. */
export function trainStep(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: GradientOptions & { readonly lr: number },
): number {
  checkLearningRate(options.lr);
  const gradients = computeGradients(network, X, T, options);
  try {
    sgdUpdate(network, gradients, options.lr);
  } finally {
    gradients.dispose();
  }
  return gradients.loss;
}
