// One training step on one batch: forward, loss, backward (Exercise 1), and the optimizer's
// update (Exercise 2's W_l ← W_l − lr·∂L/∂W_l for plain SGD). Every intermediate matrix is freed
// before returning. Synchronous on backends whose reads are; the *Async forms run on any backend.

import type { Backend, Matrix, SyncBackend } from './backend.js';
import { backward, type DeltaObserver, type LayerGradient } from './backward.js';
import { InputError } from './errors.js';
import { type CachePolicy, forward } from './forward.js';
import { type LossSpec, lossAndGradient, lossAndGradientAsync } from './losses.js';
import type { Network } from './network.js';
import { checkLearningRate, Optimizer, sgd } from './optimizer.js';

/** What computeGradients computes: the loss, the forward cache policy and an optional observer of each δ_l. */
export interface GradientOptions {
  readonly loss: LossSpec;
  readonly cache?: CachePolicy;
  readonly observe?: DeltaObserver;
}

/** The loss of one batch and ∂L/∂W_l, ∂L/∂b_l for every layer; dispose() frees the gradients. */
export interface Gradients {
  readonly loss: number;
  readonly layers: readonly LayerGradient[];
  /** Frees the gradient matrices. */
  dispose(): void;
  /** Frees the gradient matrices (for `using`). */
  [Symbol.dispose](): void;
}

/** The network's backend, which must read synchronously for the synchronous step. */
export function syncBackendOf(network: Network): SyncBackend {
  const { backend } = network;
  if (backend.reads !== 'sync') {
    throw new InputError(
      `the ${backend.name} backend reads asynchronously; use computeGradientsAsync / trainStepAsync (or a Trainer)`,
    );
  }
  return backend;
}

/** The gradients of one batch, freed together (a class: no closures allocated per step). */
class BatchGradients implements Gradients {
  constructor(
    readonly backend: Backend,
    readonly loss: number,
    readonly layers: readonly LayerGradient[],
  ) {}

