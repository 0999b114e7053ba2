// RMSprop as PyTorch's torch.optim.RMSprop documents it (centered off):
//   g ← g + λp;  v ← αv + (1−α)g²
//   with momentum μ > 0: b ← μb + g/(√v + ε), p ← p − γb;  else p ← p − γ g/(√v + ε)

import { defineHyperparameters, NON_NEGATIVE, POSITIVE, type SpecOf, UNIT_INTERVAL } from '../parameters.js';
import { defineOptimizer } from './definition.js';

/** RMSprop's hyperparameters. */
export const RMSPROP_HYPERPARAMETERS = defineHyperparameters({
  alpha: { default: 0.99, range: UNIT_INTERVAL, description: 'decay α of the running mean of g²' },
  eps: { default: 1e-8, range: POSITIVE, description: 'ε added to √v' },
  momentum: { default: 0, range: NON_NEGATIVE, description: 'momentum factor μ' },
  weightDecay: { default: 0, range: NON_NEGATIVE, description: 'L2 penalty λ added to the gradient' },
});

/** RMSprop's spec: `{ kind: 'rmsprop', alpha, eps, momentum, weightDecay }`. */
export type RmspropSpec = SpecOf<'rmsprop', typeof RMSPROP_HYPERPARAMETERS>;

/** torch.optim.RMSprop's update rule. */
export const rmspropOptimizer = defineOptimizer('rmsprop', RMSPROP_HYPERPARAMETERS, {
  description: 'RMSprop: the gradient divided by a running root mean square',
  slots: (spec) => (spec.momentum > 0 ? ['square_avg', 'momentum_buffer'] : ['square_avg']),
  update({ backend: B, spec, lr, p, g, state }) {
    const [v, buf] = state;
    if (spec.weightDecay > 0) B.scaleAdd(g, p, 1, spec.weightDecay); // g ← g + λp
    B.scaleAddSquare(v, g, spec.alpha, 1 - spec.alpha); // v ← αv + (1−α)g²
    if (spec.momentum > 0) {
      B.scaleAdd(buf, buf, spec.momentum, 0); // b ← μb
      B.addQuotient(buf, g, v, 1, 1, spec.eps); // b ← b + g/(√v + ε)
      B.scaleAdd(p, buf, 1, -lr); // p ← p − γb
    } else {
      B.addQuotient(p, g, v, -lr, 1, spec.eps); // p ← p − γ g/(√v + ε)
    }
  },
});
