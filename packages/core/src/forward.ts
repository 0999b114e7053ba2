// The forward pass, S_l = W_l Z_{l-1} + b_l and Z_l = f_l(S_l), and the cache it leaves for the
// backward pass under the two memory policies of the seed's Exercise 4.

import { ACTIVATIONS } from './activations.js';
import type { Matrix } from './backend.js';
import { ShapeError } from './errors.js';
import type { Network } from './network.js';
import { AllocatingMemory, type PassMemory } from './pass-memory.js';

/**
 * What the forward pass keeps for the backward pass:
 * - `all`: S_l and Z_l for every layer;
 * - `preactivations`: only S_l (and X = Z_0); Z_l = f_l(S_l) is recomputed when it is needed,
 *   which holds about half the activation memory for a little more compute (Exercise 4).
 */
export type CachePolicy = 'all' | 'preactivations';

/** Every cache policy (see CachePolicy). */
export const CACHE_POLICIES: readonly CachePolicy[] = ['all', 'preactivations'];

/** What the forward pass left for the backward pass: S_l for every layer and Z_l as the policy keeps or recomputes it. */
export class ForwardCache {
  /** S[l] for l = 1..depth (S[0] is unused, to keep the seed's indices) */
  readonly S: Matrix[];
  /** Z[l] kept by the forward pass: Z[0] = X always; l ≥ 1 only under `all` */
  readonly #Z: (Matrix | undefined)[];
  /** Z_l recomputed by Z(l) and not yet released */
  readonly #recomputed: Matrix[] = [];
  /** how many layers the forward pass has kept */
  #kept = 0;

  constructor(
    readonly network: Network,
    readonly policy: CachePolicy,
    X: Matrix,
    /** where the matrices come from and go back to (new from the backend unless a workspace's) */
    readonly memory: PassMemory = new AllocatingMemory(network.backend),
  ) {
    this.S = [X];
    this.#Z = [X];
  }

  /** L */
  get depth(): number {
    return this.#kept;
  }

  /** Z_l: the cached matrix, or f_l(S_l) recomputed now under `preactivations`. Pair with release(). */
  Z(l: number): Matrix {
    const cached = this.#Z[l];
    if (cached) return cached;
    const Z = this.memory.activate(l, this.S[l], this.network.layers[l - 1].f);
    this.#recomputed.push(Z);
    return Z;
  }

  /** What f_l' is computed from: S_l, or Z_l (cached or recomputed) as the activation's table entry says. Pair with release(). */
  derivativeInput(l: number): Matrix {
    return ACTIVATIONS[this.network.layers[l - 1].f.kind].derivativeFrom === 'S' ? this.S[l] : this.Z(l);
  }

  /** Frees Z if it was recomputed by Z(l); cached matrices stay until dispose(). */
  release(Z: Matrix): void {
    const recomputed = this.#recomputed;
    const i = recomputed.lastIndexOf(Z);
    if (i < 0) return;
    const last = recomputed.pop() as Matrix; // order does not matter: remove without allocating
    if (i < recomputed.length) recomputed[i] = last;
    this.memory.free(Z);
  }

  /** @internal used by forward() */
  keep(l: number, S: Matrix, Z: Matrix): void {
    this.S[l] = S;
    if (this.policy === 'all') this.#Z[l] = Z;
    this.#kept = l;
  }

  /** @internal starts over on a new input X, the matrices of the previous pass given back (a workspace's cache is reused) */
  reset(X: Matrix): void {
    this.dispose();
    this.S[0] = X;
    this.#Z[0] = X;
  }

  /** Frees everything the forward pass kept (X belongs to the caller and is not freed). */
  dispose(): void {
    const { memory } = this;
    for (let l = 1; l <= this.#kept; l++) {
      memory.free(this.S[l]);
      const Z = this.#Z[l];
      if (Z) memory.free(Z);
      this.#Z[l] = undefined;
    }
    for (const Z of this.#recomputed) memory.free(Z);
    this.#recomputed.length = 0;
    this.#kept = 0;
  }

  /** Same as dispose() (for `using`). */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Runs X (d_0 × N, one column per example) through the network, keeping what `policy` says. */
export function forward(network: Network, X: Matrix, policy: CachePolicy = 'all'): ForwardCache {
  return runForward(new ForwardCache(network, policy, X), X);
}

/** @internal the forward pass into a cache made (or reset) for X */
export function runForward(cache: ForwardCache, X: Matrix): ForwardCache {
  const { network, memory, policy } = cache;
  const { layers } = network;
  if (X.rows !== network.inputSize) {
    throw new ShapeError(
      `input X has ${X.rows} rows (features), but the network's first layer expects d_0 = ${network.inputSize}`,
    );
  }
  let Zprev = X;
  for (let l = 1; l <= layers.length; l++) {
    const { W, b, f } = layers[l - 1];
    const { S, Z } = memory.dense(l, W, Zprev, b, f); // S_l = W_l Z_{l-1} + b_l,  Z_l = f_l(S_l)
    if (policy === 'preactivations' && l > 1) memory.free(Zprev);
    cache.keep(l, S, Z);
    Zprev = Z;
  }
  if (policy === 'preactivations') memory.free(Zprev);
  return cache;
}

/** The network's output Z_L for X, keeping nothing else. The caller owns the result. */
export function predict(network: Network, X: Matrix): Matrix {
  using cache = forward(network, X, 'preactivations');
  const L = cache.depth;
  const Z = network.backend.activate(cache.S[L], network.layers[L - 1].f);
  return Z;
}
