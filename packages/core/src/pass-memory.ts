// Where the forward and backward passes get the matrices they write: new ones from the backend,
// freed as soon as they are used (AllocatingMemory, below), or the slots of a network's
// workspace reused from step to step (workspace.ts). The passes are written once, against this.

import type { Activation } from './activations.js';
import type { Backend, DenseResult, MatmulOptions, Matrix } from './backend.js';
import type { LayerGradient } from './backward.js';

/** The matrices of one pass for layer l (1-based), as the passes ask for them. */
export interface PassMemory {
  /** S_l = W_l Z_{l-1} + b_l and Z_l = f_l(S_l) */
  dense(l: number, W: Matrix, Z: Matrix, b: Matrix | null, f: Activation): DenseResult;
  /** Z_l = f_l(S_l), recomputed (under the `preactivations` policy) */
  activate(l: number, S: Matrix, f: Activation): Matrix;
  /** δ_l = dZ ⊙ f_l'(X) */
  activateBackward(l: number, X: Matrix, dZ: Matrix, f: Activation): Matrix;
  /** ∂L/∂W_l = δ_l Z_{l-1}ᵀ */
  weightGradient(l: number, delta: Matrix, Z: Matrix): Matrix;
  /** ∂L/∂b_l = δ_l 1_N */
  biasGradient(l: number, delta: Matrix): Matrix;
  /** ∂L/∂Z_{l-1} = W_lᵀ δ_l */
  inputGradient(l: number, W: Matrix, delta: Matrix): Matrix;
  /** the list the backward pass fills, index l−1 for layer l */
  gradients(L: number): LayerGradient[];
  /** layer l's entry of that list */
  gradient(l: number, W: Matrix, b: Matrix | null): LayerGradient;
  /** done with m (a matrix this memory gave out, or ∂L/∂Z_L handed to the backward pass) */
  free(m: Matrix): void;
}

/** op(A) = A, op(B) = Bᵀ */
export const TRANS_B: MatmulOptions = { transB: true };
/** op(A) = Aᵀ, op(B) = B */
export const TRANS_A: MatmulOptions = { transA: true };

/** Every matrix new from the backend, owned by whoever receives it. */
export class AllocatingMemory implements PassMemory {
  constructor(readonly backend: Backend) {}

  dense(_l: number, W: Matrix, Z: Matrix, b: Matrix | null, f: Activation): DenseResult {
    return this.backend.dense(W, Z, b, f);
  }

  activate(_l: number, S: Matrix, f: Activation): Matrix {
    return this.backend.activate(S, f);
  }

  activateBackward(_l: number, X: Matrix, dZ: Matrix, f: Activation): Matrix {
    return this.backend.activateBackward(X, dZ, f);
  }

  weightGradient(_l: number, delta: Matrix, Z: Matrix): Matrix {
    return this.backend.matmul(delta, Z, TRANS_B);
  }

  biasGradient(_l: number, delta: Matrix): Matrix {
    return this.backend.rowSum(delta);
  }

  inputGradient(_l: number, W: Matrix, delta: Matrix): Matrix {
    return this.backend.matmul(W, delta, TRANS_A);
  }

  gradients(L: number): LayerGradient[] {
    return new Array(L);
  }

  gradient(_l: number, W: Matrix, b: Matrix | null): LayerGradient {
    return { W, b };
  }

  free(m: Matrix): void {
    this.backend.dispose(m);
  }
}
