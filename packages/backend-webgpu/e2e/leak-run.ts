// The leak test: a long training run (Adam, softmax cross-entropy, a fixed batch) that samples
// the backend's live buffers and bytes every `every` steps. Run by the vitest tests in Node and by
// the browser page; both require every sample after the first step to equal the first.

import {
  type Backend,
  initModel,
  type MemoryInfo,
  makeOptimizer,
  Network,
  Optimizer,
  seededRandom,
  trainStepAsync,
} from '@deltaml/core';

/** What a leak run saw: the loss at the end and the memory after step 1 and every `every` steps. */
export interface LeakRun {
  readonly steps: number;
  readonly finalLoss: number;
  readonly samples: readonly MemoryInfo[];
}

/** Trains a 4-16-3 network for `steps` steps on one batch of 8, sampling memory(). */
export async function leakRun(backend: Backend, steps: number, every = 1000): Promise<LeakRun> {
  const model = initModel({
    sizes: [4, 16, 3],
    activations: [{ kind: 'relu' }, { kind: 'identity' }],
    bias: true,
    seed: 7,
  });
  const random = seededRandom(8);
  const N = 8;
  using network = Network.fromModel(backend, model);
  using optimizer = new Optimizer(backend, makeOptimizer('adam'));
  const X = backend.upload(
    Array.from({ length: 4 * N }, () => random() * 2 - 1),
    4,
    N,
  );
  const labels = backend.upload(
    Array.from({ length: N }, (_, n) => n % 3),
    1,
    N,
  );
  const samples: MemoryInfo[] = [];
  let finalLoss = Number.NaN;
  try {
    for (let step = 1; step <= steps; step++) {
      finalLoss = await trainStepAsync(network, X, labels, {
        loss: { kind: 'cross-entropy' },
        lr: 1e-3,
        optimizer,
      });
      if (step === 1 || step % every === 0) samples.push(backend.memory());
    }
  } finally {
    backend.dispose(X);
    backend.dispose(labels);
  }
  return { steps, finalLoss, samples };
}

/** Why a leak run leaked, or undefined when every sample equals the first. */
export function leakReport({ samples }: LeakRun): string | undefined {
  const [first] = samples;
  const bad = samples.findIndex((s) => s.buffers !== first.buffers || s.bytes !== first.bytes);
  return bad < 0
    ? undefined
    : `live memory grew from ${first.buffers} buffers / ${first.bytes} bytes to ${samples[bad].buffers} / ${samples[bad].bytes} (sample ${bad})`;
}
