// Learning-rate schedules by epoch: constant, step decay (×γ every k epochs) and cosine decay
// from the base rate to 0 over the run, each with an optional linear warm-up.

import { InputError } from './errors.js';

/** How the learning rate moves with the epochs. */
export type Schedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly gamma: number }
  | { readonly kind: 'cosine' };

/** The schedule kinds, as the command line lists them; `satisfies` keeps the list to Schedule's kinds. */
export const SCHEDULE_KINDS = ['constant', 'step', 'cosine'] as const satisfies readonly Schedule['kind'][];

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
  const s: unknown = plan.schedule;
  const kind = typeof s === 'object' && s !== null && 'kind' in s ? s.kind : undefined;
  if (!SCHEDULE_KINDS.some((known) => known === kind)) {
    throw new InputError(
      `unknown learning-rate schedule ${JSON.stringify(kind) ?? 'undefined'}; expected one of ${SCHEDULE_KINDS.join(', ')}`,
    );
  }
  if (plan.schedule.kind === 'step') {
    const { every, gamma } = plan.schedule;
    if (!Number.isInteger(every) || every < 1) {
      throw new InputError(`lr step every is ${every}; it must be a whole number ≥ 1`);
    }
    if (!(gamma > 0 && gamma <= 1)) throw new InputError(`lr gamma is ${gamma}; it must be in (0, 1]`);
  }
}

/**
 * checkPlan, and that the rate stays a number > 0 over every epoch of a run from `lr` (a step
 * schedule's γ^k can underflow to 0): checked before the first step, not when the run gets there.
 * The rate is smallest at the first epoch (warm-up) or the last (decay).
 */
export function checkPlanReach(plan: LearningRatePlan, lr: number, epochs: number): void {
  checkPlan(plan);
  for (const epoch of [0, epochs - 1]) {
    const rate = learningRateAt(lr, plan, epoch, epochs);
    if (!(rate > 0 && Number.isFinite(rate))) {
      throw new InputError(
        `the ${plan.schedule.kind} schedule takes the learning rate from ${lr} to ${rate} by epoch ${epoch + 1} of ${epochs}; it must stay a finite number > 0`,
      );
    }
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
