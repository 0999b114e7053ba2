// The optimizers' element-wise primitives as tfjs ops (core's optimizers are written with them).
// Each returns the new value of y; the backend swaps it into the matrix and frees the old tensor,
// so an update leaves tfjs's tensor count unchanged. Callers run them inside tf.tidy.

import * as tf from '@tensorflow/tfjs-core';

/** a·y + b·x, skipping multiplications by 1 (exact anyway): SGD's p − γg is two kernels. */
export function scaleAddOp(y: tf.Tensor2D, x: tf.Tensor2D, a: number, b: number): tf.Tensor2D {
  return tf.add(a === 1 ? y : tf.mul(y, a), b === 1 ? x : tf.mul(x, b));
}

/** a·y + b·x⊙x */
export function scaleAddSquareOp(y: tf.Tensor2D, x: tf.Tensor2D, a: number, b: number): tf.Tensor2D {
  return tf.add(tf.mul(y, a), tf.mul(tf.square(x), b));
}

/** y + a·x ⊘ (√(c·v) + eps) */
export function addQuotientOp(
  y: tf.Tensor2D,
  x: tf.Tensor2D,
  v: tf.Tensor2D,
  a: number,
  c: number,
  eps: number,
): tf.Tensor2D {
  return tf.add(y, tf.div(tf.mul(x, a), tf.add(tf.sqrt(tf.mul(v, c)), eps)));
}
