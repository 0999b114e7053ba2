// f_l as a TensorFlow.js user writes it, shared by the idiomatic-tfjs peers of both benchmarks
// (`pnpm bench` in Node and `pnpm bench:browser` in a page), so the two time the same program.

import type { Activation } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs';

/** Z = f(S) with tfjs ops; one case per activation of core's table (a missing one fails to compile). */
export function activate(h: tf.Tensor2D, f: Activation): tf.Tensor2D {
  switch (f.kind) {
    case 'identity':
      return h;
    case 'relu':
      return tf.relu(h);
    case 'leaky_relu':
      return tf.leakyRelu(h, f.alpha);
    case 'sigmoid':
      return tf.sigmoid(h);
    case 'tanh':
      return tf.tanh(h);
    case 'softplus':
      return tf.softplus(h);
    case 'gelu': // tfjs-core has no GELU op: its tanh form, as a tfjs user writes it
      return tf.mul(
        tf.mul(h, 0.5),
        tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, tf.pow(h, 3)))))),
      );
  }
}
