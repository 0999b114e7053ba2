// `deltaml eval`'s metrics on networks whose outputs are known by hand: accuracy, macro-F1 and
// the confusion matrix for class labels (names and indices, softmax and one sigmoid logit),
// MAE, RMSE and R² for y targets, the model's input transform, many blocks, and bad input.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOAT32, isClose, referenceLoss } from '@deltaml/conformance';
import { crossEntropy, type InputTransform, type ModelSpec, makeActivation } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile, writeModel } from './helpers/cli.js';

/** Z_L = W·(transformed x): one identity layer, so every output is known by hand. */
function linearModel(
  weights: number[][],
  extra: { classes?: string[]; inputTransform?: InputTransform } = {},
): ModelSpec {
  return {
    inputSize: weights[0].length,
    layers: [{ activation: makeActivation('identity'), weights }],
    ...extra,
  };
}

function evaluate(dir: string, ...args: string[]) {
  const run = deltaml(['eval', '--model', 'model.json', '--data', 'data.csv', ...args], dir);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('eval on class labels', () => {
  // Z = X: the predicted class is the larger input. True classes 0,0,0,1,1: predictions 0,0,1,1,0.
  const X = [
    [2, 3, 0, 0, 5],
    [1, 1, 4, 2, 1],
  ];
  const truth = [0, 0, 0, 1, 1];
  const rows = X[0].map((_, n) => `${X[0][n]},${X[1][n]}`);
  // class 0: TP 2, FN 1, FP 1 → F1 = 4/6; class 1: TP 1, FN 1, FP 1 → F1 = 2/4
  const macroF1 = (4 / 6 + 2 / 4) / 2;

  it('gives the loss, accuracy, macro-F1 and confusion matrix (rows true, columns predicted)', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [1, 0],
        [0, 1],
      ]),
    );
    writeFile(dir, 'data.csv', `x1,x2,label\n${rows.map((r, n) => `${r},${truth[n]}`).join('\n')}\n`);
    const result = evaluate(dir, '--loss', 'cross-entropy');
    expect(result.examples).toBe(5);
    expect(result.accuracy).toBe(3 / 5);
    expect(result.macro_f1).toBeCloseTo(macroF1, 12);
    expect(result.confusion).toEqual([
      [2, 1],
      [1, 1],
    ]);
    const want = referenceLoss(crossEntropy(), X, [truth]).loss;
    expect(isClose(result.loss, want, FLOAT32), `${result.loss} vs ${want}`).toBe(true);
    expect(result.mae).toBeUndefined();
  });

  it("reads class names through the model's classes and scores with cross-entropy by default", () => {
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
    const names = ['cat', 'dog'];
    writeFile(dir, 'data.csv', `x1,x2,label\n${rows.map((r, n) => `${r},${names[truth[n]]}`).join('\n')}\n`);
    const result = evaluate(dir);
    expect(result.accuracy).toBe(3 / 5);
    expect(result.classes).toEqual(['cat', 'dog']);
    expect(result.confusion).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(isClose(result.loss, referenceLoss(crossEntropy(), X, [truth]).loss, FLOAT32)).toBe(true);
  });

  it('counts a logit > 0 as class 1 for binary-cross-entropy', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linearModel([[1]]));
    // logits −2, −0.5, 0 (not > 0: class 0), 0.5, 3; labels 0, 1, 1, 1, 0
    writeFile(dir, 'data.csv', 'x1,y1\n-2,0\n-0.5,1\n0,1\n0.5,1\n3,0\n');
    const result = evaluate(dir, '--loss', 'binary-cross-entropy');
    expect(result.confusion).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(result.accuracy).toBe(2 / 5);
    // class 0: TP 1, FN 1, FP 2 → 2/5; class 1: TP 1, FN 2, FP 1 → 2/5
    expect(result.macro_f1).toBeCloseTo(2 / 5, 12);
    const softplus = (z: number) => Math.log1p(Math.exp(z));
    const want =
      [softplus(-2), softplus(0.5), softplus(0), softplus(-0.5), softplus(3)].reduce((a, b) => a + b) / 5;
    expect(isClose(result.loss, want, FLOAT32), `${result.loss} vs ${want}`).toBe(true);
  });
});

