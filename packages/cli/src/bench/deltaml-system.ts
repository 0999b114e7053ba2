// A deltaml backend as a benchmark system: core's trainStep (with the optimizer and loss the
// workload names), the backend's matmul, and core's forward pass with its cache policies —
// exactly what `deltaml train` runs.

import {
  type Backend,
  type CachePolicy,
  crossEntropy,
  forward,
  initModel,
  makeOptimizer,
  mse,
  Network,
  Optimizer,
  seededRandom,
  trainStep,
} from '@deltaml/core';
import type { BenchSystem, Prepared } from './system.js';
import { OPTIM_ADAM, type Product, productOperands, type TrainingProblem } from './workloads.js';

export function deltamlSystem(name: string, backend: Backend): BenchSystem {
  return {
    name,
    enter: async () => async () => undefined, // each deltaml backend selects its own engine per call
    trainingStep(problem: TrainingProblem): Prepared {
      const network = Network.fromModel(backend, problem.model);
      const X = backend.upload(problem.X, problem.model.inputSize, problem.N);
      const adam = problem.step === 'cross-entropy-adam';
      const T = adam
        ? backend.upload(problem.labels, 1, problem.N)
        : backend.upload(problem.Y, problem.Y.length / problem.N, problem.N);
      const { lr: _, ...hyper } = OPTIM_ADAM;
      const optimizer = adam ? new Optimizer(backend, makeOptimizer('adam', hyper)) : undefined;
      const options = { loss: adam ? crossEntropy() : mse(), lr: problem.lr, optimizer };
      return {
        run: () => {
          trainStep(network, X, T, options);
        },
        dispose: () => {
          optimizer?.dispose();
          network.dispose();
          backend.dispose(X);
          backend.dispose(T);
        },
      };
    },
    product(p: Product): Prepared {
      const { A, B } = productOperands(p);
      const transA = p.form === 'Aᵀ·B';
      const transB = p.form === 'A·Bᵀ';
      const a = transA ? backend.upload(A, p.K, p.M) : backend.upload(A, p.M, p.K);
      const b = transB ? backend.upload(B, p.N, p.K) : backend.upload(B, p.K, p.N);
      const options = { transA, transB };
      return {
        run: () => backend.dispose(backend.matmul(a, b, options)),
        dispose: () => {
          backend.dispose(a);
          backend.dispose(b);
        },
      };
    },
    forwardCache(sizes: readonly number[], N: number, policy: CachePolicy) {
      const activations = sizes.slice(1).map(() => ({ kind: 'relu' }) as const);
      const network = Network.fromModel(backend, initModel({ sizes, activations, bias: true, seed: 1 }));
      const X = backend.upload(Float32Array.from({ length: sizes[0] * N }, seededRandom(4)), sizes[0], N);
      let bytes = 0;
      return {
        run: () => {
          const before = backend.memory().bytes; // X is already uploaded: only the cache counts
          const cache = forward(network, X, policy);
          bytes = backend.memory().bytes - before;
          cache.dispose();
        },
        bytes: () => bytes,
        dispose: () => {
          network.dispose();
          backend.dispose(X);
        },
      };
    },
  };
}
