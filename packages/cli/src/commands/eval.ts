// `deltaml eval`: how good a model is on a data file, as one JSON object — the loss and, for
// class labels, accuracy, macro-F1 and the confusion matrix; for y targets MAE, RMSE and R².
// Core's Model scores it (its class names, input transform and output honoured, a block of
// examples at a time, so the memory beyond the data itself is that of one block).

import {
  type Dataset,
  ExampleError,
  InputError,
  LOSSES,
  type LossKind,
  type LossSpec,
  layerSizes,
  lossMismatch,
  Model,
  type ModelScores,
  type ModelSpec,
} from '@deltaml/core';
import { readDataset, showPath } from '@deltaml/data/node';
import { Command } from 'commander';
import { UsageError } from '../failure.js';
import { readModelFile } from '../files.js';
import {
  addBackendOption,
  addFileOptions,
  addLossOptions,
  lossesWith,
  lossFromFlags,
  type ProblemOptions,
} from '../options.js';
import { openBackend } from '../problem.js';

/** Reads the data as the loss wants its targets, class names mapped through the model's. */
async function readEvalData(
  path: string,
  spec: ModelSpec,
  loss: LossSpec,
  float32: boolean,
): Promise<Dataset> {
  const outputSize = layerSizes(spec).at(-1) as number;
  const targets = LOSSES[loss.kind].targets;
  const file = await readDataset(path, { targets, outputSize, classes: spec.classes, float32 });
  if (file.classes && !spec.classes) {
    throw new UsageError(
      `${showPath(path)}: the label column holds class names, but the model has no "classes" to map them to; use class indices 0…${Math.max(outputSize, 2) - 1}`,
    );
  }
  return file.dataset;
}

/** The model's scores on the data; an example that cannot be scored is named by its data row. */
async function score(model: Model, data: Dataset, loss: LossSpec, path: string): Promise<ModelScores> {
  try {
    return await model.evaluate(data, loss, showPath(path));
  } catch (error) {
    if (!(error instanceof ExampleError)) throw error;
    throw new InputError(`${showPath(path)}: data row ${error.example + 1}: ${error.detail}`);
  }
}

export function evalCommand(): Command {
  const command = new Command('eval').description(
    'score a model on a data file: the loss, and accuracy, macro-F1 and the confusion matrix for class labels or MAE, RMSE and R² for y targets, as one JSON object',
  );
  addFileOptions(command);
  addLossOptions(command);
  addBackendOption(command);
  return command
    .addHelpText(
      'after',
      `
Output (one JSON object on stdout):
  {"loss": n, "examples": N, …}
  class labels (${lossesWith('outputs', ['softmax', 'sigmoid'])}; a sigmoid's logit > 0 is class 1):
    "accuracy", "macro_f1" (mean F1 over the classes that occur), "confusion" (rows = true class,
    columns = predicted class), and "classes" (the names, when the model has them)
  y targets (${lossesWith('outputs', ['values'])}): "mae", "rmse", "r2" (R² per output, averaged; an output whose targets are
    all equal, or spread too little for SS_res / SS_tot to be finite, scores 1 when predicted
    exactly and 0 otherwise, as scikit-learn does for constant targets)

The model's "inputTransform" is applied to the inputs. A model whose "output" is "softmax" or
"sigmoid" (or, for a file without "output", one with "classes") is scored as a classifier, with
cross-entropy (binary-cross-entropy for one output) unless --loss says otherwise, and a class
name in the data must be one of its classes. A data row whose numbers overflow the backend
anywhere in the network exits 2 naming the row.

Example:
  deltaml eval --model trained.json --data test.csv --loss cross-entropy`,
    )
    .action(async (options: ProblemOptions, self: Command) => {
      const spec = await readModelFile(options.model);
      const given = self.getOptionValueSource('loss') === 'cli' ? (options.loss as LossKind) : undefined;
      const why = given && lossMismatch(spec, given);
      if (why) throw new UsageError(`--loss ${given}: ${why}`);
      const { backend } = await openBackend(options.backend);
      using model = Model.fromSpec(backend, spec, showPath(options.model));
      const loss = lossFromFlags({ ...options, loss: model.scoringLoss(given) });
      const data = await readEvalData(options.data, spec, loss, backend.dtype === 'float32');
      const report = await score(model, data, loss, options.data);
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
