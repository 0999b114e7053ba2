// Seeded random problems for the suite: networks of depth 1–4 and widths 1–32 with every
// activation of core's table, with and without biases, batches of 1–64, for every loss of core's
// registry (a new activation or loss is tested on every backend without a change here).

import {
  ACTIVATION_KINDS,
  initModel,
  LOSS_KINDS,
  LOSSES,
  type LossSpec,
  type ModelSpec,
  makeActivation,
  makeLoss,
  seededRandom,
} from '@deltaml/core';
import type { Mat } from './reference.js';

/** A seeded random problem: a network, a batch X (d_0 × N), its targets and the loss. */
export interface RandomCase {
  readonly label: string;
  readonly model: ModelSpec;
  readonly X: Mat;
  /** Y for value losses (d_L × N), labels or 0/1 targets otherwise (1 × N) */
  readonly T: Mat;
  readonly loss: LossSpec;
}

/** Parameters that make each loss's case interesting (a hinge margin that varies with the seed). */
function lossFor(kind: (typeof LOSS_KINDS)[number], random: () => number, seed: number): LossSpec {
  if (kind === 'hinge') {
    return makeLoss(kind, { margin: 0.1 + 0.4 * random(), reduction: seed % 4 === 1 ? 'sum' : 'mean' });
  }
  return makeLoss(kind);
}

/** Case `seed`: its shape, activations, bias and loss all follow from the seed. */
export function randomCase(seed: number): RandomCase {
  const random = seededRandom(seed * 7919 + 17);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const uniform = () => 2 * random() - 1;
  const depth = int(1, 4);
  const kind = LOSS_KINDS[seed % LOSS_KINDS.length];
  const loss = lossFor(kind, random, seed);
  const targets = LOSSES[kind].targets;
  const sizes = Array.from({ length: depth + 1 }, () => int(1, 32));
  if (targets === 'classes') sizes[depth] = int(2, 10);
  if (targets === 'binary') sizes[depth] = 1;
  const activations = Array.from({ length: depth }, (_, l) =>
    makeActivation(ACTIVATION_KINDS[(seed + l) % ACTIVATION_KINDS.length], 0.1),
  );
  const bias = seed % 3 !== 0;
  const initial = initModel({ sizes, activations, bias, seed });
  // non-zero biases, so that their gradients are checked on values that matter
  const model: ModelSpec = {
    ...initial,
    layers: initial.layers.map((layer) =>
      layer.bias ? { ...layer, bias: layer.bias.map(() => 0.1 * uniform()) } : layer,
    ),
  };
  const N = int(1, 64);
  const X = Array.from({ length: sizes[0] }, () => Array.from({ length: N }, uniform));
  const T =
    targets === 'values'
      ? Array.from({ length: sizes[depth] }, () => Array.from({ length: N }, uniform))
      : [Array.from({ length: N }, () => (targets === 'classes' ? int(0, sizes[depth] - 1) : int(0, 1)))];
  const label = `sizes ${sizes.join('-')}, ${activations.map((f) => f.kind).join('/')}, ${bias ? 'bias' : 'no bias'}, N=${N}, ${loss.kind}`;
  return { label, model, X, T, loss };
}
