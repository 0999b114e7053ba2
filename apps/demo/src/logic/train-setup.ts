// Everything the Train panel is set to, as one plain object that the form edits, the worker
// trains from and the URL carries: `?data=spiral&noise=0.05&…` restores the same dataset and the
// same initial network (both come from the random seed). Losses, optimizers and activations are listed
// from core's registries, with their parameters read and checked by core's own definitions.

import {
  ACTIVATION_KINDS,
  type ActivationKind,
  InputError,
  isActivationKind,
  isLossKind,
  isOptimizerKind,
  LOSSES,
  type LossKind,
  type LossSpec,
  MAX_SEED,
  makeLoss,
  makeOptimizer,
  OPTIMIZERS,
  type OptimizerKind,
  type OptimizerSpec,
  type Parameter,
} from '@deltaml/core';
import { TOY_NAMES, type ToyName } from './datasets.js';
import { type FeatureName, isFeatureName } from './features.js';
import type { FileDataset } from './file-dataset.js';

/** A parameter value as the registries take it. */
export type ParameterValue = number | boolean | string;

/** The whole Train setup. */
export interface TrainSetup {
  /** the backend id the worker trains on (see BACKEND_CHOICES) */
  readonly backend: string;
  readonly dataset: ToyName;
  /** the points of a loaded data file, trained on instead of `dataset` (not in the URL: a link cannot carry a file) */
  readonly file?: FileDataset;
  /** standard deviation of the Gaussian noise added to every point */
  readonly noise: number;
  /** points generated in all, split into training and test */
  readonly points: number;
  /** share of the points used for training, in percent; the rest are the test set */
  readonly trainPercent: number;
  readonly features: readonly FeatureName[];
  /** d_1 … d_{L−1} */
  readonly hidden: readonly number[];
  readonly activation: ActivationKind;
  readonly loss: LossKind;
  readonly lossParameters: Readonly<Record<string, ParameterValue>>;
  readonly optimizer: OptimizerKind;
  readonly optimizerParameters: Readonly<Record<string, ParameterValue>>;
  readonly lr: number;
  readonly batchSize: number | 'full';
  /** the random seed of the dataset, the initial weights and the shuffles (0 … core's MAX_SEED) */
  readonly seed: number;
  /** the decision boundary in flat class colours instead of shaded by confidence */
  readonly discretize: boolean;
}

/** The default: the three-armed spiral, two tanh layers of 8, Adam, cross-entropy, on wasm. */
export const DEFAULT_SETUP: TrainSetup = {
  backend: 'wasm',
  dataset: 'spiral',
  noise: 0.05,
  points: 300,
  trainPercent: 50,
  features: ['x1', 'x2'],
  hidden: [8, 8],
  activation: 'tanh',
  loss: 'cross-entropy',
  lossParameters: {},
  optimizer: 'adam',
  optimizerParameters: {},
  lr: 0.03,
  batchSize: 10,
  seed: 1,
  discretize: false,
};

/** Limits the form and the URL share. */
export const LIMITS = {
  noise: { min: 0, max: 0.5 },
  points: { min: 20, max: 2000 },
  trainPercent: { min: 10, max: 90 },
  layers: 6,
  width: 16,
} as const;

/** The loss spec of a setup (core validates the parameters). */
export function lossOf(setup: TrainSetup): LossSpec {
  return makeLoss(setup.loss, setup.lossParameters);
}

/** The optimizer spec of a setup (core validates the parameters; weight decay is one of them). */
export function optimizerOf(setup: TrainSetup): OptimizerSpec {
  return makeOptimizer(setup.optimizer, setup.optimizerParameters);
}

/** The parameters of the setup's loss and optimizer, from the registries. */
export function parametersOf(kind: 'loss' | 'optimizer', setup: TrainSetup): readonly Parameter[] {
  return kind === 'loss' ? LOSSES[setup.loss].parameters : OPTIMIZERS[setup.optimizer].parameters;
}

/** A parameter's value from text, by its type; throws naming it. */
export function parseParameter(p: Parameter, text: string, owner: string): ParameterValue {
  switch (p.type) {
    case 'number': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value) || !p.valid(value)) {
        throw new InputError(`${owner} ${p.key} is "${text}"; it must be ${p.allowed}`);
      }
      return value;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false')
        throw new InputError(`${owner} ${p.key} is "${text}"; it must be true or false`);
      return text === 'true';
    case 'choice':
      if (!p.choices.includes(text))
        throw new InputError(`${owner} ${p.key} is "${text}"; it must be one of ${p.choices.join(', ')}`);
      return text;
  }
}

function number(text: string, field: string, min: number, max: number, whole = false): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new InputError(
      `${field} is "${text}"; it must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`,
    );
  }
  return value;
}

/** Hidden layer sizes as "8, 8" (empty for none). */
export function parseHidden(text: string): number[] {
  if (text.trim() === '') return [];
  const sizes = text
    .split(',')
    .map((part, l) => number(part.trim(), `hidden layer ${l + 1} size`, 1, LIMITS.width, true));
  if (sizes.length > LIMITS.layers)
    throw new InputError(`${sizes.length} hidden layers; at most ${LIMITS.layers}`);
  return sizes;
}

