// Exercise 2 one button at a time on one backend: forward, backward, update, through core's own
// forward, loss, backward and SGD, keeping what lies between the buttons (the forward cache,
// ∂L/∂Z_L, the gradients) on the backend and reading every named matrix back for the page.

import {
  type Backend,
  backward,
  type CachePolicy,
  type ForwardCache,
  forward,
  InputError,
  type LayerGradient,
  lossAndGradient,
  type Matrix,
  mse,
  Network,
  readRows,
  sgdUpdate,
  uploadRows,
} from '@deltaml/core';
import { type Exercise2Problem, problemModel } from './exercise2-problem.js';
import type { Exercise2Values, Stage } from './exercise2-values.js';

export class Exercise2Runner {
  readonly values: Exercise2Values = {};
  /** the last stage run, or null before forward */
  stage: Stage | null = null;
  /** bytes the forward cache holds on the backend (measured around core's forward) */
  cacheBytes = 0;
  readonly #network: Network;
  readonly #X: Matrix;
  readonly #Y: Matrix;
  #cache: ForwardCache | null = null;
  #dZ: Matrix | null = null;
  #gradients: LayerGradient[] | null = null;

  constructor(
    readonly backend: Backend,
    readonly problem: Exercise2Problem,
    readonly policy: CachePolicy,
  ) {
    this.#network = Network.fromModel(backend, problemModel(problem));
    this.#X = uploadRows(backend, problem.X, 'X');
    this.#Y = uploadRows(backend, problem.Y, 'Y_gt');
  }

  /** S_1, Z_1, Y_out and L; keeps the cache and ∂L/∂Z_L for backward. */
  forward(): void {
    this.#expect(null, 'forward');
    const B = this.backend;
    const before = B.memory().bytes;
    const cache = forward(this.#network, this.#X, this.policy);
    this.#cache = cache;
    this.cacheBytes = B.memory().bytes - before;
    const read = (l: number) => {
      const Z = cache.Z(l); // recomputed from S_l under `preactivations`
      const rows = readRows(B, Z);
      cache.release(Z);
      return rows;
    };
    this.values.S_1 = readRows(B, cache.S[1]);
    this.values.Z_1 = read(1);
    this.values.Y_out = read(2);
    const Z_L = cache.Z(2);
    const { loss, dZ } = lossAndGradient(B, mse(), Z_L, this.#Y);
    cache.release(Z_L);
    this.#dZ = dZ;
    this.values.loss = [[loss]];
    this.stage = 'forward';
  }

  /** δ_2, ∂L/∂W_2, δ_1, ∂L/∂W_1; frees the forward cache. */
  backward(): void {
    this.#expect('forward', 'backward');
    const B = this.backend;
    const cache = this.#cache!;
    const delta: Exercise2Values = {};
    this.#gradients = backward(cache, this.#dZ!, (l, d) => {
      delta[l === 1 ? 'delta_1' : 'delta_2'] = readRows(B, d);
    });
    this.#dZ = null; // backward took ownership of ∂L/∂Z_L
    cache.dispose();
    this.#cache = null;
    Object.assign(this.values, delta);
    this.values.dW_1 = readRows(B, this.#gradients[0].W);
    this.values.dW_2 = readRows(B, this.#gradients[1].W);
    this.stage = 'backward';
  }

  /** W ← W − η ∂L/∂W on the backend, then reads the new weights. */
  update(): void {
    this.#expect('backward', 'update');
    const layers = this.#gradients!;
    const loss = this.values.loss![0][0];
    sgdUpdate(
      this.#network,
      { loss, layers, dispose: () => {}, [Symbol.dispose]: () => {} },
      this.problem.lr,
    );
    this.#disposeGradients();
    const [W1, W2] = this.#network.toModel().layers;
    this.values.W_1_updated = W1.weights;
    this.values.W_2_updated = W2.weights;
    this.stage = 'update';
  }

  /** forward, backward and update in one go. */
  step(): Exercise2Values {
    this.forward();
    this.backward();
    this.update();
    return this.values;
  }

  /** Frees everything this runner put on the backend. */
  dispose(): void {
    this.#cache?.dispose();
    this.#cache = null;
    if (this.#dZ) this.backend.dispose(this.#dZ);
    this.#dZ = null;
    this.#disposeGradients();
    this.#network.dispose();
    this.backend.dispose(this.#X);
    this.backend.dispose(this.#Y);
  }

  #disposeGradients(): void {
    for (const { W, b } of this.#gradients ?? []) {
      this.backend.dispose(W);
      if (b) this.backend.dispose(b);
    }
    this.#gradients = null;
  }

  #expect(previous: Stage | null, next: Stage): void {
    if (this.stage !== previous) {
      const need = previous ?? 'a fresh start (press Reset)';
      throw new InputError(`${next} needs ${need} first; the last step run was ${this.stage ?? 'none'}`);
    }
  }
}
