// eval's metrics beside the loss, on counts and values worked by hand: accuracy, macro-F1 and
// the confusion matrix; MAE, RMSE and R², which is always a finite number.
import { describe, expect, it } from 'vitest';
import { ClassTally, ValueTally } from '../src/index.js';

/** Sums of a handful of float64 terms: a few ulps. */
const CLOSE = 12;

describe('class scores', () => {
  it('gives accuracy, macro-F1 over the classes that occur, and the confusion matrix', () => {
    const tally = new ClassTally(3);
    // truth, predicted: class 2 never occurs, so it is not scored
    for (const [t, p] of [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 1],
      [0, 0],
    ])
      tally.add(t, p);
    const scores = tally.scores();
    expect(scores.accuracy).toBe(4 / 5);
    // class 0: TP 2, FN 1, FP 0 → 4/5; class 1: TP 2, FN 0, FP 1 → 4/5
    expect(scores.macro_f1).toBeCloseTo(4 / 5, CLOSE);
    expect(scores.confusion).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [0, 0, 0],
    ]);
  });
});

describe('value scores', () => {
  const scoresOf = (pairs: [number, number][]) => {
    const tally = new ValueTally(1);
    for (const [z, t] of pairs) {
      tally.add(0, z, t);
      tally.next();
    }
    return tally.scores();
  };

  it('gives MAE, RMSE and R² = 1 − SS_res/SS_tot', () => {
    const s = scoresOf([
      [0, 0],
      [1, 1],
      [2, 3],
      [3, 2],
    ]);
    expect(s.mae).toBeCloseTo(0.5, CLOSE);
    expect(s.rmse).toBeCloseTo(Math.sqrt(0.5), CLOSE);
    expect(s.r2).toBeCloseTo(1 - 2 / 5, CLOSE);
  });

  it('scores constant targets, and targets whose spread is subnormal, 1 when exact and 0 otherwise', () => {
    expect(
      scoresOf([
        [1, 1],
        [1, 1],
      ]).r2,
    ).toBe(1);
    expect(
      scoresOf([
        [1, 1],
        [2, 1],
      ]).r2,
    ).toBe(0);
    // targets 0 and 2e-160: SS_tot = 2e-320 > 0 (subnormal), SS_res / SS_tot = 2.5e319 = Infinity
    const tiny = scoresOf([
      [0.5, 0],
      [0.5, 2e-160],
    ]);
    expect(tiny.r2).toBe(0);
    expect(Number.isFinite(tiny.r2)).toBe(true);
    expect(
      scoresOf([
        [0, 0],
        [5e-324, 5e-324],
      ]).r2,
    ).toBe(1);
  });
});
