// RMSprop as PyTorch's torch.optim.RMSprop documents it (centered off):
//   g ← g + λp;  v ← αv + (1−α)g²
//   with momentum μ > 0: b ← μb + g/(√v + ε), p ← p − γb;  else p ← p − γ g/(√v + ε)

import { nonNegative, positive, unitInterval } from '../parameters.js';
import type { OptimizerDefinition } from './definition.js';

/** RMSprop's spec. */
export interface RmspropSpec {
  readonly kind: 'rmsprop';
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly weightDecay: number;
}

/** torch.optim.RMSprop's update rule. */
export const rmspropOptimizer: OptimizerDefinition<RmspropSpec> = {
  description: 'RMSprop: the gradient divided by a running root mean square',
  parameters: [
    unitInterval('alpha', 'alpha', 0.99, 'decay α of the running mean of g²'),
    positive('eps', 'eps', 1e-8, 'ε added to √v'),
    nonNegative('momentum', 'momentum', 0, 'momentum factor μ'),
    nonNegative('weightDecay', 'weight-decay', 0, 'L2 penalty λ added to the gradient'),
  ],
  spec: (v) => ({
    kind: 'rmsprop',
    alpha: v.alpha as number,
    eps: v.eps as number,
    momentum: v.momentum as number,
    weightDecay: v.weightDecay as number,
  }),
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
};
