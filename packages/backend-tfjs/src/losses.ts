// The two loss kernels of the seed as tfjs ops on Z_L (d × N, one column per example): each
// returns the loss as a scalar tensor and ∂L/∂Z_L. Callers run them inside tf.tidy.

import * as tf from '@tensorflow/tfjs-core';

export type LossTensors = {
  readonly loss: tf.Scalar;
  readonly dZ: tf.Tensor2D;
};

/** L = ‖Z − Y‖²_F / (2N); dZ = (Z − Y)/N. */
export function mseOp(Z: tf.Tensor2D, Y: tf.Tensor2D): LossTensors {
  const N = Z.shape[1];
  const diff = tf.sub(Z, Y);
  return { loss: tf.div(tf.sum(tf.square(diff)), 2 * N), dZ: tf.div(diff, N) };
}

/**
 * For each column i: p = softmax(Z[:, i]), L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin).
 * With A = {l ≠ y : p_l − p_y + margin ≥ 0}, c = |A| and P = Σ_{l∈A} p_l per column, the seed's
 * gradient Σ_{l∈A} p_j (1[l=j] − 1[y=j] − p_l + p_y) is p_j (1[j∈A] − c·1[j=y] − P + c·p_y).
 */
export function hingeOp(Z: tf.Tensor2D, labels: tf.Tensor2D, margin: number): LossTensors {
  const d = Z.shape[0];
  const e = tf.exp(tf.sub(Z, tf.max(Z, 0, true)));
  const p = tf.div(e, tf.sum(e, 0, true));
  const isLabel = tf.cast(tf.equal(tf.reshape(tf.range(0, d), [d, 1]), labels), 'float32'); // 1[j = y_i]
  const p_y = tf.sum(tf.mul(p, isLabel), 0, true);
  const violation = tf.add(tf.sub(p, p_y), margin);
  const A = tf.mul(tf.cast(tf.greaterEqual(violation, 0), 'float32'), tf.sub(1, isLabel));
  const c = tf.sum(A, 0, true);
  const P = tf.sum(tf.mul(p, A), 0, true);
  const dZ = tf.mul(p, tf.add(tf.sub(tf.sub(A, tf.mul(c, isLabel)), P), tf.mul(c, p_y)));
  return { loss: tf.sum(tf.mul(violation, A)), dZ: dZ as tf.Tensor2D };
}
