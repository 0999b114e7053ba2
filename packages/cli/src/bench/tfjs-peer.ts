// The peers of BENCHMARKS.md: the same training step and products written the way a tfjs user
// writes them — examples as rows, `tf.variableGrads` for the gradients, `assign` for the SGD
// update, everything inside `tf.tidy` — on tfjs's cpu engine, its wasm engine, or the native
// TensorFlow engine of @tensorflow/tfjs-node where it loads. The engine is started through deltaml's
// registry (it registers tfjs-backend-wasm with its local .wasm files, and imports tfjs-node).

import * as tf from '@tensorflow/tfjs';
import { loadBackend } from '../backends.js';
import type { BenchSystem, Prepared } from './system.js';
import { activate } from './tfjs-activation.js';
import { OPTIM_ADAM, type Product, productOperands, type TrainingProblem } from './workloads.js';

export type PeerEngine = 'cpu' | 'wasm' | 'node';

/** The name tfjs registers each engine under (tfjs-node's is `tensorflow`). */
const TF_BACKEND: Readonly<Record<PeerEngine, string>> = { cpu: 'cpu', wasm: 'wasm', node: 'tensorflow' };

function trainingStep({ model, X, Y, N, lr, step }: TrainingProblem): Prepared {
  // a tfjs model keeps examples as rows: x is N × d_0, each kernel d_{l-1} × d_l (= W_lᵀ)
  const layers = model.layers.map(({ weights, bias, activation }) => ({
    kernel: tf.variable(tf.tidy(() => tf.tensor2d(weights).transpose())),
    bias: bias ? tf.variable(tf.tensor1d(bias)) : null,
    activation,
  }));
  const variables = layers.flatMap(({ kernel, bias }) => (bias ? [kernel, bias] : [kernel]));
  const byName = new Map(variables.map((v) => [v.name, v]));
  const x = tf.tidy(() => tf.tensor2d(X, [model.inputSize, N]).transpose<tf.Tensor2D>());
  const y = tf.tidy(() => tf.tensor2d(Y, [Y.length / N, N]).transpose<tf.Tensor2D>());
  const learningRate = tf.scalar(lr);
  const output = (): tf.Tensor2D => {
    let h = x;
    for (const { kernel, bias, activation } of layers) {
      const s = bias ? tf.add(tf.matMul(h, kernel), bias) : tf.matMul(h, kernel);
      h = activate(s as tf.Tensor2D, activation);
    }
    return h;
  };
  if (step === 'cross-entropy-adam') {
    // the idiomatic Adam step: tf.train.adam minimising tf.losses.softmaxCrossEntropy on one-hot targets
    const { beta1, beta2, eps } = OPTIM_ADAM;
    const adam = tf.train.adam(lr, beta1, beta2, eps);
    return {
      run: () =>
        tf.tidy(() => {
          const cost = adam.minimize(
            () => tf.losses.softmaxCrossEntropy(y, output()) as tf.Scalar,
            true,
            variables,
          );
          cost?.dataSync();
        }),
      dispose: () => {
        adam.dispose();
        for (const t of [...variables, x, y, learningRate]) t.dispose();
      },
    };
  }
  const loss = (): tf.Scalar => tf.div(tf.sum(tf.square(tf.sub(output(), y))), 2 * N); // ‖Z − Y‖² / (2N)
  return {
    run: () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, variables);
        for (const [name, grad] of Object.entries(grads)) {
          const variable = byName.get(name)!;
          variable.assign(tf.sub(variable, tf.mul(learningRate, grad)));
        }
        value.dataSync();
      }),
    dispose: () => {
      for (const t of [...variables, x, y, learningRate]) t.dispose();
    },
  };
}

function product(p: Product): Prepared {
  const { A, B } = productOperands(p);
  const transA = p.form === 'Aᵀ·B';
  const transB = p.form === 'A·Bᵀ';
  const a = tf.tensor2d(A, transA ? [p.K, p.M] : [p.M, p.K]);
  const b = tf.tensor2d(B, transB ? [p.N, p.K] : [p.K, p.N]);
  return {
    run: () => tf.matMul(a, b, transA, transB).dispose(),
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

/** The idiomatic-tfjs peer on `engine`; throws BackendUnavailableError if the engine cannot start. */
export async function tfjsPeer(engine: PeerEngine): Promise<BenchSystem> {
  await loadBackend(`tfjs-${engine}`); // registers and starts the engine
  return {
    name: `peer:tfjs-${engine}`,
    async enter() {
      const previous = tf.getBackend();
      await tf.setBackend(TF_BACKEND[engine]);
      return async () => {
        if (previous) await tf.setBackend(previous);
      };
    },
    trainingStep,
    product,
  };
}
