// The resume fingerprint: what a `--resume` must match for the resumed run to equal the
// uninterrupted one. It is an allow-list: every option of `train` is classified below, either as
// changing the result (and then compared) or as not changing it, and a test fails on an option in
// neither list, so a new flag is never silently compared, nor silently ignored.

import type { LearningRatePlan, LossSpec, OptimizerSpec } from '@deltaml/core';
import type { RunFingerprint } from '../checkpoint.js';
import { PARAMETER_OPTION_KEYS } from '../registry-options.js';
import type { TrainFlags } from './flags.js';

/** Options compared by value (absent ones are left out, as they always were). */
const COMPARED_BY_VALUE = [
  'lr',
  'batchSize',
  'shuffle',
  'seed',
  'validationSplit',
  'earlyStop',
  'standardize',
  'cache',
] as const satisfies readonly (keyof TrainFlags)[];

/**
 * The options that change the trained weights, by option key. The files are compared by digest;
 * the loss, optimizer and schedule flags through the specs they build (so that a default given
 * explicitly, `--beta1 0.9`, is the same run as the default left out); `--backend` as the backend
 * that ran (`auto` picks one per machine).
 */
export const CHANGES_THE_RESULT: ReadonlySet<string> = new Set([
  'model',
  'data',
  'validation',
  'backend',
  'loss',
  'optimizer',
  ...PARAMETER_OPTION_KEYS,
  'lrSchedule',
  'lrStepEvery',
  'lrGamma',
  'warmupEpochs',
  ...COMPARED_BY_VALUE,
]);

/**
 * The options that do not change the trained weights: where results and state are written, and
 * limits. `--epochs` counts from the start of the run, so a resume may continue to a later one.
 */
export const DOES_NOT_CHANGE_THE_RESULT: ReadonlySet<string> = new Set([
  'out',
  'log',
  'checkpoint',
  'resume',
  'epochs',
  'maxMemory',
]);

/** What the run's fingerprint is made from, beside the flags. */
export interface FingerprintParts {
  readonly flags: TrainFlags;
  /** the SHA-256 of the model file's bytes, as read (a pipe is read once) */
  readonly modelDigest: string;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly plan: LearningRatePlan;
  /** the backend that runs */
  readonly backend: string;
  /** the SHA-256 of the data files' bytes, as read (see train/data.ts) */
  readonly digests: { readonly data: string; readonly validation: string | null };
}

/** What a resume must match: digests of the files, the specs, and every option that changes the result. */
export async function fingerprint(parts: FingerprintParts): Promise<RunFingerprint> {
  const { flags } = parts;
  const run: Record<string, string | number | boolean | null> = {
    model: parts.modelDigest,
    data: parts.digests.data,
    validation: parts.digests.validation,
    loss: JSON.stringify(parts.loss),
    optimizer: JSON.stringify(parts.optimizer),
    schedule: JSON.stringify(parts.plan),
    backend: parts.backend,
  };
  for (const key of COMPARED_BY_VALUE) {
    const value = flags[key];
    if (value !== undefined) run[key] = value;
  }
  return run;
}
