// The Train panel's form as text fields, checked and turned into TrainSettings; a bad field
// fails with an InputError that names it. Defaults train XOR well within a few hundred steps.

import {
  ACTIVATION_KINDS,
  type ActivationKind,
  CACHE_POLICIES,
  type CachePolicy,
  DEFAULT_MARGIN,
  hinge,
  InputError,
  mse,
} from '@deltaml/core';
import type { TrainSettings } from './trainer.js';

export interface TrainForm {
  readonly hidden: string;
  readonly activation: string;
  readonly loss: string;
  readonly margin: string;
  readonly lr: string;
  readonly batchSize: string;
  readonly cache: string;
  readonly seed: string;
}

/**
 * A learning rate that trains the toy datasets for each loss. The hinge is a sum over the batch
 * (the seed's definition, not a mean), so its gradients are about batch-size times larger.
 */
export const DEFAULT_LR: Readonly<Record<'mse' | 'hinge', string>> = { mse: '0.3', hinge: '0.02' };

export const DEFAULT_FORM: TrainForm = {
  hidden: '8, 8',
  activation: 'tanh',
  loss: 'mse',
  margin: String(DEFAULT_MARGIN),
  lr: DEFAULT_LR.mse,
  batchSize: '16',
  cache: 'all',
  seed: '1',
};

function number(text: string, field: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new InputError(`${field} is "${text}"; it must be a number`);
  return value;
}

function wholeNumber(text: string, field: string, min: number): number {
  const value = number(text, field);
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`${field} is "${text}"; it must be a whole number ≥ ${min}`);
  }
  return value;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new InputError(`${field} is "${text}"; expected one of ${allowed.join(', ')}`);
  }
  return text as T;
}

/** Hidden layer sizes as "8, 8" (empty for no hidden layer). */
export function parseHidden(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part, l) => wholeNumber(part.trim(), `hidden layer ${l + 1} size`, 1));
}

export function parseTrainForm(form: TrainForm): TrainSettings {
  const lr = number(form.lr, 'learning rate');
  if (lr <= 0) throw new InputError(`learning rate is ${lr}; it must be > 0`);
  const loss = oneOf(form.loss, ['mse', 'hinge'] as const, 'loss');
  return {
    hidden: parseHidden(form.hidden),
    activation: oneOf<ActivationKind>(form.activation, ACTIVATION_KINDS, 'activation'),
    loss: loss === 'mse' ? mse() : hinge(number(form.margin, 'margin')),
    lr,
    batchSize: form.batchSize.trim() === 'full' ? 'full' : wholeNumber(form.batchSize, 'batch size', 1),
    cache: oneOf<CachePolicy>(form.cache, CACHE_POLICIES, 'cache policy'),
    seed: wholeNumber(form.seed, 'seed', 0),
  };
}
