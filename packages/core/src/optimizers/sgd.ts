// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as
// PyTorch's torch.optim.SGD documents it (dampening 0):
//   g ← g + λp;  b ← μb + g;  g ← g + μb (Nesterov) or g ← b;  p ← p − γg
// Without momentum and decay this is the worked example's step W ← W − γ ∂L/∂W.

import { type NumberParameter, nonNegative } from '../parameters.js';
import type { OptimizerDefinition } from './definition.js';

/** SGD's spec. */
export interface SgdSpec {
  readonly kind: 'sgd';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

const momentum: NumberParameter = nonNegative('momentum', 'momentum', 0, 'momentum factor μ');

/** torch.optim.SGD's update rule. */
export const sgdOptimizer: OptimizerDefinition<SgdSpec> = {
  description: 'stochastic gradient descent, with optional (Nesterov) momentum',
  parameters: [
    momentum,
    { key: 'nesterov', flag: 'nesterov', type: 'boolean', default: false, description: 'Nesterov momentum' },
    nonNegative('weightDecay', 'weight-decay', 0, 'L2 penalty λ added to the gradient'),
  ],
  spec: (v) => ({
    kind: 'sgd',
    momentum: v.momentum as number,
    nesterov: v.nesterov as boolean,
    weightDecay: v.weightDecay as number,
  }),
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
};
