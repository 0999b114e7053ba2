// deltaml's forward pass on a ModelSpec in float64, read as `predict` reads it: the input transform,
// each layer's f_l(W_l z + b_l) from core's activation table, then values or probabilities [1 − p, p]
// / softmax and the class index. The exported and imported models are compared against this.

import { activateScalar, type ModelSpec, predictedClass, softmaxColumn, stableSigmoid } from '@deltaml/core';
import { outputKindOf } from '../../src/spec-output.js';

/** What predict writes for one example: the y… or p… columns, and the class when it is a classifier. */
export interface Prediction {
  readonly columns: number[];
  readonly index?: number;
}

/** Z_L for one raw input row. */
export function logits(spec: ModelSpec, row: readonly number[]): number[] {
  const t = spec.inputTransform;
  let z = t ? row.map((x, i) => (x - t.mean[i]) / t.std[i]) : [...row];
  for (const layer of spec.layers) {
    z = layer.weights.map((w, i) =>
      activateScalar(
        layer.activation,
        w.reduce((s, wij, j) => s + wij * z[j], layer.bias?.[i] ?? 0),
      ),
    );
  }
  return z;
}

/** The prediction for each row, as predict writes it for `spec.output` (or classes when it is absent). */
export function predictRows(spec: ModelSpec, rows: readonly (readonly number[])[]): Prediction[] {
  const kind = outputKindOf(spec);
  return rows.map((row) => {
    const Z = logits(spec, row);
    switch (kind) {
      case 'values':
        return { columns: Z };
      case 'softmax': {
        const p = new Float64Array(Z.length);
        softmaxColumn(Z, Z.length, 1, 0, p);
        return { columns: [...p], index: predictedClass(Z, Z.length, 1, 0) };
      }
      case 'sigmoid': {
        const p1 = stableSigmoid(Z[0]);
        return { columns: [1 - p1, p1], index: predictedClass(Z, 1, 1, 0) };
      }
    }
  });
}

/** The largest |a − b| over two equally shaped lists of rows. */
export function maxDifference(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let worst = 0;
  a.forEach((row, n) => {
    if (row.length !== b[n].length) throw new Error(`row ${n}: ${row.length} columns against ${b[n].length}`);
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - b[n][j]));
    });
  });
  return worst;
}
