// What the commands share: loading the backend they run on, and for grad, train and eval reading
// the model file and the data file, putting the network on the backend and checking that the data
// fits the network and the loss — failing, before any work, with the first problem found.

import {
  type Backend,
  type BackendSelection,
  checkDataset,
  type Dataset,
  LOSSES,
  type LossSpec,
  layerSizes,
  Network,
  transformDataset,
} from '@deltaml/core';
import { loadBackend } from './backends.js';
import { readDataset } from './csv.js';
import { readModelFile } from './files.js';
import { lossFromFlags, type ProblemOptions } from './options.js';

export interface Problem {
  readonly backend: Backend;
  readonly network: Network;
  readonly data: Dataset;
  readonly loss: LossSpec;
  [Symbol.dispose](): void;
}

/** Loads a backend, saying on one stderr line which engines `tfjs` rejected: never a silent fallback. */
export async function openBackend(name: string): Promise<BackendSelection> {
  const selection = await loadBackend(name);
  if (selection.rejected.length > 0) {
    const reasons = selection.rejected.map((r) => `${r.name}: ${r.reason}`).join('; ');
    process.stderr.write(`note: running on ${selection.name} (${reasons})\n`);
  }
  return selection;
}

export async function openProblem(options: ProblemOptions): Promise<Problem> {
  const spec = await readModelFile(options.model);
  const loss = lossFromFlags(options);
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
