import { describe, expect, test } from 'vitest';
import { makeToyDataset, TOY_NAMES } from '../src/logic/datasets.js';

const radius = (points: Float64Array, n: number) => Math.hypot(points[2 * n], points[2 * n + 1]);

describe('toy datasets', () => {
  test.each(TOY_NAMES)('%s is deterministic for a seed, balanced over its classes and finite', (name) => {
    const a = makeToyDataset(name, { count: 300, seed: 7 });
    const b = makeToyDataset(name, { count: 300, seed: 7 });
    const c = makeToyDataset(name, { count: 300, seed: 8 });
    expect(a.points).toEqual(b.points);
    expect(a.points).not.toEqual(c.points);
    expect(a.points.every(Number.isFinite)).toBe(true);
    const counts = Array.from({ length: a.classes }, (_, k) => a.labels.filter((l) => l === k).length);
    expect(counts.reduce((s, v) => s + v, 0)).toBe(300);
    // XOR draws its quadrants at random (binomial, sd ≈ 8.7 for 300); the others alternate classes exactly
    for (const count of counts)
      expect(Math.abs(count - 300 / a.classes)).toBeLessThanOrEqual(name === 'xor' ? 40 : 0);
  });

  test('XOR: label 1 exactly when x and y have the same sign, never closer than 0.1 to an axis', () => {
    const { points, labels, count } = makeToyDataset('xor');
    for (let n = 0; n < count; n++) {
      const [x, y] = [points[2 * n], points[2 * n + 1]];
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.1);
      expect(labels[n]).toBe(x * y > 0 ? 1 : 0);
    }
  });

  test('circles without noise: the disc within radius 0.5, the ring between 0.8 and 1.2', () => {
    const { points, labels, count } = makeToyDataset('circles', { noise: 0 });
    for (let n = 0; n < count; n++) {
      const r = radius(points, n);
      if (labels[n] === 0) expect(r).toBeLessThanOrEqual(0.5);
      else expect(r >= 0.8 && r <= 1.2).toBe(true);
    }
  });

  test('moons without noise lie on their two half circles; spiral arms start at the centre', () => {
    const moons = makeToyDataset('moons', { noise: 0 });
    for (let n = 0; n < moons.count; n++) {
      const [x, y] = [moons.points[2 * n] + 0.5, moons.points[2 * n + 1] + 0.25]; // undo the centring
      const r = moons.labels[n] === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      expect(r).toBeCloseTo(1, 12);
    }
    const spiral = makeToyDataset('spiral', { noise: 0 });
    expect(spiral.classes).toBe(3);
    for (let n = 0; n < spiral.count; n++) expect(radius(spiral.points, n)).toBeLessThan(1);
  });
});
