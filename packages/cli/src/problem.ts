// What the commands share: loading the backend they run on, and for grad, train and eval reading
// the model file and the data file, putting the network on the backend and checking that the data
// fits the network and the loss — failing, before any work, with the first problem found.

import {
  type Backend,
  checkDataset,
  type Dataset,
  LOSS_KINDS,
  LOSSES,
  type LossSpec,
  layerSizes,
  type ModelSpec,
  Network,
  transformDataset,
} from '@deltaml/core';
import { readDataset } from '@deltaml/data/node';
import { BACKENDS, type LoadedSelection, loadBackend } from './backends.js';
import { UsageError } from './failure.js';
import { readModelFile } from './files.js';
import { lossFromFlags, type ProblemOptions } from './options.js';

export interface Problem {
  readonly backend: Backend;
  readonly network: Network;
  readonly data: Dataset;
  readonly loss: LossSpec;
  [Symbol.dispose](): void;
}

/** The notes naming the backend each picking name chose, said once the command has done its work. */
const backendNotes: string[] = [];

/**
 * Loads a backend. For a name that picks among others (`auto`, the default, and `tfjs`), the
 * command says on one stderr line which backend ran and why each one before it was rejected —
 * never a silent fallback — once its work is done (sayBackendNote), so that a refusal stays one line.
 */
export async function openBackend(name: string): Promise<LoadedSelection> {
  const selection = await loadBackend(name);
  if (BACKENDS.find((entry) => entry.name === name)?.picksFrom) {
    const reasons = selection.rejected.map((r) => `; ${r.name}: ${r.reason}`).join('');
    backendNotes.push(`note: ran on ${selection.name} (--backend ${name}${reasons})\n`);
  }
  return selection;
}

/** Writes the notes of openBackend, one line per picking name loaded (main calls it after a command succeeds). */
export function sayBackendNote(stderr: NodeJS.WritableStream = process.stderr): void {
  for (const note of backendNotes.splice(0)) stderr.write(note);
}

/**
 * Refuses a loss that reads the outputs as values on a model with class names (`--loss mse` on a
 * classifier), as eval does: the gradients or the trained model would mean nothing for its classes.
 */
export function checkLossFitsModel(spec: ModelSpec, loss: LossSpec): void {
  if (LOSSES[loss.kind].targets !== 'values' || !spec.classes) return;
  throw new UsageError(
    `--loss ${loss.kind}: the model has class names (${spec.classes.length} classes); use a classification loss (${LOSS_KINDS.filter((k) => LOSSES[k].targets !== 'values').join(', ')})`,
  );
}

export async function openProblem(options: ProblemOptions): Promise<Problem> {
  const spec = await readModelFile(options.model);
  const loss = lossFromFlags(options);
  checkLossFitsModel(spec, loss);
  const outputSize = layerSizes(spec).at(-1) as number;
  const targets = LOSSES[loss.kind].targets;
  // every backend the command line offers computes in float32
  const file = await readDataset(options.data, { targets, outputSize, classes: spec.classes, float32: true });
  const data = transformDataset(spec.inputTransform, file.dataset); // the model's input scaling, if it has one
  const { backend } = await openBackend(options.backend);
  const network = Network.fromModel(backend, spec);
  try {
    checkDataset(network, data, loss, options.data);
  } catch (error) {
    network.dispose();
    throw error;
  }
  return { backend, network, data, loss, [Symbol.dispose]: () => network.dispose() };
}
