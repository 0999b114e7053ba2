// The --log file of `train`: one JSON line per epoch (docs/contract.md), appended to on --resume.

import { stat } from 'node:fs/promises';
import type { EpochInfo } from '@deltaml/core';
import { readText } from '../files.js';

/** One JSON line per epoch for --log (docs/contract.md). */
export function logRecord(info: EpochInfo): string {
  const v = info.validation;
  const record = {
    epoch: info.epoch + 1,
    loss: info.loss,
    ...(v && { val_loss: v.loss }),
    ...(v?.accuracy !== undefined && { val_accuracy: v.accuracy }),
    ...(v?.rmse !== undefined && { val_rmse: v.rmse }),
    lr: info.lr,
    seconds: info.seconds,
  };
  return JSON.stringify(record);
}

/**
 * The lines of an earlier run's --log that a resume keeps: those of the epochs the checkpoint
 * holds (a line written after the checkpoint's last epoch is rewritten by the resumed run). A line
 * that is not one of ours is kept as it is: nothing the user had is lost. No file, no lines.
 */
export async function linesToKeep(path: string, epochsDone: number): Promise<string[]> {
  try {
    await stat(path);
  } catch {
    return [];
  }
  const text = await readText(path, { kind: 'log file' });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => {
      try {
        const { epoch } = JSON.parse(line) as { epoch?: unknown };
        return !(typeof epoch === 'number' && epoch > epochsDone);
      } catch {
        return true;
      }
    });
}
