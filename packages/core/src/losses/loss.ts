// What a loss is, in one interface: the targets it reads, its parameters, its value and its
// gradient ∂L/∂Z_L. Every loss is one file in this folder that implements it; the registry
// collects them. The arithmetic runs here in float64 on the host (core's general path) unless a
// backend offers a fused kernel for it.

import { defineSpec, type HyperparameterTable, type SpecDefinition, type SpecOf } from '../parameters.js';

/**
 * What the data file's targets are for a loss: `values` (the `y…` columns, d_L per example),
 * `classes` (a `label` column of class indices or names) or `binary` (one `y` column of 0/1).
 */
export type TargetKind = 'values' | 'classes' | 'binary';

/** How the network output is turned into a prediction: as is, softmax over classes, or a sigmoid. */
export type OutputKind = 'values' | 'softmax' | 'sigmoid';

/**
 * One loss, defined once. `S` is its spec: `{ kind }` plus its parameters, whose table gives
 * `parameters` and `spec()` (defineSpec).
 */
export interface LossDefinition<S extends { readonly kind: string }> extends SpecDefinition<S> {
  readonly description: string;
  /** how the loss is reduced over the N examples of a batch, in words */
  readonly reduction: string;
  /** a learning rate to start from, and why */
  readonly lrGuide: string;
  readonly targets: TargetKind;
  readonly outputs: OutputKind;
  /** whether L sums over the examples (the worked example's hinge) rather than averaging them */
  sumsOverExamples(spec: S): boolean;
  /** why a network with `outputSize` outputs cannot use this loss, or undefined */
  checkOutputSize(outputSize: number): string | undefined;
  /** numbers per example's target: d_L for values, 1 otherwise */
  targetSize(outputSize: number): number;
  /**
   * What is wrong with one example's class or 0/1 target `y` (`label 5 is out of range; …`), or
   * undefined when it is valid. Never called for value targets, which take any finite number.
   */
  invalidTarget(y: number, outputSize: number): string | undefined;
  /**
   * L and ∂L/∂Z_L in float64. Z is d × N and T targetSize × N, row-major (one column per
   * example); writes dZ (d × N) and returns L.
   */
  evaluate(
    spec: S,
    Z: ArrayLike<number>,
    T: ArrayLike<number>,
    dZ: Float64Array,
    d: number,
    N: number,
  ): number;
}

/**
 * A loss named `kind` with the parameters of `table`: its `parameters` and `spec()` follow from the
 * table (defineSpec), and its spec type is inferred from it.
 */
export function defineLoss<const K extends string, const T extends HyperparameterTable>(
  kind: K,
  table: T,
  rule: Omit<LossDefinition<SpecOf<K, T>>, keyof SpecDefinition<SpecOf<K, T>>>,
): LossDefinition<SpecOf<K, T>> {
  return { ...rule, ...defineSpec('loss', kind, table) };
}

/** A class label must be a whole number in [0, outputSize). */
export function invalidClassLabel(y: number, outputSize: number): string | undefined {
  if (Number.isInteger(y) && y >= 0 && y < outputSize) return undefined;
  return `label ${y} is out of range; expected a class index 0…${outputSize - 1}`;
}

/** The classes of a softmax need at least two outputs. */
export function needsClasses(outputSize: number): string | undefined {
  return outputSize >= 2
    ? undefined
    : `it needs at least 2 outputs (one per class), the network has ${outputSize}`;
}

/** What every softmax loss on class labels shares: one label per example, read as an index 0…K−1 of K ≥ 2 outputs. */
export const SOFTMAX_CLASS_LABELS = {
  targets: 'classes',
  outputs: 'softmax',
  checkOutputSize: needsClasses,
  targetSize: () => 1,
  invalidTarget: invalidClassLabel,
} as const;

/** The probabilities of one column, reused from call to call so that a loss evaluation allocates nothing. */
let probabilities = new Float64Array(0);

/** A scratch column of d numbers for softmaxColumn, valid until the next call. */
export function softmaxScratch(d: number): Float64Array {
  if (probabilities.length < d) probabilities = new Float64Array(d);
  return probabilities;
}

/** p = softmax of column n of Z (d × N) into p; returns log Σ_j e^{Z[j][n]} (log-sum-exp, stable). */
export function softmaxColumn(
  Z: ArrayLike<number>,
  d: number,
  N: number,
  n: number,
  p: Float64Array,
): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < d; j++) max = Math.max(max, Z[j * N + n]);
  let total = 0;
  for (let j = 0; j < d; j++) total += p[j] = Math.exp(Z[j * N + n] - max);
  for (let j = 0; j < d; j++) p[j] /= total;
  return max + Math.log(total);
}
