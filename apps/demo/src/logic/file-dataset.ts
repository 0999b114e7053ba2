// A data file (CSV or Parquet, CONTRACT.md's data file) as the Train panel's points, read by
// @deltaml/data, the reader the deltaml command uses, so its column rules and messages are the
// same here. The panel plots x₁ against x₂, so the file's rule is: exactly two input columns (x…,
// the first is x₁), and a `label` column (class indices or names) or else one `y` column of 0/1
// (two classes); at most as many classes as the plot has colours. The points keep the file's
// order, and the Train panel splits them as it splits a toy dataset (the first share trains).

import { InputError } from '@deltaml/core';
import { type BlobLike, blobSource, readColumns, readDataset, showPath } from '@deltaml/data';
import type { PointSet } from './datasets.js';
import { CLASS_COLORS } from './heatmap.js';

/** The most examples a file may have: the plot draws every point. */
export const MAX_FILE_POINTS = 10_000;

/** The points of a data file. */
export interface FileDataset extends PointSet {
  /** the file's name, as messages name it */
  readonly name: string;
}

/** The one-line refusal of a file that is a good data file but not one the panel can plot. */
const refuse = (name: string, why: string) => new InputError(`${showPath(name)}: ${why}`);

/** Reads a data file into points, or throws the reader's own one-line message (naming file, line and column). */
export async function readFileDataset(file: BlobLike & { readonly name: string }): Promise<FileDataset> {
  const { name } = file;
  const columns = await readColumns(blobSource(file, name));
  const inputs = columns.filter((c) => c.startsWith('x'));
  if (inputs.length !== 2) {
    throw refuse(
      name,
      `${inputs.length} input columns (names starting with "x"); the playground plots exactly two, x₁ and x₂`,
    );
  }
  const targets = columns.filter((c) => c.startsWith('y'));
  const labelled = columns.includes('label');
  if (!labelled && targets.length !== 1) {
    throw refuse(
      name,
      `no "label" column and ${targets.length} target columns (names starting with "y"); the playground takes a class label or one 0/1 y`,
    );
  }
  const classLimit = CLASS_COLORS.length;
  const { dataset, classes } = await readDataset(blobSource(file, name), {
    targets: labelled ? 'classes' : 'binary',
    outputSize: labelled ? classLimit : 1,
  });
  if (dataset.count < 2 || dataset.count > MAX_FILE_POINTS) {
    throw refuse(
      name,
      `${dataset.count} example${dataset.count === 1 ? '' : 's'}; the playground takes 2 (a training and a test point) to ${MAX_FILE_POINTS}`,
    );
  }
  const labels = Uint8Array.from(dataset.targets);
  const classCount = labelled ? (classes?.length ?? Math.max(...labels) + 1) : 2;
  return {
    name,
    classes: Math.max(classCount, 2),
    ...(classes ? { classNames: classes } : {}),
    points: Float64Array.from(dataset.inputs),
    labels,
    count: dataset.count,
  };
}
