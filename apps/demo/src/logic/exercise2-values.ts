// The terms of Exercise 1's equations that Exercise 2 evaluates, one card each, in the worked
// example's order: which button produces each, the equation, and the float64 values (from the
// conformance suite's exact Exercise 2 plus the intermediate terms the worked example writes out
// without printing: Y_out − Y_gt, W₂ᵀδ₂, the mask f₁′(S₁) and the steps −η∂L/∂W).

import { exercise2, exercise2Exact, FLOAT32, isClose, type Mat, SEED_PRINTED } from '@deltaml/conformance';
import { derivativeScalar } from '@deltaml/core';
import { type Exercise2Problem, isWorkedExampleProblem, problemModel } from './exercise2-problem.js';
import { maxAbsDiff } from './format.js';

/** Every term a card shows. */
export type ValueKey =
  | 'S_1'
  | 'Z_1'
  | 'Y_out'
  | 'residual'
  | 'loss'
  | 'delta_2'
  | 'dW_2'
  | 'W2T_delta_2'
  | 'mask_1'
  | 'delta_1'
  | 'dW_1'
  | 'step_W_2'
  | 'step_W_1'
  | 'W_2_updated'
  | 'W_1_updated';

/** Which button computes a term. */
export type Stage = 'forward' | 'backward' | 'update';

/** The terms computed so far, by key. */
export type Exercise2Values = Partial<Record<ValueKey, Mat>>;

/** One card: the term's name, the button that produces it and its equation in the worked example's notation. */
export interface ValueInfo {
  readonly key: ValueKey;
  readonly name: string;
  readonly stage: Stage;
  readonly equation: string;
  /** what the rows and columns of the matrix are, for the table's header cells */
  readonly rows: 'hidden' | 'output' | 'none';
  readonly cols: 'examples' | 'inputs' | 'hidden' | 'none';
}

const info = (
  key: ValueKey,
  name: string,
  stage: Stage,
  equation: string,
  rows: ValueInfo['rows'],
  cols: ValueInfo['cols'],
): ValueInfo => ({ key, name, stage, equation, rows, cols });

/** The cards, in the order Exercise 1's equations produce them. */
export const EXERCISE2_VALUES: readonly ValueInfo[] = [
  info('S_1', 'S₁', 'forward', 'S₁ = W₁ X', 'hidden', 'examples'),
  info('Z_1', 'Z₁', 'forward', 'Z₁ = f₁(S₁) = relu(S₁)', 'hidden', 'examples'),
  info('Y_out', 'Y_out', 'forward', 'Y_out = Z₂ = S₂ = W₂ Z₁', 'output', 'examples'),
  info('residual', 'Y_out − Y_gt', 'forward', 'the error of each example', 'output', 'examples'),
  info('loss', 'L', 'forward', 'L = ‖Y_out − Y_gt‖²_F / (2N)', 'none', 'none'),
  info('delta_2', 'δ₂', 'backward', 'δ₂ = (1/N)(Y_out − Y_gt) ⊙ f₂′(S₂)', 'output', 'examples'),
  info('dW_2', '∂L/∂W₂', 'backward', '∂L/∂W₂ = δ₂ Z₁ᵀ', 'output', 'hidden'),
  info('W2T_delta_2', 'W₂ᵀδ₂', 'backward', '∂L/∂Z₁ = W₂ᵀ δ₂', 'hidden', 'examples'),
  info('mask_1', 'f₁′(S₁)', 'backward', 'the ReLU mask: 1 where S₁ > 0, else 0', 'hidden', 'examples'),
  info('delta_1', 'δ₁', 'backward', 'δ₁ = (W₂ᵀ δ₂) ⊙ f₁′(S₁)', 'hidden', 'examples'),
  info('dW_1', '∂L/∂W₁', 'backward', '∂L/∂W₁ = δ₁ Xᵀ', 'hidden', 'inputs'),
  info('step_W_2', '−η ∂L/∂W₂', 'update', 'the step added to W₂', 'output', 'hidden'),
  info('step_W_1', '−η ∂L/∂W₁', 'update', 'the step added to W₁', 'hidden', 'inputs'),
  info('W_2_updated', 'W₂ (updated)', 'update', 'W₂ ← W₂ − η ∂L/∂W₂', 'output', 'hidden'),
  info('W_1_updated', 'W₁ (updated)', 'update', 'W₁ ← W₁ − η ∂L/∂W₁', 'hidden', 'inputs'),
];

