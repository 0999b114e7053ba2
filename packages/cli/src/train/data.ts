// The data `train` reads: the training file, the validation file or split, the class names (the
// checkpoint's, the model's or the file's), and the input scaling the model will apply.

import { createHash, type Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import {
  type Dataset,
  LOSSES,
  type LossSpec,
  layerSizes,
  type ModelSpec,
  splitDataset,
  standardizer,
} from '@deltaml/core';
import { readDataset } from '@deltaml/data/node';
import { type Checkpoint, fileDigest } from '../checkpoint.js';
import { UsageError } from '../failure.js';
import type { TrainFlags } from './flags.js';

/** How many class names a loss on this network needs: 2 for a single-output binary loss, else d_L. */
export function classCount(spec: ModelSpec, loss: LossSpec): number {
  return LOSSES[loss.kind].targets === 'binary' ? 2 : (layerSizes(spec).at(-1) as number);
}

/** The SHA-256 of a data file that can be read on its own (a regular file); undefined for a pipe. */
export async function digestUnlessPipe(path: string): Promise<string | undefined> {
  const regular = await stat(path).then(
    (s) => s.isFile(),
    () => true, // fileDigest names the file that cannot be read
  );
  return regular ? fileDigest(path) : undefined;
}

/** The digests of the training and validation files, where digestUnlessPipe could take them before reading. */
export interface KnownDigests {
  readonly data: string | undefined;
  readonly validation: string | null | undefined;
}

/**
 * `read(hash)` and the file's digest: `known`, or else taken from the bytes the reader reads (a
 * pipe is read only once; a regular file is then not read twice). No digest when none is wanted.
 */
async function digested<T>(
  wanted: boolean,
  known: string | undefined,
  read: (hash: Hash | undefined) => Promise<T>,
): Promise<{ value: T; digest: string | undefined }> {
  const hash = wanted && known === undefined ? createHash('sha256') : undefined;
  const value = await read(hash);
  return { value, digest: hash ? hash.digest('hex') : known };
}

/**
 * The training data, the validation data and the class names, as the files hold them (not yet
 * scaled), with the digests of the files for the resume fingerprint when `digests` is given (a
 * run that writes or resumes a checkpoint): the ones known before the read, the rest taken while reading.
 */
export async function readTrainingData(
  flags: TrainFlags,
  spec: ModelSpec,
  loss: LossSpec,
  float32: boolean,
  digests: KnownDigests | undefined,
  saved?: Checkpoint,
) {
  const outputSize = layerSizes(spec).at(-1) as number;
  const targets = LOSSES[loss.kind].targets;
  const known = saved?.classes ?? spec.classes;
  // --standardize measures mean and std on the file's exact values, not their float32 roundings
  const { value: file, digest: dataDigest } = await digested(digests !== undefined, digests?.data, (hash) =>
    readDataset(flags.data, { targets, outputSize, classes: known, float32, exact: flags.standardize, hash }),
  );
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
  let validationDigest: string | null | undefined = null;
  if (flags.validation) {
    const path = flags.validation;
    const read = await digested(digests !== undefined, digests?.validation ?? undefined, (hash) =>
      readDataset(path, {
        targets,
        outputSize,
        classes: classes ?? undefined,
        float32,
        exact: flags.standardize,
        hash,
      }),
    );
    const held = read.value;
    validationDigest = read.digest;
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
  return {
    data,
    validation,
    classes: classes ?? null,
    digests:
      dataDigest === undefined || validationDigest === undefined
        ? undefined
        : { data: dataDigest, validation: validationDigest },
  };
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
