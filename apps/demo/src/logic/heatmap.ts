// The heat maps as numbers: the grid of points the network is asked about, the colour of each
// cell from the network's class scores (classes × M), and a neuron's output on a diverging scale.

/** The box the data and the heat maps cover. */
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

/** Every cell centre as (x₁, x₂) pairs; cell m = r·cols + c is pair m. */
export function gridPoints(grid: Grid): Float64Array {
  const M = grid.cols * grid.rows;
  const points = new Float64Array(2 * M);
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.cols; c++) {
      const [x, y] = gridPoint(grid, c, r);
      points[2 * (r * grid.cols + c)] = x;
      points[2 * (r * grid.cols + c) + 1] = y;
    }
  }
  return points;
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

/**
 * RGBA pixels (one per cell, row-major) in each cell's class colour: shaded by the network's
 * margin (faint where unsure), or flat when `discretize` is on.
 */
export function heatmapPixels(
  label: Uint8Array,
  margin: Float32Array,
  discretize = false,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(4 * label.length);
  label.forEach((k, m) => {
    const strength = discretize ? 0.6 : 0.15 + 0.55 * margin[m]; // a faint tint where unsure, strong where sure
    const color = CLASS_COLORS[k % CLASS_COLORS.length];
    for (let c = 0; c < 3; c++) pixels[4 * m + c] = 255 + (color[c] - 255) * strength;
    pixels[4 * m + 3] = 255;
  });
  return pixels;
}

/** Colours of a neuron's output: negative towards orange, positive towards blue, 0 white. */
const NEGATIVE_RGB = [230, 159, 0] as const;
const POSITIVE_RGB = [0, 114, 178] as const;

/**
 * RGBA pixels of one neuron's output over the grid: `values[offset + m]` for the M cells, scaled
 * by the largest |value| of that neuron (or 1 when smaller), on a diverging orange–white–blue scale.
 */
export function neuronPixels(
  values: ArrayLike<number>,
  offset: number,
  M: number,
): Uint8ClampedArray<ArrayBuffer> {
  let scale = 1;
  for (let m = 0; m < M; m++) scale = Math.max(scale, Math.abs(values[offset + m]));
  const pixels = new Uint8ClampedArray(4 * M);
  for (let m = 0; m < M; m++) {
    const v = values[offset + m] / scale;
    const color = v < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
    const t = Math.min(1, Math.abs(v));
    for (let c = 0; c < 3; c++) pixels[4 * m + c] = 255 + (color[c] - 255) * t;
    pixels[4 * m + 3] = 255;
  }
  return pixels;
}
