// The Train panel's data as core trains on it: the toy points (or a data file's) split into a training set and a
// test set, each point turned into the chosen input features, and the targets in the form the
// chosen loss reads (core's LOSSES[kind].targets): one-hot rows for value targets, the class
// index for class targets, 0/1 for a binary target (with one output unit).

import { type Dataset, LOSSES, type LossKind } from '@deltaml/core';
import { makeToyDataset, type PointSet } from './datasets.js';
import { featureRows } from './features.js';
import type { TrainSetup } from './train-setup.js';

/** The split data and the network's input and output sizes. */
export interface TrainData {
  /** the points: the setup's toy dataset, or its data file's */
  readonly toy: PointSet;
  /** the first `trainCount` points of `toy` */
  readonly trainCount: number;
  readonly train: Dataset;
  readonly test: Dataset;
  /** d_0: one per feature */
  readonly inputSize: number;
  /** d_L: one per class, or one logit for a binary target */
  readonly outputSize: number;
}

/** Output units for a loss on `classes` classes. */
export function outputSizeFor(loss: LossKind, classes: number): number {
  return LOSSES[loss].targets === 'binary' ? 1 : classes;
}

function toDataset(toy: PointSet, from: number, to: number, setup: TrainSetup): Dataset {
  const kind = LOSSES[setup.loss].targets;
  const targetSize = kind === 'values' ? toy.classes : 1;
  const count = to - from;
  const targets = new Float64Array(count * targetSize);
  for (let n = 0; n < count; n++) {
    const label = toy.labels[from + n];
    switch (kind) {
      case 'values':
        targets[n * targetSize + label] = 1;
        break;
      case 'classes':
      case 'binary':
        targets[n] = label;
        break;
    }
  }
  const inputs = featureRows(toy.points.subarray(2 * from, 2 * to), setup.features);
  return { count, inputSize: setup.features.length, inputs, targetSize, targets };
}

/**
 * The setup's dataset (its data file's points, else the toy one generated from its random seed),
 * split into training and test points: the first `trainPercent` % train, the rest test.
 */
export function trainData(setup: TrainSetup): TrainData {
  const toy =
    setup.file ??
    makeToyDataset(setup.dataset, { count: setup.points, noise: setup.noise, seed: setup.seed });
  const trainCount = Math.max(1, Math.min(toy.count - 1, Math.round((toy.count * setup.trainPercent) / 100)));
  return {
    toy,
    trainCount,
    train: toDataset(toy, 0, trainCount, setup),
    test: toDataset(toy, trainCount, toy.count, setup),
    inputSize: setup.features.length,
    outputSize: outputSizeFor(setup.loss, toy.classes),
  };
}

/** A short fingerprint of numbers (FNV-1a over their float64 bytes), to tell two datasets or networks apart. */
export function fingerprint(...arrays: ArrayLike<number>[]): string {
  let hash = 0x811c9dc5;
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) {
      view.setFloat64(0, array[i]);
      for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
    }
  }
  return hash.toString(16).padStart(8, '0');
}
