// The learning-rate flags as core's plan (`--lr-schedule`, `--lr-step-every`, `--lr-gamma`,
// `--warmup-epochs`), refusing flags of another schedule, and a plan whose rate underflows to 0
// before the last epoch — checked before any work, not found two epochs in.

import { type LearningRatePlan, learningRateAt, type Schedule } from '@deltaml/core';
import { UsageError } from '../failure.js';
import type { TrainFlags } from './flags.js';

/** The schedule flags as core's schedule, refusing flags of another schedule. */
function schedule(flags: TrainFlags): Schedule {
  if (flags.lrSchedule !== 'step' && (flags.lrStepEvery !== undefined || flags.lrGamma !== undefined)) {
    throw new UsageError(
      `--lr-step-every and --lr-gamma apply to --lr-schedule step, not ${flags.lrSchedule}`,
    );
  }
  switch (flags.lrSchedule) {
    case 'constant':
      return { kind: 'constant' };
    case 'cosine':
      return { kind: 'cosine' };
    case 'step':
      return { kind: 'step', every: flags.lrStepEvery ?? 10, gamma: flags.lrGamma ?? 0.1 };
  }
}

/** The learning-rate plan of the flags. */
export function learningRatePlan(flags: TrainFlags): LearningRatePlan {
  return { schedule: schedule(flags), warmupEpochs: flags.warmupEpochs };
}

/**
 * Refuses a plan under which some epoch's learning rate is not a positive number. Every schedule
 * falls (or stays) over the run and a warm-up rises, so the smallest rates are the first epoch's
 * and the last one's.
 */
export function checkReachableRates(flags: TrainFlags, plan: LearningRatePlan): void {
  if (!(flags.lr > 0)) return; // not a rate at all: the Trainer refuses it, naming the rate
  for (const epoch of new Set([0, flags.epochs - 1])) {
    const rate = learningRateAt(flags.lr, plan, epoch, flags.epochs);
    if (rate > 0 && Number.isFinite(rate)) continue;
    const step = plan.schedule.kind === 'step' && epoch >= plan.schedule.every;
    const flag = step ? `--lr-gamma ${flags.lrGamma ?? 0.1}` : `--lr ${flags.lr}`;
    throw new UsageError(
      `${flag}: the learning rate of epoch ${epoch + 1} of the ${plan.schedule.kind} schedule is ${rate} (it underflows); ${step ? 'use a larger --lr-gamma, a larger --lr-step-every or fewer --epochs' : 'use a larger --lr'}`,
    );
  }
}
