// What an optimizer is, in one interface: its hyperparameters, the state it keeps per parameter
// (named slots, like PyTorch's `momentum_buffer` or `exp_avg`) and its update rule, written with
// the backend's primitive kernels. Every optimizer is one file in this folder.

import type { Backend, Matrix } from '../backend.js';
import type { Parameter } from '../parameters.js';

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

/** One optimizer, defined once. `S` is its spec: `{ kind }` plus its hyperparameters. */
export interface OptimizerDefinition<S extends { readonly kind: string }> {
  /** one line for help texts and docs */
  readonly description: string;
  readonly parameters: readonly Parameter[];
  /** the spec from validated parameter values */
  spec(values: Readonly<Record<string, number | boolean | string>>): S;
  /** why a combination of values is not allowed (each one valid alone), or undefined */
  check?(spec: S): string | undefined;
  /** the per-parameter state this spec keeps (none for plain SGD) */
  slots(spec: S): readonly string[];
  /** p ← one step of the rule, in place */
  update(context: UpdateContext<S>): void;
}
