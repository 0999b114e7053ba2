// Checking a checkpoint against this run before any work (--resume), and writing one after
// every epoch (--checkpoint): every file `train` writes can be resumed by the next command.

import { InputError, type LossSpec, layerSizes, type ModelSpec, type Trainer } from '@deltaml/core';
import { showPath } from '@deltaml/data/node';
import {
  CHECKPOINT_FORMAT,
  type Checkpoint,
  checkpointText,
  type RunEnd,
  type RunFingerprint,
} from '../checkpoint.js';
import { UsageError } from '../failure.js';
import type { PreparedOutput } from '../output-file.js';
import { classCount } from './data.js';
import type { TrainFlags } from './flags.js';

/** A network's shape as one line: the sizes, then each layer's activation and whether it has a bias. */
function architecture(spec: ModelSpec): string {
  const layers = spec.layers.map(
    ({ activation: f, bias }) => `${f.kind}${'alpha' in f ? `(${f.alpha})` : ''}${bias ? '+bias' : ''}`,
  );
  return `${layerSizes(spec).join('-')} (${layers.join(', ')})`;
}

/** Refuses a checkpoint that does not fit the model file, the loss or --epochs (before the data is read). */
export function checkResumable(saved: Checkpoint, flags: TrainFlags, spec: ModelSpec, loss: LossSpec): void {
  const resume = `--resume ${flags.resume}`;
  if (architecture(saved.state.model) !== architecture(spec)) {
    throw new UsageError(
      `${resume}: it holds a ${architecture(saved.state.model)} network, but ${flags.model} is ${architecture(spec)}`,
    );
  }
  const wanted = classCount(spec, loss);
  if (saved.classes && saved.classes.length !== wanted) {
    throw new InputError(
      `${showPath(flags.resume ?? '')}: not a usable checkpoint: classes has ${saved.classes.length} names, but the ${loss.kind} loss on this network has ${wanted} classes`,
    );
  }
  if (flags.epochs < saved.state.epoch) {
    throw new UsageError(
      `--epochs ${flags.epochs}: the checkpoint ${flags.resume} has done ${saved.state.epoch} epochs already; give --epochs ${saved.state.epoch} or more`,
    );
  }
}

/** Refuses a checkpoint whose position in the epoch lies outside the training data (after it is read). */
export function checkCursor(saved: Checkpoint, flags: TrainFlags, examples: number): void {
  const { cursor } = saved.state;
  if (cursor > 0 && cursor >= examples) {
    throw new InputError(
      `${showPath(flags.resume ?? '')}: not a usable checkpoint: state.cursor is ${cursor}, but the training data has ${examples} examples`,
    );
  }
}

/** Why a resumed run has nothing left to train, or null: it ended early, or it has done every epoch asked for. */
export function nothingLeft(saved: Checkpoint | undefined, epochs: number): string | null {
  if (!saved) return null;
  if (saved.ended === 'stopped early')
    return `the checkpoint's run stopped early at epoch ${saved.state.epoch}`;
  if (saved.state.epoch >= epochs && saved.state.cursor === 0) {
    return `the checkpoint's run has done its ${saved.state.epoch} epochs`;
  }
  return null;
}

/** What a checkpoint holds beside the trainer's state. */
export interface CheckpointContext {
  readonly run: RunFingerprint;
  readonly classes: readonly string[] | null;
  readonly inputTransform: Checkpoint['inputTransform'];
}

/** Writes the whole training state, and how the run ended once it has. */
export async function writeCheckpoint(
  output: PreparedOutput,
  context: CheckpointContext,
  trainer: Trainer,
  ended: RunEnd,
): Promise<void> {
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    ...context,
    state: await trainer.saveState(),
    ended,
  };
  await output.write(checkpointText(checkpoint));
}
