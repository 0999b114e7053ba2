// The Backend interface: what a numeric engine provides so that core's algorithms (forward,
// backward, every loss and every optimizer) run on it. A backend is memory and primitive
// kernels; the algorithms live once, in core. A backend implements RawBackend (no checks) and
// hands it to `checkedBackend`, which validates every call the same way for every engine.

import type { Activation } from './activations.js';
import type { LossSpec } from './losses/registry.js';

/**
 * A dense, row-major matrix living in a backend's memory. The handle type is the backend's own
 * (a typed-array view, a wasm pointer, a tf.Tensor, a GPUBuffer); core only reads its shape.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
}

/** The element type a backend stores matrices in. */
export type DType = 'float32' | 'float64';

/** The numbers of a matrix read back to JavaScript, row-major. */
export type FloatArray = Float32Array | Float64Array;

/** What a backend holds right now: live matrices and their bytes (like `tf.memory()`). */
export interface MemoryInfo {
  readonly buffers: number;
  readonly bytes: number;
}

/** The result of a fused dense layer: S = W·Z_prev + b and Z = f(S). */
export interface DenseResult<M extends Matrix = Matrix> {
  readonly S: M;
  readonly Z: M;
}

/** Which operands of a product C = op(A)·op(B) are transposed. */
export interface MatmulOptions {
  /** use Aᵀ instead of A, without materialising the transpose */
  readonly transA?: boolean;
  /** use Bᵀ instead of B, without materialising the transpose */
  readonly transB?: boolean;
}

/** Adam's update for one parameter at step t (PyTorch's `torch.optim.Adam`/`AdamW`). */
export interface AdamStep {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** 1-based step count, for the bias corrections 1 − β^t */
  readonly t: number;
  /** L2 weight decay added to the gradient (Adam) */
  readonly weightDecay: number;
  /** decoupled weight decay, p ← p·(1 − lr·w) before the step (AdamW) */
  readonly decoupledWeightDecay: number;
}

/** A loss computed on the device: its value and ∂L/∂Z_L. */
export interface FusedLossResult<M extends Matrix, Value> {
  readonly loss: Value;
  readonly dZ: M;
}

/**
 * Optional kernels a backend may add for speed; core uses one when it is present and the general
 * path (written once in core over the primitives) otherwise. The conformance suite checks every
 * fused kernel against the general path on every backend.
 */
export interface FusedKernels<M extends Matrix, Value> {
  /**
   * One whole Adam/AdamW step on p with gradient g and moments m, v, in place. May overwrite g.
   */
  adam?(p: M, g: M, m: M, v: M, step: AdamStep): void;
  /**
   * The loss of Z_L against targets T (already checked by core) and ∂L/∂Z_L; `undefined` for a
   * loss the backend has no kernel for.
   */
  loss?(spec: LossSpec, Z: M, T: M): FusedLossResult<M, Value> | undefined;
}

/**
 * Memory and primitive kernels, without argument checks (checkedBackend adds them). Every method
 * returning a Matrix returns a new one that the caller owns; inputs are never modified except
 * the first argument of the in-place updates (`scaleAdd`, `scaleAddSquare`, `addQuotient`).
 */
export interface BackendKernels<M extends Matrix> {
  /** the name users pass to `--backend` (`cpu`, `wasm`, `tfjs-wasm`, …) */
  readonly name: string;
  readonly dtype: DType;

  // ── memory ──────────────────────────────────────────────────────────────
  /** copies `rows·cols` numbers, row-major, into a new matrix */
  upload(data: ArrayLike<number>, rows: number, cols: number): M;
  /** frees a matrix */
  dispose(m: M): void;
  /** live matrices and bytes held by this backend */
  memory(): MemoryInfo;

  // ── kernels the algorithms are written with ─────────────────────────────
  /** C = op(A)·op(B), op = identity or transpose */
  matmul(a: M, b: M, options?: MatmulOptions): M;
  /** S = W·Z + b (b broadcast over columns; null = no bias) and Z_out = f(S), fused */
  dense(W: M, Z: M, b: M | null, f: Activation): DenseResult<M>;
  /** Z = f(S), element-wise */
  activate(S: M, f: Activation): M;
  /**
   * δ = dZ ⊙ f'(·), element-wise and fused. `X` is S or Z as the activation's `derivativeFrom`
   * says (ReLU's f' from S; sigmoid's and tanh's are cheapest from Z).
   */
  activateBackward(X: M, dZ: M, f: Activation): M;
  /** δ·1_N: the sum of each row, as a column (rows × 1) */
  rowSum(delta: M): M;

