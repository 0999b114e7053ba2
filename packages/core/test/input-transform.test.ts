// The model file's input scaling: standardizer measures mean and population std per feature (a
// constant feature gets std 1), applyTransform scales rows in place, transformDataset a copy.
import { describe, expect, it } from 'vitest';
import { applyTransform, datasetFromRows, ShapeError, standardizer, transformDataset } from '../src/index.js';

describe('input standardisation', () => {
  // feature 0: 1, 2, 3, 6 (mean 3, population variance (4 + 1 + 0 + 9)/4 = 3.5); feature 1 constant
  const data = datasetFromRows(
    [
      [1, 7],
      [2, 7],
      [3, 7],
      [6, 7],
    ],
    [[0], [0], [0], [0]],
  );

  it('measures the mean and the population std; a constant feature gets std 1', () => {
    expect(standardizer(data)).toEqual({ kind: 'standardize', mean: [3, 7], std: [Math.sqrt(3.5), 1] });
  });

  it('scales as (x − mean) / std: in place for rows, as a copy for a dataset', () => {
    const transform = standardizer(data);
    const scaled = transformDataset(transform, data);
    expect(Array.from(scaled.inputs)).toEqual([1, 2, 3, 6].flatMap((x) => [(x - 3) / Math.sqrt(3.5), 0]));
    expect(Array.from(data.inputs)).toEqual([1, 7, 2, 7, 3, 7, 6, 7]);
    const rows = Float64Array.from([5, 9]);
    expect(applyTransform({ kind: 'standardize', mean: [1, 3], std: [2, 3] }, rows, 2)).toBe(rows);
    expect(Array.from(rows)).toEqual([2, 2]);
    expect(transformDataset(undefined, data)).toBe(data);
  });

  it('refuses a transform of another input size', () => {
    const transform = { kind: 'standardize', mean: [0], std: [1] } as const;
    expect(() => applyTransform(transform, Float64Array.from([1, 2]), 2)).toThrow(ShapeError);
  });
});
