// Writing an exported layers model to a directory, as the CLI's export does, for the tests that
// load it with the real tf.loadLayersModel.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TfjsModel } from '../../src/index.js';

/** A new directory holding model.json and the weight files. */
export function writeTfjsModel(model: TfjsModel): string {
  const directory = mkdtempSync(join(tmpdir(), 'deltaml-tfjs-'));
  writeFileSync(join(directory, 'model.json'), model.modelJSON);
  for (const [name, bytes] of model.weights) writeFileSync(join(directory, name), bytes);
  return directory;
}
