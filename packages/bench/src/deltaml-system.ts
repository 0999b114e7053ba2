// A deltaml backend as a benchmark system: core's training step (with the optimizer and loss the
// workload names), the backend's matmul, and core's forward pass with its cache policies —
// exactly what `deltaml train` runs. A backend with synchronous reads (cpu, wasm, tfjs) runs
// trainStep and is never awaited; one with asynchronous reads (webgpu) runs trainStepAsync, and
// its products are drained by reading a one-value matrix queued after them.

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
  trainStepAsync,
} from '@deltaml/core';
import type { BenchSystem, CacheProbe, Prepared } from './system.js';
import { OPTIM_ADAM, type Product, productOperands, type TrainingProblem } from './workloads.js';

function trainingStep(backend: Backend, problem: TrainingProblem): Prepared {
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
    run:
      backend.reads === 'sync'
        ? () => trainStep(network, X, T, options)
        : () => trainStepAsync(network, X, T, options),
    dispose: () => {
      optimizer?.dispose();
      network.dispose();
      backend.dispose(X);
      backend.dispose(T);
    },
  };
}

function product(backend: Backend, p: Product): Prepared {
  const { A, B, transA, transB } = productOperands(p);
  const a = transA ? backend.upload(A, p.K, p.M) : backend.upload(A, p.M, p.K);
  const b = transB ? backend.upload(B, p.N, p.K) : backend.upload(B, p.K, p.N);
  const options = { transA, transB };
  // an asynchronous backend's queue runs in order: a read of this resolves after every product before it
  const probe = backend.reads === 'async' ? backend.upload([0], 1, 1) : undefined;
  return {
    run: () => backend.dispose(backend.matmul(a, b, options)),
    drain: probe && (() => Promise.resolve(backend.read(probe))),
    dispose: () => {
      backend.dispose(a);
      backend.dispose(b);
      if (probe) backend.dispose(probe);
    },
  };
}

function forwardCache(
  backend: Backend,
  sizes: readonly number[],
  N: number,
  policy: CachePolicy,
): CacheProbe {
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
}

/** deltaml on `backend`, named `name` in the rows (the `--backend` name), on `device` where the rows name one. */
export function deltamlSystem(name: string, backend: Backend, device?: string): BenchSystem {
  return {
    name,
    device,
    enter: async () => async () => undefined, // each deltaml backend selects its own engine per call
    trainingStep: (problem) => trainingStep(backend, problem),
    product: (p) => product(backend, p),
    forwardCache: (sizes, N, policy) => forwardCache(backend, sizes, N, policy),
  };
}
