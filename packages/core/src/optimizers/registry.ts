// Every optimizer, by the name the command line and the docs use. Adding one: its file in this
// folder (its table and its rule), one line here, and its float64 reference in the conformance suite.

import { type AdamSpec, adamOptimizer } from './adam.js';
import { adamwOptimizer } from './adamw.js';
import type { OptimizerDefinition } from './definition.js';
import { type RmspropSpec, rmspropOptimizer } from './rmsprop.js';
import { type SgdSpec, sgdOptimizer } from './sgd.js';

export type { AdamSpec, RmspropSpec, SgdSpec };

/** An optimizer and its hyperparameters (the learning rate is given per step). */
export type OptimizerSpec = SgdSpec | AdamSpec | RmspropSpec;

/** The name of an optimizer. */
export type OptimizerKind = OptimizerSpec['kind'];

/** Every optimizer, keyed by name; the mapped type makes a missing or extra entry a compile error. */
export const OPTIMIZERS: {
  readonly [K in OptimizerKind]: OptimizerDefinition<Extract<OptimizerSpec, { kind: K }>>;
} = {
  sgd: sgdOptimizer,
  adam: adamOptimizer,
  adamw: adamwOptimizer,
  rmsprop: rmspropOptimizer,
};

/** Every optimizer name, in the order help texts list them. */
export const OPTIMIZER_KINDS = Object.keys(OPTIMIZERS) as readonly OptimizerKind[];

/** Whether `name` names an optimizer. */
export function isOptimizerKind(name: string): name is OptimizerKind {
  return Object.hasOwn(OPTIMIZERS, name);
}

/** The definition of a spec's kind. */
export function optimizerDefinition<S extends OptimizerSpec>(spec: S): OptimizerDefinition<S> {
  return OPTIMIZERS[spec.kind] as unknown as OptimizerDefinition<S>;
}
