// Labels mean the same thing in train, eval and predict (issue 20, 12; docs/contract.md's rule):
// spaces around a label are ignored, numbers are indices, and against a model whose class names
// look like numbers every label is a name.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ModelSpec, makeActivation } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile, writeModel } from './helpers/cli.js';

const eye: ModelSpec = {
  inputSize: 3,
  layers: [
    {
      activation: makeActivation('identity'),
      weights: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    },
  ],
};

function ok(dir: string, ...args: string[]): string {
  const run = deltaml([...args, '--backend', 'cpu'], dir);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('class names that look like numbers', () => {
  // the largest input is the class index: rows predict 0, 1, 2, 0
  const X = ['5,0,0', '0,5,0', '0,0,5', '9,1,1'];

  it('eval and predict read every label as a name when the model’s names are "2","1","0"', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', { ...eye, classes: ['2', '1', '0'] });
    // index 0 is the class named "2": the model is right on every row
    writeFile(
      dir,
      'data.csv',
      `x1,x2,x3,label\n${X.map((x, n) => `${x},${['2', '1', '0', '2'][n]}`).join('\n')}\n`,
    );
    const scores = JSON.parse(ok(dir, 'eval', '--model', 'model.json', '--data', 'data.csv'));
    expect(scores.accuracy).toBe(1);
    expect(scores.classes).toEqual(['2', '1', '0']);
    const rows = ok(dir, 'predict', '--model', 'model.json', '--data', 'data.csv').trimEnd().split('\n');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['2', '1', '0', '2']);
  });

  it('a quoted " 1" is the label 1 in train and eval alike', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', eye);
    writeFile(
      dir,
      'data.csv',
      `x1,x2,x3,label\n${X.map((x, n) => `${x}," ${[0, 1, 2, 0][n]}"`).join('\n')}\n`,
    );
    ok(
      dir,
      'train',
      '--model',
      'model.json',
      '--data',
      'data.csv',
      '--loss',
      'cross-entropy',
      '--lr',
      '1e-9',
      '--epochs',
      '1',
      '--out',
      'out.json',
    );
    const trained = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(trained.classes).toBeUndefined(); // indices, not the names " 0", " 1", " 2"
    expect(trained.output).toBe('softmax');
    const scores = JSON.parse(ok(dir, 'eval', '--model', 'out.json', '--data', 'data.csv'));
    expect(scores.accuracy).toBe(1);
  });
});
