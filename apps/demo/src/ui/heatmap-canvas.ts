// The decision-boundary heat map: the network's class at every cell of a grid, shaded by how
// sure it is, with the dataset's points on top.

import type { ToyDataset } from '../logic/datasets.js';
import {
  type Bounds,
  boundsOf,
  CLASS_COLORS,
  classify,
  type Grid,
  gridBatch,
  heatmapPixels,
  toPixel,
} from '../logic/heatmap.js';

export class HeatmapCanvas {
  grid: Grid;
  /** the grid as one batch X (2 × M), uploaded by the trainer at each redraw */
  batch: Float64Array;
  readonly #cells = document.createElement('canvas');

  constructor(
    readonly canvas: HTMLCanvasElement,
    toy: ToyDataset,
    readonly resolution = 64,
  ) {
    this.grid = { bounds: boundsOf(toy.points), cols: resolution, rows: resolution };
    this.batch = gridBatch(this.grid);
    this.#cells.width = resolution;
    this.#cells.height = resolution;
  }

  /** Draws the heat map from class scores (d_L × M, row-major), or only the points when null. */
  draw(toy: ToyDataset, scores: Float32Array | null): void {
    const ctx = this.canvas.getContext('2d')!;
    const { width, height } = this.canvas;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    if (scores) {
      const M = this.grid.cols * this.grid.rows;
      const { label, margin } = classify(scores, toy.classes, M);
      const image = new ImageData(heatmapPixels(label, margin), this.grid.cols, this.grid.rows);
      this.#cells.getContext('2d')!.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.#cells, 0, 0, width, height);
    }
    this.#drawPoints(ctx, toy, this.grid.bounds);
  }

  #drawPoints(ctx: CanvasRenderingContext2D, toy: ToyDataset, bounds: Bounds): void {
    const { width, height } = this.canvas;
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#222';
    for (let n = 0; n < toy.count; n++) {
      const [x, y] = toPixel(bounds, width, height, toy.points[2 * n], toy.points[2 * n + 1]);
      const [r, g, b] = CLASS_COLORS[toy.labels[n] % CLASS_COLORS.length];
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.beginPath();
      ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}
