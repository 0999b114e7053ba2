// `deltaml predict`: a model's outputs for every row of a data file, as CSV — the class and its
// probabilities for a classifier, the outputs y0… otherwise. The file is streamed a block of
// rows at a time, so a file larger than memory works at constant memory; --out is written
// through the output rules (checked first, replaced atomically, left as it was on a failure).

import { once } from 'node:events';
import {
  LOSS_KINDS,
  LOSSES,
  type LossKind,
  type ModelSpec,
  Network,
  type OutputKind,
  predictedClass,
  softmaxColumn,
  stableSigmoid,
} from '@deltaml/core';
import { Command, Option } from 'commander';
import { streamExamples } from '../csv.js';
import { UsageError } from '../failure.js';
import { readModelFile } from '../files.js';
import { EXAMPLES_PER_PASS, networkOutputs, outputKind } from '../model-outputs.js';
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

/** The header row for `kind` with d_L = `d` outputs. */
function header(kind: OutputKind, d: number): string {
  switch (kind) {
    case 'values':
      return Array.from({ length: d }, (_, j) => `y${j}`).join(',');
    case 'softmax':
      return ['class', ...Array.from({ length: d }, (_, k) => `p${k}`)].join(',');
    case 'sigmoid':
      return 'class,p0,p1';
  }
}

/** One CSV row per column n of Z (d × N). */
function rowsOf(
  kind: OutputKind,
  Z: ArrayLike<number>,
  d: number,
  N: number,
  classes?: readonly string[],
): string {
  const name = (k: number) => (classes ? csvCell(classes[k]) : String(k));
  const p = new Float64Array(d);
  let text = '';
  for (let n = 0; n < N; n++) {
    switch (kind) {
      case 'values':
        for (let j = 0; j < d; j++) text += `${j > 0 ? ',' : ''}${Z[j * N + n]}`;
        break;
      case 'softmax':
        softmaxColumn(Z, d, N, n, p);
        text += `${name(predictedClass(Z, d, N, n))},${p.join(',')}`;
        break;
      case 'sigmoid': {
        const p1 = stableSigmoid(Z[n]);
        text += `${name(predictedClass(Z, 1, N, n))},${1 - p1},${p1}`;
        break;
      }
    }
    text += '\n';
  }
  return text;
}

/** The CSV text, a block of rows at a time, as the data file is read; nothing before the first block is read. */
async function* predictions(
  network: Network,
  spec: ModelSpec,
  kind: OutputKind,
  flags: PredictFlags,
  float32: boolean,
) {
  const d = network.outputSize;
  let head = `${header(kind, d)}\n`;
  const blocks = streamExamples(flags.data, {
    inputSize: network.inputSize,
    float32,
    batchSize: EXAMPLES_PER_PASS,
  });
  for await (const block of blocks) {
    const Z = await networkOutputs(network, spec, block.inputs, block.count);
    yield head + rowsOf(kind, Z, d, block.count, spec.classes);
    head = '';
  }
}

/** How the outputs are read, refusing a loss the network's output size cannot have. */
function checkedKind(spec: ModelSpec, loss: LossKind | undefined): OutputKind {
  const kind = outputKind(spec, loss);
  const outputSize = spec.layers[spec.layers.length - 1].weights.length;
  const why = loss && LOSSES[loss].checkOutputSize(outputSize);
  if (why) throw new UsageError(`--loss ${loss} cannot read this model's outputs: ${why}`);
  return kind;
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

A model is a classifier when it has "classes" (train writes them when the labels are names), or
when --loss names a classification loss (${lossesWith('outputs', ['softmax', 'sigmoid'])}): use
--loss for a model trained on class indices. The model's "inputTransform" is applied first.
The data file is read a block at a time: memory stays the same however large it is. With --out
the file is replaced only when every row is done; on stdout the rows before a bad line are
already printed.

Example:
  deltaml predict --model trained.json --data new.csv --out predictions.csv`,
    )
    .action(async (flags: PredictFlags) => {
      const spec = await readModelFile(flags.model);
      const kind = checkedKind(spec, flags.loss);
      const output =
        flags.out === undefined
          ? undefined
          : await prepareOutput(flags.out, { inputs: [flags.model, flags.data] });
      const { backend } = await openBackend(flags.backend);
      using network = Network.fromModel(backend, spec);
      const text = predictions(network, spec, kind, flags, backend.dtype === 'float32');
      if (output) {
        await output.write(text);
        return;
      }
      for await (const chunk of text) {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      }
    });
}
