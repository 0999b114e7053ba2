// `deltaml eval`: the loss of a model over a whole data file (and the accuracy for the hinge),
// printed as one JSON object. The file is run through the network in chunks, so a large file
// needs the memory of one chunk, not of the whole forward pass.

import {
  type Backend,
  type Dataset,
  InputError,
  type LossSpec,
  lossAndGradient,
  type Matrix,
  type Network,
  predict,
  uploadBatch,
} from '@deltaml/core';
import { Command } from 'commander';
import { addBackendOption, addFileOptions, addLossOptions, type ProblemOptions } from '../options.js';
import { openProblem } from '../problem.js';

/** Examples per forward pass. */
const CHUNK = 4096;

/** How many columns of Z_L (d_L × n) have their largest output at the labelled class. */
function correct(backend: Backend, Z: Matrix, data: Dataset, first: number): number {
  const values = backend.read(Z);
  let hits = 0;
  for (let n = 0; n < Z.cols; n++) {
    let best = 0;
    for (let k = 1; k < Z.rows; k++) if (values[k * Z.cols + n] > values[best * Z.cols + n]) best = k;
    if (best === data.targets[first + n]) hits++;
  }
  return hits;
}

interface Evaluation {
  readonly loss: number;
  readonly accuracy?: number;
  readonly examples: number;
}

function evaluate(network: Network, data: Dataset, loss: LossSpec): Evaluation {
  const { backend } = network;
  let total = 0;
  let hits = 0;
  for (let first = 0; first < data.count; first += CHUNK) {
    const n = Math.min(CHUNK, data.count - first);
    using batch = uploadBatch(
      backend,
      data,
      Uint32Array.from({ length: n }, (_, i) => first + i),
    );
    const Z = predict(network, batch.X);
    try {
      const result = lossAndGradient(backend, loss, Z, batch.T);
      backend.dispose(result.dZ);
      // MSE is a mean over the examples, the hinge of Exercise 3 a sum: weigh the chunks alike
      total += loss.kind === 'mse' ? (result.loss * n) / data.count : result.loss;
      if (loss.kind === 'hinge') hits += correct(backend, Z, data, first);
    } finally {
      backend.dispose(Z);
    }
  }
  if (!Number.isFinite(total))
    throw new InputError(`the loss is ${total}; scale the inputs or the weights down`);
  return loss.kind === 'hinge'
    ? { loss: total, accuracy: hits / data.count, examples: data.count }
    : { loss: total, examples: data.count };
}

export function evalCommand(): Command {
  const command = new Command('eval').description(
    'print the loss of a model over a data file (and the accuracy for the hinge loss) as one JSON object',
  );
  addFileOptions(command);
  addLossOptions(command);
  addBackendOption(command);
  return command
    .addHelpText(
      'after',
      `
Output: {"loss": n, "examples": N}, plus "accuracy" (share of examples whose largest output is the label) for hinge

Example:
  deltaml eval --model trained.json --data test.csv --loss hinge`,
    )
    .action(async (options: ProblemOptions) => {
      using problem = await openProblem(options);
      const result = evaluate(problem.network, problem.data, problem.loss);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
