// `deltaml predict`: class names and softmax or sigmoid probabilities, the outputs of a
// regression model, the model's input transform, a generated file of many blocks in order,
// --out written atomically, and bad input that exits 2 leaving every file as it was.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOAT32, isClose } from '@deltaml/conformance';
import { type InputTransform, type ModelSpec, makeActivation } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile, writeModel } from './helpers/cli.js';

/** Probabilities are computed in float64 on the host: they sum to 1 within a few ulps. */
const SUM_TOLERANCE = 1e-12;

/** Z_L = W·(transformed x) + b: one identity layer, so every output is known by hand. */
function linearModel(
  weights: number[][],
  extra: { bias?: number[]; classes?: string[]; inputTransform?: InputTransform } = {},
): ModelSpec {
  const { bias, ...rest } = extra;
  const layer = { activation: makeActivation('identity'), weights, ...(bias && { bias }) };
  return { inputSize: weights[0].length, layers: [layer], ...rest };
}

function predictCsv(dir: string, ...args: string[]): string[][] {
  const run = deltaml(['predict', '--model', 'model.json', '--data', 'data.csv', ...args], dir);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

const softmax = (z: number[]) => {
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const total = e.reduce((a, b) => a + b);
  return e.map((v) => v / total);
};

describe('predict for a classifier', () => {
  // Z = X (3 inputs, 3 classes); the label column of the data is optional and ignored
  const X = [
    [2, 0, -1],
    [0.5, 3, 0],
    [-1, -1, 4],
    [1, 1, 0.5],
  ];
  const data = `x1,x2,x3,label\n${X.map((x) => `${x.join(',')},whatever`).join('\n')}\n`;

  it('writes the class by name and the softmax probabilities, which sum to 1', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        { classes: ['cat', 'dog', 'fish'] },
      ),
    );
    writeFile(dir, 'data.csv', data);
    const [header, ...rows] = predictCsv(dir);
    expect(header).toEqual(['class', 'p0', 'p1', 'p2']);
    expect(rows.map((r) => r[0])).toEqual(['cat', 'dog', 'fish', 'cat']);
    rows.forEach((row, n) => {
      const p = row.slice(1).map(Number);
      expect(Math.abs(p.reduce((a, b) => a + b) - 1)).toBeLessThanOrEqual(SUM_TOLERANCE);
      softmax(X[n]).forEach((want, k) =>
        expect(isClose(p[k], want, FLOAT32), `${p[k]} vs ${want}`).toBe(true),
      );
    });
  });

  it('writes the class index for a model without names when --loss says it is a classifier', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    );
    writeFile(dir, 'data.csv', data);
    const [header, ...rows] = predictCsv(dir, '--loss', 'cross-entropy');
    expect(header).toEqual(['class', 'p0', 'p1', 'p2']);
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2', '0']);
    const plain = predictCsv(dir);
    expect(plain[0]).toEqual(['y0', 'y1', 'y2']);
    expect(plain.slice(1).map((r) => r.map(Number))).toEqual(X);
  });

  it('writes p1 = sigmoid(z) and p0 = 1 − p1 for one logit (binary-cross-entropy)', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linearModel([[1]], { classes: ['benign', 'malignant'] }));
    writeFile(dir, 'data.csv', 'x1\n-3\n0\n2\n');
    const [header, ...rows] = predictCsv(dir);
    expect(header).toEqual(['class', 'p0', 'p1']);
    expect(rows.map((r) => r[0])).toEqual(['benign', 'benign', 'malignant']);
    [-3, 0, 2].forEach((z, n) => {
      const [p0, p1] = rows[n].slice(1).map(Number);
      expect(isClose(p1, 1 / (1 + Math.exp(-z)), FLOAT32)).toBe(true);
      expect(Math.abs(p0 + p1 - 1)).toBeLessThanOrEqual(SUM_TOLERANCE);
    });
    const indexed = scratchDir();
    writeModel(indexed, 'model.json', linearModel([[1]]));
    writeFile(indexed, 'data.csv', 'x1\n-3\n0\n2\n');
    expect(predictCsv(indexed, '--loss', 'binary-cross-entropy').map((r) => r[0])).toEqual([
      'class',
      '0',
      '0',
      '1',
    ]);
  });

  it('quotes a class name that holds a comma or a quote', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel(
        [
          [1, 0],
          [0, 1],
        ],
        { classes: ['a, b', 'say "hi"'] },
      ),
    );
    writeFile(dir, 'data.csv', 'x1,x2\n1,0\n0,1\n');
    const run = deltaml(['predict', '--model', 'model.json', '--data', 'data.csv'], dir);
    const [, first, second] = run.stdout.split('\n');
    expect(first.startsWith('"a, b",')).toBe(true);
    expect(second.startsWith('"say ""hi""",')).toBe(true);
  });
});

