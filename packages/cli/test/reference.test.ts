// Random networks and data files through the built command, against the float64 reference of
// @deltaml/conformance: `grad` under both losses and both cache policies, and one full-batch
// `train` step. The cases are conformance's seeded random cases (depth 1–4, widths 1–32, every
// activation, with and without biases); float32 results must be within FLOAT32 of the reference.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOAT32, isClose, type RandomCase, randomCase, referenceGradients } from '@deltaml/conformance';
import { LOSS_KINDS, LOSSES, parseModel } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeData, writeModel } from './helpers/cli.js';

/** Seed s is a case of the loss LOSS_KINDS[s mod 4] (see randomCase): every loss twice. */
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  got.forEach((v, i) => {
    expect(isClose(v, want[i], FLOAT32), `${what}[${i}]: ${v} vs ${want[i]}`).toBe(true);
  });
}

function lossFlags(c: RandomCase): string[] {
  const { loss } = c;
  return loss.kind === 'hinge'
    ? ['--loss', 'hinge', '--margin', String(loss.margin), '--hinge-reduction', loss.reduction]
    : ['--loss', loss.kind];
}

function writeCase(c: RandomCase): string {
  const dir = scratchDir();
  writeModel(dir, 'model.json', c.model);
  writeData(dir, 'data.csv', c.X, c.T, LOSSES[c.loss.kind].targets === 'classes');
  return dir;
}

describe('grad against the float64 reference on random files', () => {
  expect(new Set(SEEDS.map((seed) => randomCase(seed).loss.kind))).toEqual(new Set(LOSS_KINDS));
  for (const seed of SEEDS) {
    const c = randomCase(seed);
    for (const cache of ['all', 'preactivations']) {
      it(`case ${seed} (${c.label}), cache ${cache}`, () => {
        const dir = writeCase(c);
        const run = deltaml(
          ['grad', '--model', 'model.json', '--data', 'data.csv', '--cache', cache, ...lossFlags(c)],
          dir,
        );
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const got = JSON.parse(run.stdout) as {
          loss: number;
          gradients: { weights: number[][]; bias?: number[] }[];
        };
        const want = referenceGradients(c.model, c.X, c.T, c.loss);
        expectClose([got.loss], [want.loss], 'loss');
        expect(got.gradients).toHaveLength(c.model.layers.length);
        got.gradients.forEach((g, l) => {
          expectClose(g.weights.flat(), want.gradW[l].flat(), `∂L/∂W_${l + 1}`);
          if (want.gradb[l]) expectClose(g.bias ?? [], want.gradb[l] ?? [], `∂L/∂b_${l + 1}`);
          else expect(g.bias, `layer ${l + 1} has no bias`).toBeUndefined();
        });
      });
    }
  }
});

describe('one full-batch train step against the reference update W − r·∂L/∂W', () => {
  const lr = 0.05;
  for (const seed of [1, 4]) {
    const c = randomCase(seed);
    it(`case ${seed} (${c.label})`, () => {
      const dir = writeCase(c);
      const run = deltaml(
        [
          'train',
          '--model',
          'model.json',
          '--data',
          'data.csv',
          '--out',
          'out.json',
          '--lr',
          String(lr),
          '--epochs',
          '1',
          '--batch-size',
          'full',
          '--no-shuffle',
          ...lossFlags(c),
        ],
        dir,
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const trained = parseModel(readFileSync(join(dir, 'out.json'), 'utf8'));
      const want = referenceGradients(c.model, c.X, c.T, c.loss);
      c.model.layers.forEach((layer, l) => {
        const W = layer.weights.flatMap((row, i) => row.map((w, j) => w - lr * want.gradW[l][i][j]));
        expectClose(trained.layers[l].weights.flat(), W, `W_${l + 1}`);
        const b = layer.bias?.map((v, i) => v - lr * (want.gradb[l]?.[i] ?? 0));
        if (b) expectClose(trained.layers[l].bias ?? [], b, `b_${l + 1}`);
      });
    });
  }
});
