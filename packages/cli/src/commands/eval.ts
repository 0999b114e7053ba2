// `deltaml eval`: how good a model is on a data file, as one JSON object — the loss and, for
// class labels, accuracy, macro-F1 and the confusion matrix; for y targets MAE, RMSE and R².
// The model's class names and input transform are honoured; the examples go through the network
// a block at a time, so the memory beyond the data itself is that of one block.

import {
  checkDataset,
  type Dataset,
  LOSSES,
  type LossKind,
  type LossSpec,
  layerSizes,
  lossDefinition,
  type ModelSpec,
  Network,
  predictedClass,
} from '@deltaml/core';
import { Command } from 'commander';
import { readDataset } from '../csv.js';
import { UsageError } from '../failure.js';
import { showPath } from '../file-errors.js';
import { readModelFile } from '../files.js';
import { ClassTally, ValueTally } from '../metrics.js';
import { EXAMPLES_PER_PASS, networkOutputs, scoringLoss } from '../model-outputs.js';
import {
  addBackendOption,
  addFileOptions,
  addLossOptions,
  lossesWith,
  lossFromFlags,
  type ProblemOptions,
} from '../options.js';
import { openBackend } from '../problem.js';

/** What eval prints. */
interface EvalReport {
  readonly loss: number;
  readonly examples: number;
  readonly classes?: readonly string[];
  readonly [metric: string]: unknown;
}

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

/** The loss and the metrics of `network` on every example of `data`, one block at a time. */
async function score(network: Network, spec: ModelSpec, data: Dataset, loss: LossSpec): Promise<EvalReport> {
  const def = lossDefinition(loss);
  const targetKind = LOSSES[loss.kind].targets;
  const d = network.outputSize;
  const { inputSize, targetSize } = data;
  const classes = targetKind === 'values' ? undefined : new ClassTally(Math.max(d, 2));
  const values = targetKind === 'values' ? new ValueTally(d) : undefined;
  let total = 0;
  for (let first = 0; first < data.count; first += EXAMPLES_PER_PASS) {
    const N = Math.min(EXAMPLES_PER_PASS, data.count - first);
    const rows = Float64Array.from(data.inputs.subarray(first * inputSize, (first + N) * inputSize));
    const Z = await networkOutputs(network, spec, rows, N);
    const T = new Float64Array(targetSize * N);
    for (let n = 0; n < N; n++) {
      for (let r = 0; r < targetSize; r++) T[r * N + n] = data.targets[(first + n) * targetSize + r];
    }
    const batchLoss = def.evaluate(loss, Z, T, new Float64Array(d * N), d, N);
    total += def.sumsOverExamples(loss) ? batchLoss : batchLoss * N;
    for (let n = 0; n < N; n++) {
      classes?.add(T[n], predictedClass(Z, d, N, n));
      if (values) {
        for (let j = 0; j < d; j++) values.add(j, Z[j * N + n], T[j * N + n]);
        values.next();
      }
    }
  }
  const examples = data.count;
  const value = def.sumsOverExamples(loss) ? total : total / examples;
  if (!Number.isFinite(value))
    throw new UsageError(`the loss is ${value}; scale the inputs or the weights down`);
  return {
    loss: value,
    examples,
    ...classes?.scores(),
    ...values?.scores(),
    ...(spec.classes && { classes: spec.classes }),
  };
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
  y targets (${lossesWith('outputs', ['values'])}): "mae", "rmse", "r2" (R² per output, averaged)

The model's "inputTransform" is applied to the inputs. A model with "classes" is scored with
cross-entropy (binary-cross-entropy for one output) unless --loss says otherwise, and a class
name in the data must be one of them.

Example:
  deltaml eval --model trained.json --data test.csv --loss cross-entropy`,
    )
    .action(async (options: ProblemOptions, self: Command) => {
      const spec = await readModelFile(options.model);
      const given = self.getOptionValueSource('loss') === 'cli' ? (options.loss as LossKind) : undefined;
      const loss = lossFromFlags({ ...options, loss: scoringLoss(spec, given) });
      const { backend } = await openBackend(options.backend);
      const data = await readEvalData(options.data, spec, loss, backend.dtype === 'float32');
      using network = Network.fromModel(backend, spec);
      checkDataset(network, data, loss, showPath(options.data));
      const report = await score(network, spec, data, loss);
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
