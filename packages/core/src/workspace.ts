// A network's workspace: the matrices of a training step (the forward cache, every δ_l, ∂L/∂Z_l
// and gradient) made once per batch size and reused from step to step, so a step on a backend
// with IntoKernels allocates and frees nothing. The forward and backward passes are the same
// code as everywhere (forward.ts, backward.ts); only where their matrices live differs.

import type { Activation } from './activations.js';
import type { DenseResult, IntoKernels, Matrix, SyncBackend } from './backend.js';
import { backward, type DeltaObserver, type LayerGradient } from './backward.js';
import { type CachePolicy, ForwardCache, runForward } from './forward.js';
import { checkLossInputs, hostLossInto, type LossSpec } from './losses.js';
import type { Network } from './network.js';
import { type PassMemory, TRANS_A, TRANS_B } from './pass-memory.js';

/** How many batch sizes a workspace keeps slots for: the mini-batch and an epoch's last, partial one. */
const BATCH_SIZES_KEPT = 2;

/** The matrices of one training step for one batch size N and cache policy. */
class StepSlots implements PassMemory {
  readonly S: Matrix[] = [];
  /** Z_l's slot: its own under `all`; under `preactivations` shared by layers of one width and parity */
  readonly Z: Matrix[] = [];
  /** which layer's Z each slot holds now (−1: none); recomputing is skipped while it still holds it */
  readonly #holds: Map<Matrix, number> = new Map();
  readonly delta: Matrix[] = [];
  /** dZ[l] = ∂L/∂Z_l, l = 1..L */
  readonly dZ: Matrix[] = [];
  readonly results: DenseResult[] = [];
  readonly grads: LayerGradient[] = [];
  /** ∂L/∂W_1, ∂L/∂b_1, … in the order of the network's parameters */
  readonly gradientList: Matrix[] = [];
  #cache: ForwardCache | null = null;
  /** ∂L/∂Z_L from a fused loss kernel: the backend's, freed after the step */
  #foreign: Matrix | null = null;
  /** ∂L/∂Z_L of the step under way */
  lossGradient: Matrix;

  constructor(
    readonly network: Network,
    readonly backend: SyncBackend,
    readonly into: IntoKernels<Matrix>,
    readonly N: number,
    readonly policy: CachePolicy,
  ) {
    const made: Matrix[] = [];
    const make = (rows: number, cols: number) => {
      const m = into.scratch(rows, cols);
      made.push(m);
      return m;
    };
    const shared = new Map<string, Matrix>();
    try {
      network.layers.forEach(({ W, b }, i) => {
        const l = i + 1;
        const d = W.rows;
        this.S[l] = make(d, N);
        const key = `${d}:${l % 2}`;
        const Z = policy === 'all' ? make(d, N) : (shared.get(key) ?? make(d, N));
        shared.set(key, Z);
        this.Z[l] = Z;
        this.#holds.set(Z, -1);
        this.delta[l] = make(d, N);
        this.dZ[l] = make(d, N);
        this.results[l] = { S: this.S[l], Z };
        const grad = { W: make(d, W.cols), b: b ? make(d, 1) : null };
        this.grads[i] = grad;
        this.gradientList.push(grad.W);
        if (grad.b) this.gradientList.push(grad.b);
      });
    } catch (error) {
      for (const m of made) into.release(m);
      throw error;
    }
    this.lossGradient = this.dZ[network.depth];
  }

  dense(l: number, W: Matrix, Z: Matrix, b: Matrix | null, f: Activation): DenseResult {
    const out = this.results[l];
    this.into.dense(W, Z, b, f, out.S, out.Z);
    this.#holds.set(out.Z, l);
    return out;
  }

  activate(l: number, S: Matrix, f: Activation): Matrix {
    const Z = this.Z[l];
    if (this.#holds.get(Z) !== l) {
      this.into.activate(S, f, Z);
      this.#holds.set(Z, l);
    }
    return Z;
  }

  activateBackward(l: number, X: Matrix, dZ: Matrix, f: Activation): Matrix {
    this.into.activateBackward(X, dZ, f, this.delta[l]);
    return this.delta[l];
  }

  weightGradient(l: number, delta: Matrix, Z: Matrix): Matrix {
    const dW = this.grads[l - 1].W;
    this.into.matmul(delta, Z, dW, TRANS_B);
    return dW;
  }

  biasGradient(l: number, delta: Matrix): Matrix {
    const db = this.grads[l - 1].b as Matrix;
    this.into.rowSum(delta, db);
    return db;
  }

