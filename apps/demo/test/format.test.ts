import { describe, expect, test } from 'vitest';
import {
  formatBytes,
  formatDiff,
  formatLoss,
  formatMs,
  formatTerm,
  formatTruncated,
  formatValue,
  maxAbsDiff,
} from '../src/logic/format.js';

describe('formatting', () => {
  test('matrix entries show 4 decimals like the seed, tiny values in scientific notation', () => {
    expect(formatValue(0.458)).toBe('0.4580');
    expect(formatValue(-0.2253)).toBe('-0.2253');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(4.5e-5)).toBe('4.500e-5');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  test('a loss shows 5 decimals like the seed prints 0.49161', () => {
    expect(formatLoss(0.491610923)).toBe('0.49161');
    expect(formatLoss(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  test('differences, bytes and durations', () => {
    expect(formatDiff(0)).toBe('0');
    expect(formatDiff(3.14e-8)).toBe('3.1e-8');
    expect(formatDiff(Number.NaN)).toBe('NaN');
    expect(formatBytes(64)).toBe('64 B');
    expect(formatBytes(2304)).toBe('2.3 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatMs(0.00231)).toBe('2.31 µs');
    expect(formatMs(3)).toBe('3.00 ms');
  });

  test('maxAbsDiff is the largest |a − b| and a NaN anywhere makes it NaN', () => {
    expect(
      maxAbsDiff(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2.5],
          [2, 4],
        ],
      ),
    ).toBe(1);
    expect(maxAbsDiff([[Number.NaN, 0]], [[0, 5]])).toBeNaN();
    expect(maxAbsDiff([[0, Number.NaN]], [[5, 0]])).toBeNaN();
  });
});

describe('values as the worked example prints them', () => {
  test('truncated toward zero to 4 decimals, trailing zeros dropped', () => {
    expect(formatTruncated(0.09855)).toBe('0.0985'); // rounding would give 0.0986
    expect(formatTruncated(-0.225375)).toBe('-0.2253');
    expect(formatTruncated(0.458)).toBe('0.458');
    expect(formatTruncated(0.879099)).toBe('0.879');
    expect(formatTruncated(-0.00004)).toBe('0');
    expect(formatTruncated(0.491609, 5)).toBe('0.4916');
    expect(formatTruncated(Number.NaN)).toBe('NaN');
  });

  test('a float32 value a hair below a printed one is that value, not one unit less', () => {
    expect(formatTruncated(Math.fround(0.458))).toBe('0.458'); // 0.45799999…
    expect(formatTruncated(0.45799998)).toBe('0.458');
    expect(formatTruncated(0.4579)).toBe('0.4579');
  });

  test('terms in a computation keep 4 significant digits', () => {
    expect(formatTerm(0.6)).toBe('0.6');
    expect(formatTerm(-0.0067605)).toBe('-0.006761');
    expect(formatTerm(0.12345678)).toBe('0.1235');
    expect(formatTerm(3e-6)).toBe('3.00e-6');
    expect(formatTerm(0)).toBe('0');
  });
});
