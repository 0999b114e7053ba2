// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as
// PyTorch's torch.optim.SGD documents it (dampening 0):
//   g ← g + λp;  b ← μb + g;  g ← g + μb (Nesterov) or g ← b;  p ← p − γg
// Without momentum and decay this is the worked example's step W ← W − γ ∂L/∂W.

import { defineHyperparameters, NON_NEGATIVE, type SpecOf } from '../parameters.js';
import { defineOptimizer } from './definition.js';

/** SGD's hyperparameters. */
export const SGD_HYPERPARAMETERS = defineHyperparameters({
  momentum: { default: 0, range: NON_NEGATIVE, description: 'momentum factor μ' },
  nesterov: { default: false, description: 'Nesterov momentum' },
  weightDecay: { default: 0, range: NON_NEGATIVE, description: 'L2 penalty λ added to the gradient' },
});

/** SGD's spec: `{ kind: 'sgd', momentum, nesterov, weightDecay }`. */
export type SgdSpec = SpecOf<'sgd', typeof SGD_HYPERPARAMETERS>;

/** torch.optim.SGD's update rule. */
export const sgdOptimizer = defineOptimizer('sgd', SGD_HYPERPARAMETERS, {
  description: 'stochastic gradient descent, with optional (Nesterov) momentum',
  check: (spec) => (spec.nesterov && spec.momentum === 0 ? 'nesterov needs a momentum > 0' : undefined),
  slots: (spec) => (spec.momentum > 0 ? ['momentum_buffer'] : []),
  update({ backend: B, spec, lr, p, g, state }) {
    if (spec.weightDecay > 0) B.scaleAdd(g, p, 1, spec.weightDecay); // g ← g + λp
    if (spec.momentum > 0) {
      const [buf] = state;
      B.scaleAdd(buf, g, spec.momentum, 1); // b ← μb + g
      if (!spec.nesterov) {
        B.scaleAdd(p, buf, 1, -lr); // p ← p − γb
        return;
      }
      B.scaleAdd(g, buf, 1, spec.momentum); // g ← g + μb
    }
    B.scaleAdd(p, g, 1, -lr); // p ← p − γg
  },
});
