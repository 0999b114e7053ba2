import { InputError } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import {
  isWorkedExampleProblem,
  parseCell,
  problemModel,
  withCell,
  withLearningRate,
  workedExampleProblem,
} from '../src/logic/exercise2-problem.js';

describe('the editable Exercise 2', () => {
  test("starts from the worked example's numbers", () => {
    const p = workedExampleProblem();
    expect(p.X).toEqual([
      [0.75, 0.2, -0.75, 0.2],
      [0.8, 0.05, 0.8, -0.05],
    ]);
    expect(p.Y).toEqual([[1, 1, -1, -1]]);
    expect(p.W1).toEqual([
      [0.6, 0.01],
      [0.7, 0.43],
      [0, 0.88],
    ]);
    expect(p.W2).toEqual([[0.02, 0.03, 0.09]]);
    expect(p.lr).toBe(0.5);
    expect(isWorkedExampleProblem(p)).toBe(true);
  });

  test('an edit makes a new problem and leaves the old one alone', () => {
    const p = workedExampleProblem();
    const q = withCell(p, 'W1', 2, 0, 0.25);
    expect(q.W1[2][0]).toBe(0.25);
    expect(p.W1[2][0]).toBe(0);
    expect(isWorkedExampleProblem(q)).toBe(false);
    expect(isWorkedExampleProblem(withLearningRate(p, 0.1))).toBe(false);
  });

  test('the model is relu then identity without biases, with the edited weights', () => {
    const model = problemModel(withCell(workedExampleProblem(), 'W2', 0, 1, -1));
    expect(model.inputSize).toBe(2);
    expect(model.layers.map((l) => l.activation.kind)).toEqual(['relu', 'identity']);
    expect(model.layers.every((l) => l.bias === undefined)).toBe(true);
    expect(model.layers[1].weights).toEqual([[0.02, -1, 0.09]]);
  });

  test('a bad cell is an InputError naming it', () => {
    expect(parseCell(' -0.75 ', 'X[0][2]')).toBe(-0.75);
    expect(() => parseCell('abc', 'X[0][2]')).toThrow(InputError);
    expect(() => parseCell('', 'W1[1][1]')).toThrow(/W1\[1\]\[1\] is ""/);
    expect(() => parseCell('Infinity', 'Y[0][0]')).toThrow(/finite/);
    expect(() => withLearningRate(workedExampleProblem(), 0)).toThrow(/learning rate/);
  });
});
