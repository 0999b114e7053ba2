// `deltaml predict`: a model's outputs for every row of a data file, as CSV — the class and its
// probabilities for a classifier, the outputs y0… otherwise (core's Model reads them). Rows are
// read one at a time, at constant memory, and go through the network in blocks; a block is
// written as soon as it is done, and on a bad line the good rows before it are written first, so
// stdout holds every row up to the error. --out is written through the output rules (checked
// first, replaced atomically, left as it was on a failure).

import { once } from 'node:events';
import {
  EXAMPLES_PER_PASS,
  ExampleError,
  InputError,
  LOSS_KINDS,
  LOSSES,
  type LossKind,
  lossMismatch,
  Model,
  type ModelSpec,
  type Prediction,
} from '@deltaml/core';
import { type ExampleBatch, showPath, streamExamples } from '@deltaml/data/node';
import { Command, Option } from 'commander';
import { UsageError } from '../failure.js';
import { readModelFile } from '../files.js';
import { addBackendOption, addFileOptions, lossesWith } from '../options.js';
import { prepareOutput } from '../output-file.js';
import { openBackend } from '../problem.js';

interface PredictFlags {
  readonly model: string;
  readonly data: string;
  readonly out?: string;
  readonly loss?: LossKind;
  readonly backend: string;
}

/** A CSV cell: quoted when it holds a comma, a quote, a line break or edge spaces (which the reader trims). */
function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row per example of a prediction: the class name and p…, or y…. */
function csvRows(prediction: Prediction, names: readonly string[]): string {
  const { count, width, values, classes, output } = prediction;
  const rows: string[] = new Array(count);
  for (let n = 0, k = 0; n < count; n++) {
    let row = output === 'values' ? `${values[k++]}` : `${names[classes[n]]},${values[k++]}`;
    for (let j = 1; j < width; j++) row += `,${values[k++]}`;
    rows[n] = row;
  }
  return `${rows.join('\n')}\n`;
}

/**
 * The CSV rows of a batch of examples. When one of them cannot be predicted, `text` holds the
 * rows before it and `error` names its line.
 */
async function predictedRows(
  model: Model,
  path: string,
  batch: ExampleBatch,
  names: readonly string[],
): Promise<{ text: string; error?: InputError }> {
  try {
    return { text: csvRows(await model.predict(batch.inputs), names) };
  } catch (error) {
    if (!(error instanceof ExampleError)) throw error;
    const good = error.example;
    const before =
      good > 0 ? csvRows(await model.predict(batch.inputs.subarray(0, good * model.inputSize)), names) : '';
    return {
      text: before,
      error: new InputError(`${showPath(path)}: line ${batch.lines[good]}: ${error.detail}`),
    };
  }
}

/**
 * The CSV text as the data file is read: each batch of rows as soon as it is read (a block of
 * EXAMPLES_PER_PASS at most; fewer when that is what a slow pipe has given so far), and the good
 * rows before a bad line before its error. Nothing is yielded before the first good row, not even the header.
 */
async function* predictions(model: Model, path: string, float32: boolean): AsyncGenerator<string> {
  const names = model.classNames.map(csvCell);
  let head = `${model.predictionColumns.join(',')}\n`;
  const batches = streamExamples(path, { inputSize: model.inputSize, float32, batchSize: EXAMPLES_PER_PASS });
  for await (const batch of batches) {
    const { text, error } = await predictedRows(model, path, batch, names);
    if (text) {
      yield head + text;
      head = '';
    }
    if (error) throw error; // its line comes before any line the reader would fail on
  }
}

/** The model to predict with: the file's, read as --loss says when it is given (checked against the model). */
function readingOf(spec: ModelSpec, loss: LossKind | undefined): ModelSpec {
  if (loss === undefined) return spec;
  const why = lossMismatch(spec, loss);
  if (why) throw new UsageError(`--loss ${loss}: ${why}`);
  return { ...spec, output: LOSSES[loss].outputs };
}

export function predictCommand(): Command {
  const command = new Command('predict').description(
    "write a model's predictions for every row of a data file as CSV: the class and its probabilities, or the outputs",
  );
  addFileOptions(command);
  command
    .option('--out <file>', 'write the CSV here (atomically) instead of to stdout')
    .addOption(
      new Option(
        '--loss <loss>',
        'the loss the model was trained with, which says how to read its outputs (see below)',
      ).choices(LOSS_KINDS),
    );
  addBackendOption(command);
  return command
    .addHelpText(
      'after',
      `
Output (CSV, one row per data row, in order; target and label columns of the data are ignored):
  a classifier:  class,p0,…,p{K-1}  the predicted class (its name when the model has "classes",
                 else its index) and the probabilities: softmax of the K outputs, or for one
                 output (${lossesWith('outputs', ['sigmoid'])}) p1 = sigmoid(z) and p0 = 1 − p1
  otherwise:     y0,…,y{d-1}        the network's outputs

A model is a classifier when its "output" is "softmax" or "sigmoid" (train writes it from its
loss), or, for a file without "output", when it has "classes"; --loss reads an older file's
outputs as that loss does. The model's "inputTransform" is applied first. A row whose numbers
overflow the backend anywhere in the network exits 2 naming its line. The data file is read a row
at a time and predicted in blocks: memory stays the same however large it is. With --out the file
is replaced only when every row is done; on stdout the rows before a bad line are printed.

Example:
  deltaml predict --model trained.json --data new.csv --out predictions.csv`,
    )
    .action(async (flags: PredictFlags) => {
      const spec = readingOf(await readModelFile(flags.model), flags.loss);
      const output =
        flags.out === undefined
          ? undefined
          : await prepareOutput(flags.out, { inputs: [flags.model, flags.data] });
      const { backend } = await openBackend(flags.backend);
      using model = Model.fromSpec(backend, spec, showPath(flags.model));
      const text = predictions(model, flags.data, backend.dtype === 'float32');
      if (output) {
        await output.write(text);
        return;
      }
      for await (const chunk of text) {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      }
    });
}
