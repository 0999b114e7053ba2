// The seed's non-linearities as tfjs ops: Z = f(S) and the fused δ = dZ ⊙ f'(S). Callers run them
// inside tf.tidy, so the intermediate tensors of the derivatives are freed.

import { type Activation, negativeSlope } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';

/** Z = f(S), element-wise. */
export function activateOp(S: tf.Tensor2D, f: Activation): tf.Tensor2D {
  switch (f.kind) {
    case 'identity':
      return tf.clone(S);
    case 'relu':
      return tf.relu(S);
    case 'leaky_relu':
      return tf.leakyRelu(S, f.alpha);
    case 'sigmoid':
      return tf.sigmoid(S);
    case 'tanh':
      return tf.tanh(S);
  }
}

/**
 * δ = dZ ⊙ f'(S). ReLU's derivative comes from S (tf.step: 1 where S > 0, else the negative
 * slope, so 0 at exactly 0 as in the seed); sigmoid's and tanh's from Z = f(S).
 */
export function activateBackwardOp(S: tf.Tensor2D, dZ: tf.Tensor2D, f: Activation): tf.Tensor2D {
  switch (f.kind) {
    case 'identity':
      return tf.clone(dZ);
    case 'relu':
    case 'leaky_relu':
      return tf.mul(dZ, tf.step(S, negativeSlope(f)));
    case 'sigmoid': {
      const Z = tf.sigmoid(S);
      return tf.mul(dZ, tf.mul(Z, tf.sub(1, Z)));
    }
    case 'tanh': {
      const Z = tf.tanh(S);
      return tf.mul(dZ, tf.sub(1, tf.square(Z)));
    }
  }
}
