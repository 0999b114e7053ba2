// The workloads of BENCHMARKS.md as data: the networks, batches and products each one times,
// and the row every measurement becomes (the `--json` line format).

import { exercise2 } from '@deltaml/conformance';
import { type Activation, type CachePolicy, initModel, type ModelSpec, seededRandom } from '@deltaml/core';

export const WORKLOAD_NAMES = ['mlp', 'tiny', 'gemm', 'scale', 'memory', 'optim'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** One line of `--json` output (BENCHMARKS.md), in that key order. */
export interface BenchRow {
  readonly workload: WorkloadName;
  readonly system: string;
  readonly median_ms: number;
  readonly min_ms: number;
  readonly max_ms: number;
  readonly steps: number;
  readonly gflops?: number;
  readonly bytes?: number;
  /** gemm: `M×K×N form`, C (M×N) = op(A) (M×K) · op(B) (K×N) */
  readonly shape?: string;
  readonly hidden?: number;
  readonly batch?: number;
  readonly policy?: CachePolicy;
}

/** How a step learns: MSE and plain SGD (`mlp`, `tiny`), or softmax cross-entropy and Adam (`optim`). */
export type StepKind = 'mse-sgd' | 'cross-entropy-adam';

/** A training step to time: a model, a batch (X is d_0 × N, one column per example), a loss and an update rule. */
export interface TrainingProblem {
  readonly model: ModelSpec;
  readonly X: Float32Array;
  /** one-hot targets for MSE, d_L × N */
  readonly Y: Float32Array;
  /** the class of each example (the row of Y's 1), 1 × N */
  readonly labels: Float32Array;
  readonly N: number;
  readonly lr: number;
  readonly step: StepKind;
}

/** Adam's hyperparameters in `optim` (BENCHMARKS.md): lr 1e-3, β 0.9/0.999, eps 1e-8. */
export const OPTIM_ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

const relu: Activation = { kind: 'relu' };
const identity: Activation = { kind: 'identity' };

/** 784-h-h/2-10 (ReLU, ReLU, identity, biases) on a batch of N random inputs with one-hot targets. */
export function mlpProblem(hidden: number, N: number): TrainingProblem {
  const sizes = [784, hidden, hidden / 2, 10];
  const model = initModel({ sizes, activations: [relu, relu, identity], bias: true, seed: 1 });
  const random = seededRandom(2);
  const X = Float32Array.from({ length: 784 * N }, random);
  const Y = new Float32Array(10 * N);
  const labels = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    labels[n] = Math.floor(random() * 10);
    Y[labels[n] * N + n] = 1;
  }
  return { model, X, Y, labels, N, lr: 0.01, step: 'mse-sgd' };
}

/** `optim`: the mlp step with Adam and softmax cross-entropy on its 10 classes. */
export function optimProblem(): TrainingProblem {
  return { ...mlpProblem(MLP.hidden, MLP.batch), lr: OPTIM_ADAM.lr, step: 'cross-entropy-adam' };
}

/** `mlp`: 784-256-128-10, batch 128, lr 0.01 */
export const MLP = { hidden: 256, batch: 128 };

/** `tiny`: the seed's Exercise 2 network (2-3-1, no biases), its batch of 4 and lr 0.5. */
export function tinyProblem(): TrainingProblem {
  const { model, X, Y, lr } = exercise2;
  const N = X[0].length;
  return {
    model,
    X: Float32Array.from(X.flat()),
    Y: Float32Array.from(Y.flat()),
    labels: new Float32Array(N),
    N,
    lr,
    step: 'mse-sgd',
  };
}

/** `tiny` times blocks of this many steps (one step is a few microseconds) */
export const TINY_BLOCK = 1000;

export type ProductForm = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';
export const PRODUCT_FORMS: readonly ProductForm[] = ['A·B', 'Aᵀ·B', 'A·Bᵀ'];

/** C (M×N) = op(A) (M×K) · op(B) (K×N) */
export interface Product {
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly form: ProductForm;
}

/** square 256, 512, 1024, and the mlp step's three large products (forward W_1·X, ∂W_1, W_1ᵀ·δ_1) */
const GEMM_SIZES: readonly (readonly [number, number, number])[] = [
  [256, 256, 256],
  [512, 512, 512],
  [1024, 1024, 1024],
  [256, 784, 128],
  [256, 128, 784],
  [784, 256, 128],
];

export const GEMM_PRODUCTS: readonly Product[] = GEMM_SIZES.flatMap(([M, K, N]) =>
  PRODUCT_FORMS.map((form) => ({ M, K, N, form })),
);

export const productLabel = ({ M, K, N, form }: Product) => `${M}x${K}x${N} ${form}`;

export const gflops = ({ M, K, N }: Product, ms: number) => (2 * M * N * K) / (ms * 1e6);

/** Random operands as stored: A is M×K (K×M for Aᵀ·B), B is K×N (N×K for A·Bᵀ). */
export function productOperands(p: Product): { A: Float32Array; B: Float32Array } {
  const random = seededRandom(3);
  const A = Float32Array.from({ length: p.M * p.K }, () => random() - 0.5);
  const B = Float32Array.from({ length: p.K * p.N }, () => random() - 0.5);
  return { A, B };
}

/** `scale`: the mlp with hidden width 256 and 1024, each at batch 32, 128 and 512 */
export const SCALE_GRID = [256, 1024].flatMap((hidden) => [32, 128, 512].map((batch) => ({ hidden, batch })));

/** `memory`: the forward cache of 784-1024-1024-1024-10 (ReLU, biases) at N = 256 */
export const MEMORY = {
  sizes: [784, 1024, 1024, 1024, 10],
  N: 256,
  policies: ['all', 'preactivations'] as const satisfies readonly CachePolicy[],
};
