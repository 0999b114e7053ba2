// The model file's `inputTransform` (CONTRACT.md): the per-feature mean and standard deviation
// that `train --standardize` measures on the training data, and the scaling (x − mean) / std
// that train, eval, predict and the playground apply to every example before the first layer.

import type { Dataset } from './dataset.js';
import { ShapeError } from './errors.js';
import type { InputTransform } from './model-file.js';

/**
 * The standardisation of `data`'s inputs: per feature, the mean and the population standard
 * deviation (divisor N, as scikit-learn's StandardScaler). A feature that holds one value only
 * gets std 1, so it is centred and never divided by zero.
 */
export function standardizer(data: Pick<Dataset, 'count' | 'inputSize' | 'inputs'>): InputTransform {
  const { count: N, inputSize: d, inputs } = data;
  if (N < 1) throw new ShapeError('standardize: no examples to measure the inputs on');
  const mean = new Array<number>(d).fill(0);
  const min = new Array<number>(d).fill(Number.POSITIVE_INFINITY);
  const max = new Array<number>(d).fill(Number.NEGATIVE_INFINITY);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < d; i++) {
      const x = inputs[n * d + i];
      mean[i] += x;
      if (x < min[i]) min[i] = x;
      if (x > max[i]) max[i] = x;
    }
  }
  for (let i = 0; i < d; i++) mean[i] /= N;
  const squares = new Array<number>(d).fill(0);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < d; i++) squares[i] += (inputs[n * d + i] - mean[i]) ** 2;
  }
  // two passes, not E[x²] − E[x]², which cancels badly for features far from 0
  const std = squares.map((s, i) => (min[i] === max[i] ? 1 : Math.sqrt(s / N)));
  return { kind: 'standardize', mean, std };
}

/**
 * Scales `inputs` (examples × inputSize, row-major) as the first layer sees them, in place:
 * (x − mean) / std per feature. Returns `inputs`; without a transform it is left as it is.
 */
export function applyTransform<T extends Float64Array | Float32Array>(
  transform: InputTransform | undefined,
  inputs: T,
  inputSize: number,
): T {
  if (!transform) return inputs;
  const { mean, std } = transform;
  if (mean.length !== inputSize || std.length !== inputSize) {
    throw new ShapeError(
      `inputTransform has ${mean.length} means and ${std.length} stds, but the data has ${inputSize} inputs`,
    );
  }
  if (inputs.length % inputSize !== 0) {
    throw new ShapeError(
      `${inputs.length} input numbers is not a whole number of ${inputSize}-input examples`,
    );
  }
  for (let k = 0; k < inputs.length; k++) {
    const i = k % inputSize;
    inputs[k] = (inputs[k] - mean[i]) / std[i];
  }
  return inputs;
}

/** `data` as the first layer sees it: a copy with its inputs scaled by `transform`, or `data` itself without one. */
export function transformDataset(transform: InputTransform | undefined, data: Dataset): Dataset {
  if (!transform) return data;
  const inputs = applyTransform(transform, Float64Array.from(data.inputs), data.inputSize);
  return { ...data, inputs };
}