  inputGradient(l: number, W: Matrix, delta: Matrix): Matrix {
    this.into.matmul(W, delta, this.dZ[l - 1], TRANS_A);
    return this.dZ[l - 1];
  }

  gradients(): LayerGradient[] {
    return this.grads;
  }

  gradient(l: number): LayerGradient {
    return this.grads[l - 1];
  }

  /** Slots stay for the next step; only a fused loss kernel's ∂L/∂Z_L is the backend's to free. */
  free(m: Matrix): void {
    if (m !== this.#foreign) return;
    this.#foreign = null;
    this.backend.dispose(m);
  }

  /** The forward pass of X into the slots. */
  forward(X: Matrix): ForwardCache {
    for (let l = 1; l < this.Z.length; l++) this.#holds.set(this.Z[l], -1); // new X or weights
    if (this.#cache) this.#cache.reset(X);
    else this.#cache = new ForwardCache(this.network, this.policy, X, this);
    return runForward(this.#cache, X);
  }

  /** L and ∂L/∂Z_L (left in lossGradient) of Z_L against T. */
  loss(spec: LossSpec, Z_L: Matrix, T: Matrix): number {
    checkLossInputs(this.backend, spec, Z_L, T);
    const fused = this.backend.fused?.loss?.(spec, Z_L, T);
    if (fused) {
      this.#foreign = fused.dZ;
      this.lossGradient = fused.dZ;
      return fused.loss;
    }
    this.lossGradient = this.dZ[this.network.depth];
    return hostLossInto(this.backend, this.into, spec, Z_L, T, this.lossGradient);
  }

  /** Frees what a failed step may have left: a fused kernel's ∂L/∂Z_L. */
  settle(): void {
    if (this.#foreign) this.free(this.#foreign);
  }

  dispose(): void {
    const released = new Set<Matrix>();
    const release = (m: Matrix | null | undefined) => {
      if (!m || released.has(m)) return;
      released.add(m);
      this.into.release(m);
    };
    for (const list of [this.S, this.Z, this.delta, this.dZ]) for (const m of list) release(m);
    for (const { W, b } of this.grads) {
      release(W);
      release(b);
    }
  }
}

/** What a workspace step needs besides the batch: the loss, cache policy, update and observer. */
export interface WorkspaceStepOptions {
  readonly loss: LossSpec;
  readonly cache?: CachePolicy;
  readonly observe?: DeltaObserver;
}

/** The workspace of one network: slots for the last few batch sizes it trained on. */
export class Workspace {
  readonly #kept: StepSlots[] = [];
  /** W_1, b_1, W_2, … : the network's parameters, in the optimizers' order */
  readonly parameters: Matrix[] = [];

  constructor(readonly network: Network) {
    for (const { W, b } of network.layers) {
      this.parameters.push(W);
      if (b) this.parameters.push(b);
    }
  }

  /** The slots for N examples under `policy`, made on first use (the oldest batch size's freed). */
  #slots(backend: SyncBackend, into: IntoKernels<Matrix>, N: number, policy: CachePolicy): StepSlots {
    for (const slots of this.#kept) if (slots.N === N && slots.policy === policy) return slots;
    const slots = new StepSlots(this.network, backend, into, N, policy);
    if (this.#kept.length >= BATCH_SIZES_KEPT) this.#kept.shift()?.dispose();
    this.#kept.push(slots);
    return slots;
  }

  /** The gradients of the last step, in the order of `parameters`; valid until the next step. */
  gradients: readonly Matrix[] = [];

  /** Forward, loss and backward of X (d_0 × N) against T into the slots, leaving `gradients`; returns the loss. */
  step(
    backend: SyncBackend,
    into: IntoKernels<Matrix>,
    X: Matrix,
    T: Matrix,
    options: WorkspaceStepOptions,
  ): number {
    const slots = this.#slots(backend, into, X.cols, options.cache ?? 'all');
    this.gradients = slots.gradientList;
    const cache = slots.forward(X);
    try {
      const Z_L = cache.Z(cache.depth);
      let loss: number;
      try {
        loss = slots.loss(options.loss, Z_L, T);
      } finally {
        cache.release(Z_L);
      }
      backward(cache, slots.lossGradient, options.observe);
      return loss;
    } finally {
      slots.settle();
    }
  }

  /** Frees every slot. */
  dispose(): void {
    for (const slots of this.#kept) slots.dispose();
    this.#kept.length = 0;
    this.gradients = [];
  }
}
