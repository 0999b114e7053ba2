// Exercise 2 one button at a time on one backend: forward, backward, update, through core's own
// forward, loss, backward and SGD, keeping what lies between the buttons (the forward cache,
// ∂L/∂Z_L, the gradients) on the backend and reading every term back for the page. The terms the
// worked example writes out between the equations (Y_out − Y_gt, W₂ᵀδ₂, f₁′(S₁), −η∂L/∂W) are
// computed on the backend too, with its own kernels, so their agreement badges mean something.

import {
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
  type SyncBackend,
  sgdUpdate,
  uploadRows,
} from '@deltaml/core';
import { type Exercise2Problem, problemModel } from './exercise2-problem.js';
import type { Exercise2Values, Stage } from './exercise2-values.js';

const IDENTITY = { kind: 'identity' } as const;

/** One backend's run of Exercise 2, one stage per call; every term read back into `values`. */
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
    readonly backend: SyncBackend,
    readonly problem: Exercise2Problem,
    readonly policy: CachePolicy,
  ) {
    this.#network = Network.fromModel(backend, problemModel(problem));
    this.#X = uploadRows(backend, problem.X, 'X');
    this.#Y = uploadRows(backend, problem.Y, 'Y_gt');
  }

  /** S_1, Z_1, Y_out, Y_out − Y_gt and L; keeps the cache and ∂L/∂Z_L for backward. */
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
    const residual = B.activate(Z_L, IDENTITY); // a copy of Y_out …
    B.scaleAdd(residual, this.#Y, 1, -1); // … minus Y_gt, in place
    this.values.residual = this.#readAndFree(residual);
    const { loss, dZ } = lossAndGradient(B, mse(), Z_L, this.#Y);
    cache.release(Z_L);
    this.#dZ = dZ;
    this.values.loss = [[loss]];
    this.stage = 'forward';
  }

  /** f₁′(S₁), δ_2, ∂L/∂W_2, W₂ᵀδ₂, δ_1, ∂L/∂W_1; frees the forward cache. */
  backward(): void {
    this.#expect('forward', 'backward');
    const B = this.backend;
    const cache = this.#cache!;
    const W2 = this.#network.layers[1].W;
    const f1 = this.#network.layers[0].f;
    const X1 = cache.derivativeInput(1);
    const ones = B.upload(new Float64Array(X1.rows * X1.cols).fill(1), X1.rows, X1.cols);
    this.values.mask_1 = this.#readAndFree(B.activateBackward(X1, ones, f1)); // 1 ⊙ f₁′(S₁)
    B.dispose(ones);
    cache.release(X1);
    const delta: Exercise2Values = {};
    this.#gradients = backward(cache, this.#dZ!, (l, d) => {
      if (l === 2) {
        delta.delta_2 = readRows(B, d);
        delta.W2T_delta_2 = this.#readAndFree(B.matmul(W2, d, { transA: true }));
      } else delta.delta_1 = readRows(B, d);
    });
    this.#dZ = null; // backward took ownership of ∂L/∂Z_L
    cache.dispose();
    this.#cache = null;
    Object.assign(this.values, delta);
    this.values.dW_1 = readRows(B, this.#gradients[0].W);
    this.values.dW_2 = readRows(B, this.#gradients[1].W);
    this.stage = 'backward';
  }

  /** −η ∂L/∂W, then W ← W − η ∂L/∂W on the backend (core's sgdUpdate), then reads the new weights. */
  update(): void {
    this.#expect('backward', 'update');
    const B = this.backend;
    const layers = this.#gradients!;
    const step = (G: Matrix) => {
      const out = B.upload(new Float64Array(G.rows * G.cols), G.rows, G.cols);
      B.scaleAdd(out, G, 0, -this.problem.lr); // 0 + (−η)·∂L/∂W
      return this.#readAndFree(out);
    };
    this.values.step_W_1 = step(layers[0].W);
    this.values.step_W_2 = step(layers[1].W);
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

  #readAndFree(m: Matrix): number[][] {
    const rows = readRows(this.backend, m);
    this.backend.dispose(m);
    return rows;
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
