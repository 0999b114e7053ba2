// The model file's `output` (CONTRACT.md): `train` writes it from its loss, and a model whose
// output is softmax or sigmoid is a classifier without class names — `predict` writes `class`
// and `p…` for it and `eval` scores it as one, with no --loss.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOAT32, isClose } from '@deltaml/conformance';
import { type ModelSpec, makeActivation } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile, writeModel } from './helpers/cli.js';

/** Z_L = W·x: one identity layer, so every output is known by hand. */
const linear = (weights: number[][], extra: Partial<ModelSpec> = {}): ModelSpec => ({
  inputSize: weights[0].length,
  layers: [{ activation: makeActivation('identity'), weights }],
  ...extra,
});

function run(dir: string, ...args: string[]): string {
  const result = deltaml(args, dir);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('train writes output from its loss', () => {
  const cases = [
    ['cross-entropy', 'softmax', 2, 'x1,x2,label\n1,0,0\n0,1,1\n'],
    ['hinge', 'softmax', 2, 'x1,x2,label\n1,0,0\n0,1,1\n'],
    ['binary-cross-entropy', 'sigmoid', 1, 'x1,x2,y\n1,0,0\n0,1,1\n'],
    ['mse', 'values', 2, 'x1,x2,y1,y2\n1,0,1,0\n0,1,0,1\n'],
  ] as const;
  for (const [loss, output, outputs, data] of cases) {
    it(`${loss} → ${output}`, () => {
      const dir = scratchDir();
      writeModel(
        dir,
        'model.json',
        linear(
          outputs === 1
            ? [[0.5, -0.5]]
            : [
                [1, 0],
                [0, 1],
              ],
        ),
      );
      writeFile(dir, 'data.csv', data);
      run(
        dir,
        'train',
        '--model',
        'model.json',
        '--data',
        'data.csv',
        '--loss',
        loss,
        '--out',
        'out.json',
        '--epochs',
        '1',
        '--backend',
        'cpu',
      );
      const written = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
      expect(written.output).toBe(output);
      expect(written.classes).toBeUndefined(); // the labels were indices
    });
  }
});

describe('a model whose output is softmax or sigmoid is a classifier without class names', () => {
  const X = [
    [2, 0, -1],
    [0.5, 3, 0],
    [-1, -1, 4],
  ];
  const eye = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  it('predict writes the class index and the softmax probabilities with no --loss', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linear(eye, { output: 'softmax' }));
    writeFile(dir, 'data.csv', `x1,x2,x3\n${X.map((x) => x.join(',')).join('\n')}\n`);
    const [header, ...rows] = run(
      dir,
      'predict',
      '--model',
      'model.json',
      '--data',
      'data.csv',
      '--backend',
      'cpu',
    )
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    expect(header).toEqual(['class', 'p0', 'p1', 'p2']);
    expect(rows.map((r) => r[0])).toEqual(['0', '1', '2']);
    rows.forEach((row, n) => {
      const e = X[n].map((z) => Math.exp(z - Math.max(...X[n])));
      const total = e.reduce((a, b) => a + b);
      e.forEach((v, k) => expect(isClose(Number(row[k + 1]), v / total, FLOAT32)).toBe(true));
    });
  });

  it('predict writes class, p0, p1 for a sigmoid output with no --loss', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linear([[1]], { output: 'sigmoid' }));
    writeFile(dir, 'data.csv', 'x1\n-2\n3\n');
    const lines = run(dir, 'predict', '--model', 'model.json', '--data', 'data.csv', '--backend', 'cpu')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('class,p0,p1');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '1']);
    expect(isClose(Number(lines[2].split(',')[2]), 1 / (1 + Math.exp(-3)), FLOAT32)).toBe(true);
  });

  it('eval scores it as a classifier with no --loss, with class indices as labels', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linear(eye, { output: 'softmax' }));
    // predicted 0, 1, 2; labels 0, 1, 1
    writeFile(
      dir,
      'data.csv',
      `x1,x2,x3,label\n${X.map((x, n) => `${x.join(',')},${[0, 1, 1][n]}`).join('\n')}\n`,
    );
    const result = JSON.parse(
      run(dir, 'eval', '--model', 'model.json', '--data', 'data.csv', '--backend', 'cpu'),
    );
    expect(result.accuracy).toBe(2 / 3);
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 0],
    ]);
    expect(result.classes).toBeUndefined();
  });

  it('a loss that reads the outputs otherwise is refused in one line', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', linear(eye, { output: 'softmax' }));
    writeFile(dir, 'data.csv', 'x1,x2,x3,y1,y2,y3\n1,0,0,1,0,0\n');
    for (const command of ['eval', 'predict']) {
      const result = deltaml([command, '--model', 'model.json', '--data', 'data.csv', '--loss', 'mse'], dir);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'error: --loss mse: the model\'s output is "softmax", but mse reads Z_L as values\n',
      );
    }
  });
});
