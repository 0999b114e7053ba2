// The two losses of the seed and the checks on their targets: MSE (Exercise 1) and the softmax
// multi-class hinge (Exercise 3). The arithmetic is a backend kernel; what it means lives here.

import type { Backend, LossResult, Matrix } from './backend.js';
import { InputError } from './errors.js';
import { expectShape } from './matrices.js';

/**
 * - `mse`: L = ‖Z_L − Y‖²_F / (2N), targets Y are d_L × N;
 * - `hinge`: p = softmax(Z_L[:, i]), L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin), targets are
 *   class indices y_i ∈ [0, d_L), given as a 1 × N matrix.
 */
export type LossSpec = { readonly kind: 'mse' } | { readonly kind: 'hinge'; readonly margin: number };

/** The hinge loss's default margin. */
export const DEFAULT_MARGIN = 0.1;

/** The mean squared error of the seed, L = 1/(2N)·‖Y_out − Y_gt‖²_F. */
export function mse(): LossSpec {
  return { kind: 'mse' };
}

/** The seed's softmax multi-class hinge loss (Exercise 3) with `margin`; throws InputError unless it is finite. */
export function hinge(margin = DEFAULT_MARGIN): LossSpec {
  if (!Number.isFinite(margin)) throw new InputError(`hinge margin is ${margin}; it must be a finite number`);
  return { kind: 'hinge', margin };
}

/** How many numbers each example's target has: d_L for MSE, one class index for the hinge. */
export function targetSize(loss: LossSpec, outputSize: number): number {
  return loss.kind === 'mse' ? outputSize : 1;
}

/** Checks the targets of one example (`where` names it in messages). */
export function checkTarget(
  loss: LossSpec,
  target: ArrayLike<number>,
  outputSize: number,
  where: string,
): void {
  if (loss.kind === 'mse') return;
  const y = target[0];
  if (!Number.isInteger(y) || y < 0 || y >= outputSize) {
    throw new InputError(`${where}: label ${y} is out of range; expected a class index 0…${outputSize - 1}`);
  }
}

/** The loss of Z_L against targets T and ∂L/∂Z_L, computed by the backend's kernel. */
export function lossAndGradient(backend: Backend, loss: LossSpec, Z_L: Matrix, T: Matrix): LossResult {
  expectShape(T, targetSize(loss, Z_L.rows), Z_L.cols, loss.kind === 'mse' ? 'targets Y' : 'labels');
  return loss.kind === 'mse' ? backend.mse(Z_L, T) : backend.hinge(Z_L, T, loss.margin);
}
