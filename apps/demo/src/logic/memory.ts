// Exercise 4 made visible: what the forward cache keeps under each policy (name, shape and the
// bytes the backend itself accounts for), and the order of the kernels the backward pass runs,
// recorded from the backend, so the page can show where `preactivations` recomputes Z_{l−1}.

import {
  ACTIVATIONS,
  backward,
  type CachePolicy,
  forward,
  lossAndGradient,
  mse,
  Network,
  type SyncBackend,
  uploadRows,
} from '@deltaml/core';
import { type Exercise2Problem, problemModel } from './exercise2-problem.js';

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** One matrix the forward cache keeps for the backward pass. */
export interface CachedMatrix {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** what one matrix of this shape costs on the backend, by its own memory() accounting */
  readonly bytes: number;
}

/** What one policy keeps: the list, and the total the backend reports around core's forward. */
export interface PolicyMemory {
  readonly policy: CachePolicy;
  readonly matrices: CachedMatrix[];
  /** backend.memory().bytes after forward minus before */
  readonly total: number;
}

/** Bytes a rows × cols matrix takes on `backend`, by its own accounting (an upload, measured, freed). */
export function matrixBytes(backend: SyncBackend, rows: number, cols: number): number {
  const before = backend.memory().bytes;
  const m = backend.upload(new Float64Array(rows * cols), rows, cols);
  const bytes = backend.memory().bytes - before;
  backend.dispose(m);
  return bytes;
}

/**
 * The matrices core's forward keeps under `policy` (see ForwardCache): S_l for every layer, and
 * Z_l too under `all`; X = Z_0 belongs to the caller under both.
 */
export function cachedMatrices(network: Network, N: number, policy: CachePolicy): CachedMatrix[] {
  const backend = network.backend as SyncBackend;
  const out: CachedMatrix[] = [];
  network.sizes.slice(1).forEach((d, index) => {
    const l = index + 1;
    const bytes = matrixBytes(backend, d, N);
    out.push({ name: `S${sub(l)}`, rows: d, cols: N, bytes });
    if (policy === 'all') out.push({ name: `Z${sub(l)}`, rows: d, cols: N, bytes });
  });
  return out;
}

/** Both policies for the network of `problem` on `backend`. */
export function exercise2Memory(backend: SyncBackend, problem: Exercise2Problem): PolicyMemory[] {
  const network = Network.fromModel(backend, problemModel(problem));
  const X = uploadRows(backend, problem.X, 'X');
  try {
    return (['all', 'preactivations'] as const).map((policy) => {
      const before = backend.memory().bytes;
      const cache = forward(network, X, policy);
      const total = backend.memory().bytes - before;
      cache.dispose();
      return { policy, matrices: cachedMatrices(network, X.cols, policy), total };
    });
  } finally {
    backend.dispose(X);
    network.dispose();
  }
}

/** One kernel the backward pass ran, in words; `recompute` marks Z_l = f_l(S_l) computed again. */
export interface BackwardEvent {
  readonly text: string;
  readonly recompute: boolean;
}

/**
 * The kernels of one training step's backward pass on `backend` under `policy`, in order,
 * recorded by wrapping the backend: `activate` during backward is a recomputation of Z.
 */
export function backwardTrace(
  backend: SyncBackend,
  problem: Exercise2Problem,
  policy: CachePolicy,
): BackwardEvent[] {
  const events: BackwardEvent[] = [];
  let recording = false;
  const model = problemModel(problem);
  const L = model.layers.length;
  let layer = L + 1; // the layer backward is on: the k-th activateBackward is layer L − k + 1
  const say = (text: string, recompute = false) => {
    if (recording) events.push({ text, recompute });
  };
  const traced: SyncBackend = new Proxy(backend, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (key === 'activateBackward') {
          layer--;
          const from = ACTIVATIONS[model.layers[layer - 1].activation.kind].derivativeFrom;
          say(`δ${sub(layer)} = ∂L/∂Z${sub(layer)} ⊙ f${sub(layer)}′(${from}${sub(layer)})`);
        } else if (key === 'activate') {
          const l = layer > L ? L : layer - 1; // before the first δ: Z_L for f′; later: Z_{l−1}
          say(`recompute Z${sub(l)} = f${sub(l)}(S${sub(l)})`, true);
        } else if (key === 'matmul') {
          const options = args[2] as { transA?: boolean; transB?: boolean } | undefined;
          if (options?.transB) say(`∂L/∂W${sub(layer)} = δ${sub(layer)} Z${sub(layer - 1)}ᵀ`);
          if (options?.transA) say(`∂L/∂Z${sub(layer - 1)} = W${sub(layer)}ᵀ δ${sub(layer)}`);
        } else if (key === 'rowSum') say(`∂L/∂b${sub(layer)} = δ${sub(layer)} 1`);
        return result;
      };
    },
  });
  const network = Network.fromModel(traced, model);
  const X = uploadRows(traced, problem.X, 'X');
  const Y = uploadRows(traced, problem.Y, 'Y_gt');
  const cache = forward(network, X, policy);
  try {
    const Z_L = cache.Z(L);
    const { dZ } = lossAndGradient(traced, mse(), Z_L, Y);
    cache.release(Z_L);
    recording = true; // from here on every kernel belongs to the backward pass
    for (const { W, b } of backward(cache, dZ)) {
      traced.dispose(W);
      if (b) traced.dispose(b);
    }
  } finally {
    recording = false;
    cache.dispose();
    traced.dispose(X);
    traced.dispose(Y);
    network.dispose();
  }
  return events;
}
