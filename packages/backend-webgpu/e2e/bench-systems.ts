// The systems the browser benchmark compares, behind one interface: deltaml on a backend (core's
// trainStepAsync and the backend's matmul, what `deltaml train` runs), and the idiomatic tfjs
// program on a tfjs engine (examples as rows, tf.variableGrads + assign for SGD, tf.train.adam's
// minimize with tf.losses.softmaxCrossEntropy for Adam, everything in tf.tidy, the loss read with
// `await data()` as tfjs recommends on WebGPU).

import {
  type Backend,
  makeOptimizer,
  Network,
  Optimizer,
  type OptimizerSpec,
  trainStepAsync,
} from '@deltaml/core';
import * as tf from '@tensorflow/tfjs';
import { activate } from '../../cli/src/bench/tfjs-activation.js';
import { type Product, productOperands, type TrainingProblem } from '../../cli/src/bench/workloads.js';

/** Which step: the `mlp` workload's SGD on MSE, or the `optim` workload's Adam on cross-entropy. */
export type StepKind = 'sgd-mse' | 'adam-cross-entropy';

/** Something set up to be timed: `run` does one unit of work. */
export interface Prepared {
  run(): unknown;
  /** resolves when the runs so far have finished, where the system's own drain cannot tell */
  drain?(): Promise<unknown>;
  dispose(): void;
}

/** A system under test. */
export interface BenchSystem {
  readonly name: string;
  /** the device it computes on (the WebGPU adapter, or `cpu` for WebAssembly) */
  readonly device: string;
  /** makes this system's engine current (tfjs engines are global) */
  enter(): Promise<void>;
  trainingStep(problem: TrainingProblem, kind: StepKind): Prepared;
  product(p: Product): Prepared;
  /** resolves when everything queued so far has run */
  drain(): Promise<unknown>;
}

/** The class of each example: the row of its one-hot target column. */
export function labelsOf({ Y, N }: TrainingProblem): Float32Array {
  const d = Y.length / N;
  return Float32Array.from({ length: N }, (_, n) => {
    for (let j = 0; j < d; j++) if (Y[j * N + n] === 1) return j;
    return 0;
  });
}

/** deltaml's step and products on `backend`. */
export function deltamlSystem(name: string, device: string, backend: Backend): BenchSystem {
  const sentinel = backend.upload([0], 1, 1);
  return {
    name,
    device,
    enter: async () => {},
    drain: () => Promise.resolve(backend.read(sentinel)),
    trainingStep(problem, kind) {
      const network = Network.fromModel(backend, problem.model);
      const X = backend.upload(problem.X, problem.model.inputSize, problem.N);
      const adam = kind === 'adam-cross-entropy';
      const T = adam
        ? backend.upload(labelsOf(problem), 1, problem.N)
        : backend.upload(problem.Y, problem.Y.length / problem.N, problem.N);
      const spec: OptimizerSpec = adam ? makeOptimizer('adam') : makeOptimizer('sgd');
      const optimizer = new Optimizer(backend, spec);
      const options = {
        loss: adam ? ({ kind: 'cross-entropy' } as const) : ({ kind: 'mse' } as const),
        lr: adam ? 1e-3 : problem.lr,
        optimizer,
      };
      return {
        run: () => trainStepAsync(network, X, T, options),
        dispose: () => {
          optimizer.dispose();
          network.dispose();
          backend.dispose(X);
          backend.dispose(T);
        },
      };
    },
    product(p) {
      const { A, B } = productOperands(p);
      const transA = p.form === 'Aᵀ·B';
      const transB = p.form === 'A·Bᵀ';
      const a = transA ? backend.upload(A, p.K, p.M) : backend.upload(A, p.M, p.K);
      const b = transB ? backend.upload(B, p.N, p.K) : backend.upload(B, p.K, p.N);
      return {
        run: () => backend.dispose(backend.matmul(a, b, { transA, transB })),
        dispose: () => {
          backend.dispose(a);
          backend.dispose(b);
        },
      };
    },
  };
}

/** The idiomatic tfjs program on the tfjs engine `engine` (already registered and ready). */
export async function tfjsSystem(engine: 'webgpu' | 'wasm', device: string): Promise<BenchSystem> {
  await tf.setBackend(engine);
  await tf.ready();
  return {
    name: `peer:tfjs-${engine}`,
    device,
    enter: async () => {
      await tf.setBackend(engine);
    },
    // a scalar made here lives on the CPU and reads at once: read something the device computed
    drain: () => {
      const probe = tf.tidy(() => tf.sum(tf.ones([64, 64])));
      return probe.data().finally(() => probe.dispose());
    },
    trainingStep({ model, X, Y, N, lr }, kind) {
      const layers = model.layers.map(({ weights, bias, activation }) => ({
        kernel: tf.variable(tf.tidy(() => tf.tensor2d(weights).transpose())),
        bias: bias ? tf.variable(tf.tensor1d(bias)) : null,
        activation,
      }));
      const variables = layers.flatMap(({ kernel, bias }) => (bias ? [kernel, bias] : [kernel]));
      const x = tf.tidy(() => tf.tensor2d(X, [model.inputSize, N]).transpose<tf.Tensor2D>());
      const y = tf.tidy(() => tf.tensor2d(Y, [Y.length / N, N]).transpose<tf.Tensor2D>());
      const predict = () => {
        let h = x;
        for (const { kernel, bias, activation } of layers) {
          const s = bias ? tf.add(tf.matMul(h, kernel), bias) : tf.matMul(h, kernel);
          h = activate(s as tf.Tensor2D, activation);
        }
        return h;
      };
      if (kind === 'adam-cross-entropy') {
        const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
        return {
          run: async () => {
            const cost = optimizer.minimize(
              () => tf.losses.softmaxCrossEntropy(y, predict()) as tf.Scalar,
              true,
            );
            await cost!.data();
            cost!.dispose();
          },
          dispose: () => {
            optimizer.dispose();
            for (const t of [...variables, x, y]) t.dispose();
          },
        };
      }
      const byName = new Map(variables.map((v) => [v.name, v]));
      const learningRate = tf.scalar(lr);
      const loss = (): tf.Scalar => tf.div(tf.sum(tf.square(tf.sub(predict(), y))), 2 * N);
      return {
        run: async () => {
          const value = tf.tidy(() => {
            const { value, grads } = tf.variableGrads(loss, variables);
            for (const [name, grad] of Object.entries(grads)) {
              const variable = byName.get(name)!;
              variable.assign(tf.sub(variable, tf.mul(learningRate, grad)));
            }
            return value;
          });
          await value.data();
          value.dispose();
        },
        dispose: () => {
          for (const t of [...variables, x, y, learningRate]) t.dispose();
        },
      };
    },
    product(p) {
      const { A, B } = productOperands(p);
      const transA = p.form === 'Aᵀ·B';
      const transB = p.form === 'A·Bᵀ';
      const a = tf.tensor2d(A, transA ? [p.K, p.M] : [p.M, p.K]);
      const b = tf.tensor2d(B, transB ? [p.N, p.K] : [p.K, p.N]);
      let last: tf.Tensor | null = null; // read to wait for the products (tfjs reads are per tensor)
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
          a.dispose();
          b.dispose();
        },
      };
    },
  };
}
