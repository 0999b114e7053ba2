// Binary cross-entropy on one logit (PyTorch's BCEWithLogitsLoss): σ(z) is the probability of
// class 1 and L = −(1/N) Σ_i [y log σ(z) + (1 − y) log(1 − σ(z))], computed from z without
// overflow: max(z, 0) − z·y + log(1 + e^−|z|).

import { NO_HYPERPARAMETERS, type SpecOf } from '../parameters.js';
import { defineLoss } from './loss.js';

/** σ(z) without overflow for large |z|. */
export function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Binary cross-entropy's spec: no parameters. */
export type BinaryCrossEntropySpec = SpecOf<'binary-cross-entropy', typeof NO_HYPERPARAMETERS>;

/** L as above, ∂L/∂z = (σ(z) − y)/N. */
export const binaryCrossEntropyLoss = defineLoss('binary-cross-entropy', NO_HYPERPARAMETERS, {
  description: 'binary cross-entropy on one logit (sigmoid inside the loss, mean over examples)',
  reduction: 'mean over the N examples',
  lrGuide: '0.05–0.5 with sgd, 1e-3 with adam',
  targets: 'binary',
  outputs: 'sigmoid',
  sumsOverExamples: () => false,
  checkOutputSize: (outputSize) =>
    outputSize === 1 ? undefined : `it needs exactly 1 output (the logit), the network has ${outputSize}`,
  targetSize: () => 1,
  invalidTarget(y) {
    return y >= 0 && y <= 1 ? undefined : `target ${y} must be 0 or 1 (or in between)`;
  },
  evaluate(_spec, Z, Y, dZ, _d, N) {
    let loss = 0;
    for (let n = 0; n < N; n++) {
      const z = Z[n];
      const y = Y[n];
      loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      dZ[n] = (stableSigmoid(z) - y) / N;
    }
    return loss / N;
  },
});
