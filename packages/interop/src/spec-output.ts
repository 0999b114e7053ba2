// How a ModelSpec's Z_L is read, shared by every writer: the model file's `output`, or for a file
// without it a classifier when it has classes (softmax over d_L, a sigmoid when d_L = 1).

import type { ModelSpec, OutputKind } from '@deltaml/core';

/** d_L, the number of network outputs. */
export function outputSize(spec: ModelSpec): number {
  return spec.layers[spec.layers.length - 1].weights.length;
}

/** `spec.output`, or what a model file without it means (CONTRACT.md). */
export function outputKindOf(spec: ModelSpec): OutputKind {
  if (spec.output) return spec.output;
  if (!spec.classes) return 'values';
  return outputSize(spec) === 1 ? 'sigmoid' : 'softmax';
}
