// A float64 reference written to be read, not to be fast: the worked example's forward pass,
// every loss and the backward pass on plain number[][] matrices. Every backend is checked
// against it. Each loss and optimizer has its own reference here, written from its definition
// (the worked example, PyTorch's documentation), independent of core's code.

import {
  activateScalar,
  derivativeScalar,
  type LossKind,
  type LossSpec,
  type ModelSpec,
} from '@deltaml/core';

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

/** A loss's value and ∂L/∂Z_L. */
export interface LossValue {
  readonly loss: number;
  readonly dZ: Mat;
}

/** A float64 reference of one loss: its value and ∂L/∂Z_L. */
export type ReferenceLoss<K extends LossKind> = (
  spec: Extract<LossSpec, { kind: K }>,
  Z: Mat,
  T: Mat,
) => LossValue;

/** One reference per loss of core's registry; a loss without one fails to compile. */
export const REFERENCE_LOSSES: { readonly [K in LossKind]: ReferenceLoss<K> } = {
  mse(_spec, Z, Y) {
    const N = Z[0].length;
    const diff = zip(Z, Y, (z, y) => z - y);
    const sq = diff.flat().reduce((s, v) => s + v * v, 0);
    return { loss: sq / (2 * N), dZ: diff.map((row) => row.map((v) => v / N)) }; // L = ‖Z−Y‖²/(2N)
  },
  hinge(spec, Z, T) {
    // Exercise 3: L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin), and for each output j
    // ∂L/∂o_j = Σ_i Σ_{l≠y_i} p_j (1[l=j] − 1[y_i=j] − p_l + p_{y_i}) · 1[p_l − p_{y_i} + margin ≥ 0]
    const [d, N] = [Z.length, Z[0].length];
    const scale = spec.reduction === 'mean' ? 1 / N : 1;
    const dZ = Z.map((row) => row.map(() => 0));
    let total = 0;
    for (let i = 0; i < N; i++) {
      const p = softmax(Z.map((row) => row[i]));
      const y = T[0][i];
      for (let l = 0; l < d; l++) {
        if (l === y || p[l] - p[y] + spec.margin < 0) continue;
        total += p[l] - p[y] + spec.margin;
        for (let j = 0; j < d; j++)
          dZ[j][i] += scale * p[j] * ((l === j ? 1 : 0) - (y === j ? 1 : 0) - p[l] + p[y]);
      }
    }
    return { loss: total * scale, dZ };
  },
  'cross-entropy'(_spec, Z, T) {
    // L = −(1/N) Σ_i log p_{y_i}, p = softmax(Z[:, i]); ∂L/∂Z[j][i] = (p_j − 1[j = y_i])/N
    const N = Z[0].length;
    const dZ = Z.map((row) => row.map(() => 0));
    let total = 0;
    for (let i = 0; i < N; i++) {
      const column = Z.map((row) => row[i]);
      const max = Math.max(...column);
      const logSum = max + Math.log(column.reduce((s, v) => s + Math.exp(v - max), 0));
      const y = T[0][i];
      total -= column[y] - logSum;
      column.forEach((v, j) => {
        dZ[j][i] = (Math.exp(v - logSum) - (j === y ? 1 : 0)) / N;
      });
    }
    return { loss: total / N, dZ };
  },
  'binary-cross-entropy'(_spec, Z, T) {
    // L = −(1/N) Σ_i [y log σ(z) + (1−y) log(1−σ(z))], with log σ(z) = −log(1 + e^−z) written stably
    const N = Z[0].length;
    const logSigmoid = (z: number) => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));
    let total = 0;
    const row = Z[0].map((z, i) => {
      const y = T[0][i];
      total -= y * logSigmoid(z) + (1 - y) * logSigmoid(-z);
      return (Math.exp(logSigmoid(z)) - y) / N;
    });
    return { loss: total / N, dZ: [row] };
  },
};

/** The loss and ∂L/∂Z_L for Z_L (d_L × N) and targets T (Y for value losses, 1 × N otherwise). */
export function referenceLoss(loss: LossSpec, Z: Mat, T: Mat): LossValue {
  return (REFERENCE_LOSSES[loss.kind] as ReferenceLoss<LossKind>)(loss as never, Z, T);
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
