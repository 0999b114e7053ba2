// The matrices of Exercise 2 by the seed's names, in the seed's order: which button produces each,
// the equation that produces it, and the float64 values to compare a backend's results with.

import { EXERCISE2_NAMES, type Exercise2, exercise2, exercise2Exact, type Mat } from '@deltaml/conformance';
import { type Exercise2Problem, isSeedProblem, problemModel } from './exercise2-problem.js';
import { maxAbsDiff } from './format.js';

export type ValueKey = keyof Exercise2['printed'];
export type Stage = 'forward' | 'backward' | 'update';
export type Exercise2Values = Partial<Record<ValueKey, Mat>>;

export interface ValueInfo {
  readonly key: ValueKey;
  /** the seed's name: S_1, δ_2, ∂L/∂W_1, … */
  readonly name: string;
  readonly stage: Stage;
  /** the equation that produced it, in the seed's notation */
  readonly equation: string;
}

const info = (key: ValueKey, stage: Stage, equation: string): ValueInfo => ({
  key,
  name: EXERCISE2_NAMES[key],
  stage,
  equation,
});

export const EXERCISE2_VALUES: readonly ValueInfo[] = [
  info('S_1', 'forward', 'S₁ = W₁ X'),
  info('Z_1', 'forward', 'Z₁ = relu(S₁)'),
  info('Y_out', 'forward', 'Y_out = Z₂ = S₂ = W₂ Z₁'),
  info('loss', 'forward', 'L = ‖Y_out − Y_gt‖²_F / (2N)'),
  info('delta_2', 'backward', 'δ₂ = (1/N)(Y_out − Y_gt) ⊙ f₂′(S₂)'),
  info('dW_2', 'backward', '∂L/∂W₂ = δ₂ Z₁ᵀ'),
  info('delta_1', 'backward', 'δ₁ = (W₂ᵀ δ₂) ⊙ f₁′(S₁)'),
  info('dW_1', 'backward', '∂L/∂W₁ = δ₁ Xᵀ'),
  info('W_2_updated', 'update', 'W₂ ← W₂ − η ∂L/∂W₂'),
  info('W_1_updated', 'update', 'W₁ ← W₁ − η ∂L/∂W₁'),
];

/** The seed's printed values (the loss as a 1 × 1 matrix). */
export function seedValues(): Record<ValueKey, Mat> {
  const { loss, ...matrices } = exercise2.printed;
  return { ...matrices, loss: [[loss]] };
}

/** Every value of one step of `problem`, from the definitions in float64. */
export function referenceValues(problem: Exercise2Problem): Record<ValueKey, Mat> {
  return exercise2Exact({ model: problemModel(problem), X: problem.X, Y: problem.Y, lr: problem.lr });
}

/** How far a backend's value is from the seed's print (null when the problem was edited) and from float64. */
export interface ValueDiff {
  readonly seed: number | null;
  readonly reference: number;
}

export function compareValues(
  got: Exercise2Values,
  problem: Exercise2Problem,
  reference = referenceValues(problem),
): Partial<Record<ValueKey, ValueDiff>> {
  const seed = isSeedProblem(problem) ? seedValues() : null;
  const diffs: Partial<Record<ValueKey, ValueDiff>> = {};
  for (const { key } of EXERCISE2_VALUES) {
    const m = got[key];
    if (!m) continue;
    diffs[key] = { seed: seed ? maxAbsDiff(m, seed[key]) : null, reference: maxAbsDiff(m, reference[key]) };
  }
  return diffs;
}

/** The largest differences over every value (seed null when the problem was edited). */
export function largestDiff(diffs: Partial<Record<ValueKey, ValueDiff>>): ValueDiff {
  const all = Object.values(diffs);
  const seeds = all.map((d) => d.seed);
  return {
    seed: seeds.includes(null) ? null : Math.max(0, ...(seeds as number[])),
    reference: Math.max(0, ...all.map((d) => d.reference)),
  };
}
