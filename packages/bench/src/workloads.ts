// The workloads of docs/benchmarks.md as data: the networks, batches and products each one times,
// and the row every measurement becomes (the `--json` line format). `pnpm bench` in Node and the
// browser benchmark both read them from here, so the two time the same problems.

import { exercise2 } from '@deltaml/conformance';
import { type Activation, type CachePolicy, initModel, type ModelSpec, seededRandom } from '@deltaml/core';

/** Every workload, in the order a run takes them. */
export const WORKLOAD_NAMES = ['mlp', 'tiny', 'gemm', 'scale', 'memory', 'optim', 'e2e'] as const;
/** A workload's name, as `--workload` takes it. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];
/** The workloads a system runs in this process (all but `e2e`, which times whole `deltaml train` runs). */
export type SystemWorkload = Exclude<WorkloadName, 'e2e'>;
/** What runs without `--workload`: every workload but `e2e`, which takes minutes and a 276 MB file. */
export const DEFAULT_WORKLOADS: readonly SystemWorkload[] = WORKLOAD_NAMES.filter(
  (name): name is SystemWorkload => name !== 'e2e',
);

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
  /** e2e: the data file's format */
  readonly format?: 'csv' | 'parquet';
  /** e2e: the median time spent reading the file (deltaml: the run less its epoch and the start-up) */
  readonly read_ms?: number;
  /** e2e: the file's size over read_ms, in MB (10⁶ bytes) per second */
  readonly read_mb_s?: number;
  /** e2e: the median time of the training epoch */
  readonly epoch_ms?: number;
  /** the browser benchmark: the device the system computes on (the WebGPU adapter, or `cpu`) */
  readonly device?: string;
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

/** Adam's hyperparameters in `optim` (docs/benchmarks.md): lr 1e-3, β 0.9/0.999, eps 1e-8. */
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

/** Which operands of a product are transposed. */
export type ProductForm = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';
/** Every product form, in the order `gemm` times them. */
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

/** `gemm`: every size in every form. */
export const GEMM_PRODUCTS: readonly Product[] = GEMM_SIZES.flatMap(([M, K, N]) =>
  PRODUCT_FORMS.map((form) => ({ M, K, N, form })),
);

/** A product's `shape` in the rows, e.g. `512x512x512 A·B`. */
export const productLabel = ({ M, K, N, form }: Product) => `${M}x${K}x${N} ${form}`;

/** GFLOP/s of a product that took `ms`: 2·M·N·K / time. */
export const gflops = ({ M, K, N }: Product, ms: number) => (2 * M * N * K) / (ms * 1e6);

/** A product's operands as stored (A is M×K, or K×M for Aᵀ·B; B is K×N, or N×K for A·Bᵀ) and which are transposed. */
export interface ProductOperands {
  readonly A: Float32Array;
  readonly B: Float32Array;
  readonly transA: boolean;
  readonly transB: boolean;
}

/** Seeded random operands of `p` in (−0.5, 0.5). */
export function productOperands(p: Product): ProductOperands {
  const random = seededRandom(3);
  const A = Float32Array.from({ length: p.M * p.K }, () => random() - 0.5);
  const B = Float32Array.from({ length: p.K * p.N }, () => random() - 0.5);
  return { A, B, transA: p.form === 'Aᵀ·B', transB: p.form === 'A·Bᵀ' };
}

/** `scale`: the mlp with hidden width 256 and 1024, each at batch 32, 128 and 512 */
export const SCALE_GRID = [256, 1024].flatMap((hidden) => [32, 128, 512].map((batch) => ({ hidden, batch })));

/** `memory`: the forward cache of 784-1024-1024-1024-10 (ReLU, biases) at N = 256 */
export const MEMORY = {
  sizes: [784, 1024, 1024, 1024, 10],
  N: 256,
  policies: ['all', 'preactivations'] as const satisfies readonly CachePolicy[],
};
