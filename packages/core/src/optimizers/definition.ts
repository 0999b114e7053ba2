// What an optimizer is, in one interface: its hyperparameters (one table, from which its spec type,
// defaults, ranges, command-line flags and docs follow), the state it keeps per parameter (named
// slots, like PyTorch's `momentum_buffer` or `exp_avg`) and its update rule, written with the
// backend's primitive kernels. Every optimizer is one file in this folder.

import type { Backend, Matrix } from '../backend.js';
import { defineSpec, type HyperparameterTable, type SpecDefinition, type SpecOf } from '../parameters.js';

/** One parameter's update at step t (1-based): p the weights, g its gradient (may be overwritten), its state slots. */
export interface UpdateContext<S> {
  readonly backend: Backend;
  readonly spec: S;
  readonly lr: number;
  readonly t: number;
  readonly p: Matrix;
  readonly g: Matrix;
  /** the state slots this spec uses, in the order `slots(spec)` names them, zero at t = 1 */
  readonly state: readonly Matrix[];
}

/**
 * One optimizer, defined once. `S` is its spec: `{ kind }` plus its hyperparameters. `spec()`
 * validates the user's values (and refuses a combination the rule does not allow).
 */
export interface OptimizerDefinition<S extends { readonly kind: string }> extends SpecDefinition<S> {
  /** one line for help texts and docs */
  readonly description: string;
  /** the per-parameter state this spec keeps (none for plain SGD) */
  slots(spec: S): readonly string[];
  /** p ← one step of the rule, in place */
  update(context: UpdateContext<S>): void;
}

/** What an optimizer's file writes: its table and its rule, typed by the spec the table gives. */
export interface OptimizerRule<S> {
  readonly description: string;
  /** why a combination of values is not allowed (each one valid alone), or undefined */
  check?(spec: S): string | undefined;
  slots(spec: S): readonly string[];
  update(context: UpdateContext<S>): void;
}

/** An optimizer named `kind` with the hyperparameters of `table`; its spec type is inferred from the table. */
export function defineOptimizer<const K extends string, const T extends HyperparameterTable>(
  kind: K,
  table: T,
  { description, check, slots, update }: OptimizerRule<SpecOf<K, T>>,
): OptimizerDefinition<SpecOf<K, T>> {
  return { description, ...defineSpec('optimizer', kind, table, check), slots, update };
}
