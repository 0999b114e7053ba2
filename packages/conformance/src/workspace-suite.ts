// The workspace checks, as vitest tests, for a backend with core's IntoKernels: a training step
// runs in the network's workspace, so after warm-up it makes no matrix and no typed array (the
// allocation counters below stay at zero over 1000 steps), and it lands on exactly the weights of
// the allocating path (computeGradients, then the optimizer) for every loss, optimizer and cache
// policy, also when the batch size changes between steps. cpu and wasm run them on themselves.

import {
  type Backend,
  CACHE_POLICIES,
  type CachePolicy,
  computeGradients,
  gradientList,
  LOSS_KINDS,
  type LossSpec,
  type Matrix,
  makeOptimizer,
  mse,
  Network,
  OPTIMIZER_KINDS,
  Optimizer,
  parametersOf,
  type SyncBackend,
  trainStep,
  uploadRows,
} from '@deltaml/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exercise2 } from './exercise2.js';
import { randomCase } from './random-cases.js';

/** The backend methods that return a new matrix or free one: a step in the workspace calls none. */
const ALLOCATING = [
  'upload',
  'matmul',
  'dense',
  'activate',
  'activateBackward',
  'rowSum',
  'dispose',
] as const;

/** Counts the typed arrays created while `run` runs (by whoever creates them: the store, gemm, core). */
function typedArraysCreatedBy(run: () => void): number {
  let created = 0;
  const originals = { Float32Array: globalThis.Float32Array, Float64Array: globalThis.Float64Array };
  globalThis.Float32Array = class extends originals.Float32Array {
    constructor(...args: ConstructorParameters<Float32ArrayConstructor>) {
      super(...args);
      created++;
    }
  } as Float32ArrayConstructor;
  globalThis.Float64Array = class extends originals.Float64Array {
    constructor(...args: ConstructorParameters<Float64ArrayConstructor>) {
      super(...args);
      created++;
    }
  } as Float64ArrayConstructor;
  try {
    run();
  } finally {
    Object.assign(globalThis, originals);
  }
  return created;
}

