// What eval and predict share: a model file's network on a backend with the model's input
// transform, run on a block of examples held as the data file holds them (one row per example),
// and how to read its outputs — as values, or as classes with probabilities.

import {
  applyTransform,
  type FloatArray,
  LOSSES,
  type LossKind,
  type ModelSpec,
  type Network,
  type OutputKind,
  predict,
} from '@deltaml/core';
import { UsageError } from './failure.js';

/** Examples per forward pass in eval and predict: memory stays flat, and the backend's calls are few. */
export const EXAMPLES_PER_PASS = 1024;

/**
 * Z_L (d_L × N, row-major: output j of example n is at j·N + n) for the N examples in `rows`
 * (N × d_0, row-major), after the model's input transform. `rows` is scaled in place.
 */
export async function networkOutputs(
  network: Network,
  spec: ModelSpec,
  rows: Float64Array,
  N: number,
): Promise<FloatArray> {
  const d0 = network.inputSize;
  applyTransform(spec.inputTransform, rows, d0);
  const columns = new Float64Array(d0 * N);
  for (let n = 0; n < N; n++) for (let i = 0; i < d0; i++) columns[i * N + n] = rows[n * d0 + i];
  const { backend } = network;
  const X = backend.upload(columns, d0, N);
  try {
    const Z = predict(network, X);
    try {
      return await backend.read(Z);
    } finally {
      backend.dispose(Z);
    }
  } finally {
    backend.dispose(X);
  }
}

/**
 * How a model's outputs are read: `softmax` (K ≥ 2 class logits), `sigmoid` (one logit of two
 * classes) or `values`. A loss the user names decides; without one, a model with `classes` is a
 * classifier (softmax over its d_L outputs, or a sigmoid when d_L = 1 with two classes) and any
 * other model gives values.
 */
export function outputKind(spec: ModelSpec, loss: LossKind | undefined): OutputKind {
  const outputSize = spec.layers[spec.layers.length - 1].weights.length;
  if (loss === undefined) {
    if (!spec.classes) return 'values';
    return outputSize === 1 ? 'sigmoid' : 'softmax';
  }
  const kind = LOSSES[loss].outputs;
  if (kind === 'values' && spec.classes) {
    throw new UsageError(
      `--loss ${loss}: the model has class names (${spec.classes.length} classes); use a classification loss or leave --loss out`,
    );
  }
  return kind;
}

/**
 * The loss a model is scored with: `given` (checked against the model's classes by outputKind),
 * or without one cross-entropy for a model with classes (binary-cross-entropy for one output)
 * and mse otherwise.
 */
export function scoringLoss(spec: ModelSpec, given: LossKind | undefined): LossKind {
  const kind = outputKind(spec, given);
  if (given) return given;
  switch (kind) {
    case 'values':
      return 'mse';
    case 'softmax':
      return 'cross-entropy';
    case 'sigmoid':
      return 'binary-cross-entropy';
  }
}
