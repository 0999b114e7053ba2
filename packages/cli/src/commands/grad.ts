// `deltaml grad`: the loss and ∂L/∂W_l, ∂L/∂b_l of a model on a whole data file (one batch),
// printed as exactly one JSON object on stdout (CONTRACT.md), never with a non-finite number.

import {
  allIndices,
  computeGradientsAsync,
  ExampleError,
  InputError,
  Model,
  NonFiniteError,
  readRowsAsync,
  uploadBatch,
} from '@deltaml/core';
import { showPath } from '@deltaml/data/node';
import { Command } from 'commander';
import {
  addBackendOption,
  addCacheOption,
  addFileOptions,
  addLossOptions,
  type CacheOptions,
  type ProblemOptions,
} from '../options.js';
import { openProblem, type Problem } from '../problem.js';

interface GradientsJson {
  readonly loss: number;
  readonly gradients: { weights: number[][]; bias?: number[] }[];
}

/** The first value of the result that JSON cannot hold (NaN, ±Infinity), or undefined. */
function firstNonFinite(result: GradientsJson): number | undefined {
  const values = [result.loss, ...result.gradients.flatMap((g) => [...g.weights.flat(), ...(g.bias ?? [])])];
  return values.find((v) => !Number.isFinite(v));
}

/**
 * Refuses, as predict and eval do, the first data row whose forward pass leaves the backend's
 * range in any layer (core's Model checks each S_l), so no engine's overflow shows through.
 */
async function checkRows(problem: Problem, path: string): Promise<void> {
  const { network, data, backend } = problem;
  using model = Model.fromSpec(backend, await network.readModel()); // data is already transformed
  try {
    await model.predict(data.inputs);
  } catch (error) {
    if (!(error instanceof ExampleError)) throw error;
    throw new InputError(`${showPath(path)}: data row ${error.example + 1}: ${error.detail}`);
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
      await checkRows(problem, options.data);
      const { backend, network, data, loss } = problem;
      using batch = uploadBatch(backend, data, allIndices(data.count));
      let result: GradientsJson;
      try {
        using gradients = await computeGradientsAsync(network, batch.X, batch.T, {
          loss,
          cache: options.cache,
        });
        const layers: GradientsJson['gradients'] = [];
        for (const { W, b } of gradients.layers) {
          const weights = await readRowsAsync(backend, W);
          layers.push(b ? { weights, bias: Array.from(await backend.read(b)) } : { weights });
        }
        result = { loss: gradients.loss, gradients: layers };
      } catch (error) {
        if (!(error instanceof NonFiniteError)) throw error;
        throw new InputError(`${error.message}; scale the inputs or the weights down`); // the backward pass overflowed
      }
      const bad = firstNonFinite(result);
      if (bad !== undefined) {
        throw new InputError(`the gradients contain ${bad}; scale the inputs or the weights down`);
      }
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
