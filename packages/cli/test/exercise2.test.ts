// The worked example's Exercise 2 through the built command: `grad` prints the worked example's gradients, one
// full-batch `train` step writes the worked example's updated W_1 and W_2, and `conformance`, `walkthrough`
// and `eval` agree. Printed seed values are truncated to 4 decimals (SEED_PRINTED, 1e-4 absolute);
// the exact float64 values are met within FLOAT32 (1e-5 + 1e-4·|x|), as docs/contract.md says.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exercise2,
  exercise2Exact,
  FLOAT32,
  isClose,
  SEED_PRINTED,
  type Tolerance,
} from '@deltaml/conformance';
import { parseModel } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, EXAMPLES, scratchDir } from './helpers/cli.js';

const MODEL = join(EXAMPLES, 'exercise2.model.json');
const DATA = join(EXAMPLES, 'exercise2.csv');

function expectMatrixClose(got: number[][], want: number[][], tol: Tolerance): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    expect(row.length).toBe(want[i].length);
    row.forEach((v, j) => {
      expect(isClose(v, want[i][j], tol), `[${i}][${j}]: ${v} vs ${want[i][j]} (${tol.name})`).toBe(true);
    });
  });
}

const exact = exercise2Exact();

describe('deltaml on the Exercise 2 files', () => {
  it('the example files hold the worked example’s network and data', () => {
    const model = parseModel(readFileSync(MODEL, 'utf8'));
    expect(model).toEqual(exercise2.model);
    const rows = readFileSync(DATA, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(rows.map((r) => [r[0], r[1]])).toEqual(
      exercise2.X[0].map((_, n) => [exercise2.X[0][n], exercise2.X[1][n]]),
    );
    expect(rows.map((r) => r[2])).toEqual(exercise2.Y[0]);
  });

  for (const cache of ['all', 'preactivations']) {
    it(`grad prints the worked example's loss, ∂L/∂W_1 and ∂L/∂W_2 (cache ${cache})`, () => {
      const run = deltaml(['grad', '--model', MODEL, '--data', DATA, '--cache', cache], scratchDir());
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      const result = JSON.parse(run.stdout);
      expect(Object.keys(result)).toEqual(['loss', 'gradients']);
      expect(result.gradients.map((g: object) => Object.keys(g))).toEqual([['weights'], ['weights']]);
      expect(
        isClose(result.loss, exercise2.printed.loss, { name: 'seed loss (5 decimals)', abs: 1e-5, rel: 0 }),
      ).toBe(true);
      expect(isClose(result.loss, exact.loss[0][0], FLOAT32)).toBe(true);
      const [dW_1, dW_2] = result.gradients.map((g: { weights: number[][] }) => g.weights);
      expectMatrixClose(dW_1, exercise2.printed.dW_1, SEED_PRINTED);
      expectMatrixClose(dW_2, exercise2.printed.dW_2, SEED_PRINTED);
      expectMatrixClose(dW_1, exact.dW_1, FLOAT32);
      expectMatrixClose(dW_2, exact.dW_2, FLOAT32);
    });
  }

  it('train --epochs 1 --batch-size full --no-shuffle --lr 0.5 writes the worked example’s updated W_1 and W_2', () => {
    const dir = scratchDir();
    const run = deltaml(
      [
        'train',
        '--model',
        MODEL,
        '--data',
        DATA,
        '--out',
        'trained.json',
        '--epochs',
        '1',
        '--batch-size',
        'full',
        '--no-shuffle',
        '--lr',
        '0.5',
      ],
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^epoch 1\/1 {2}loss 0\.491612 /);
    const trained = parseModel(readFileSync(join(dir, 'trained.json'), 'utf8'), 'trained.json');
    const [W_1, W_2] = trained.layers.map((layer) => layer.weights);
    expectMatrixClose(W_1, exercise2.printed.W_1_updated, SEED_PRINTED);
    expectMatrixClose(W_2, exercise2.printed.W_2_updated, SEED_PRINTED);
    expectMatrixClose(W_1, exact.W_1_updated, FLOAT32);
    expectMatrixClose(W_2, exact.W_2_updated, FLOAT32);
    expect(trained.layers.map((layer) => [layer.activation, layer.bias])).toEqual([
      [{ kind: 'relu' }, undefined],
      [{ kind: 'identity' }, undefined],
    ]);
  });

  it('eval prints the worked example’s loss', () => {
    const run = deltaml(['eval', '--model', MODEL, '--data', DATA], scratchDir());
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.examples).toBe(4);
    expect(result.accuracy).toBeUndefined();
    expect(isClose(result.loss, exact.loss[0][0], FLOAT32)).toBe(true);
  });

  it('conformance prints every seed value beside the backend’s and passes on cpu', () => {
    const run = deltaml(['conformance', '--backend', 'cpu'], scratchDir());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Exercise 2 on cpu (float32, cache all)');
    expect(lines[1].split(/\s+/)).toEqual(['value', 'seed', 'got', '|diff|', 'ok']);
    const row = lines.find((line) => line.startsWith('W_1 (updated)[2][1]'));
    expect(row?.split(/\s{2,}/).slice(1, 3)).toEqual(['0.879', '0.8790987']);
    expect(run.stdout).toContain('63/63 values match');
    expect(run.stdout).not.toContain('MISMATCH');
  });

  it('walkthrough shows each step beside the worked example’s values and finds them all matching', () => {
    const run = deltaml(['walkthrough'], scratchDir());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const heading of [
      'S_1 = W_1 X',
      'Z_1 = relu(S_1)',
      'δ_2 = ',
      '∂L/∂W_2 = δ_2 Z_1ᵀ',
      'δ_1 = ',
      '∂L/∂W_1 = δ_1 Xᵀ',
      'W_2 ← ',
      'W_1 ← ',
    ]) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout.match(/✓ matches the seed/g)).toHaveLength(10);
    expect(run.stdout).toContain('[ 0.601682  0.012052 ]    [ 0.6016   0.012 ]');
  });
});