/** Counts the calls of the allocating methods while `run` runs. */
function matricesMadeBy(backend: Backend, run: () => void): number {
  const spies = ALLOCATING.map((name) => vi.spyOn(backend, name));
  try {
    run();
    return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function columns(rows: number[][], n: number): number[][] {
  return rows.map((row) => row.slice(0, n));
}

/** The allocating path of one step: computeGradients, then the optimizer on the gradients. */
function allocatingStep(
  network: Network,
  X: Matrix,
  T: Matrix,
  loss: LossSpec,
  cache: CachePolicy,
  optimizer: Optimizer,
) {
  using grads = computeGradients(network, X, T, { loss, cache });
  optimizer.step(parametersOf(network), gradientList(network, grads), 1e-2);
  return grads.loss;
}

/**
 * The workspace checks on `createBackend`'s backend (one made for all of them), which must have
 * core's IntoKernels.
 */
export function runWorkspaceConformance(
  name: string,
  createBackend: () => SyncBackend | Promise<SyncBackend>,
): void {
  let backend: SyncBackend;
  beforeAll(async () => {
    backend = await createBackend();
    expect(backend.into, `${name} has IntoKernels`).toBeDefined();
  });
  afterEach(() => vi.restoreAllMocks());

  describe(`${name}: a training step in the workspace allocates nothing`, () => {
    const STEPS = 1000;
    /** A random case of loss LOSS_KINDS[k] whose layers have biases (randomCase: seed mod 3 ≠ 0). */
    const withBias = (k: number) =>
      randomCase(
        [k, k + LOSS_KINDS.length, k + 2 * LOSS_KINDS.length].find((seed) => seed % 3 !== 0) as number,
      );
    const cases = [
      {
        name: 'tiny, mse, sgd',
        optimizer: 'sgd',
        model: exercise2.model,
        X: exercise2.X,
        T: exercise2.Y,
        loss: mse(),
      },
      ...LOSS_KINDS.map((_, k) => ({
        ...withBias(k),
        optimizer: OPTIMIZER_KINDS[k % OPTIMIZER_KINDS.length],
      })).map((c) => ({ ...c, name: `${c.label}, ${c.optimizer}` })),
    ];
    for (const c of cases) {
      for (const cache of CACHE_POLICIES) {
        it(`${c.name}, cache ${cache}: no matrix, no typed array over ${STEPS} steps after warm-up`, () => {
          using network = Network.fromModel(backend, c.model);
          const X = uploadRows(backend, c.X, 'X');
          const T = uploadRows(backend, c.T, 'T');
          const optimizer = new Optimizer(backend, makeOptimizer(c.optimizer));
          const options = { loss: c.loss, lr: 1e-3, cache, optimizer };
          for (let i = 0; i < 3; i++) trainStep(network, X, T, options); // warm-up: the workspace and optimizer state
          const before = backend.memory();
          let made = 0;
          const created = typedArraysCreatedBy(() => {
            made = matricesMadeBy(backend, () => {
              for (let i = 0; i < STEPS; i++) trainStep(network, X, T, options);
            });
          });
          expect({ made, created, memory: backend.memory() }).toEqual({
            made: 0,
            created: 0,
            memory: before,
          });
          // the counters count: the allocating path makes matrices, and a typed array made while counting is seen
          expect(
            matricesMadeBy(backend, () => computeGradients(network, X, T, options).dispose()),
          ).toBeGreaterThan(0);
          expect(typedArraysCreatedBy(() => new Float64Array(1).fill(1))).toBe(1);
          optimizer.dispose();
          backend.dispose(X);
          backend.dispose(T);
        });
      }
    }
  });

  describe(`${name}: the workspace step is the allocating step, bit for bit`, () => {
    // a full batch, the last partial one, the full one again, one example: slots for each size
    const batchSizes = (N: number) => [N, Math.max(1, N - 1), N, 1, N];
    LOSS_KINDS.forEach((kind, k) => {
      for (const optimizerKind of OPTIMIZER_KINDS) {
        for (const cache of CACHE_POLICIES) {
          it(`${kind}, ${optimizerKind}, cache ${cache}`, () => {
            const c = randomCase(k + LOSS_KINDS.length * (cache === 'all' ? 3 : 5)); // a case of this loss
            expect(c.loss.kind).toBe(kind);
            using inWorkspace = Network.fromModel(backend, c.model);
            using allocating = Network.fromModel(backend, c.model);
            const spec = makeOptimizer(optimizerKind);
            using first = new Optimizer(backend, spec);
            using second = new Optimizer(backend, spec);
            for (const n of batchSizes(c.X[0].length)) {
              const X = uploadRows(backend, columns(c.X, n), 'X');
              const T = uploadRows(backend, columns(c.T, n), 'T');
              const loss = trainStep(inWorkspace, X, T, { loss: c.loss, lr: 1e-2, cache, optimizer: first });
              expect(loss).toBe(allocatingStep(allocating, X, T, c.loss, cache, second));
              backend.dispose(X);
              backend.dispose(T);
            }
            expect(inWorkspace.toModel()).toEqual(allocating.toModel());
          });
        }
      }
    });

    it('frees its workspace with the network, and refuses to free a workspace matrix by hand', () => {
      const before = backend.memory();
      const network = Network.fromModel(backend, exercise2.model);
      const X = uploadRows(backend, exercise2.X, 'X');
      const T = uploadRows(backend, exercise2.Y, 'T');
      let delta: Matrix | undefined;
      trainStep(network, X, T, {
        loss: mse(),
        lr: 0.5,
        observe: (l, d) => (l === 1 ? (delta = d) : undefined),
      });
      expect(() => backend.dispose(delta as Matrix)).toThrow('a workspace matrix is freed with its network');
      network.dispose();
      expect(() => backend.view(delta as Matrix)).toThrow(/used after dispose/);
      backend.dispose(X);
      backend.dispose(T);
      expect(backend.memory()).toEqual(before);
    });
  });
}
