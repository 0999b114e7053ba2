// Losses as the algorithms use them: building a validated spec from a name and parameters, the
// checks on a network's outputs and targets, and L with ∂L/∂Z_L on any backend (a fused kernel
// where the backend has one, else the definition in losses/ on the host).

import type { Backend, FloatArray, IntoKernels, Matrix, SyncBackend } from './backend.js';
import { FLOAT32_MAX } from './checked-backend.js';
import { InputError, NonFiniteError, ShapeError } from './errors.js';
import { DEFAULT_MARGIN } from './losses/hinge.js';
import {
  isLossKind,
  LOSS_KINDS,
  LOSSES,
  type LossKind,
  type LossSpec,
  lossDefinition,
} from './losses/registry.js';
import { expectShape } from './matrices.js';

export { DEFAULT_MARGIN };

/** A loss by name with its parameters validated (defaults for those not given). */
export function makeLoss(kind: string, parameters: Readonly<Record<string, unknown>> = {}): LossSpec {
  if (!isLossKind(kind))
    throw new InputError(`unknown loss "${kind}"; expected one of ${LOSS_KINDS.join(', ')}`);
  return LOSSES[kind].spec(parameters);
}

/** The mean squared error of the worked example, L = 1/(2N)·‖Y_out − Y_gt‖²_F. */
export function mse(): LossSpec {
  return makeLoss('mse');
}

/** The worked example's softmax multi-class hinge (Exercise 3); summed over examples unless `reduction` is `mean`. */
export function hinge(margin = DEFAULT_MARGIN, reduction: 'sum' | 'mean' = 'sum'): LossSpec {
  return makeLoss('hinge', { margin, reduction });
}

/** Softmax cross-entropy on the logits Z_L, mean over examples (PyTorch's CrossEntropyLoss). */
export function crossEntropy(): LossSpec {
  return makeLoss('cross-entropy');
}

/** Binary cross-entropy on one logit, mean over examples (PyTorch's BCEWithLogitsLoss). */
export function binaryCrossEntropy(): LossSpec {
  return makeLoss('binary-cross-entropy');
}

/** How many numbers each example's target has: d_L for value targets, one for a class or a 0/1 target. */
export function targetSize(loss: LossSpec, outputSize: number): number {
  return LOSSES[loss.kind].targetSize(outputSize);
}

/** Throws a ShapeError unless a network with `outputSize` outputs can be trained with `loss`. */
export function checkOutputSize(loss: LossSpec, outputSize: number): void {
  const why = LOSSES[loss.kind].checkOutputSize(outputSize);
  if (why) throw new ShapeError(`the ${loss.kind} loss cannot be used here: ${why}`);
}

/** Checks the targets of one example (`where` names it in messages). */
export function checkTarget(
  loss: LossSpec,
  target: ArrayLike<number>,
  outputSize: number,
  where: string,
): void {
  const def = LOSSES[loss.kind];
  const why = def.targets === 'values' ? undefined : def.invalidTarget(target[0], outputSize);
  if (why) throw new InputError(`${where}: ${why}`);
}

/**
 * Checks every target of a batch T read back from the backend. Value targets take any finite
 * number (the upload checked that); a class or 0/1 target is one number per example (1 × N).
 */
function checkTargets(loss: LossSpec, T: FloatArray, N: number, outputSize: number): void {
  const def = LOSSES[loss.kind];
  if (def.targets === 'values') return;
  for (let n = 0; n < N; n++) {
    const why = def.invalidTarget(T[n], outputSize);
    if (why) throw new InputError(`labels[0][${n}]: ${why}`);
  }
}

/** ∂L/∂Z_L's host buffer, reused from step to step (upload copies it at once). */
let dZBuffer = new Float64Array(0);

function scratch(length: number): Float64Array {
  if (dZBuffer.length !== length) dZBuffer = new Float64Array(length);
  return dZBuffer;
}

