// The editable Exercise 2: the worked example's 2-3-1 ReLU network, inputs X, targets Y_gt and learning
// rate, preloaded with the worked example's numbers. Edits are checked here so the page can name the bad cell.

import { exercise2, type Mat } from '@deltaml/conformance';
import { InputError, type ModelSpec } from '@deltaml/core';

export interface Exercise2Problem {
  /** X = Z_0, 2 × N: one column per example */
  readonly X: Mat;
  /** Y_gt, 1 × N */
  readonly Y: Mat;
  /** W_1, 3 × 2 */
  readonly W1: Mat;
  /** W_2, 1 × 3 */
  readonly W2: Mat;
  /** η, the learning rate of the update W ← W − η ∂L/∂W */
  readonly lr: number;
}

export type ProblemMatrix = 'X' | 'Y' | 'W1' | 'W2';

const copy = (m: Mat): Mat => m.map((row) => [...row]);

/** The worked example's own numbers. */
export function workedExampleProblem(): Exercise2Problem {
  const [layer1, layer2] = exercise2.model.layers;
  return {
    X: copy(exercise2.X),
    Y: copy(exercise2.Y),
    W1: copy(layer1.weights),
    W2: copy(layer2.weights),
    lr: exercise2.lr,
  };
}

/** The network of a problem: relu then identity, no biases (as in the worked example). */
export function problemModel(problem: Exercise2Problem): ModelSpec {
  const [layer1, layer2] = exercise2.model.layers;
  return {
    inputSize: problem.X.length,
    layers: [
      { activation: layer1.activation, weights: problem.W1 },
      { activation: layer2.activation, weights: problem.W2 },
    ],
  };
}

/** True when every number equals the worked example's, so the worked example's printed values apply. */
export function isWorkedExampleProblem(problem: Exercise2Problem): boolean {
  const example = workedExampleProblem();
  const same = (a: Mat, b: Mat) =>
    a.length === b.length &&
    a.every((row, i) => row.length === b[i].length && row.every((x, j) => x === b[i][j]));
  return (
    problem.lr === example.lr &&
    same(problem.X, example.X) &&
    same(problem.Y, example.Y) &&
    same(problem.W1, example.W1) &&
    same(problem.W2, example.W2)
  );
}

/** Parses one edited cell; `where` names it (`W1[2][0]`) in the error. */
export function parseCell(text: string, where: string): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new InputError(`${where} is "${text}"; it must be a finite number`);
  return value;
}

/** The problem with one cell replaced (matrices are never mutated in place). */
export function withCell(
  problem: Exercise2Problem,
  matrix: ProblemMatrix,
  i: number,
  j: number,
  value: number,
): Exercise2Problem {
  const next = copy(problem[matrix]);
  next[i][j] = value;
  return { ...problem, [matrix]: next };
}

/** The problem with a new learning rate, checked. */
export function withLearningRate(problem: Exercise2Problem, lr: number): Exercise2Problem {
  if (!Number.isFinite(lr) || lr <= 0)
    throw new InputError(`learning rate η is ${lr}; it must be a number > 0`);
  return { ...problem, lr };
}
