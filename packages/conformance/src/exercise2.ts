// The seed's Exercise 2, our reference values: a 2-3-1 ReLU network without biases, a batch of
// four examples, MSE, one SGD step with lr 0.5 — and every value the seed prints (truncated to
// 4 decimals, see CONTRACT.md).

import type { ModelSpec } from '@deltaml/core';
import type { Mat } from './reference.js';

/** The seed's Exercise 2 problem and the values it prints. */
export interface Exercise2 {
  readonly model: ModelSpec;
  /** X = Z_0, d_0 × N: one column per example */
  readonly X: Mat;
  /** Y_gt, d_L × N */
  readonly Y: Mat;
  readonly lr: number;
  /** the values the seed prints, by the seed's names */
  readonly printed: {
    readonly S_1: Mat;
    readonly Z_1: Mat;
    readonly Y_out: Mat;
    readonly loss: number;
    readonly delta_2: Mat;
    readonly dW_2: Mat;
    readonly delta_1: Mat;
    readonly dW_1: Mat;
    readonly W_2_updated: Mat;
    readonly W_1_updated: Mat;
  };
}

/** The seed's Exercise 2: a 2-3-1 ReLU network without biases, four examples, MSE, one SGD step with lr 0.5. */
export const exercise2: Exercise2 = {
  model: {
    inputSize: 2,
    layers: [
      {
        activation: { kind: 'relu' },
        weights: [
          [0.6, 0.01],
          [0.7, 0.43],
          [0, 0.88],
        ],
      },
      { activation: { kind: 'identity' }, weights: [[0.02, 0.03, 0.09]] },
    ],
  },
  X: [
    [0.75, 0.2, -0.75, 0.2],
    [0.8, 0.05, 0.8, -0.05],
  ],
  Y: [[1, 1, -1, -1]],
  lr: 0.5,
  printed: {
    S_1: [
      [0.458, 0.1205, -0.442, 0.1195],
      [0.869, 0.1615, -0.181, 0.1185],
      [0.704, 0.044, 0.704, -0.044],
    ],
    Z_1: [
      [0.458, 0.1205, 0, 0.1195],
      [0.869, 0.1615, 0, 0.1185],
      [0.704, 0.044, 0.704, 0],
    ],
    Y_out: [[0.0985, 0.0112, 0.0633, 0.0059]],
    loss: 0.49161,
    delta_2: [[-0.2253, -0.2471, 0.2658, 0.2514]],
    dW_2: [[-0.1029, -0.2059, 0.0176]],
    delta_1: [
      [-0.0045, -0.0049, 0, 0.005],
      [-0.0068, -0.0074, 0, 0.0075],
      [-0.0203, -0.0222, 0.0239, 0],
    ],
    dW_1: [
      [-0.0033, -0.0041],
      [-0.005, -0.0061],
      [-0.0376, 0.0018],
    ],
    W_2_updated: [[0.0714, 0.1329, 0.0811]],
    W_1_updated: [
      [0.6016, 0.012],
      [0.7025, 0.433],
      [0.0188, 0.879],
    ],
  },
};

/** The seed's names for the printed values, in the order the seed derives them. */
export const EXERCISE2_NAMES: Record<keyof Exercise2['printed'], string> = {
  S_1: 'S_1',
  Z_1: 'Z_1',
  Y_out: 'Y_out',
  loss: 'L',
  delta_2: 'δ_2',
  dW_2: '∂L/∂W_2',
  delta_1: 'δ_1',
  dW_1: '∂L/∂W_1',
  W_2_updated: 'W_2 (updated)',
  W_1_updated: 'W_1 (updated)',
};
