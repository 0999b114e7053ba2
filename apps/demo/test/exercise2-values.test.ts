import { EXERCISE2_NAMES, exercise2, isClose, SEED_PRINTED } from '@deltaml/conformance';
import { describe, expect, test } from 'vitest';
import { seedProblem } from '../src/logic/exercise2-problem.js';
import {
  compareValues,
  EXERCISE2_VALUES,
  largestDiff,
  referenceValues,
  seedValues,
} from '../src/logic/exercise2-values.js';

describe('the values of Exercise 2', () => {
  test("are listed in the seed's order with the seed's names, each with its equation", () => {
    expect(EXERCISE2_VALUES.map((v) => v.key)).toEqual(Object.keys(EXERCISE2_NAMES));
    expect(EXERCISE2_VALUES.map((v) => v.name)).toContain('∂L/∂W_1');
    expect(EXERCISE2_VALUES.find((v) => v.key === 'dW_2')?.equation).toBe('∂L/∂W₂ = δ₂ Z₁ᵀ');
    expect(EXERCISE2_VALUES.filter((v) => v.stage === 'backward').map((v) => v.key)).toEqual([
      'delta_2',
      'dW_2',
      'delta_1',
      'dW_1',
    ]);
  });

  test("the float64 reference of the seed's problem is within the seed's truncation of every printed value", () => {
    const reference = referenceValues(seedProblem());
    const seed = seedValues();
    for (const { key } of EXERCISE2_VALUES) {
      seed[key].forEach((row, i) =>
        row.forEach((printed, j) =>
          expect(isClose(reference[key][i][j], printed, SEED_PRINTED), `${key}`).toBe(true),
        ),
      );
    }
    // the truncation CONTRACT.md names: updated W_1[2][1] is 0.879099…, printed 0.8790
    expect(reference.W_1_updated[2][1]).toBeCloseTo(0.879099, 6);
    expect(seed.loss).toEqual([[exercise2.printed.loss]]);
  });

  test('compareValues reports per value against the seed and the reference; largestDiff takes the maximum', () => {
    const problem = seedProblem();
    const got = { S_1: seedValues().S_1, loss: [[0.5]] };
    const diffs = compareValues(got, problem);
    expect(Object.keys(diffs)).toEqual(['S_1', 'loss']);
    expect(diffs.S_1?.seed).toBe(0);
    expect(diffs.loss?.seed).toBeCloseTo(0.5 - 0.49161, 12);
    const largest = largestDiff(diffs);
    expect(largest.seed).toBeCloseTo(0.00839, 12);
    expect(largest.reference).toBeGreaterThan(0.0083);
  });
});
