// Runs Exercise 2 on a backend and lines every value up beside the seed's printed value and the
// exact float64 value: the table behind `deltaml conformance`, the playground and the suite.

import {
  type Backend,
  type CachePolicy,
  computeGradientsAsync,
  forward,
  gradientList,
  type Matrix,
  mse,
  Network,
  Optimizer,
  parametersOf,
  readRowsAsync,
  sgd,
  uploadRows,
} from '@deltaml/core';
import { EXERCISE2_NAMES, type Exercise2, exercise2 } from './exercise2.js';
import { type Mat, referenceGradients } from './reference.js';
import { FLOAT32, isClose, SEED_PRINTED } from './tolerance.js';

/** One value the seed prints for Exercise 2, next to the exact value and what a backend computed. */
export interface Exercise2Row {
  /** the seed's name (S_1, δ_2, ∂L/∂W_1, …) */
  readonly value: string;
  /** `[i][j]`, or empty for the scalar loss */
  readonly index: string;
  /** as printed in the seed (truncated to 4 decimals) */
  readonly seed: number;
  /** from the definitions, in float64 */
  readonly exact: number;
  readonly got: number;
  /** |got − seed| */
  readonly diff: number;
  /** within SEED_PRINTED of the seed and within FLOAT32 of the exact value */
  readonly ok: boolean;
}

/** Every value the seed prints, by its key, each as a matrix (the loss as 1 × 1). */
export type Exercise2Values = { [K in keyof Exercise2['printed']]: Mat };

/** A 2-layer problem shaped like Exercise 2 (the playground edits its numbers). */
export type Exercise2Problem = Pick<Exercise2, 'model' | 'X' | 'Y' | 'lr'>;

/** The exact float64 values of everything the seed prints, for the seed's problem or an edited one. */
export function exercise2Exact(problem: Exercise2Problem = exercise2): Exercise2Values {
  const { model, X, Y, lr } = problem;
  const r = referenceGradients(model, X, Y, mse());
  const step = (W: Mat, G: Mat) => W.map((row, i) => row.map((w, j) => w - lr * G[i][j]));
  return {
    S_1: r.S[1],
    Z_1: r.Z[1],
    Y_out: r.Z[2],
    loss: [[r.loss]],
    delta_2: r.delta[2],
    dW_2: r.gradW[1],
    delta_1: r.delta[1],
    dW_1: r.gradW[0],
    W_2_updated: step(model.layers[1].weights, r.gradW[1]),
    W_1_updated: step(model.layers[0].weights, r.gradW[0]),
  };
}

/** Everything the seed prints, computed on `backend` through core's forward, backward and SGD. */
export async function exercise2Values(
  backend: Backend,
  cache: CachePolicy = 'all',
): Promise<Exercise2Values> {
  const { model, X, Y, lr } = exercise2;
  using network = Network.fromModel(backend, model);
  const Xm = uploadRows(backend, X, 'X');
  const Ym = uploadRows(backend, Y, 'Y');
  try {
    const pass = forward(network, Xm, cache);
    let forwardValues: { S_1: Mat; Z_1: Mat; Y_out: Mat };
    try {
      const Z1 = pass.Z(1);
      const Z2 = pass.Z(2);
      forwardValues = {
        S_1: await readRowsAsync(backend, pass.S[1]),
        Z_1: await readRowsAsync(backend, Z1),
        Y_out: await readRowsAsync(backend, Z2),
      };
      pass.release(Z1);
      pass.release(Z2);
    } finally {
      pass.dispose();
    }
    const deltas: Matrix[] = [];
    using gradients = await computeGradientsAsync(network, Xm, Ym, {
      loss: mse(),
      cache,
      observe: (l, d) => {
        deltas[l] = backend.activate(d, { kind: 'identity' }); // a copy that outlives the pass, read afterwards
      },
    });
    const delta: Mat[] = [];
    for (const l of [1, 2]) {
      delta[l] = await readRowsAsync(backend, deltas[l]);
      backend.dispose(deltas[l]);
    }
    const dW: Mat[] = [];
    for (const g of gradients.layers) dW.push(await readRowsAsync(backend, g.W));
    new Optimizer(backend, sgd()).step(parametersOf(network), gradientList(network, gradients), lr);
    const updated = (await network.readModel()).layers.map((layer) => layer.weights);
    return {
      ...forwardValues,
      loss: [[gradients.loss]],
      delta_2: delta[2],
      dW_2: dW[1],
      delta_1: delta[1],
      dW_1: dW[0],
      W_2_updated: updated[1],
      W_1_updated: updated[0],
    };
  } finally {
    backend.dispose(Xm);
    backend.dispose(Ym);
  }
}

/** One row per printed number, in the seed's order. */
export async function exercise2Rows(backend: Backend, cache: CachePolicy = 'all'): Promise<Exercise2Row[]> {
  const got = await exercise2Values(backend, cache);
  const exact = exercise2Exact();
  const rows: Exercise2Row[] = [];
  for (const key of Object.keys(EXERCISE2_NAMES) as (keyof Exercise2Values)[]) {
    const printed = key === 'loss' ? [[exercise2.printed.loss]] : exercise2.printed[key];
    printed.forEach((line, i) =>
      line.forEach((seed, j) => {
        const g = got[key][i][j];
        const e = exact[key][i][j];
        rows.push({
          value: EXERCISE2_NAMES[key],
          index: key === 'loss' ? '' : `[${i}][${j}]`,
          seed,
          exact: e,
          got: g,
          diff: Math.abs(g - seed),
          ok: isClose(g, seed, SEED_PRINTED) && isClose(g, e, FLOAT32),
        });
      }),
    );
  }
  return rows;
}
