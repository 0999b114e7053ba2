// Seeded random problems for the suite: networks of depth 1–4 and widths 1–32 with every
// activation, with and without biases, batches of 1–64, for both losses.

import {
  type Activation,
  hinge,
  initModel,
  type LossSpec,
  type ModelSpec,
  mse,
  seededRandom,
} from '@deltaml/core';
import type { Mat } from './reference.js';

/** A seeded random problem: a network, a batch X (d_0 × N), its targets and the loss. */
export interface RandomCase {
  readonly label: string;
  readonly model: ModelSpec;
  readonly X: Mat;
  /** Y for MSE (d_L × N), labels for the hinge (1 × N) */
  readonly T: Mat;
  readonly loss: LossSpec;
}

const ACTIVATIONS: Activation[] = [
  { kind: 'identity' },
  { kind: 'relu' },
  { kind: 'sigmoid' },
  { kind: 'tanh' },
  { kind: 'leaky_relu', alpha: 0.1 },
];

/** Case `seed`: its shape, activations, bias and loss all follow from the seed. */
export function randomCase(seed: number): RandomCase {
  const random = seededRandom(seed * 7919 + 17);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const uniform = () => 2 * random() - 1;
  const depth = int(1, 4);
  const useHinge = seed % 2 === 1;
  const sizes = Array.from({ length: depth + 1 }, () => int(1, 32));
  if (useHinge) sizes[depth] = int(2, 10);
  const activations = Array.from({ length: depth }, (_, l) => ACTIVATIONS[(seed + l) % ACTIVATIONS.length]);
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
  const T = useHinge
    ? [Array.from({ length: N }, () => int(0, sizes[depth] - 1))]
    : Array.from({ length: sizes[depth] }, () => Array.from({ length: N }, uniform));
  const loss = useHinge ? hinge(0.1 + 0.4 * random()) : mse();
  const label = `sizes ${sizes.join('-')}, ${activations.map((f) => f.kind).join('/')}, ${bias ? 'bias' : 'no bias'}, N=${N}, ${loss.kind}`;
  return { label, model, X, T, loss };
}