  // ── element-wise updates in place, the optimizers' primitives ───────────
  /** y ← a·y + b·x */
  scaleAdd(y: M, x: M, a: number, b: number): void;
  /** y ← a·y + b·x⊙x */
  scaleAddSquare(y: M, x: M, a: number, b: number): void;
  /** y ← y + a·x ⊘ (√(c·v) + eps) */
  addQuotient(y: M, x: M, v: M, a: number, c: number, eps: number): void;
}

/**
 * Optional kernels that write into a matrix the caller holds instead of returning a new one, so
 * a network's workspace (core's workspace.ts) is reused from step to step: a training step then
 * allocates and frees nothing. Core uses them where a synchronous backend has them and the
 * allocating kernels otherwise. Outputs never alias inputs.
 */
export interface IntoKernels<M extends Matrix> {
  /**
   * A matrix for a workspace, contents unspecified. Like a pooled buffer it is not counted by
   * memory(); it is freed with `release`, never with `dispose`.
   */
  scratch(rows: number, cols: number): M;
  /** frees a matrix made by `scratch` */
  release(m: M): void;
  /** copies `rows·cols` numbers, row-major, into m */
  write(m: M, data: ArrayLike<number>): void;
  /** C ← op(A)·op(B) */
  matmul(a: M, b: M, C: M, options?: MatmulOptions): void;
  /** S ← W·Z + b and Z_out ← f(S) */
  dense(W: M, Z: M, b: M | null, f: Activation, S: M, Z_out: M): void;
  /** Z ← f(S) */
  activate(S: M, f: Activation, Z: M): void;
  /** δ ← dZ ⊙ f'(X), X as in `activateBackward` */
  activateBackward(X: M, dZ: M, f: Activation, delta: M): void;
  /** out ← δ·1_N */
  rowSum(delta: M, out: M): void;
}

/** A backend whose reads return at once (cpu, wasm, tfjs): its training step is synchronous. */
export interface RawSyncBackend<M extends Matrix = Matrix> extends BackendKernels<M> {
  readonly reads: 'sync';
  /** copies a matrix back out, row-major */
  read(m: M): FloatArray;
  /**
   * Optional: the numbers of a matrix without a copy, valid only until the next call on this
   * backend (core's host-side loss reads Z_L and T this way every step).
   */
  view?(m: M): FloatArray;
  readonly fused?: FusedKernels<M, number>;
  /** optional kernels writing into a workspace (see IntoKernels) */
  readonly into?: IntoKernels<M>;
}

/** A backend whose reads resolve later (WebGPU): kernels queue work, reads wait for it. */
export interface RawAsyncBackend<M extends Matrix = Matrix> extends BackendKernels<M> {
  readonly reads: 'async';
  /** copies a matrix back out, row-major, once the queued work is done */
  read(m: M): Promise<FloatArray>;
  readonly fused?: FusedKernels<M, Promise<number>>;
}

/** What a backend package implements. */
export type RawBackend<M extends Matrix = Matrix> = RawSyncBackend<M> | RawAsyncBackend<M>;

/** A checked backend with synchronous reads (see checkedBackend). */
export interface SyncBackend extends RawSyncBackend<Matrix> {
  /** the numbers of a matrix, without a copy where the backend can; valid until the next call on this backend */
  view(m: Matrix): FloatArray;
  /** the same kernels and memory with the fused kernels hidden: core's general path only */
  withoutFusedKernels(): SyncBackend;
}

/** A checked backend with asynchronous reads (see checkedBackend). */
export interface AsyncBackend extends RawAsyncBackend<Matrix> {
  /** the same kernels and memory with the fused kernels hidden: core's general path only */
  withoutFusedKernels(): AsyncBackend;
}

/**
 * What core's algorithms run on: a RawBackend behind checkedBackend's validation, so every
 * engine rejects the same bad call with the same error.
 */
export type Backend = SyncBackend | AsyncBackend;

/** Creates a backend; asynchronous because WebAssembly and tfjs engines load asynchronously. */
export type BackendFactory = () => Backend | Promise<Backend>;
