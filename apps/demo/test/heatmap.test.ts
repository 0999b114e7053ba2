import { describe, expect, test } from 'vitest';
import {
  boundsOf,
  CLASS_COLORS,
  classify,
  gridPoint,
  gridPoints,
  heatmapPixels,
  neuronPixels,
  toPixel,
} from '../src/logic/heatmap.js';

const grid = { bounds: { xMin: -1, xMax: 1, yMin: -2, yMax: 2 }, cols: 4, rows: 2 };

describe('the heat map grid', () => {
  test('bounds enclose the points with padding', () => {
    expect(boundsOf(Float64Array.from([0, 1, -2, 3, 1, -1]), 0.5)).toEqual({
      xMin: -2.5,
      xMax: 1.5,
      yMin: -1.5,
      yMax: 3.5,
    });
  });

  test('cell centres: row 0 is the top, y grows upwards', () => {
    expect(gridPoint(grid, 0, 0)).toEqual([-0.75, 1]);
    expect(gridPoint(grid, 3, 1)).toEqual([0.75, -1]);
  });

  test('the grid as (x₁, x₂) pairs: cell r·cols + c is pair m', () => {
    const points = gridPoints(grid);
    expect(points.length).toBe(2 * 8);
    const m = 1 * 4 + 2; // c = 2, r = 1
    expect([points[2 * m], points[2 * m + 1]]).toEqual(gridPoint(grid, 2, 1));
  });

  test('a point maps to the pixel where the grid draws it', () => {
    expect(toPixel(grid.bounds, 400, 200, -1, 2)).toEqual([0, 0]);
    expect(toPixel(grid.bounds, 400, 200, 0, 0)).toEqual([200, 100]);
    expect(toPixel(grid.bounds, 400, 200, 1, -2)).toEqual([400, 200]);
  });
});

describe('colouring cells by the network', () => {
  test('the class with the largest score wins; the margin is the lead over the runner-up, clamped to [0, 1]', () => {
    // scores for 3 classes (rows) at 3 cells (columns), row-major
    const scores = [0.9, 0.1, -3, 0.2, 0.8, 2, 0.1, 0.75, 5];
    const { label, margin } = classify(scores, 3, 3);
    expect(Array.from(label)).toEqual([0, 1, 2]);
    expect(margin[0]).toBeCloseTo(0.7, 6);
    expect(margin[1]).toBeCloseTo(0.05, 6);
    expect(margin[2]).toBe(1);
  });

  test('a neuron map: 0 is white, the largest |value| full blue (positive) or orange (negative)', () => {
    const pixels = neuronPixels([9, 0, -2, 0, 2], 2, 3); // offset 2: the values −2, 0, 2
    expect(Array.from(pixels.subarray(0, 4))).toEqual([230, 159, 0, 255]);
    expect(Array.from(pixels.subarray(4, 8))).toEqual([255, 255, 255, 255]);
    expect(Array.from(pixels.subarray(8, 12))).toEqual([0, 114, 178, 255]);
    // values within ±1 are not stretched: 0.5 is half way to blue
    expect(neuronPixels([0.5], 0, 1)[0]).toBe(Math.round(255 - 255 * 0.5));
  });

  test('discretized, every cell takes the same strength of its class colour whatever the margin', () => {
    const flat = heatmapPixels(Uint8Array.from([1, 1]), Float32Array.from([1, 0]), true);
    expect(Array.from(flat.subarray(0, 4))).toEqual(Array.from(flat.subarray(4, 8)));
  });

  test('a sure cell takes most of its class colour, an unsure one a faint tint', () => {
    const pixels = heatmapPixels(Uint8Array.from([1, 0]), Float32Array.from([1, 0]));
    // strength 0.15 + 0.55·margin of the class colour over white; a Uint8ClampedArray rounds to the nearest byte
    const expected = (color: readonly number[], strength: number) =>
      color.map((c) => 255 + (c - 255) * strength);
    const close = (got: ArrayLike<number>, want: number[]) =>
      want.forEach((w, c) => expect(Math.abs(got[c] - w)).toBeLessThanOrEqual(0.5));
    close(pixels.subarray(0, 3), expected(CLASS_COLORS[1], 0.7));
    close(pixels.subarray(4, 7), expected(CLASS_COLORS[0], 0.15));
    expect([pixels[3], pixels[7]]).toEqual([255, 255]);
  });
});
