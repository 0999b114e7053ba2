// The computation behind one entry of an Exercise 2 term, with the numbers filled in, e.g.
// S₁[0][0] = 0.6·0.75 + 0.01·0.8 = 0.458. The operands come from the float64 values of the same
// step, so the sum on the page is the one the backends were asked to compute.

import type { Mat } from '@deltaml/conformance';
import type { Exercise2Problem } from './exercise2-problem.js';
import type { ValueKey } from './exercise2-values.js';
import { formatTerm } from './format.js';

/** A factor in a product: negative numbers in parentheses. */
const factor = (x: number) => (x < 0 ? `(${formatTerm(x)})` : formatTerm(x));

/** a·b + c·d + … over k. */
const dot = (pairs: readonly (readonly [number, number])[]) =>
  pairs.map(([a, b]) => `${factor(a)}·${factor(b)}`).join(' + ');

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** The entry's name: S₁[0][2]. */
export function entryName(name: string, i: number, j: number): string {
  return `${name}[${i}][${j}]`;
}

/**
 * The computation of entry (i, j) of `key`, numbers filled in, ending with `= value`.
 * `values` holds every float64 term of the step (referenceValues).
 */
export function explainEntry(
  key: ValueKey,
  i: number,
  j: number,
  problem: Exercise2Problem,
  values: Record<ValueKey, Mat>,
): string {
  const { X, Y, W1, W2, lr } = problem;
  const N = X[0].length;
  const v = values;
  const result = formatTerm(v[key][i][j]);
  switch (key) {
    case 'S_1':
      return `S₁[${i}][${j}] = Σ_k W₁[${i}][k]·X[k][${j}] = ${dot(W1[i].map((w, k) => [w, X[k][j]]))} = ${result}`;
    case 'Z_1':
      return `Z₁[${i}][${j}] = relu(S₁[${i}][${j}]) = max(0, ${formatTerm(v.S_1[i][j])}) = ${result}`;
    case 'Y_out':
      return `Y_out[0][${j}] = Σ_k W₂[0][k]·Z₁[k][${j}] = ${dot(W2[0].map((w, k) => [w, v.Z_1[k][j]]))} = ${result}`;
    case 'residual':
      return `Y_out[0][${j}] − Y_gt[0][${j}] = ${formatTerm(v.Y_out[0][j])} − ${factor(Y[0][j])} = ${result}`;
    case 'loss': {
      const squares = v.residual[0].map((r) => `${factor(r)}²`).join(' + ');
      return `L = 1/(2·${N})·(${squares}) = ${formatTerm(v.loss[0][0])}`;
    }
    case 'delta_2':
      return `δ₂[0][${j}] = (1/${N})·(Y_out − Y_gt)[0][${j}]·f₂′(S₂) = (1/${N})·${factor(v.residual[0][j])}·1 = ${result}`;
    case 'dW_2':
      return `∂L/∂W₂[0][${j}] = Σ_n δ₂[0][n]·Z₁[${j}][n] = ${dot(v.delta_2[0].map((d, n) => [d, v.Z_1[j][n]]))} = ${result}`;
    case 'W2T_delta_2':
      return `(W₂ᵀδ₂)[${i}][${j}] = W₂[0][${i}]·δ₂[0][${j}] = ${dot([[W2[0][i], v.delta_2[0][j]]])} = ${result}`;
    case 'mask_1':
      return `f₁′(S₁[${i}][${j}]) = relu′(${formatTerm(v.S_1[i][j])}) = ${v.S_1[i][j] > 0 ? '1 (S > 0)' : '0 (S ≤ 0)'}`;
    case 'delta_1':
      return `δ₁[${i}][${j}] = (W₂ᵀδ₂)[${i}][${j}]·f₁′(S₁[${i}][${j}]) = ${dot([[v.W2T_delta_2[i][j], v.mask_1[i][j]]])} = ${result}`;
    case 'dW_1':
      return `∂L/∂W₁[${i}][${j}] = Σ_n δ₁[${i}][n]·X[${j}][n] = ${dot(v.delta_1[i].map((d, n) => [d, X[j][n]]))} = ${result}`;
    case 'step_W_2':
      return `−η·∂L/∂W₂[0][${j}] = −${formatTerm(lr)}·${factor(v.dW_2[0][j])} = ${result}`;
    case 'step_W_1':
      return `−η·∂L/∂W₁[${i}][${j}] = −${formatTerm(lr)}·${factor(v.dW_1[i][j])} = ${result}`;
    case 'W_2_updated':
      return `W₂[0][${j}] + (−η·∂L/∂W₂[0][${j}]) = ${formatTerm(W2[0][j])} + ${factor(v.step_W_2[0][j])} = ${result}`;
    case 'W_1_updated':
      return `W₁[${i}][${j}] + (−η·∂L/∂W₁[${i}][${j}]) = ${formatTerm(W1[i][j])} + ${factor(v.step_W_1[i][j])} = ${result}`;
  }
}

/** Names for the header cells of a term's table: rows and columns. */
export function axisNames(
  kind: 'hidden' | 'output' | 'none' | 'examples' | 'inputs',
  count: number,
): string[] {
  const names: Record<typeof kind, (n: number) => string> = {
    hidden: (n) => `h${sub(n + 1)}`,
    output: () => 'ŷ',
    none: () => '',
    examples: (n) => `example ${n + 1}`,
    inputs: (n) => `x${sub(n + 1)}`,
  };
  return Array.from({ length: count }, (_, n) => names[kind](n));
}

/** A column of a matrix, for the drawing's per-example values. */
export function columnOf(m: Mat, n: number): number[] {
  return m.map((row) => row[n]);
}
