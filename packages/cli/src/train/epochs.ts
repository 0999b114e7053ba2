// The epochs of `deltaml train`: the Trainer's run with what each epoch writes beside it (the
// progress line, the --log records, the --checkpoint), interrupted cleanly by Ctrl-C or SIGTERM.
// An interrupted run is an InterruptedError saying what was kept; a finished or early-stopped one
// leaves its last checkpoint marked as such. Writing the model is the command's (commands/train.ts).

import {
  type EpochInfo,
  InputError,
  type Trainer,
  type TrainResult,
  ValidationLossError,
} from '@deltaml/core';
import { showPath } from '@deltaml/data/node';
import type { Checkpoint } from '../checkpoint.js';
import { InterruptedError } from '../failure.js';
import type { PreparedOutput } from '../output-file.js';
import { trainingProgress } from '../progress.js';
import type { TrainFlags } from './flags.js';
import { linesToKeep, logRecord } from './log.js';
import { type CheckpointContext, writeCheckpoint } from './resume.js';
import { withInterrupt } from './signals.js';

/** The Trainer's refusal of a non-finite validation loss, said with the data it came from. */
function namingValidationData(flags: TrainFlags, error: unknown): unknown {
  if (!(error instanceof ValidationLossError)) return error;
  const source = flags.validation
    ? showPath(flags.validation)
    : `--validation-split ${flags.validationSplit}`;
  return new InputError(
    `${source}: the validation loss after epoch ${error.epoch + 1} is ${error.loss}; check the validation data for values far outside the training data's`,
  );
}

/** Where the epochs write beside the model: the prepared --log and --checkpoint outputs, if given. */
export interface EpochOutputs {
  readonly logOut: PreparedOutput | undefined;
  /** the prepared --checkpoint and what each checkpoint holds beside the trainer's state */
  readonly checkpoint: { readonly output: PreparedOutput; readonly context: CheckpointContext } | undefined;
  /** the checkpoint resumed from, whose log lines up to its epoch are kept */
  readonly saved: Checkpoint | undefined;
}

/** How the run ended: the Trainer's result and whether early stopping cut it short. */
export interface EpochsRun {
  readonly result: TrainResult;
  /** patience ran out before the last epoch (on the last epoch it stopped nothing) */
  readonly stoppedEarly: boolean;
}

/** Runs the remaining epochs, writing the log and checkpoint after each; throws InterruptedError on a signal. */
export async function runEpochs(
  flags: TrainFlags,
  trainer: Trainer,
  outputs: EpochOutputs,
): Promise<EpochsRun> {
  const { logOut, checkpoint, saved } = outputs;
  const logLines = logOut && saved ? await linesToKeep(logOut.path, saved.state.epoch) : [];
  const progress = trainingProgress(flags.epochs);
  const onEpoch = async (info: EpochInfo) => {
    progress.onEpoch(info);
    if (logOut) {
      logLines.push(logRecord(info));
      await logOut.write(`${logLines.join('\n')}\n`);
    }
    if (checkpoint) await writeCheckpoint(checkpoint.output, checkpoint.context, trainer, null);
    return undefined;
  };
  const result = await withInterrupt(async (signal) => {
    try {
      return await trainer.run({ onStep: progress.onStep, onEpoch, signal });
    } catch (error) {
      throw namingValidationData(flags, error);
    } finally {
      progress.stop();
    }
  });
  if (result.stopped && !result.earlyStopped) {
    const kept =
      checkpoint && result.epochs > 0
        ? `; the checkpoint ${flags.checkpoint} holds epochs 1–${result.epochs}`
        : '';
    throw new InterruptedError(
      `interrupted during epoch ${result.epochs + 1} of ${flags.epochs}; ${flags.out} was left as it was${kept}`,
    );
  }
  const stoppedEarly = result.earlyStopped && result.epochs < flags.epochs;
  if (checkpoint) {
    const ended = stoppedEarly ? 'stopped early' : 'finished';
    await writeCheckpoint(checkpoint.output, checkpoint.context, trainer, ended);
  }
  return { result, stoppedEarly };
}
