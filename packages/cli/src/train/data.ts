// The data `train` reads: the training file, the validation file or split, the class names (the
// checkpoint's, the model's or the file's), and the input scaling the model will apply.

import {
  type Dataset,
  LOSSES,
  type LossSpec,
  layerSizes,
  type ModelSpec,
  splitDataset,
  standardizer,
} from '@deltaml/core';
import type { Checkpoint } from '../checkpoint.js';
import { readDataset } from '../csv.js';
import { UsageError } from '../failure.js';
import type { TrainFlags } from './flags.js';

/** How many class names a loss on this network needs: 2 for a single-output binary loss, else d_L. */
export function classCount(spec: ModelSpec, loss: LossSpec): number {
  return LOSSES[loss.kind].targets === 'binary' ? 2 : (layerSizes(spec).at(-1) as number);
}

/** The training data, the validation data and the class names, as the files hold them (not yet scaled). */
export async function readTrainingData(
  flags: TrainFlags,
  spec: ModelSpec,
  loss: LossSpec,
  float32: boolean,
  saved?: Checkpoint,
) {
  const outputSize = layerSizes(spec).at(-1) as number;
  const targets = LOSSES[loss.kind].targets;
  const known = saved?.classes ?? spec.classes;
  // --standardize measures mean and std on the file's exact values, not their float32 roundings
  const file = await readDataset(flags.data, {
    targets,
    outputSize,
    classes: known,
    float32,
    exact: flags.standardize,
  });
  const classes = known ?? file.classes;
  const wanted = classCount(spec, loss);
  if (!known && classes && classes.length !== wanted) {
    // the model file keeps one name per class: they must all appear in the training data
    throw new UsageError(
      `${flags.data}: its label column names ${classes.length} classes (${classes.join(', ')}), but the ${loss.kind} loss on this network needs ${wanted}`,
    );
  }
  let data: Dataset = file.dataset;
  let validation: Dataset | undefined;
  if (flags.validation) {
    const held = await readDataset(flags.validation, {
      targets,
      outputSize,
      classes: classes ?? undefined,
      float32,
      exact: flags.standardize,
    });
    if (!classes && held.classes) {
      throw new UsageError(
        `${flags.validation}: its labels are class names, but ${flags.data}'s are indices`,
      );
    }
    validation = held.dataset;
  } else if (flags.validationSplit !== undefined) {
    ({ train: data, validation } = splitDataset(
      data,
      flags.validationSplit,
      flags.seed,
      targets !== 'values',
    ));
  }
  return { data, validation, classes: classes ?? null };
}

/** The input scaling the model will apply: the checkpoint's, the model's, or measured on the training data. */
export function inputTransform(flags: TrainFlags, spec: ModelSpec, data: Dataset, saved?: Checkpoint) {
  if (flags.standardize && spec.inputTransform) {
    throw new UsageError(
      `--standardize: ${flags.model} already has an inputTransform; train without --standardize`,
    );
  }
  return saved?.inputTransform ?? spec.inputTransform ?? (flags.standardize ? standardizer(data) : undefined);
}
