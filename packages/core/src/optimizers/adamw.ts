// AdamW as PyTorch's torch.optim.AdamW documents it: Adam with decoupled weight decay,
// p ← p(1 − γλ) before Adam's step, instead of adding λp to the gradient.

import { nonNegative } from '../parameters.js';
import { adamMoments, adamUpdate } from './adam.js';
import type { OptimizerDefinition } from './definition.js';

/** AdamW's spec. */
export interface AdamWSpec {
  readonly kind: 'adamw';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
}

/** torch.optim.AdamW's update rule. */
export const adamwOptimizer: OptimizerDefinition<AdamWSpec> = {
  description: 'AdamW: Adam with decoupled weight decay',
  parameters: [
    ...adamMoments,
    nonNegative('weightDecay', 'weight-decay', 0.01, 'decoupled decay λ: p ← p(1 − γλ)'),
  ],
  spec: (v) => ({
    kind: 'adamw',
    beta1: v.beta1 as number,
    beta2: v.beta2 as number,
    eps: v.eps as number,
    weightDecay: v.weightDecay as number,
  }),
  slots: () => ['exp_avg', 'exp_avg_sq'],
  update: (context) => adamUpdate(context, context.spec, 0, context.spec.weightDecay),
};
