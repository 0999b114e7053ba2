// Learning-rate schedules by epoch: constant, step decay (×γ every k epochs) and cosine decay
// from the base rate to 0 over the run, each with an optional linear warm-up.

import { InputError } from './errors.js';

/** How the learning rate moves with the epochs. */
export type Schedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly gamma: number }
  | { readonly kind: 'cosine' };

/** The schedule kinds, as the command line lists them. */
export const SCHEDULE_KINDS = ['constant', 'step', 'cosine'] as const;

/** A schedule with its warm-up. */
export interface LearningRatePlan {
  readonly schedule: Schedule;
  /** epochs of linear warm-up: epoch e < w runs at lr·(e+1)/w */
  readonly warmupEpochs: number;
}

/** Throws an InputError naming the bad field unless the plan is valid. */
export function checkPlan(plan: LearningRatePlan): void {
  if (!Number.isInteger(plan.warmupEpochs) || plan.warmupEpochs < 0) {
    throw new InputError(`warmup epochs is ${plan.warmupEpochs}; it must be a whole number ≥ 0`);
  }
  const s = plan.schedule;
  if (s.kind === 'step') {
    if (!Number.isInteger(s.every) || s.every < 1) {
      throw new InputError(`lr step every is ${s.every}; it must be a whole number ≥ 1`);
    }
    if (!(s.gamma > 0 && s.gamma <= 1)) throw new InputError(`lr gamma is ${s.gamma}; it must be in (0, 1]`);
  }
}

/** The learning rate of epoch `epoch` (0-based) of `epochs`, from the base rate `lr`. */
export function learningRateAt(lr: number, plan: LearningRatePlan, epoch: number, epochs: number): number {
  const s = plan.schedule;
  let rate: number;
  switch (s.kind) {
    case 'constant':
      rate = lr;
      break;
    case 'step':
      rate = lr * s.gamma ** Math.floor(epoch / s.every);
      break;
    case 'cosine':
      rate = 0.5 * lr * (1 + Math.cos((Math.PI * epoch) / Math.max(epochs, 1)));
      break;
  }
  return epoch < plan.warmupEpochs ? (rate * (epoch + 1)) / plan.warmupEpochs : rate;
}
