// The peers of docs/benchmarks.md: the same training step and products written the way a tfjs user
// writes them — examples as rows, `tf.variableGrads` + `assign` for the SGD update,
// `tf.train.adam` minimising `tf.losses.softmaxCrossEntropy` for Adam, everything inside `tf.tidy`
// — on whichever tfjs engine is registered under the name given: in Node tfjs's cpu and wasm
// engines and native TensorFlow (tfjs-node), in a browser tfjs-backend-webgpu and
// tfjs-backend-wasm. The loss is read with `dataSync()` where reads are synchronous and with
// `await data()` where tfjs recommends it (WebGPU).

import { activateOp } from '@deltaml/backend-tfjs';
import * as tf from '@tensorflow/tfjs';
import type { BenchSystem, Prepared } from '../system.js';
import { OPTIM_ADAM, type Product, productOperands, type TrainingProblem } from '../workloads.js';

/** How a peer reads what its engine computed. */
export type PeerReads = 'sync' | 'async';

/** Which peer to make. */
export interface PeerOptions {
  /** the `system` of the rows, e.g. `peer:tfjs-wasm` */
  readonly name: string;
  /** the engine's name in tfjs's registry (`cpu`, `wasm`, `tensorflow` for tfjs-node, `webgpu`); registered already */
  readonly engine: string;
  /** `async` to read with `await data()` (WebGPU), `sync` for `dataSync()` */
  readonly reads: PeerReads;
  /** the device the rows name, where they name one */
  readonly device?: string;
}

/** Runs `step` (a scalar made inside tf.tidy), reads its value the way `reads` says, disposes it and returns the value. */
function readsLoss(step: () => tf.Scalar, reads: PeerReads): () => number | Promise<number> {
  if (reads === 'sync') {
    return () => {
      const loss = step();
      const [value] = loss.dataSync();
      loss.dispose();
      return value;
    };
  }
  return async () => {
    const loss = step();
    const [value] = await loss.data();
    loss.dispose();
    return value;
  };
}

function trainingStep({ model, X, Y, N, lr, step }: TrainingProblem, reads: PeerReads): Prepared {
  // a tfjs model keeps examples as rows: x is N × d_0, each kernel d_{l-1} × d_l (= W_lᵀ)
  const layers = model.layers.map(({ weights, bias, activation }) => ({
    kernel: tf.variable(tf.tidy(() => tf.tensor2d(weights).transpose())),
    bias: bias ? tf.variable(tf.tensor1d(bias)) : null,
    activation,
  }));
  const variables = layers.flatMap(({ kernel, bias }) => (bias ? [kernel, bias] : [kernel]));
  const x = tf.tidy(() => tf.tensor2d(X, [model.inputSize, N]).transpose<tf.Tensor2D>());
  const y = tf.tidy(() => tf.tensor2d(Y, [Y.length / N, N]).transpose<tf.Tensor2D>());
  const output = (): tf.Tensor2D => {
    let h = x;
    for (const { kernel, bias, activation } of layers) {
      const s = bias ? tf.add(tf.matMul(h, kernel), bias) : tf.matMul(h, kernel);
      h = activateOp(s as tf.Tensor2D, activation); // the tfjs backend's op for f, one mapping for both
    }
    return h;
  };
  if (step === 'cross-entropy-adam') {
    const { beta1, beta2, eps } = OPTIM_ADAM;
    const adam = tf.train.adam(lr, beta1, beta2, eps);
    const minimize = () =>
      tf.tidy(
        () => adam.minimize(() => tf.losses.softmaxCrossEntropy(y, output()) as tf.Scalar, true, variables)!,
      );
    return {
      run: readsLoss(minimize, reads),
      dispose: () => {
        adam.dispose();
        for (const t of [...variables, x, y]) t.dispose();
      },
    };
  }
  const byName = new Map(variables.map((v) => [v.name, v]));
  const learningRate = tf.scalar(lr);
  const loss = (): tf.Scalar => tf.div(tf.sum(tf.square(tf.sub(output(), y))), 2 * N); // ‖Z − Y‖² / (2N)
  const sgd = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      for (const [name, grad] of Object.entries(grads)) {
        const variable = byName.get(name)!;
        variable.assign(tf.sub(variable, tf.mul(learningRate, grad)));
      }
      return value;
    });
  return {
    run: readsLoss(sgd, reads),
    dispose: () => {
      for (const t of [...variables, x, y, learningRate]) t.dispose();
    },
  };
}

function product(p: Product, reads: PeerReads): Prepared {
  const { A, B, transA, transB } = productOperands(p);
  const a = tf.tensor2d(A, transA ? [p.K, p.M] : [p.M, p.K]);
  const b = tf.tensor2d(B, transB ? [p.N, p.K] : [p.K, p.N]);
  if (reads === 'sync') {
    // a synchronous engine has computed C when matMul returns
    return {
      run: () => tf.matMul(a, b, transA, transB).dispose(),
      dispose: () => tf.dispose([a, b]),
    };
  }
  let last: tf.Tensor | undefined; // read to wait for the products queued so far (tfjs reads are per tensor)
  return {
    run: () => {
      last?.dispose();
      last = tf.matMul(a, b, transA, transB);
    },
    drain: async () => {
      await last?.data();
    },
    dispose: () => {
      last?.dispose();
      tf.dispose([a, b]);
    },
  };
}

/** The idiomatic-tfjs peer on a registered tfjs engine. */
export function tfjsPeer({ name, engine, reads, device }: PeerOptions): BenchSystem {
  return {
    name,
    device,
    async enter() {
      const previous = tf.getBackend();
      await tf.setBackend(engine);
      await tf.ready();
      return async () => {
        if (previous && previous !== engine) await tf.setBackend(previous);
      };
    },
    trainingStep: (problem) => trainingStep(problem, reads),
    product: (p) => product(p, reads),
  };
}
