// A float64 reference written to be read, not to be fast: the seed's forward pass, both losses
// and the backward pass on plain number[][] matrices. Every backend is checked against it.

import { activateScalar, derivativeScalar, type LossSpec, type ModelSpec } from '@deltaml/core';

/** A plain float64 matrix: an array of rows. */
export type Mat = number[][];

/** A·B in float64. */
export const matmul = (A: Mat, B: Mat): Mat =>
  A.map((row) => B[0].map((_, j) => row.reduce((sum, a, k) => sum + a * B[k][j], 0)));
/** Aᵀ. */
export const transpose = (A: Mat): Mat => A[0].map((_, j) => A.map((row) => row[j]));
const zip = (A: Mat, B: Mat, op: (a: number, b: number) => number): Mat =>
  A.map((row, i) => row.map((a, j) => op(a, B[i][j])));

/** softmax of one column of logits */
export function softmax(o: number[]): number[] {
  const max = Math.max(...o);
  const e = o.map((v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** The loss and ∂L/∂Z_L for Z_L (d_L × N) and targets T (Y for MSE, 1 × N labels for the hinge). */
export function referenceLoss(loss: LossSpec, Z: Mat, T: Mat): { loss: number; dZ: Mat } {
  const N = Z[0].length;
  if (loss.kind === 'mse') {
    const diff = zip(Z, T, (z, y) => z - y);
    const sq = diff.flat().reduce((s, v) => s + v * v, 0);
    return { loss: sq / (2 * N), dZ: diff.map((row) => row.map((v) => v / N)) }; // L = ‖Z−Y‖²/(2N)
  }
  // Exercise 3: L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin), and for each output j
  // ∂L/∂o_j = Σ_i Σ_{l≠y_i} p_j (1[l=j] − 1[y_i=j] − p_l + p_{y_i}) · 1[p_l − p_{y_i} + margin ≥ 0]
  const d = Z.length;
  const dZ = Z.map((row) => row.map(() => 0));
  let total = 0;
  for (let i = 0; i < N; i++) {
    const p = softmax(Z.map((row) => row[i]));
    const y = T[0][i];
    for (let l = 0; l < d; l++) {
      if (l === y || p[l] - p[y] + loss.margin < 0) continue;
      total += p[l] - p[y] + loss.margin;
      for (let j = 0; j < d; j++) dZ[j][i] += p[j] * ((l === j ? 1 : 0) - (y === j ? 1 : 0) - p[l] + p[y]);
    }
  }
  return { loss: total, dZ };
}

/** Everything the float64 reference computes for one batch: the loss, the forward values and the gradients. */
export interface ReferenceResult {
  readonly loss: number;
  /** S[l], Z[l] for l = 0..L (S[0] = Z[0] = X) */
  readonly S: Mat[];
  readonly Z: Mat[];
  /** delta[l] for l = 1..L (delta[0] unused) */
  readonly delta: Mat[];
  /** ∂L/∂W_l and ∂L/∂b_l at index l − 1 (b null when the layer has no bias) */
  readonly gradW: Mat[];
  readonly gradb: (number[] | null)[];
}

/** The forward pass in float64: S[l] and Z[l] for l = 0..L (S[0] = Z[0] = X, d_0 × N). */
export function referenceForward(model: ModelSpec, X: Mat): { S: Mat[]; Z: Mat[] } {
  const S: Mat[] = [X];
  const Z: Mat[] = [X];
  model.layers.forEach(({ weights: W, bias: b, activation: f }, i) => {
    const l = i + 1;
    S[l] = matmul(W, Z[l - 1]).map((row, r) => row.map((s) => s + (b ? b[r] : 0))); // S_l = W_l Z_{l-1} + b_l
    Z[l] = S[l].map((row) => row.map((s) => activateScalar(f, s))); // Z_l = f_l(S_l)
  });
  return { S, Z };
}

/** Forward and backward in float64, exactly as Exercise 1 writes them. X is d_0 × N. */
export function referenceGradients(model: ModelSpec, X: Mat, T: Mat, loss: LossSpec): ReferenceResult {
  const L = model.layers.length;
  const { S, Z } = referenceForward(model, X);
  const { loss: value, dZ: dZ_L } = referenceLoss(loss, Z[L], T);
  const delta: Mat[] = [];
  const gradW: Mat[] = [];
  const gradb: (number[] | null)[] = [];
  let dZ = dZ_L;
  for (let l = L; l >= 1; l--) {
    const { weights: W, bias: b, activation: f } = model.layers[l - 1];
    delta[l] = zip(dZ, S[l], (g, s) => g * derivativeScalar(f, s)); // δ_l = ∂L/∂Z_l ⊙ f_l'(S_l)
    gradW[l - 1] = matmul(delta[l], transpose(Z[l - 1])); // ∂L/∂W_l = δ_l Z_{l-1}ᵀ
    gradb[l - 1] = b ? delta[l].map((row) => row.reduce((a, v) => a + v, 0)) : null; // ∂L/∂b_l = δ_l 1_N
    dZ = matmul(transpose(W), delta[l]); // ∂L/∂Z_{l-1} = W_lᵀ δ_l
  }
  return { loss: value, S, Z, delta, gradW, gradb };
}
