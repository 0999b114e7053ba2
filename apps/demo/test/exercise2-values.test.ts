import { exercise2, FLOAT32, isClose, SEED_PRINTED } from '@deltaml/conformance';
import { describe, expect, test } from 'vitest';
import { workedExampleProblem } from '../src/logic/exercise2-problem.js';
import {
  agreement,
  agreementText,
  compareValues,
  EXERCISE2_VALUES,
  printedValues,
  referenceValues,
} from '../src/logic/exercise2-values.js';
import { formatDiff } from '../src/logic/format.js';

describe('the terms of Exercise 2', () => {
  test('one card per term of Exercise 1’s equations, in the order they are computed', () => {
    expect(EXERCISE2_VALUES.map((v) => v.name)).toEqual([
      'S₁',
      'Z₁',
      'Y_out',
      'Y_out − Y_gt',
      'L',
      'δ₂',
      '∂L/∂W₂',
      'W₂ᵀδ₂',
      'f₁′(S₁)',
      'δ₁',
      '∂L/∂W₁',
      '−η ∂L/∂W₂',
      '−η ∂L/∂W₁',
      'W₂ (updated)',
      'W₁ (updated)',
    ]);
    expect(EXERCISE2_VALUES.find((v) => v.key === 'dW_2')?.equation).toBe('∂L/∂W₂ = δ₂ Z₁ᵀ');
  });

  test('the float64 terms agree with every value the worked example prints, within its truncation', () => {
    const reference = referenceValues(workedExampleProblem());
    const print = printedValues();
    for (const [key, printed] of Object.entries(print)) {
      printed!.forEach((row, i) =>
        row.forEach((x, j) =>
          expect(isClose(reference[key as 'S_1'][i][j], x, SEED_PRINTED), `${key}[${i}][${j}]`).toBe(true),
        ),
      );
    }
    expect(print.loss).toEqual([[exercise2.printed.loss]]);
  });

  test('the written-out terms follow from the printed ones: Y_out − Y_gt, W₂ᵀδ₂, the mask and the steps', () => {
    const r = referenceValues(workedExampleProblem());
    expect(r.residual[0][0]).toBeCloseTo(r.Y_out[0][0] - 1, 15); // Y_gt[0][0] = 1
    expect(r.residual[0][2]).toBeCloseTo(r.Y_out[0][2] + 1, 15); // Y_gt[0][2] = −1
    expect(r.W2T_delta_2[2][0]).toBeCloseTo(0.09 * r.delta_2[0][0], 15);
    expect(r.mask_1).toEqual([
      [1, 1, 0, 1],
      [1, 1, 0, 1],
      [1, 1, 1, 0],
    ]); // the worked example's mask, S₁ > 0
    expect(r.step_W_1[2][0]).toBeCloseTo(-0.5 * r.dW_1[2][0], 15);
    // W ← W + (−η∂L/∂W): the step and the update are one
    expect(r.W_2_updated[0][1]).toBeCloseTo(0.03 + r.step_W_2[0][1], 15);
  });

  test('a badge counts the backends within float32 tolerance and gives the largest difference', () => {
    const problem = workedExampleProblem();
    const reference = referenceValues(problem);
    const exact = compareValues({ S_1: reference.S_1 }, problem, reference);
    const off = compareValues(
      { S_1: reference.S_1.map((row) => row.map((x) => x + 9.9e-5)) },
      problem,
      reference,
    );
    const a = agreement([exact.S_1, off.S_1]);
    expect(a).toMatchObject({ agree: 1, total: 2, matchesPrint: true });
    expect(a.maxDiff).toBeCloseTo(9.9e-5, 12);
    expect(agreementText(a, formatDiff)).toBe('1 of 2 backends agree, max |Δ| 9.9e-5');
    expect(agreementText(agreement([exact.S_1, exact.S_1]), formatDiff)).toBe('2 backends agree, max |Δ| 0');
    // a term the worked example does not print has nothing to match
    expect(
      agreement([compareValues({ mask_1: reference.mask_1 }, problem, reference).mask_1]).matchesPrint,
    ).toBeNull();
    expect(isClose(reference.S_1[0][0] + 9.9e-5, reference.S_1[0][0], FLOAT32)).toBe(false);
  });
});