  dispose(): void {
    for (const { W, b } of this.layers) {
      this.backend.dispose(W);
      if (b) this.backend.dispose(b);
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Loss and gradients of the network on X (d_0 × N) with targets T (see LossSpec), on a synchronous backend. */
export function computeGradients(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: GradientOptions,
): Gradients {
  const backend = syncBackendOf(network);
  const cache = forward(network, X, options.cache ?? 'all');
  try {
    const Z_L = cache.Z(cache.depth);
    let result: { loss: number; dZ: Matrix };
    try {
      result = lossAndGradient(backend, options.loss, Z_L, T);
    } finally {
      cache.release(Z_L);
    }
    return new BatchGradients(backend, result.loss, backward(cache, result.dZ, options.observe));
  } finally {
    cache.dispose(); // explicit rather than `using`: this is the hot path of every step
  }
}

/**
 * Forward, loss and backward on any backend, with the loss as it comes: a number, or a promise
 * an asynchronous backend resolves once its queue has run (so the update can be queued first).
 */
async function pendingGradients(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: GradientOptions,
): Promise<{ loss: number | Promise<number>; layers: LayerGradient[] }> {
  const cache = forward(network, X, options.cache ?? 'all');
  try {
    const Z_L = cache.Z(cache.depth);
    let result: Awaited<ReturnType<typeof lossAndGradientAsync>>;
    try {
      result = await lossAndGradientAsync(network.backend, options.loss, Z_L, T);
    } finally {
      cache.release(Z_L);
    }
    return { loss: result.loss, layers: backward(cache, result.dZ, options.observe) };
  } finally {
    cache.dispose();
  }
}

/** computeGradients on any backend; on an asynchronous one the loss is awaited. */
export async function computeGradientsAsync(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: GradientOptions,
): Promise<Gradients> {
  const { backend } = network;
  if (backend.reads === 'sync') return computeGradients(network, X, T, options);
  const pending = await pendingGradients(network, X, T, options);
  let loss: number;
  try {
    loss = await pending.loss;
  } catch (error) {
    new BatchGradients(backend, Number.NaN, pending.layers).dispose(); // freed with the failed loss
    throw error;
  }
  return new BatchGradients(backend, loss, pending.layers);
}

/** W_1, b_1, W_2, … : every trainable matrix of the network, in the order optimizers keep state for them. */
export function parametersOf(network: Network): Matrix[] {
  const out: Matrix[] = [];
  for (const { W, b } of network.layers) {
    out.push(W);
    if (b) out.push(b);
  }
  return out;
}

/** ∂L/∂W_1, ∂L/∂b_1, … in the order of parametersOf. */
export function gradientList(network: Network, grads: Gradients): Matrix[] {
  const out: Matrix[] = [];
  network.layers.forEach(({ b }, i) => {
    const g = grads.layers[i];
    out.push(g.W);
    if (b) {
      if (!g.b) throw new InputError(`layer ${i + 1} has a bias but its gradient has none`);
      out.push(g.b);
    }
  });
  return out;
}

/** W_l ← W_l − lr·∂L/∂W_l and b_l ← b_l − lr·∂L/∂b_l, in place: the worked example's update. */
export function sgdUpdate(network: Network, grads: Gradients, lr: number): void {
  checkLearningRate(lr);
  plainSgdFor(network.backend).step(parametersOf(network), gradientList(network, grads), lr);
}

/** What trainStep does besides computing gradients: the learning rate and the optimizer (plain SGD when absent). */
export interface StepOptions extends GradientOptions {
  readonly lr: number;
  /** keeps its state across steps; plain SGD when absent */
  readonly optimizer?: Optimizer;
}

/**
 * One step on one batch; returns the batch loss before the update. On a backend with IntoKernels
 * the step runs in the network's workspace and allocates nothing.
 */
export function trainStep(network: Network, X: Matrix, T: Matrix, options: StepOptions): number {
  checkLearningRate(options.lr);
  const backend = syncBackendOf(network);
  if (backend.into) {
    const { workspace } = network;
    const loss = workspace.step(backend, backend.into, X, T, options);
    optimizerFor(network, options).step(workspace.parameters, workspace.gradients, options.lr);
    return loss;
  }
  const grads = computeGradients(network, X, T, options);
  try {
    applyUpdate(network, grads, options);
  } finally {
    grads.dispose();
  }
  return grads.loss;
}

/** trainStep on any backend; on an asynchronous one the update is queued before the loss is awaited. */
export async function trainStepAsync(
  network: Network,
  X: Matrix,
  T: Matrix,
  options: StepOptions,
): Promise<number> {
  checkLearningRate(options.lr);
  if (network.backend.reads === 'sync') return trainStep(network, X, T, options);
  const { loss, layers } = await pendingGradients(network, X, T, options);
  const grads = new BatchGradients(network.backend, Number.NaN, layers);
  try {
    applyUpdate(network, grads, options);
  } finally {
    grads.dispose();
  }
  return loss;
}

/** The worked example's optimizer, made once (it keeps no state). */
const PLAIN_SGD = sgd();

/** One stateless plain-SGD optimizer per backend, so a step allocates none. */
const plainSgd = new WeakMap<Backend, Optimizer>();

function plainSgdFor(backend: Backend): Optimizer {
  let optimizer = plainSgd.get(backend);
  if (!optimizer) {
    optimizer = new Optimizer(backend, PLAIN_SGD);
    plainSgd.set(backend, optimizer);
  }
  return optimizer;
}

/** The step's optimizer: the one given, made for the network's backend, or plain SGD. */
function optimizerFor(network: Network, options: StepOptions): Optimizer {
  if (options.optimizer && options.optimizer.backend !== network.backend) {
    throw new InputError('the optimizer was made for another backend than the network');
  }
  return options.optimizer ?? plainSgdFor(network.backend);
}

function applyUpdate(network: Network, grads: Gradients, options: StepOptions): void {
  optimizerFor(network, options).step(parametersOf(network), gradientList(network, grads), options.lr);
}

export { checkLearningRate };
