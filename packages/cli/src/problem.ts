// What grad, train and eval share: read the model file and the data file, load the backend, put
// the network on it and check that the data fits the network and the loss — failing, before any
// work, with the message of the first problem found.

import {
  type Backend,
  checkDataset,
  type Dataset,
  type LossSpec,
  layerSizes,
  Network,
  type Rejection,
} from '@deltaml/core';
import { loadBackend } from './backends.js';
import { readDataset } from './csv.js';
import { readModelFile } from './files.js';
import { lossSpec, type ProblemOptions } from './options.js';

export interface Problem {
  readonly backend: Backend;
  readonly network: Network;
  readonly data: Dataset;
  readonly loss: LossSpec;
  [Symbol.dispose](): void;
}

/** One stderr line when `tfjs` fell back to another engine: never a silent fallback. */
function noteRejected(name: string, rejected: readonly Rejection[]): void {
  if (rejected.length === 0) return;
  const reasons = rejected.map((r) => `${r.name}: ${r.reason}`).join('; ');
  process.stderr.write(`note: running on ${name} (${reasons})\n`);
}

export async function openProblem(options: ProblemOptions): Promise<Problem> {
  const spec = await readModelFile(options.model);
  const loss = lossSpec(options);
  const data = await readDataset(options.data, loss, layerSizes(spec).at(-1) as number);
  const { name, backend, rejected } = await loadBackend(options.backend);
  noteRejected(name, rejected);
  const network = Network.fromModel(backend, spec);
  try {
    checkDataset(network, data, loss, options.data);
  } catch (error) {
    network.dispose();
    throw error;
  }
  return { backend, network, data, loss, [Symbol.dispose]: () => network.dispose() };
}
