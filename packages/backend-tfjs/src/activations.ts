// The activations of core's table as tfjs ops: Z = f(S) and the fused δ = dZ ⊙ f'(X), where X is
// S or Z as the table's `derivativeFrom` says. Callers run them inside tf.tidy, so the
// intermediate tensors are freed. Each switch is exhaustive: an activation added to core's table
// without its ops here fails to compile.

import { type Activation, activationParameter } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsEngine } from './engines.js';

/** √(2/π), GELU's tanh-form constant (core's activations.ts) */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** tanh(√(2/π)(s + 0.044715 s³)), the inner term of the tanh-form GELU */
function geluTanh(S: tf.Tensor2D): tf.Tensor2D {
  return tf.tanh(tf.mul(tf.add(S, tf.mul(tf.mul(tf.square(S), S), GELU_A)), GELU_C)) as tf.Tensor2D;
}

/** Z = f(S), element-wise. */
export function activateOp(S: tf.Tensor2D, f: Activation): tf.Tensor2D {
  switch (f.kind) {
    case 'identity':
      return tf.clone(S); // shares S's data (tfjs counts references), so it costs no copy
    case 'relu':
      return tf.relu(S);
    case 'leaky_relu':
      return tf.leakyRelu(S, f.alpha);
    case 'sigmoid':
      return tf.sigmoid(S);
    case 'tanh':
      return tf.tanh(S);
    case 'gelu':
      return tf.mul(tf.mul(S, 0.5), tf.add(geluTanh(S), 1));
    case 'softplus':
      // max(s, 0) + log(1 + e^−|s|): no overflow, and full precision where e^s ≪ 1 (tf.softplus's
      // log(e^s + 1) loses it in float32 between its cut-offs)
      return tf.add(tf.relu(S), tf.log1p(tf.exp(tf.neg(tf.abs(S)))));
  }
}

/**
 * Engines on which the ReLU family's derivative is faster as a comparison than as tf.step:
 * tfjs-node builds tf.step from seven TensorFlow ops (its NaN handling included). Measured on
 * 256 × 128 (dZ ⊙ f'): node 233–469 µs with tf.step against 107–114 µs with greater and cast
 * (leaky ReLU: 240–298 µs against 120 µs with where); on wasm tf.step is one kernel and the
 * comparison 3–10× slower (34–378 µs against 625–1201 µs).
 */
const RELU_DERIVATIVE_BY_COMPARISON: ReadonlySet<TfjsEngine> = new Set(['node']);

/** δ = dZ ⊙ f'(S) for the ReLU family: f'(s) = 1 for s > 0, else the negative slope. */
function reluBackward(S: tf.Tensor2D, dZ: tf.Tensor2D, slope: number, engine: TfjsEngine): tf.Tensor2D {
  if (!RELU_DERIVATIVE_BY_COMPARISON.has(engine)) return tf.mul(dZ, tf.step(S, slope));
  const positive = tf.greater(S, 0);
  return slope === 0
    ? tf.mul(dZ, tf.cast(positive, 'float32'))
    : tf.where(positive, dZ, tf.mul<tf.Tensor2D>(dZ, slope));
}

/**
 * δ = dZ ⊙ f'(X). ReLU's derivative comes from S (1 where S > 0, else the negative slope, so 0 at
 * exactly 0 as in the seed), as do GELU's and softplus's; sigmoid's and tanh's come from Z = f(S).
 */
export function activateBackwardOp(
  X: tf.Tensor2D,
  dZ: tf.Tensor2D,
  f: Activation,
  engine: TfjsEngine,
): tf.Tensor2D {
  switch (f.kind) {
    case 'identity':
      return tf.clone(dZ);
    case 'relu':
    case 'leaky_relu':
      return reluBackward(X, dZ, activationParameter(f), engine);
    case 'sigmoid':
      return tf.mul(dZ, tf.mul(X, tf.sub(1, X))); // z(1 − z)
    case 'tanh':
      return tf.mul(dZ, tf.sub(1, tf.square(X))); // 1 − z²
    case 'gelu': {
      // ½(1 + t) + ½·s·(1 − t²)·√(2/π)·(1 + 3·0.044715·s²)
      const t = geluTanh(X);
      const slope = tf.mul(tf.sub(1, tf.square(t)), tf.add(tf.mul(tf.square(X), 3 * GELU_A), 1));
      return tf.mul(dZ, tf.add(tf.mul(tf.add(t, 1), 0.5), tf.mul(tf.mul(X, slope), 0.5 * GELU_C)));
    }
    case 'softplus':
      return tf.mul(dZ, tf.sigmoid(X));
  }
}
