// AdamW as PyTorch's torch.optim.AdamW documents it: Adam with decoupled weight decay,
// p ← p(1 − γλ) before Adam's step, instead of adding λp to the gradient.

import { ADAMW_HYPERPARAMETERS, adamSlots, adamUpdate } from './adam.js';
import { defineOptimizer } from './definition.js';

/** torch.optim.AdamW's update rule. */
export const adamwOptimizer = defineOptimizer('adamw', ADAMW_HYPERPARAMETERS, {
  description: 'AdamW: Adam with decoupled weight decay',
  slots: adamSlots,
  update: (context) => adamUpdate(context, 0, context.spec.weightDecay),
});
