// A deltaml backend as a benchmark system: core's trainStep, the backend's matmul, and core's
// forward pass with its cache policies — exactly what `deltaml train` runs.

import {
  type Backend,
  type CachePolicy,
  forward,
  initModel,
  mse,
  Network,
  seededRandom,
  trainStep,
} from '@deltaml/core';
import type { BenchSystem, Prepared } from './system.js';
import { type Product, productOperands, type TrainingProblem } from './workloads.js';

export function deltamlSystem(name: string, backend: Backend): BenchSystem {
  return {
    name,
    enter: async () => async () => undefined, // each deltaml backend selects its own engine per call
    trainingStep(problem: TrainingProblem): Prepared {
      const network = Network.fromModel(backend, problem.model);
      const X = backend.upload(problem.X, problem.model.inputSize, problem.N);
      const Y = backend.upload(problem.Y, problem.Y.length / problem.N, problem.N);
      const options = { loss: mse(), lr: problem.lr };
      return {
        run: () => {
          trainStep(network, X, Y, options);
        },
        dispose: () => {
          network.dispose();
          backend.dispose(X);
          backend.dispose(Y);
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
