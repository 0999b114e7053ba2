// The Train panel's pictures painted on any 2D canvas context, so the worker can paint them on
// OffscreenCanvases it received from the page (their frames then reach the screen without the
// page's main thread): the network (lines for the weights, a heat map per neuron) and the
// boundary plot's map. The page shares the geometry to put its neuron buttons on the neurons.

import { classify, type Grid, heatmapPixels, neuronPixels } from '../logic/heatmap.js';
import type { WeightsSnapshot } from '../logic/worker-protocol.js';

/** Side of a neuron in CSS pixels (above the 24 px touch-target minimum). */
export const NODE = 32;
/** Vertical room per neuron. */
const ROW = 42;
const POSITIVE = '#0072b2';
const NEGATIVE = '#d55e00';

/** The boundary canvas's size in its own pixels, and the plot inside it (room for axes left and below). */
export const BOUNDARY = { size: 360, axis: 34, plot: 360 - 34 - 8 } as const;

/** Any 2D context: a page canvas's or an OffscreenCanvas's. */
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Height of the network drawing for layers of `sizes`. */
export function networkHeight(sizes: readonly number[]): number {
  return Math.max(...sizes) * ROW + 8;
}

/** Centre of neuron i of layer l, for a drawing `width` wide. */
export function neuronCentre(
  sizes: readonly number[],
  l: number,
  i: number,
  width: number,
): [number, number] {
  const x = NODE / 2 + (l * (width - NODE)) / (sizes.length - 1);
  const y = 4 + ((i + 0.5) * Math.max(...sizes) * ROW) / sizes[l];
  return [x, y];
}

/**
 * Paints the network: one line per weight (width |w|, colour its sign) and each neuron's map,
 * `maps[l][i]` holding layer l's values (d_l × M row-major, M = resolution²) or null.
 */
export function paintNetwork(
  ctx: Context2D,
  sizes: readonly number[],
  width: number,
  weights: WeightsSnapshot | null,
  maps: readonly (ArrayLike<number> | null)[],
  resolution: number,
  cell: OffscreenCanvas,
): void {
  const height = networkHeight(sizes);
  ctx.clearRect(0, 0, width, height);
  weights?.W.forEach((W, l) =>
    W.forEach((row, i) =>
      row.forEach((w, j) => {
        const [x1, y1] = neuronCentre(sizes, l, j, width);
        const [x2, y2] = neuronCentre(sizes, l + 1, i, width);
        ctx.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = 0.75;
        ctx.lineWidth = Math.min(6, 0.4 + 1.6 * Math.abs(w));
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
        ctx.stroke();
      }),
    ),
  );
  ctx.globalAlpha = 1;
  ctx.imageSmoothingEnabled = false;
  const M = resolution * resolution;
  cell.width = resolution;
  cell.height = resolution;
  const cellContext = cell.getContext('2d')!;
  sizes.forEach((d, l) => {
    for (let i = 0; i < d; i++) {
      const [cx, cy] = neuronCentre(sizes, l, i, width);
      const [x, y] = [cx - NODE / 2, cy - NODE / 2];
      ctx.fillStyle = '#fff';
      ctx.fillRect(x, y, NODE, NODE);
      const values = maps[l];
      if (values) {
        cellContext.putImageData(new ImageData(neuronPixels(values, i * M, M), resolution, resolution), 0, 0);
        ctx.drawImage(cell, x, y, NODE, NODE);
      }
      ctx.strokeStyle = '#333';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, NODE - 1, NODE - 1);
    }
  });
}

/** What the boundary plot shows: the classes (shaded or flat), one neuron's values, or nothing yet. */
export type BoundaryMap =
  | {
      readonly kind: 'classes';
      readonly scores: ArrayLike<number>;
      readonly classes: number;
      readonly discretize: boolean;
    }
  | { readonly kind: 'neuron'; readonly values: ArrayLike<number>; readonly offset: number }
  | null;

/** Paints the boundary plot's map over the grid (the points and axes are another canvas on top). */
export function paintBoundary(ctx: Context2D, grid: Grid, map: BoundaryMap, cell: OffscreenCanvas): void {
  const { size, axis, plot } = BOUNDARY;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  if (!map) return;
  const M = grid.cols * grid.rows;
  let pixels: Uint8ClampedArray<ArrayBuffer>;
  if (map.kind === 'classes') {
    const { label, margin } = classify(map.scores, map.classes, M);
    pixels = heatmapPixels(label, margin, map.discretize);
  } else {
    pixels = neuronPixels(map.values, map.offset, M);
  }
  cell.width = grid.cols;
  cell.height = grid.rows;
  cell.getContext('2d')!.putImageData(new ImageData(pixels, grid.cols, grid.rows), 0, 0);
  ctx.imageSmoothingEnabled = map.kind === 'neuron' || !map.discretize;
  ctx.drawImage(cell, axis, 0, plot, plot);
}
