// Holding data out: a seeded split of a dataset into training and validation parts, stratified
// by class when the targets are class labels, so each class keeps its share in both parts.

import type { Dataset } from './dataset.js';
import { InputError } from './errors.js';
import { SeededRandom, shuffledIndices } from './random.js';

/** The examples `indices` of `data`, in that order, as a dataset of their own. */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const { inputSize, targetSize } = data;
  const inputs = new Float64Array(indices.length * inputSize);
  const targets = new Float64Array(indices.length * targetSize);
  for (let k = 0; k < indices.length; k++) {
    const n = indices[k];
    inputs.set(data.inputs.subarray(n * inputSize, (n + 1) * inputSize), k * inputSize);
    targets.set(data.targets.subarray(n * targetSize, (n + 1) * targetSize), k * targetSize);
  }
  return { count: indices.length, inputSize, inputs, targetSize, targets };
}

/**
 * Splits off a share `fraction` (0 < f < 1) of the examples for validation, drawn with `seed`;
 * `stratify` keeps each class's share (targets must then be one class index per example).
 */
export function splitDataset(
  data: Dataset,
  fraction: number,
  seed: number,
  stratify: boolean,
): { train: Dataset; validation: Dataset } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new InputError(`the validation split is ${fraction}; it must be between 0 and 1 (exclusive)`);
  }
  const random = new SeededRandom(seed);
  const groups = new Map<number, number[]>();
  for (let n = 0; n < data.count; n++) {
    const key = stratify ? data.targets[n * data.targetSize] : 0;
    const list = groups.get(key);
    if (list) list.push(n);
    else groups.set(key, [n]);
  }
  const held: number[] = [];
  const kept: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = groups.get(key) as number[];
    const order = shuffledIndices(members.length, () => random.next());
    const take = Math.round(members.length * fraction);
    order.forEach((i, k) => (k < take ? held : kept).push(members[i]));
  }
  if (held.length === 0 || kept.length === 0) {
    throw new InputError(
      `a validation split of ${fraction} of ${data.count} examples leaves ${held.length === 0 ? 'no validation' : 'no training'} examples`,
    );
  }
  const sorted = (xs: number[]) => Uint32Array.from(xs).sort();
  return { train: subset(data, sorted(kept)), validation: subset(data, sorted(held)) };
}
