// Every loss, by the name the command line and the docs use. Adding one: its file in this
// folder, one line here, and its float64 reference in the conformance suite.

import { type BinaryCrossEntropySpec, binaryCrossEntropyLoss } from './binary-cross-entropy.js';
import { type CrossEntropySpec, crossEntropyLoss } from './cross-entropy.js';
import { type HingeSpec, hingeLoss } from './hinge.js';
import type { LossDefinition } from './loss.js';
import { type MseSpec, mseLoss } from './mse.js';

export type { BinaryCrossEntropySpec, CrossEntropySpec, HingeSpec, MseSpec };

/** A loss and its parameters: `{ kind: 'hinge', margin: 0.1, reduction: 'sum' }`. */
export type LossSpec = MseSpec | HingeSpec | CrossEntropySpec | BinaryCrossEntropySpec;

/** The name of a loss. */
export type LossKind = LossSpec['kind'];

/** Every loss, keyed by name; the mapped type makes a missing or extra entry a compile error. */
export const LOSSES: { readonly [K in LossKind]: LossDefinition<Extract<LossSpec, { kind: K }>> } = {
  mse: mseLoss,
  hinge: hingeLoss,
  'cross-entropy': crossEntropyLoss,
  'binary-cross-entropy': binaryCrossEntropyLoss,
};

/** Every loss name, in the order help texts list them. */
export const LOSS_KINDS = Object.keys(LOSSES) as readonly LossKind[];

/** Whether `name` names a loss. */
export function isLossKind(name: string): name is LossKind {
  return Object.hasOwn(LOSSES, name);
}

/** The definition of a loss spec's kind. */
export function lossDefinition<S extends LossSpec>(spec: S): LossDefinition<S> {
  return LOSSES[spec.kind] as unknown as LossDefinition<S>;
}
