// The worked example's softmax multi-class hinge (Exercise 3): p = softmax(Z_L[:, i]) and
// L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin), summed over examples (or their mean).

import { defineHyperparameters, NON_NEGATIVE, type SpecOf } from '../parameters.js';
import { defineLoss, SOFTMAX_CLASS_LABELS, softmaxColumn, softmaxScratch } from './loss.js';

/** The hinge loss's default margin. */
export const DEFAULT_MARGIN = 0.1;

/** The hinge's parameters. */
export const HINGE_HYPERPARAMETERS = defineHyperparameters({
  margin: {
    default: DEFAULT_MARGIN,
    range: NON_NEGATIVE,
    description: 'the hinge margin m in max(0, p_l − p_y + m)',
  },
  reduction: {
    choices: ['sum', 'mean'],
    default: 'sum',
    flag: 'hinge-reduction',
    description: 'sum over the examples (the worked example) or their mean',
  },
});

/** The hinge's spec: its margin and whether the examples are summed (the worked example) or averaged. */
export type HingeSpec = SpecOf<'hinge', typeof HINGE_HYPERPARAMETERS>;

/**
 * With A = {l ≠ y : p_l − p_y + margin ≥ 0}, c = |A| and P = Σ_{l∈A} p_l, the worked example's gradient
 * Σ_{l∈A} p_j (1[l=j] − 1[y=j] − p_l + p_y) becomes p_j (1[j∈A] − c·1[j=y] − P + c·p_y).
 */
export const hingeLoss = defineLoss('hinge', HINGE_HYPERPARAMETERS, {
  description: 'the worked example’s softmax multi-class hinge (Exercise 3)',
  reduction: 'sum over the examples (the worked example), or mean with reduction "mean"',
  lrGuide: 'the sum grows with the batch: 0.5/N with sgd (e.g. 0.02 for N = 32), or use reduction "mean"',
  ...SOFTMAX_CLASS_LABELS,
  sumsOverExamples: (spec) => spec.reduction === 'sum',
  evaluate(spec, Z, labels, dZ, d, N) {
    const p = softmaxScratch(d);
    const scale = spec.reduction === 'mean' ? 1 / N : 1;
    let loss = 0;
    for (let n = 0; n < N; n++) {
      softmaxColumn(Z, d, N, n, p);
      const y = labels[n];
      let c = 0;
      let P = 0;
      for (let l = 0; l < d; l++) {
        const violation = p[l] - p[y] + spec.margin;
        if (l !== y && violation >= 0) {
          loss += violation;
          c++;
          P += p[l];
        }
      }
      for (let j = 0; j < d; j++) {
        const active = j !== y && p[j] - p[y] + spec.margin >= 0 ? 1 : 0;
        dZ[j * N + n] = scale * p[j] * (active - (j === y ? c : 0) - P + c * p[y]);
      }
    }
    return loss * scale;
  },
});
