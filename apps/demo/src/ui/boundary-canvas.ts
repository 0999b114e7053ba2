// The decision-boundary plot: the class the network predicts over the input plane (shaded by how
// sure it is, or flat when discretized) or one neuron's output, under the training points (filled),
// the test points (rings) and axes with ticks for x₁ and x₂. The map is a canvas the training
// worker paints (draw/painters.ts); the points and axes change only with the dataset, so this
// thread draws them once on a second canvas on top. The map's canvas carries the text alternative.

import { BOUNDARY } from '../draw/painters.js';
import type { PointSet } from '../logic/datasets.js';
import { type Bounds, CLASS_COLORS, toPixel } from '../logic/heatmap.js';

const { size: SIZE, axis: AXIS, plot: PLOT } = BOUNDARY;

/** Tick values: multiples of 0.5 (or 1 for wide ranges) inside [min, max]. */
export function ticks(min: number, max: number): number[] {
  const step = max - min > 4 ? 1 : 0.5;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) out.push(Number(t.toFixed(6)));
  return out;
}

/** The boundary plot of the Train panel. */
export class BoundaryCanvas {
  /** the map canvas (the worker's) and the overlay, stacked */
  readonly element = document.createElement('div');
  readonly #overlay = document.createElement('canvas');

  constructor(readonly canvas: HTMLCanvasElement) {
    for (const c of [canvas, this.#overlay]) {
      c.width = SIZE;
      c.height = SIZE;
    }
    this.#overlay.className = 'boundary-overlay';
    this.#overlay.setAttribute('aria-hidden', 'true');
    this.element.className = 'boundary-stack';
    this.element.append(canvas, this.#overlay);
  }

  /** Draws the points and the axes (once per dataset): `trainCount` training points, the rest test points. */
  drawPoints(toy: PointSet, trainCount: number, bounds: Bounds): void {
    const ctx = this.#overlay.getContext('2d')!;
    ctx.clearRect(0, 0, SIZE, SIZE);
    this.#points(ctx, toy, trainCount, bounds);
    this.#axes(ctx, bounds);
  }

  #points(ctx: CanvasRenderingContext2D, toy: PointSet, trainCount: number, bounds: Bounds): void {
    ctx.lineWidth = 1.2;
    for (let n = 0; n < toy.count; n++) {
      const [px, py] = toPixel(bounds, PLOT, PLOT, toy.points[2 * n], toy.points[2 * n + 1]);
      const [r, g, b] = CLASS_COLORS[toy.labels[n] % CLASS_COLORS.length];
      ctx.beginPath();
      ctx.arc(AXIS + px, py, 3.2, 0, 2 * Math.PI);
      if (n < trainCount) {
        ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.fill();
        ctx.strokeStyle = '#222';
      } else {
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.strokeStyle = `rgb(${r}, ${g}, ${b})`;
        ctx.lineWidth = 2;
      }
      ctx.stroke();
      ctx.lineWidth = 1.2;
    }
  }

  #axes(ctx: CanvasRenderingContext2D, bounds: Bounds): void {
    ctx.strokeStyle = '#333';
    ctx.fillStyle = '#222';
    ctx.lineWidth = 1;
    ctx.font = '12px system-ui, sans-serif';
    ctx.beginPath();
    ctx.moveTo(AXIS, 0);
    ctx.lineTo(AXIS, PLOT);
    ctx.lineTo(AXIS + PLOT, PLOT);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(bounds.xMin, bounds.xMax)) {
      const [px] = toPixel(bounds, PLOT, PLOT, t, 0);
      ctx.beginPath();
      ctx.moveTo(AXIS + px, PLOT);
      ctx.lineTo(AXIS + px, PLOT + 4);
      ctx.stroke();
      ctx.fillText(String(t), AXIS + px, PLOT + 5);
    }
    ctx.fillText('x₁', AXIS + PLOT / 2, PLOT + 19);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(bounds.yMin, bounds.yMax)) {
      const [, py] = toPixel(bounds, PLOT, PLOT, 0, t);
      ctx.beginPath();
      ctx.moveTo(AXIS - 4, py);
      ctx.lineTo(AXIS, py);
      ctx.stroke();
      ctx.fillText(String(t), AXIS - 6, py);
    }
    ctx.save();
    ctx.translate(9, PLOT / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('x₂', 0, 0);
    ctx.restore();
  }
}
