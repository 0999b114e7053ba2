// The reference is itself checked: its Exercise 2 values are the seed's printed ones, its hinge
// gradient matches finite differences, and the comparison treats NaN and infinities strictly.
import { hinge } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import {
  EXERCISE2_NAMES,
  exercise2,
  exercise2Exact,
  FLOAT32,
  firstMismatch,
  isClose,
  referenceLoss,
  SEED_PRINTED,
} from '../src/index.js';

describe('float64 reference on Exercise 2', () => {
  const exact = exercise2Exact();
  for (const key of Object.keys(EXERCISE2_NAMES) as (keyof typeof exact)[]) {
    it(`${EXERCISE2_NAMES[key]} is the seed's printed value, truncated`, () => {
      const printed = key === 'loss' ? [[exercise2.printed.loss]] : exercise2.printed[key];
      expect(firstMismatch(exact[key].flat(), printed.flat(), SEED_PRINTED, key)).toBeNull();
    });
  }
  it('has the exact values the definitions give', () => {
    expect(exact.loss[0][0]).toBeCloseTo(0.49161194961875, 14);
    expect(exact.W_1_updated[2][1]).toBeCloseTo(0.8790986415625, 12); // printed 0.8790 (truncated)
  });
});

describe('reference hinge (Exercise 3)', () => {
  it('matches central finite differences of its own loss', () => {
    const Z = [
      [0.3, -1.2, 0.5],
      [1.1, 0.4, -0.3],
      [-0.7, 0.9, 0.2],
    ];
    const labels = [[0, 2, 1]];
    const margin = 0.3;
    const { dZ } = referenceLoss(hinge(margin), Z, labels);
    const h = 1e-6;
    Z.forEach((row, j) =>
      row.forEach((_, n) => {
        const at = (d: number) =>
          referenceLoss(
            hinge(margin),
            Z.map((r, jj) => r.map((v, nn) => (jj === j && nn === n ? v + d : v))),
            labels,
          ).loss;
        expect(dZ[j][n]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 8);
      }),
    );
  });
  it('is zero when every class is beaten by more than the margin', () => {
    const { loss, dZ } = referenceLoss(hinge(0.1), [[5], [-5]], [[0]]);
    expect(loss).toBe(0);
    expect(dZ).toEqual([[0], [0]]);
  });
});

describe('tolerances', () => {
  it('never lets NaN or a different infinity pass', () => {
    expect(isClose(Number.NaN, Number.NaN, FLOAT32)).toBe(false);
    expect(isClose(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, FLOAT32)).toBe(false);
    expect(isClose(Number.NaN, Number.POSITIVE_INFINITY, FLOAT32)).toBe(false);
    expect(isClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, FLOAT32)).toBe(true);
  });
  it('is absolute near zero and relative for large values', () => {
    expect(isClose(1e-5, 0, FLOAT32)).toBe(true);
    expect(isClose(2e-5, 0, FLOAT32)).toBe(false);
    expect(isClose(1000.05, 1000, FLOAT32)).toBe(true);
    expect(isClose(1000.2, 1000, FLOAT32)).toBe(false);
  });
});
