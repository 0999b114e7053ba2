// Parquet data files (issue #21): recognised by content whatever their name, snappy and zstd,
// several row groups, read with the same column rules as CSV; and train, eval and predict give
// exactly what they give on the CSV copy. The fixtures and their CSV copies come from
// scripts/make-parquet-fixtures.py (pyarrow).

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, initModel, serializeModel } from '@deltaml/core';
import { type DatasetOptions, readDataset, streamExamples } from '@deltaml/data/node';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile } from './helpers/cli.js';

const FIXTURES = new URL('./fixtures/parquet/', import.meta.url).pathname;
const fixture = (name: string) => join(FIXTURES, name);
const CLASSES: DatasetOptions = { targets: 'classes', outputSize: 3 };
const VALUES: DatasetOptions = { targets: 'values', outputSize: 1 };

/** Every streamed example's inputs, one row each (batches end where each format's reads do, so they are joined). */
async function streamed(path: string, inputSize: number): Promise<{ inputs: number[] }[]> {
  const rows = [];
  for await (const batch of streamExamples(path, { inputSize, batchSize: 4 })) {
    expect(batch.count).toBeLessThanOrEqual(4);
    for (let n = 0; n < batch.count; n++)
      rows.push({ inputs: [...batch.inputs.subarray(n * inputSize, (n + 1) * inputSize)] });
  }
  return rows;
}

describe('readDataset and streamExamples read a Parquet file as its CSV copy', () => {
  it.each([
    ['classes-snappy.parquet', 'classes.csv', CLASSES],
    ['values-zstd.parquet', 'values.csv', VALUES],
  ] as const)('%s (several row groups) equals %s, in float64 and float32', async (parquet, csv, options) => {
    for (const float32 of [false, true]) {
      const fromParquet = await readDataset(fixture(parquet), { ...options, float32 });
      const fromCsv = await readDataset(fixture(csv), { ...options, float32 });
      expect(fromParquet).toStrictEqual(fromCsv);
      expect(fromParquet.dataset.count).toBeGreaterThan(20);
    }
    const inputSize = options === CLASSES ? 4 : 3;
    const byRow = (await streamed(fixture(parquet), inputSize)).map((b) => b.inputs);
    expect(byRow).toStrictEqual((await streamed(fixture(csv), inputSize)).map((b) => b.inputs));
  });

  it('class names in order of first appearance, as in CSV', async () => {
    const { classes } = await readDataset(fixture('classes-snappy.parquet'), CLASSES);
    expect(classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('by its content, whatever its name', async () => {
    const path = join(scratchDir(), 'looks-like.csv');
    copyFileSync(fixture('values-zstd.parquet'), path);
    expect(await readDataset(path, VALUES)).toStrictEqual(await readDataset(fixture('values.csv'), VALUES));
  });
});

describe('a Parquet file is refused with the row and the column, as CSV is with the line', () => {
  const refusal = (path: string, options: DatasetOptions) =>
    readDataset(path, options).then(
      () => 'read',
      (error: unknown) => {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message.replace(FIXTURES, '');
      },
    );

  it('a null cell, and a file without the columns the loss needs', async () => {
    expect(await refusal(fixture('bad-zstd.parquet'), VALUES)).toBe(
      'bad-zstd.parquet: row 2, column 2 (x2): empty cell; expected a number',
    );
    expect(await refusal(fixture('bad-zstd.parquet'), { ...VALUES, targets: 'classes' })).toBe(
      'bad-zstd.parquet: its columns: no "label" column; class targets need the class (a 0-based index or a name)',
    );
  });

  it('class names beyond the network’s classes', async () => {
    expect(await refusal(fixture('classes-snappy.parquet'), { targets: 'classes', outputSize: 2 })).toMatch(
      /^classes-snappy\.parquet: row 3, column 6 \(label\): "virginica" would be class 3, but the network has 2 classes/,
    );
  });

  it('a truncated file', async () => {
    const path = writeFile(scratchDir(), 'cut.parquet', 'PAR1 and then nothing a Parquet reader can use');
    expect(await refusal(path, VALUES)).toMatch(/cut\.parquet: not a Parquet file this reader can read \(/);
  });
});

describe('train, eval and predict on a Parquet file give what they give on its CSV copy', () => {
  it('for class names (snappy) and value targets (zstd)', () => {
    const dir = scratchDir();
    for (const [csv, parquet, sizes, loss] of [
      ['classes.csv', 'classes-snappy.parquet', [4, 5, 3], 'cross-entropy'],
      ['values.csv', 'values-zstd.parquet', [3, 4, 1], 'mse'],
    ] as const) {
      copyFileSync(fixture(csv), join(dir, 'data.csv'));
      copyFileSync(fixture(parquet), join(dir, 'data.parquet'));
      const model = initModel({
        sizes: [...sizes],
        activations: [{ kind: 'tanh' }, { kind: 'identity' }],
        bias: true,
        seed: 3,
      });
      writeFile(dir, 'model.json', serializeModel(model));
      const outputs = (data: string) => {
        const train = deltaml(
          [
            'train',
            '--model',
            'model.json',
            '--data',
            data,
            '--validation',
            data,
            '--out',
            `out-${data}.json`,
          ].concat([
            '--loss',
            loss,
            '--epochs',
            '2',
            '--batch-size',
            '8',
            '--optimizer',
            'adam',
            '--backend',
            'cpu',
          ]),
          dir,
        );
        expect(train.status, train.stderr).toBe(0);
        const trained = `out-${data}.json`;
        const evaluated = deltaml(
          ['eval', '--model', trained, '--data', data, '--loss', loss, '--backend', 'cpu'],
          dir,
        );
        expect(evaluated.status, evaluated.stderr).toBe(0);
        const predicted = deltaml(
          ['predict', '--model', trained, '--data', data, '--loss', loss, '--backend', 'cpu'],
          dir,
        );
        expect(predicted.status, predicted.stderr).toBe(0);
        return {
          model: readFileSync(join(dir, trained), 'utf8'),
          eval: evaluated.stdout,
          predict: predicted.stdout,
        };
      };
      const fromCsv = outputs('data.csv');
      expect(outputs('data.parquet')).toStrictEqual(fromCsv);
      expect(fromCsv.predict.split('\n').length).toBeGreaterThan(20);
    }
  });
});
