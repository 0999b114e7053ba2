// The seeded models every exporter test runs: each activation of core's table in the hidden
// layers, each output kind, with and without the input transform and class names, and random
// biases (initModel starts them at 0, which would hide a bias dropped on the way).

import {
  ACTIVATION_KINDS,
  type ActivationKind,
  initModel,
  type ModelSpec,
  makeActivation,
  type OutputKind,
  seededRandom,
} from '@deltaml/core';

/** One model of the matrix, with a name for the test title. */
export interface Case {
  readonly name: string;
  readonly spec: ModelSpec;
}

/** d_L for each output kind: two values, three softmax classes, one sigmoid logit. */
const OUTPUTS: Record<OutputKind, number> = { values: 2, softmax: 3, sigmoid: 1 };
const CLASS_NAMES: Record<OutputKind, string[] | undefined> = {
  values: undefined,
  softmax: ['setosa', 'versi,color', 'virginica'],
  sigmoid: ['no', 'yes'],
};

/** A 3-5-4-d_L network with `hidden` in both hidden layers and random biases. */
export function model(
  hidden: ActivationKind,
  output: OutputKind,
  transform: boolean,
  classes: boolean,
  seed = 1,
): ModelSpec {
  const random = seededRandom(seed + 1000);
  const f = makeActivation(hidden, hidden === 'leaky_relu' ? 0.2 : undefined);
  const base = initModel({
    sizes: [3, 5, 4, OUTPUTS[output]],
    activations: [f, f, makeActivation('identity')],
    bias: true,
    seed,
  });
  const layers = base.layers.map((layer) => ({ ...layer, bias: layer.bias?.map(() => random() - 0.5) }));
  const names = classes ? CLASS_NAMES[output] : undefined;
  return {
    inputSize: 3,
    layers,
    output,
    ...(names && { classes: names }),
    ...(transform && {
      inputTransform: { kind: 'standardize', mean: [1.5, -2, 0.25], std: [2, 0.5, 3] },
    }),
  };
}

/** Every activation × output kind × transform × (for a classifier) class names. */
export function modelMatrix(): Case[] {
  const cases: Case[] = [];
  for (const hidden of ACTIVATION_KINDS)
    for (const output of ['values', 'softmax', 'sigmoid'] as const)
      for (const transform of [false, true])
        for (const classes of output === 'values' ? [false] : [false, true]) {
          const name = `${hidden} → ${output}${transform ? ', standardized' : ''}${classes ? ', class names' : ''}`;
          cases.push({ name, spec: model(hidden, output, transform, classes) });
        }
  return cases;
}

/** N seeded input rows of d raw features, spread around the transform's mean. */
export function inputRows(N: number, d: number, seed = 7): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: N }, () => Array.from({ length: d }, () => 6 * random() - 3));
}