/** A batch size: a whole number ≥ 1 or "full". */
export function parseBatchSize(text: string): number | 'full' {
  return text.trim() === 'full' ? 'full' : number(text, 'batch size', 1, 100_000, true);
}

/** A learning rate > 0. */
export function parseLearningRate(text: string): number {
  const lr = number(text, 'learning rate', Number.MIN_VALUE, 10);
  return lr;
}

/** A random seed (of the dataset, the initial weights and the shuffles): a whole number 0 … core's MAX_SEED. */
export function parseSeed(text: string): number {
  return number(text, 'random seed', 0, MAX_SEED, true);
}

/** The setup as URL query parameters; every field is written so a link never depends on today's defaults. */
export function encodeSetup(setup: TrainSetup): string {
  const q = new URLSearchParams();
  q.set('backend', setup.backend);
  q.set('data', setup.dataset);
  q.set('noise', String(setup.noise));
  q.set('points', String(setup.points));
  q.set('train', String(setup.trainPercent));
  q.set('features', setup.features.join(','));
  q.set('hidden', setup.hidden.join(','));
  q.set('activation', setup.activation);
  q.set('loss', setup.loss);
  for (const [key, value] of Object.entries(setup.lossParameters)) q.set(`loss.${key}`, String(value));
  q.set('optimizer', setup.optimizer);
  for (const [key, value] of Object.entries(setup.optimizerParameters))
    q.set(`optimizer.${key}`, String(value));
  q.set('lr', String(setup.lr));
  q.set('batch', String(setup.batchSize));
  q.set('seed', String(setup.seed));
  q.set('discretize', setup.discretize ? '1' : '0');
  return q.toString();
}

/** A setup from URL query parameters: the defaults for what is missing; each bad field named in `problems` and left at its default. */
export function decodeSetup(query: string): { setup: TrainSetup; problems: string[] } {
  const q = new URLSearchParams(query);
  const problems: string[] = [];
  let setup: TrainSetup = { ...DEFAULT_SETUP };
  const field = (key: string, apply: (text: string) => Partial<TrainSetup>) => {
    const text = q.get(key);
    if (text === null) return;
    try {
      setup = { ...setup, ...apply(text) };
    } catch (error) {
      problems.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const oneOf = <T extends string>(
    text: string,
    ok: (t: string) => t is T,
    what: string,
    all: readonly string[],
  ): T => {
    if (!ok(text)) throw new InputError(`${what} "${text}" is unknown; expected one of ${all.join(', ')}`);
    return text;
  };
  field('backend', (t) => ({ backend: t }));
  field('data', (t) => ({
    dataset: oneOf(
      t,
      (x): x is ToyName => (TOY_NAMES as readonly string[]).includes(x),
      'dataset',
      TOY_NAMES,
    ),
  }));
  field('noise', (t) => ({ noise: number(t, 'noise', LIMITS.noise.min, LIMITS.noise.max) }));
  field('points', (t) => ({ points: number(t, 'points', LIMITS.points.min, LIMITS.points.max, true) }));
  field('train', (t) => ({
    trainPercent: number(t, 'training share', LIMITS.trainPercent.min, LIMITS.trainPercent.max, true),
  }));
  field('features', (t) => {
    const names = t.split(',').filter((x) => x !== '');
    const bad = names.find((x) => !isFeatureName(x));
    if (bad !== undefined || names.length === 0)
      throw new InputError(`features "${t}": name at least one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2`);
    return { features: names as FeatureName[] };
  });
  field('hidden', (t) => ({ hidden: parseHidden(t) }));
  field('activation', (t) => ({ activation: oneOf(t, isActivationKind, 'activation', ACTIVATION_KINDS) }));
  field('loss', (t) => ({ loss: oneOf(t, isLossKind, 'loss', Object.keys(LOSSES)), lossParameters: {} }));
  field('optimizer', (t) => ({
    optimizer: oneOf(t, isOptimizerKind, 'optimizer', Object.keys(OPTIMIZERS)),
    optimizerParameters: {},
  }));
  for (const kind of ['loss', 'optimizer'] as const) {
    const values: Record<string, ParameterValue> = {};
    for (const p of parametersOf(kind, setup)) {
      const text = q.get(`${kind}.${p.key}`);
      if (text === null) continue;
      try {
        values[p.key] = parseParameter(
          p,
          text,
          kind === 'loss' ? `loss ${setup.loss}` : `optimizer ${setup.optimizer}`,
        );
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    setup =
      kind === 'loss' ? { ...setup, lossParameters: values } : { ...setup, optimizerParameters: values };
  }
  field('lr', (t) => ({ lr: parseLearningRate(t) }));
  field('batch', (t) => ({ batchSize: parseBatchSize(t) }));
  field('seed', (t) => ({ seed: parseSeed(t) }));
  field('discretize', (t) => ({ discretize: t === '1' || t === 'true' }));
  return { setup, problems };
}