/** The loss of Z_L against T on a host (the loss's float64 definition); ∂L/∂Z_L is left in dZBuffer. */
function hostLoss(backend: Backend, loss: LossSpec, Z: FloatArray, T: FloatArray, d: number, N: number) {
  const dZ = scratch(d * N);
  const value = lossDefinition(loss).evaluate(loss, Z, T, dZ, d, N);
  const limit = backend.dtype === 'float32' ? FLOAT32_MAX : Number.MAX_VALUE;
  let bad = -1;
  for (let i = 0; i < dZ.length && bad < 0; i++) if (!(Math.abs(dZ[i]) <= limit)) bad = i;
  if (!Number.isFinite(value) || bad >= 0) {
    const why =
      bad >= 0 ? `∂L/∂Z_L[${Math.floor(bad / N)}][${bad % N}] is ${dZ[bad]}` : `the loss is ${value}`;
    throw new NonFiniteError(`${why} (beyond the ${backend.dtype} range)`);
  }
  return value;
}

function checkShapes(loss: LossSpec, Z_L: Matrix, T: Matrix): void {
  checkOutputSize(loss, Z_L.rows);
  const rows = targetSize(loss, Z_L.rows);
  expectShape(T, rows, Z_L.cols, LOSSES[loss.kind].targets === 'values' ? 'targets Y' : 'labels');
}

/** Throws unless Z_L and the targets T fit the loss (shapes, and every class or 0/1 target), on a synchronous backend. */
export function checkLossInputs(backend: SyncBackend, loss: LossSpec, Z_L: Matrix, T: Matrix): void {
  checkShapes(loss, Z_L, T);
  // value targets have nothing to check: T is then not read (a read costs a device round trip)
  if (LOSSES[loss.kind].targets !== 'values') checkTargets(loss, backend.view(T), Z_L.cols, Z_L.rows);
}

/** The loss of Z_L against targets T and ∂L/∂Z_L (the caller owns dZ), on a synchronous backend. */
export function lossAndGradient(
  backend: SyncBackend,
  loss: LossSpec,
  Z_L: Matrix,
  T: Matrix,
): { loss: number; dZ: Matrix } {
  checkLossInputs(backend, loss, Z_L, T);
  const fused = backend.fused?.loss?.(loss, Z_L, T);
  if (fused) return fused;
  // Z_L and T as views: hostLoss reads both before the one call on the backend (the upload of dZ)
  const value = hostLoss(backend, loss, backend.view(Z_L), backend.view(T), Z_L.rows, Z_L.cols);
  return { loss: value, dZ: backend.upload(dZBuffer, Z_L.rows, Z_L.cols) };
}

/**
 * The host's loss of Z_L against T (already checked by checkLossInputs), with ∂L/∂Z_L written into
 * `dZ`, a workspace matrix of Z_L's shape (IntoKernels).
 */
export function hostLossInto(
  backend: SyncBackend,
  into: IntoKernels<Matrix>,
  loss: LossSpec,
  Z_L: Matrix,
  T: Matrix,
  dZ: Matrix,
): number {
  const value = hostLoss(backend, loss, backend.view(Z_L), backend.view(T), Z_L.rows, Z_L.cols);
  into.write(dZ, dZBuffer);
  return value;
}

/** lossAndGradient on any backend; the value may arrive later on an asynchronous one. */
export async function lossAndGradientAsync(
  backend: Backend,
  loss: LossSpec,
  Z_L: Matrix,
  T: Matrix,
): Promise<{ loss: number | Promise<number>; dZ: Matrix }> {
  if (backend.reads === 'sync') return lossAndGradient(backend, loss, Z_L, T);
  checkShapes(loss, Z_L, T);
  // value targets have nothing to check: a fused kernel then runs without waiting for a read
  const targets = LOSSES[loss.kind].targets === 'values' ? null : await backend.read(T);
  if (targets) checkTargets(loss, targets, Z_L.cols, Z_L.rows);
  const fused = backend.fused?.loss?.(loss, Z_L, T);
  if (fused) return fused;
  const [Z, Tv] = await Promise.all([backend.read(Z_L), targets ?? backend.read(T)]);
  const value = hostLoss(backend, loss, Z, Tv, Z_L.rows, Z_L.cols);
  return { loss: value, dZ: backend.upload(dZBuffer, Z_L.rows, Z_L.cols) };
}

export type { LossKind, LossSpec };
export { isLossKind, LOSS_KINDS, LOSSES, lossDefinition };