describe('predict for y targets', () => {
  it("applies the model's inputTransform before the first layer", () => {
    const dir = scratchDir();
    const inputTransform: InputTransform = { kind: 'standardize', mean: [1, -2], std: [2, 0.5] };
    writeModel(
      dir,
      'model.json',
      linearModel(
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
        { bias: [0, 0, 10], inputTransform },
      ),
    );
    writeFile(dir, 'data.csv', 'x1,x2,y1\n1,-2,7\n5,-1,7\n-3,0,7\n');
    const [header, ...rows] = predictCsv(dir);
    expect(header).toEqual(['y0', 'y1', 'y2']);
    // (x1 − 1)/2 and (x2 + 2)/0.5: (0, 0), (2, 2), (−2, 4)
    expect(rows.map((r) => r.map(Number))).toEqual([
      [0, 0, 10],
      [2, 2, 14],
      [-2, 4, 12],
    ]);
  });

  it('streams a generated file of many blocks, one row per data row, in order; --out equals stdout', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [1, 0],
        [0, -1],
      ]),
    );
    const N = 100_000;
    const lines = ['x1,x2,y'];
    for (let n = 0; n < N; n++) lines.push(`${n},${n % 13},0`);
    writeFile(dir, 'data.csv', `${lines.join('\n')}\n`);
    const run = deltaml(['predict', '--model', 'model.json', '--data', 'data.csv'], dir);
    expect(run.status).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(N + 1);
    for (const n of [0, 1023, 1024, 50_000, N - 1])
      expect(rows[n + 1]).toBe(`${n},${n % 13 === 0 ? 0 : -(n % 13)}`);
    expect(
      deltaml(['predict', '--model', 'model.json', '--data', 'data.csv', '--out', 'out.csv'], dir).status,
    ).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(run.stdout);
  });
});

describe('predict refuses bad input with one line and exit status 2, leaving every file as it was', () => {
  const refuse = (dir: string, pattern: RegExp, ...args: string[]) => {
    const files = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
    const run = deltaml(['predict', '--model', 'model.json', ...args], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
    expect(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])).toEqual(files);
  };
  const setUp = (data: string) => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel(
        [
          [1, 0],
          [0, 1],
        ],
        { classes: ['cat', 'dog'] },
      ),
    );
    writeFile(dir, 'data.csv', data);
    writeFile(dir, 'old.csv', 'the previous predictions\n');
    return dir;
  };

  it('--out equal to --data', () => {
    const dir = setUp('x1,x2\n1,2\n');
    refuse(
      dir,
      /data\.csv: cannot write \(it is the input file data\.csv/,
      '--data',
      'data.csv',
      '--out',
      'data.csv',
    );
  });

  it('too few x columns, to --out or to stdout (which gets nothing, not even the header)', () => {
    const dir = setUp('x1,y1\n1,2\n');
    const message = /data\.csv: line 1: 1 input columns .*but the model takes 2/;
    refuse(dir, message, '--data', 'data.csv', '--out', 'old.csv');
    refuse(dir, message, '--data', 'data.csv');
  });

  it('a bad number far into the file', () => {
    const rows = Array.from({ length: 5000 }, (_, n) => `${n},1`);
    rows[4321] = '1,oops';
    const dir = setUp(`x1,x2\n${rows.join('\n')}\n`);
    refuse(
      dir,
      /data\.csv: line 4323, column 2 \(x2\): "oops" is not a finite number/,
      '--data',
      'data.csv',
      '--out',
      'old.csv',
    );
  });

  it('a regression loss for a model with classes, and cross-entropy for one output', () => {
    const dir = setUp('x1,x2\n1,2\n');
    refuse(
      dir,
      /--loss mse: the model has class names/,
      '--data',
      'data.csv',
      '--loss',
      'mse',
      '--out',
      'old.csv',
    );
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({
        format: 'deltaml/mlp@1',
        inputSize: 2,
        layers: [{ activation: 'identity', weights: [[1, 1]] }],
      }),
    );
    refuse(
      dir,
      /--loss cross-entropy: cannot read this model's outputs: it needs at least 2 outputs/,
      '--data',
      'data.csv',
      '--loss',
      'cross-entropy',
    );
  });
});
