// The Backend interface: everything a numeric engine must provide so that core's algorithms
// (forward, backward, losses, SGD) run on it. A backend is kernels and memory, nothing else;
// the algorithms live once, in core, written against this interface.

import type { Activation } from './activations.js';

/**
 * A dense, row-major matrix living in a backend's memory. The handle type is the backend's own
 * (a typed-array view, a wasm pointer, a tf.Tensor); core only reads its shape.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
}

/** The element type a backend stores matrices in. */
export type DType = 'float32' | 'float64';

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

/** A loss value and its gradient with respect to the network output, ∂L/∂Z_L. */
export interface LossResult<M extends Matrix = Matrix> {
  readonly loss: number;
  readonly dZ: M;
}

/** Which operands of a product C = op(A)·op(B) are transposed. */
export interface MatmulOptions {
  /** use Aᵀ instead of A, without materialising the transpose */
  readonly transA?: boolean;
  /** use Bᵀ instead of B, without materialising the transpose */
  readonly transB?: boolean;
}

/**
 * Kernels and memory. Every method returning a Matrix returns a new one that the caller owns
 * and must `dispose`; inputs are never modified except by `sgdUpdate`.
 */
export interface Backend<M extends Matrix = Matrix> {
  /** the name users pass to `--backend` (`cpu`, `wasm`, `tfjs-wasm`, …) */
  readonly name: string;
  readonly dtype: DType;

  // ── memory ──────────────────────────────────────────────────────────────
  /** copies `rows·cols` numbers, row-major, into a new matrix */
  upload(data: ArrayLike<number>, rows: number, cols: number): M;
  /** copies a matrix back out, row-major */
  read(m: M): Float32Array | Float64Array;
  /** frees a matrix; using it afterwards throws DisposedError */
  dispose(m: M): void;
  /** live matrices and bytes held by this backend */
  memory(): MemoryInfo;

  // ── kernels ─────────────────────────────────────────────────────────────
  /** C = op(A)·op(B), op = identity or transpose */
  matmul(a: M, b: M, options?: MatmulOptions): M;
  /** S = W·Z + b (b broadcast over columns; null = no bias) and Z_out = f(S), fused */
  dense(W: M, Z: M, b: M | null, f: Activation): DenseResult<M>;
  /** Z = f(S), element-wise */
  activate(S: M, f: Activation): M;
  /** δ = dZ ⊙ f'(S), element-wise, fused */
  activateBackward(S: M, dZ: M, f: Activation): M;
  /** δ·1_N: the sum of each row, as a column (rows × 1) */
  rowSum(delta: M): M;
  /** param ← param − lr·grad, in place */
  sgdUpdate(param: M, grad: M, lr: number): void;
  /** L = ‖Z − Y‖²_F / (2N) and ∂L/∂Z = (Z − Y)/N, N = number of columns */
  mse(Z: M, Y: M): LossResult<M>;
  /**
   * The softmax multi-class hinge of the seed's Exercise 3: p = softmax(Z[:, i]),
   * L = Σ_i Σ_{l≠y_i} max(0, p_l − p_{y_i} + margin), and ∂L/∂Z. `labels` is 1 × N (class indices).
   */
  hinge(Z: M, labels: M, margin: number): LossResult<M>;
}

/** Creates a backend; asynchronous because WebAssembly and tfjs engines load asynchronously. */
export type BackendFactory = () => Backend | Promise<Backend>;
