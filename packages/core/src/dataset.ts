// Examples as the data file holds them (one row per example) and the batches the algorithms
// want (one column per example: X is d_0 × N), with the checks that name the bad example.

import type { Backend, FloatArray, Matrix } from './backend.js';
import { FLOAT32_MAX } from './checked-backend.js';
import { InputError, ShapeError } from './errors.js';
import { firstOutsideTyped } from './first-outside.js';
import { checkOutputSize, checkTarget, LOSSES, type LossSpec, targetSize } from './losses.js';
import type { Network } from './network.js';

/** N examples, row-major: example n's inputs are inputs[n·inputSize …], its targets targets[n·targetSize …]. */
export interface Dataset {
  readonly count: number;
  readonly inputSize: number;
  readonly inputs: Float64Array | Float32Array;
  /** d_L for value targets, 1 for a class label or a 0/1 target */
  readonly targetSize: number;
  readonly targets: Float64Array | Float32Array;
}

/** Builds a dataset from rows of inputs and rows of targets (a label is a one-number row). */
export function datasetFromRows(
  inputs: readonly (readonly number[])[],
  targets: readonly (readonly number[])[],
): Dataset {
  if (inputs.length !== targets.length) {
    throw new ShapeError(`${inputs.length} input rows but ${targets.length} target rows`);
  }
  const flat = (rows: readonly (readonly number[])[], what: string) => {
    const width = rows[0]?.length ?? 0;
    const out = new Float64Array(rows.length * width);
    rows.forEach((row, n) => {
      if (row.length !== width)
        throw new ShapeError(`${what} row ${n} has ${row.length} numbers, expected ${width}`);
      out.set(row, n * width);
    });
    return { out, width };
  };
  const x = flat(inputs, 'input');
  const y = flat(targets, 'target');
  return { count: inputs.length, inputSize: x.width, inputs: x.out, targetSize: y.width, targets: y.out };
}

/** Checks that a dataset fits the network and the loss: sizes, finite numbers within the backend's range, labels in range. */
export function checkDataset(network: Network, data: Dataset, loss: LossSpec, source = 'data'): void {
  if (data.count < 1) throw new InputError(`${source}: no examples`);
  if (data.inputSize !== network.inputSize) {
    throw new ShapeError(
      `${source}: ${data.inputSize} inputs per example, but the network expects ${network.inputSize}`,
    );
  }
  checkOutputSize(loss, network.outputSize);
  const want = targetSize(loss, network.outputSize);
  if (data.targetSize !== want) {
    const what = { values: `${want} targets (d_L)`, classes: 'one class label', binary: 'one 0/1 target' }[
      LOSSES[loss.kind].targets
    ];
    throw new ShapeError(
      `${source}: ${data.targetSize} targets per example, but ${loss.kind} expects ${what}`,
    );
  }
  const float32 = network.backend.dtype === 'float32';
  if (allFine(data, loss, network.outputSize, float32)) return;
  // a problem somewhere: the first one in file order, named by its example
  for (let n = 0; n < data.count; n++) {
    for (let i = 0; i < data.inputSize; i++) {
      const v = data.inputs[n * data.inputSize + i];
      if (!Number.isFinite(v))
        throw new InputError(`${source}: example ${n} input ${i} is ${v}; inputs must be finite`);
      if (float32 && Math.abs(v) > FLOAT32_MAX)
        // named here, not as the upload of a batch
        throw new InputError(
          `${source}: example ${n} input ${i} is ${v}, outside the float32 range (±3.4e38)`,
        );
    }
    const target = data.targets.subarray(n * data.targetSize, (n + 1) * data.targetSize);
    for (const v of target) {
      if (!Number.isFinite(v))
        throw new InputError(`${source}: example ${n} target is ${v}; targets must be finite`);
    }
    checkTarget(loss, target, network.outputSize, `${source}: example ${n}`);
  }
}

/** Every input finite (and within float32 when asked) and every target valid: one pass each, no message. */
function allFine(data: Dataset, loss: LossSpec, outputSize: number, float32: boolean): boolean {
  const limit = float32 ? FLOAT32_MAX : Number.MAX_VALUE;
  const { inputs, targets } = data;
  if (firstOutsideTyped(inputs, limit) >= 0 || firstOutsideTyped(targets, Number.MAX_VALUE) >= 0)
    return false;
  const def = LOSSES[loss.kind];
  if (def.targets === 'values') return true;
  for (let n = 0; n < data.count; n++) if (def.invalidTarget(targets[n], outputSize)) return false;
  return true;
}

/** A batch on the backend: X (d_0 × N) and T (targets × N), one column per chosen example. */
export interface Batch {
  readonly X: Matrix;
  readonly T: Matrix;
  /** Frees X and T. */
  dispose(): void;
  /** Frees X and T (for `using`). */
  [Symbol.dispose](): void;
}

/**
 * Host buffers for the batches of a run, reused from step to step (`upload` copies them), of the
 * dataset's own array kind: a float32 dataset's batch goes to a float32 backend as it is held.
 */
export class BatchBuffers {
  #X: FloatArray = new Float64Array(0);
  #T: FloatArray = new Float64Array(0);

  /** The examples `indices` of X's rows (`data.inputs`) as columns: d_0 × N. */
  inputs(data: Dataset, indices: ArrayLike<number>): FloatArray {
    this.#X = fit(this.#X, data.inputs, data.inputSize * indices.length);
    return gatherColumns(data.inputs, data.inputSize, indices, this.#X);
  }

  /** The examples `indices` of the targets as columns: targets × N. */
  targets(data: Dataset, indices: ArrayLike<number>): FloatArray {
    this.#T = fit(this.#T, data.targets, data.targetSize * indices.length);
    return gatherColumns(data.targets, data.targetSize, indices, this.#T);
  }
}

/** `buffer` if it is of `source`'s kind and `length` long, else a new one that is. */
function fit(buffer: FloatArray, source: FloatArray, length: number): FloatArray {
  if (buffer.length === length && buffer.constructor === source.constructor) return buffer;
  return source instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Rows `indices` of `source` (rows of `width` numbers) written as the columns of `out` (width × N). */
function gatherColumns(
  source: FloatArray,
  width: number,
  indices: ArrayLike<number>,
  out: FloatArray,
): FloatArray {
  const N = indices.length;
  for (let n = 0; n < N; n++) {
    const row = indices[n] * width;
    for (let i = 0; i < width; i++) out[i * N + n] = source[row + i];
  }
  return out;
}

/** Uploads the examples `indices` (in that order) as columns, through `buffers` (a run's, reused; else new ones). */
export function uploadBatch(
  backend: Backend,
  data: Dataset,
  indices: ArrayLike<number>,
  buffers = new BatchBuffers(),
): Batch {
  const N = indices.length;
  const X = backend.upload(buffers.inputs(data, indices), data.inputSize, N);
  const T = backend.upload(buffers.targets(data, indices), data.targetSize, N);
  const dispose = () => {
    backend.dispose(X);
    backend.dispose(T);
  };
  return { X, T, dispose, [Symbol.dispose]: dispose };
}

/** 0, 1, …, n−1 */
export function allIndices(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}