/** The card of a key. */
export function valueInfo(key: ValueKey): ValueInfo {
  return EXERCISE2_VALUES.find((v) => v.key === key)!;
}

/** The values the worked example prints (truncated to 4 decimals; L to 5), for the terms it prints. */
export function printedValues(): Exercise2Values {
  const { loss, ...matrices } = exercise2.printed;
  return { ...matrices, loss: [[loss]] };
}

const transpose = (m: Mat): Mat => m[0].map((_, j) => m.map((row) => row[j]));
const product = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0].map((_, j) => row.reduce((sum, x, k) => sum + x * b[k][j], 0)));

/** Every term of one step of `problem`, in float64. */
export function referenceValues(problem: Exercise2Problem): Record<ValueKey, Mat> {
  const model = problemModel(problem);
  const exact = exercise2Exact({ model, X: problem.X, Y: problem.Y, lr: problem.lr });
  const f1 = model.layers[0].activation;
  const step = (G: Mat) => G.map((row) => row.map((g) => -problem.lr * g));
  return {
    ...exact,
    residual: exact.Y_out.map((row, i) => row.map((y, n) => y - problem.Y[i][n])),
    W2T_delta_2: product(transpose(problem.W2), exact.delta_2),
    mask_1: exact.S_1.map((row) => row.map((s) => derivativeScalar(f1, s))),
    step_W_2: step(exact.dW_2),
    step_W_1: step(exact.dW_1),
  };
}

/** How one backend's term compares: with the float64 value and, for the unedited problem, with the print. */
export interface ValueDiff {
  readonly reference: number;
  /** null when the worked example prints no value for this term or the numbers were edited */
  readonly fromPrint: number | null;
  /** within the float32 tolerance of float64 everywhere */
  readonly agrees: boolean;
}

/** Every computed term of one backend against the float64 reference and the print. */
export function compareValues(
  got: Exercise2Values,
  problem: Exercise2Problem,
  reference = referenceValues(problem),
): Partial<Record<ValueKey, ValueDiff>> {
  const print = isWorkedExampleProblem(problem) ? printedValues() : null;
  const diffs: Partial<Record<ValueKey, ValueDiff>> = {};
  for (const { key } of EXERCISE2_VALUES) {
    const m = got[key];
    if (!m) continue;
    const printed = print?.[key];
    diffs[key] = {
      reference: maxAbsDiff(m, reference[key]),
      fromPrint: printed ? maxAbsDiff(m, printed) : null,
      agrees: m.every((row, i) => row.every((x, j) => isClose(x, reference[key][i][j], FLOAT32))),
    };
  }
  return diffs;
}

/** One card's badge: how many backends agree with float64 and the largest difference among them. */
export interface Agreement {
  readonly agree: number;
  readonly total: number;
  readonly maxDiff: number;
  /** whether every backend is within the print's 1e-4 (null: nothing printed to compare) */
  readonly matchesPrint: boolean | null;
}

/** The badge of one term over the backends' diffs. */
export function agreement(diffs: readonly (ValueDiff | undefined)[]): Agreement {
  const present = diffs.filter((d): d is ValueDiff => d !== undefined);
  const fromPrint = present.map((d) => d.fromPrint);
  return {
    agree: present.filter((d) => d.agrees).length,
    total: present.length,
    maxDiff: Math.max(0, ...present.map((d) => d.reference)),
    matchesPrint:
      present.length === 0 || fromPrint.includes(null)
        ? null
        : fromPrint.every((d) => (d as number) <= SEED_PRINTED.abs + SEED_PRINTED.rel),
  };
}

/** The badge's words: "5 backends agree, max |Δ| 9.9e-5". */
export function agreementText(a: Agreement, formatDiff: (x: number) => string): string {
  const what = a.total === 1 ? 'backend' : 'backends';
  const head = a.agree === a.total ? `${a.total} ${what} agree` : `${a.agree} of ${a.total} ${what} agree`;
  return `${head}, max |Δ| ${formatDiff(a.maxDiff)}`;
}
