// The decision-boundary heat map as numbers: the grid of points the network is asked about (as
// one batch X, 2 × M), and the colour of each cell from the network's outputs (d_L × M).

export interface Bounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** The smallest box around the points, grown by `padding` on every side. */
export function boundsOf(points: Float64Array, padding = 0.2): Bounds {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let n = 0; n < points.length; n += 2) {
    xMin = Math.min(xMin, points[n]);
    xMax = Math.max(xMax, points[n]);
    yMin = Math.min(yMin, points[n + 1]);
    yMax = Math.max(yMax, points[n + 1]);
  }
  return { xMin: xMin - padding, xMax: xMax + padding, yMin: yMin - padding, yMax: yMax + padding };
}

/** A cols × rows grid over `bounds`; cell (c, r) is centred at gridPoint(c, r); row 0 is the top. */
export interface Grid {
  readonly bounds: Bounds;
  readonly cols: number;
  readonly rows: number;
}

/** The centre of cell (c, r); y grows upwards, so row 0 holds the largest y. */
export function gridPoint(grid: Grid, c: number, r: number): [number, number] {
  const { xMin, xMax, yMin, yMax } = grid.bounds;
  return [xMin + ((c + 0.5) * (xMax - xMin)) / grid.cols, yMax - ((r + 0.5) * (yMax - yMin)) / grid.rows];
}

/** The grid as one batch, X = 2 × M row-major (M = cols·rows, cell m = r·cols + c is column m). */
export function gridBatch(grid: Grid): Float64Array {
  const M = grid.cols * grid.rows;
  const X = new Float64Array(2 * M);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const [x, y] = gridPoint(grid, c, r);
      X[r * grid.cols + c] = x;
      X[M + r * grid.cols + c] = y;
    }
  }
  return X;
}

/** Where a data point falls on a canvas of width × height showing `bounds`. */
export function toPixel(
  bounds: Bounds,
  width: number,
  height: number,
  x: number,
  y: number,
): [number, number] {
  return [
    ((x - bounds.xMin) / (bounds.xMax - bounds.xMin)) * width,
    ((bounds.yMax - y) / (bounds.yMax - bounds.yMin)) * height,
  ];
}

/** One RGB colour per class (orange, blue, green — colour-blind friendly). */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [230, 159, 0],
  [0, 114, 178],
  [0, 158, 115],
];

/**
 * The predicted class of each cell and how sure the network is: the winning output minus the
 * runner-up, clamped to [0, 1] (scores are read as given: one-hot MSE outputs or softmax probabilities).
 */
export function classify(
  scores: ArrayLike<number>,
  classes: number,
  M: number,
): { label: Uint8Array; margin: Float32Array } {
  const label = new Uint8Array(M);
  const margin = new Float32Array(M);
  for (let m = 0; m < M; m++) {
    let best = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < classes; k++) {
      const s = scores[k * M + m];
      if (s > best) {
        second = best;
        best = s;
        label[m] = k;
      } else if (s > second) second = s;
    }
    margin[m] = classes === 1 ? 1 : Math.min(1, Math.max(0, best - second));
  }
  return { label, margin };
}

/** softmax over each column of a d × M row-major matrix, as the hinge loss reads the outputs. */
export function softmaxColumns(Z: ArrayLike<number>, d: number, M: number): Float32Array {
  const p = new Float32Array(d * M);
  for (let m = 0; m < M; m++) {
    let max = -Infinity;
    for (let k = 0; k < d; k++) max = Math.max(max, Z[k * M + m]);
    let total = 0;
    for (let k = 0; k < d; k++) total += p[k * M + m] = Math.exp(Z[k * M + m] - max);
    for (let k = 0; k < d; k++) p[k * M + m] /= total;
  }
  return p;
}

/** RGBA pixels (one per cell, row-major) shading each cell's class colour by the network's margin. */
export function heatmapPixels(label: Uint8Array, margin: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(4 * label.length);
  label.forEach((k, m) => {
    const strength = 0.15 + 0.55 * margin[m]; // a faint tint where unsure, strong where sure
    const color = CLASS_COLORS[k % CLASS_COLORS.length];
    for (let c = 0; c < 3; c++) pixels[4 * m + c] = 255 + (color[c] - 255) * strength;
    pixels[4 * m + 3] = 255;
  });
  return pixels;
}
