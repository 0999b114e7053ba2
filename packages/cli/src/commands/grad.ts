// `deltaml grad`: the loss and ∂L/∂W_l, ∂L/∂b_l of a model on a whole data file (one batch),
// printed as exactly one JSON object on stdout (CONTRACT.md).

import { allIndices, computeGradientsAsync, InputError, readRowsAsync, uploadBatch } from '@deltaml/core';
import { Command } from 'commander';
import {
  addBackendOption,
  addCacheOption,
  addFileOptions,
  addLossOptions,
  type CacheOptions,
  type ProblemOptions,
} from '../options.js';
import { openProblem } from '../problem.js';

interface GradientsJson {
  readonly loss: number;
  readonly gradients: { weights: number[][]; bias?: number[] }[];
}

/** JSON has no NaN or Infinity: a gradient that overflowed is an error, never `null`. */
function checkFinite(result: GradientsJson): void {
  const values = [result.loss, ...result.gradients.flatMap((g) => [...g.weights.flat(), ...(g.bias ?? [])])];
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) {
    throw new InputError(`the gradients contain ${bad}; scale the inputs or the weights down`);
  }
}

export function gradCommand(): Command {
  const command = new Command('grad').description(
    'print the loss and the gradients of a model over a whole data file (one batch) as one JSON object',
  );
  addFileOptions(command);
  addLossOptions(command);
  addBackendOption(command);
  addCacheOption(command);
  return command
    .addHelpText(
      'after',
      `
Output: {"loss": n, "gradients": [{"weights": [[…]], "bias": […]}, …]} (bias only for layers that have one)

Example:
  deltaml grad --model packages/cli/examples/exercise2.model.json --data packages/cli/examples/exercise2.csv`,
    )
    .action(async (options: ProblemOptions & CacheOptions) => {
      using problem = await openProblem(options);
      const { backend, network, data, loss } = problem;
      using batch = uploadBatch(backend, data, allIndices(data.count));
      using gradients = await computeGradientsAsync(network, batch.X, batch.T, {
        loss,
        cache: options.cache,
      });
      const layers: GradientsJson['gradients'] = [];
      for (const { W, b } of gradients.layers) {
        const weights = await readRowsAsync(backend, W);
        layers.push(b ? { weights, bias: Array.from(await backend.read(b)) } : { weights });
      }
      const result: GradientsJson = { loss: gradients.loss, gradients: layers };
      checkFinite(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
