// Mean squared error, the worked example's loss (Exercise 1): L = ‖Z_L − Y‖²_F / (2N).

import { NO_HYPERPARAMETERS, type SpecOf } from '../parameters.js';
import { defineLoss } from './loss.js';

/** MSE's spec: no parameters. */
export type MseSpec = SpecOf<'mse', typeof NO_HYPERPARAMETERS>;

/** L = ‖Z − Y‖²_F / (2N), ∂L/∂Z = (Z − Y)/N. */
export const mseLoss = defineLoss('mse', NO_HYPERPARAMETERS, {
  description: 'mean squared error ‖Z_L − Y‖²/(2N), the worked example’s loss',
  reduction: 'mean over the N examples (halved)',
  lrGuide: '0.01–0.5 with sgd, 1e-3 with adam',
  targets: 'values',
  outputs: 'values',
  sumsOverExamples: () => false,
  checkOutputSize: () => undefined,
  targetSize: (outputSize) => outputSize,
  invalidTarget: () => undefined,
  evaluate(_spec, Z, Y, dZ, _d, N) {
    let sum = 0;
    for (let i = 0; i < dZ.length; i++) {
      const diff = Z[i] - Y[i];
      sum += diff * diff;
      dZ[i] = diff / N;
    }
    return sum / (2 * N);
  },
});
