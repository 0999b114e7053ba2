// Exercise 3 for one example, term by term: the logits o, p = softmax(o), the margin
// p_l − p_y + m of every wrong class l with its indicator 1{p_l − p_y + m ≥ 0}, the loss, and
// ∂L/∂o_j by the worked example's formula Σ_{l≠y} p_j (1_l^j − 1_y^j − p_l + p_y)·1{…}, then the
// same gradient from each backend (core's hinge loss) and from central finite differences.

import { FINITE_DIFFERENCES, FLOAT32, isClose } from '@deltaml/conformance';
import { hinge, InputError, lossAndGradient, type SyncBackend } from '@deltaml/core';

/** One example of the 3-class problem: its logits, its class and the margin. */
export interface Exercise3Problem {
  readonly logits: readonly number[];
  /** the correct class y, 0-based */
  readonly label: number;
  readonly margin: number;
}

/** Logits where one wrong class violates the margin and the other does not, so both cases show. */
export const DEFAULT_EXERCISE3: Exercise3Problem = { logits: [2, 1, 0.1], label: 1, margin: 0.1 };

/** The margin term of one wrong class l. */
export interface MarginTerm {
  readonly l: number;
  /** p_l − p_y + m */
  readonly value: number;
  /** 1 when value ≥ 0: the term counts in the loss and the gradient */
  readonly active: boolean;
}

/** Every term of the step-through, in float64. */
export interface Exercise3Terms {
  readonly p: number[];
  readonly margins: MarginTerm[];
  readonly loss: number;
  /** ∂L/∂o_j by the worked example's formula */
  readonly gradient: number[];
  /** gradient[j] as the sum of its active terms: contributions[j][k] for margins[k] */
  readonly contributions: number[][];
}

/** Step of the central finite differences (see FINITE_DIFFERENCES in the conformance suite). */
export const FD_STEP = 1e-6;

/** Checks a problem; the error names the bad field. */
export function checkExercise3(problem: Exercise3Problem): void {
  problem.logits.forEach((o, j) => {
    if (!Number.isFinite(o)) throw new InputError(`logit o${j + 1} is ${o}; it must be a finite number`);
  });
  const d = problem.logits.length;
  if (!Number.isInteger(problem.label) || problem.label < 0 || problem.label >= d) {
    throw new InputError(`class y is ${problem.label + 1}; it must be 1…${d}`);
  }
  if (!Number.isFinite(problem.margin) || problem.margin < 0) {
    throw new InputError(`margin m is ${problem.margin}; it must be a number ≥ 0`);
  }
}

/** p = softmax(o), computed stably. */
export function softmax(o: readonly number[]): number[] {
  const max = Math.max(...o);
  const e = o.map((x) => Math.exp(x - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

/** The loss alone, Σ_{l≠y} max(0, p_l − p_y + m). */
export function hingeLoss(o: readonly number[], y: number, margin: number): number {
  const p = softmax(o);
  return p.reduce((sum, pl, l) => (l === y ? sum : sum + Math.max(0, pl - p[y] + margin)), 0);
}

/** Every term, by the worked example's formulas. */
export function exercise3Terms(problem: Exercise3Problem): Exercise3Terms {
  checkExercise3(problem);
  const { logits: o, label: y, margin } = problem;
  const p = softmax(o);
  const margins = p
    .map((pl, l) => ({ l, value: pl - p[y] + margin, active: pl - p[y] + margin >= 0 }))
    .filter((t) => t.l !== y);
  const loss = margins.reduce((sum, t) => sum + (t.active ? t.value : 0), 0);
  const one = (a: number, b: number) => (a === b ? 1 : 0);
  const contributions = p.map((pj, j) =>
    margins.map((t) => (t.active ? pj * (one(t.l, j) - one(y, j) - p[t.l] + p[y]) : 0)),
  );
  return {
    p,
    margins,
    loss,
    gradient: contributions.map((c) => c.reduce((a, b) => a + b, 0)),
    contributions,
  };
}

/** ∂L/∂o_j ≈ (L(o + h e_j) − L(o − h e_j)) / 2h for every j. */
export function finiteDifferences(problem: Exercise3Problem, h = FD_STEP): number[] {
  const { logits: o, label: y, margin } = problem;
  return o.map((_, j) => {
    const plus = o.map((x, k) => (k === j ? x + h : x));
    const minus = o.map((x, k) => (k === j ? x - h : x));
    return (hingeLoss(plus, y, margin) - hingeLoss(minus, y, margin)) / (2 * h);
  });
}

/** One backend's loss and gradient for the example (core's hinge, summed over the one example). */
export interface BackendExercise3 {
  readonly name: string;
  readonly loss: number;
  readonly gradient: number[];
  /** within float32 tolerance of the formula's loss and gradient */
  readonly agrees: boolean;
}

/** The example on `backend`: uploads o (d × 1) and y (1 × 1), runs core's lossAndGradient. */
export function exercise3OnBackend(
  backend: SyncBackend,
  problem: Exercise3Problem,
  terms: Exercise3Terms,
): BackendExercise3 {
  const Z = backend.upload(problem.logits, problem.logits.length, 1);
  const T = backend.upload([problem.label], 1, 1);
  try {
    const { loss, dZ } = lossAndGradient(backend, hinge(problem.margin, 'sum'), Z, T);
    const gradient = Array.from(backend.read(dZ));
    backend.dispose(dZ);
    const agrees =
      isClose(loss, terms.loss, FLOAT32) && gradient.every((g, j) => isClose(g, terms.gradient[j], FLOAT32));
    return { name: backend.name, loss, gradient, agrees };
  } finally {
    backend.dispose(Z);
    backend.dispose(T);
  }
}

/** Whether the formula's gradient matches finite differences (false at a kink, where p_l − p_y + m = 0). */
export function matchesFiniteDifferences(terms: Exercise3Terms, fd: readonly number[]): boolean {
  return terms.gradient.every((g, j) => isClose(g, fd[j], FINITE_DIFFERENCES));
}
