// Scoring a network on a whole dataset without training it: the loss as the loss defines its
// reduction, and the metric that suits the targets (accuracy for classes and 0/1 targets, RMSE
// for values). Batches keep the memory flat; reads await, so any backend works.

import type { Backend } from './backend.js';
import { allIndices, type Dataset, uploadBatch } from './dataset.js';
import { predict } from './forward.js';
import { LOSSES, type LossSpec, lossDefinition } from './losses.js';
import type { Network } from './network.js';

/** A network's score on a dataset. */
export interface Evaluation {
  readonly loss: number;
  readonly examples: number;
  /** share of examples whose predicted class is the label (class and 0/1 targets) */
  readonly accuracy?: number;
  /** root mean squared error over every output (value targets) */
  readonly rmse?: number;
}

/** Examples per forward pass while evaluating. */
const EVALUATION_BATCH = 1024;

/** The predicted class of column n of Z_L (d × N): argmax, or z > 0 for one logit. */
export function predictedClass(Z: ArrayLike<number>, d: number, N: number, n: number): number {
  if (d === 1) return Z[n] > 0 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < d; j++) if (Z[j * N + n] > Z[best * N + n]) best = j;
  return best;
}

/** The loss and metric of `network` on every example of `data`. */
export async function evaluate(network: Network, data: Dataset, loss: LossSpec): Promise<Evaluation> {
  const backend: Backend = network.backend;
  const def = lossDefinition(loss);
  const targets = LOSSES[loss.kind].targets;
  const d = network.outputSize;
  let total = 0;
  let correct = 0;
  let squares = 0;
  const order = allIndices(data.count);
  for (let start = 0; start < data.count; start += EVALUATION_BATCH) {
    const indices = order.subarray(start, start + EVALUATION_BATCH);
    const N = indices.length;
    using batch = uploadBatch(backend, data, indices);
    const Zm = predict(network, batch.X);
    let Z: ArrayLike<number>;
    let T: ArrayLike<number>;
    try {
      Z = await backend.read(Zm);
      T = await backend.read(batch.T);
    } finally {
      backend.dispose(Zm);
    }
    const batchLoss = def.evaluate(loss, Z, T, new Float64Array(d * N), d, N);
    total += def.sumsOverExamples(loss) ? batchLoss : batchLoss * N;
    for (let n = 0; n < N; n++) {
      if (targets === 'values') {
        for (let j = 0; j < d; j++) squares += (Z[j * N + n] - T[j * N + n]) ** 2;
      } else if (predictedClass(Z, d, N, n) === Math.round(T[n])) {
        correct++;
      }
    }
  }
  const examples = data.count;
  const value = def.sumsOverExamples(loss) ? total : total / examples;
  return targets === 'values'
    ? { loss: value, examples, rmse: Math.sqrt(squares / (examples * d)) }
    : { loss: value, examples, accuracy: correct / examples };
}
