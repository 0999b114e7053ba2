// Softmax cross-entropy on logits (PyTorch's CrossEntropyLoss): L = −(1/N) Σ_i log softmax(Z_L[:, i])_{y_i},
// computed through log-sum-exp so that logits of ±1e4 stay finite.

import { NO_HYPERPARAMETERS, type SpecOf } from '../parameters.js';
import { defineLoss, SOFTMAX_CLASS_LABELS, softmaxColumn, softmaxScratch } from './loss.js';

/** Cross-entropy's spec: no parameters. */
export type CrossEntropySpec = SpecOf<'cross-entropy', typeof NO_HYPERPARAMETERS>;

/** L = (1/N) Σ_i (lse(Z[:, i]) − Z[y_i][i]), ∂L/∂Z[j][i] = (p_j − 1[j = y_i])/N. */
export const crossEntropyLoss = defineLoss('cross-entropy', NO_HYPERPARAMETERS, {
  description: 'softmax cross-entropy on the logits Z_L (mean over examples)',
  reduction: 'mean over the N examples',
  lrGuide: '0.05–0.5 with sgd, 1e-3 with adam',
  ...SOFTMAX_CLASS_LABELS,
  sumsOverExamples: () => false,
  evaluate(_spec, Z, labels, dZ, d, N) {
    const p = softmaxScratch(d);
    let loss = 0;
    for (let n = 0; n < N; n++) {
      const lse = softmaxColumn(Z, d, N, n, p);
      const y = labels[n];
      loss += lse - Z[y * N + n];
      for (let j = 0; j < d; j++) dZ[j * N + n] = (p[j] - (j === y ? 1 : 0)) / N;
    }
    return loss / N;
  },
});
