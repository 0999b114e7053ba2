// AdamW as PyTorch's torch.optim.AdamW documents it: Adam with decoupled weight decay,
// p ← p(1 − γλ) before Adam's step, instead of adding λp to the gradient.

import { adamSlots, adamTable, adamUpdate } from './adam.js';
import { defineOptimizer } from './definition.js';

/** torch.optim.AdamW's update rule. */
export const adamwOptimizer = defineOptimizer(
  'adamw',
  adamTable({ default: 0.01, description: 'decoupled decay λ: p ← p(1 − γλ)' }),
  {
    description: 'AdamW: Adam with decoupled weight decay',
    slots: adamSlots,
    update: (context) => adamUpdate(context, 0, context.spec.weightDecay),
  },
);