describe('eval on y targets', () => {
  it('gives MAE, RMSE and R² after the input transform', () => {
    const dir = scratchDir();
    // z = (x − 10) / 2: inputs 10, 12, 14, 16 give 0, 1, 2, 3; targets 0, 1, 3, 2
    const inputTransform: InputTransform = { kind: 'standardize', mean: [10], std: [2] };
    writeModel(dir, 'model.json', linearModel([[1]], { inputTransform }));
    writeFile(dir, 'data.csv', 'x1,y1\n10,0\n12,1\n14,3\n16,2\n');
    const result = evaluate(dir);
    expect(result.examples).toBe(4);
    expect(result.mae).toBeCloseTo(2 / 4, 12);
    expect(result.rmse).toBeCloseTo(Math.sqrt(2 / 4), 12);
    // targets' mean 1.5, SS_tot = 2.25 + 0.25 + 2.25 + 0.25 = 5; SS_res = 2
    expect(result.r2).toBeCloseTo(1 - 2 / 5, 12);
    expect(result.loss).toBeCloseTo(2 / (2 * 4), 12); // mse: 1/(2N)·Σ(z − y)²
    expect(result.accuracy).toBeUndefined();
  });

  it('over many blocks gives what one pass over the same numbers gives', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [0.5, -1],
        [2, 0.25],
      ]),
    );
    const N = 2500; // more than two blocks of 1024
    const lines = ['x1,x2,y1,y2'];
    let absolute = 0;
    let squares = 0;
    for (let n = 0; n < N; n++) {
      const [a, b] = [Math.sin(n), Math.cos(3 * n)];
      const [t1, t2] = [n % 7, (n % 5) - 2];
      const errors = [0.5 * a - b - t1, 2 * a + 0.25 * b - t2];
      for (const e of errors) {
        absolute += Math.abs(e);
        squares += e * e;
      }
      lines.push(`${a},${b},${t1},${t2}`);
    }
    writeFile(dir, 'data.csv', `${lines.join('\n')}\n`);
    const result = evaluate(dir);
    expect(result.examples).toBe(N);
    expect(isClose(result.mae, absolute / (2 * N), FLOAT32)).toBe(true);
    expect(isClose(result.rmse, Math.sqrt(squares / (2 * N)), FLOAT32)).toBe(true);
    expect(isClose(result.loss, squares / (2 * N), FLOAT32)).toBe(true);
  });
});

describe('eval refuses bad input with one line and exit status 2', () => {
  const refuse = (dir: string, pattern: RegExp, ...args: string[]) => {
    const run = deltaml(['eval', '--model', 'model.json', '--data', 'data.csv', ...args], dir);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
  };

  it('a class name the model does not have, naming the file, line and column', () => {
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
    writeFile(dir, 'data.csv', 'x1,x2,label\n1,0,cat\n0,1,bird\n');
    refuse(dir, /data\.csv: line 3, column 3 \(label\): "bird" is not a class of the model/);
  });

  it('class names in the data when the model has none', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [1, 0],
        [0, 1],
      ]),
    );
    writeFile(dir, 'data.csv', 'x1,x2,label\n1,0,cat\n0,1,dog\n');
    refuse(
      dir,
      /data\.csv: the label column holds class names, but the model has no "classes"/,
      '--loss',
      'cross-entropy',
    );
  });

  it('too few x columns', () => {
    const dir = scratchDir();
    writeModel(
      dir,
      'model.json',
      linearModel([
        [1, 0],
        [0, 1],
      ]),
    );
    writeFile(dir, 'data.csv', 'x1,y1,y2\n1,0,1\n');
    refuse(dir, /data\.csv: 1 inputs per example, but the network expects 2/);
  });

  it('a regression loss for a model with classes', () => {
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
    writeFile(dir, 'data.csv', 'x1,x2,y1,y2\n1,0,1,0\n');
    const before = readFileSync(join(dir, 'model.json'), 'utf8');
    refuse(dir, /--loss mse: the model has class names \(2 classes\)/, '--loss', 'mse');
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(before);
  });
});
