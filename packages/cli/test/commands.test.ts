// The command line itself: help with an example for every command, the version, init's seeded
// weights, eval's loss and accuracy over many chunks, and Ctrl-C during train.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOAT32, isClose, referenceForward, referenceLoss } from '@deltaml/conformance';
import { parseModel, seededRandom } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, deltamlProcess, EXAMPLES, scratchDir, writeData, writeFile } from './helpers/cli.js';

const COMMANDS = ['grad', 'train', 'init', 'eval', 'predict', 'conformance', 'walkthrough'];

describe('help and version', () => {
  for (const command of COMMANDS) {
    it(`${command} --help shows the usage and an example`, () => {
      const run = deltaml([command, '--help'], scratchDir());
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^Usage: deltaml ${command} \\[options\\]`));
      expect(run.stdout).toMatch(new RegExp(`Example:\\n {2}deltaml ${command} `));
    });
  }

  it('--help lists every command', () => {
    const run = deltaml(['--help'], scratchDir());
    expect(run.status).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const run = deltaml(['--version'], scratchDir());
    expect(run).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('init', () => {
  const init = (dir: string, out: string, ...extra: string[]) =>
    deltaml(['init', '--layers', '2,3,1', '--activations', 'relu,identity', '--out', out, ...extra], dir);

  it('writes a seeded model: the same seed gives the same file, another seed another file', () => {
    const dir = scratchDir();
    for (const [out, seed] of [
      ['a.json', '7'],
      ['b.json', '7'],
      ['c.json', '8'],
    ]) {
      expect(init(dir, out, '--seed', seed, '--bias').status).toBe(0);
    }
    const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const model = parseModel(a, 'a.json');
    expect(model.inputSize).toBe(2);
    expect(
      model.layers.map((l) => [l.activation.kind, l.weights.length, l.weights[0].length, l.bias]),
    ).toEqual([
      ['relu', 3, 2, [0, 0, 0]],
      ['identity', 1, 3, [0]],
    ]);
    // He-uniform limit √(6/d_0) before the ReLU layer, Glorot-uniform √(6/(d_1+d_2)) before the identity
    expect(Math.max(...model.layers[0].weights.flat().map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 2));
    expect(Math.max(...model.layers[1].weights.flat().map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 4));
  });

  it('--init glorot draws every layer in Glorot’s range; --init refuses other names', () => {
    const dir = scratchDir();
    expect(init(dir, 'g.json', '--init', 'glorot', '--seed', '7').status).toBe(0);
    const model = parseModel(readFileSync(join(dir, 'g.json'), 'utf8'));
    expect(Math.max(...model.layers[0].weights.flat().map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 5));
    const bad = init(dir, 'x.json', '--init', 'xavier');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "error: option '--init <scheme>' argument 'xavier' is invalid. Allowed choices are he, glorot.\n",
    );
  });

  it('writes no bias without --bias', () => {
    const dir = scratchDir();
    expect(init(dir, 'm.json').status).toBe(0);
    const model = parseModel(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(model.layers.map((l) => l.bias)).toEqual([undefined, undefined]);
  });
});

describe('grad', () => {
  it('accepts --margin beside any --loss, as docs/contract.md lists it, and mse does not use it', () => {
    const dir = scratchDir();
    const args = [
      'grad',
      '--model',
      join(EXAMPLES, 'exercise2.model.json'),
      '--data',
      join(EXAMPLES, 'exercise2.csv'),
    ];
    const plain = deltaml([...args, '--loss', 'mse'], dir);
    const withMargin = deltaml([...args, '--loss', 'mse', '--margin', '0.3'], dir);
    expect(withMargin.status).toBe(0);
    expect(withMargin.stdout).toBe(plain.stdout);
  });
});

describe('eval', () => {
  it('gives the hinge loss and the accuracy of a known network', () => {
    const dir = scratchDir();
    // Z_L = X: the largest input is the predicted class; examples 0 and 1 are right, 2 and 3 wrong
    writeFile(
      dir,
      'id.json',
      '{"format": "deltaml/mlp@1", "inputSize": 2, "layers": [{"activation": "identity", "weights": [[1, 0], [0, 1]]}]}',
    );
    const X = [
      [1, 0, 2, 0],
      [0, 1, 1, 3],
    ];
    const labels = [[0, 1, 1, 0]];
    writeData(dir, 'data.csv', X, labels, true);
    const run = deltaml(
      ['eval', '--model', 'id.json', '--data', 'data.csv', '--loss', 'hinge', '--margin', '0.2'],
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.accuracy).toBe(0.5);
    expect(result.examples).toBe(4);
    const want = referenceLoss({ kind: 'hinge', margin: 0.2, reduction: 'sum' }, X, labels).loss;
    expect(isClose(result.loss, want, FLOAT32), `${result.loss} vs ${want}`).toBe(true);
  });

  for (const loss of ['mse', 'hinge']) {
    it(`over a file of several chunks: the ${loss} loss equals grad's one-batch loss`, () => {
      const dir = scratchDir();
      const made = deltaml(
        [
          'init',
          '--layers',
          '2,4,3',
          '--activations',
          'tanh,identity',
          '--bias',
          '--seed',
          '3',
          '--out',
          'model.json',
        ],
        dir,
      );
      expect(made.status).toBe(0);
      const random = seededRandom(5);
      const N = 10_000;
      const X = [0, 1].map(() => Array.from({ length: N }, () => 2 * random() - 1));
      const T =
        loss === 'mse'
          ? [0, 1, 2].map(() => Array.from({ length: N }, () => 2 * random() - 1))
          : [Array.from({ length: N }, () => Math.floor(3 * random()))];
      writeData(dir, 'data.csv', X, T, loss === 'hinge');
      const args = ['--model', 'model.json', '--data', 'data.csv', '--loss', loss];
      const evaluated = JSON.parse(deltaml(['eval', ...args], dir).stdout);
      const graded = JSON.parse(deltaml(['grad', ...args], dir).stdout);
      expect(evaluated.examples).toBe(N);
      expect(isClose(evaluated.loss, graded.loss, FLOAT32), `${evaluated.loss} vs ${graded.loss}`).toBe(true);
      if (loss === 'hinge') {
        const { Z } = referenceForward(parseModel(readFileSync(join(dir, 'model.json'), 'utf8')), X);
        const out = Z[Z.length - 1];
        const hits = T[0].filter((label, n) => [0, 1, 2].every((k) => out[k][n] <= out[label][n])).length;
        expect(evaluated.accuracy).toBeCloseTo(hits / N, 3); // float32 may flip near-ties
      } else expect(evaluated.accuracy).toBeUndefined();
    });
  }
});

describe('train', () => {
  it('a run whose loss overflows exits 2 naming the epoch and leaves --out as it was', () => {
    const dir = scratchDir();
    const previous = 'the previous model\n';
    writeFile(dir, 'out.json', previous);
    const run = deltaml(
      [
        'train',
        '--model',
        join(EXAMPLES, 'exercise2.model.json'),
        '--data',
        join(EXAMPLES, 'exercise2.csv'),
        '--out',
        'out.json',
        '--lr',
        '1e30',
        '--batch-size',
        'full',
        '--epochs',
        '5',
      ],
      dir,
    );
    // epoch 1's loss is the worked example's, before the update; the update makes epoch 2's overflow float32
    expect(run.stdout).toMatch(/^epoch 1\/5 {2}loss 0\.491612 .*\n$/);
    expect(run.stderr).toBe(
      'error: the run diverged at epoch 2, step 1: ∂L/∂Z_L[0][0] is Infinity (beyond the float32 range); lower the learning rate or scale the inputs\n',
    );
    expect(run.status).toBe(2);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(previous);
  });

  it('Ctrl-C stops training, exits 1 with one line, and leaves --out as it was', async () => {
    const dir = scratchDir();
    const random = seededRandom(9);
    const N = 3000;
    const X = [0, 1].map(() => Array.from({ length: N }, () => 2 * random() - 1));
    writeData(dir, 'data.csv', X, [X[0].map((x, n) => x - X[1][n])], false);
    const previous = 'the previous model\n';
    writeFile(dir, 'out.json', previous);
    const child = deltamlProcess(
      [
        'train',
        '--model',
        join(EXAMPLES, 'exercise2.model.json'),
        '--data',
        'data.csv',
        '--out',
        'out.json',
        '--batch-size',
        '1',
        '--epochs',
        '100000',
        '--lr',
        '0.01',
      ],
      dir,
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const status = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk) => {
        const first = stdout === '';
        stdout += chunk;
        if (first) child.kill('SIGINT'); // after the first epoch line: training is under way
      });
      child.on('close', (code) => resolve(code));
    });
    expect(stdout).toMatch(/^epoch 1\/100000 {2}loss /);
    expect(stderr).toMatch(/^error: interrupted during epoch \d+ of 100000; out\.json was left as it was\n$/);
    expect(status).toBe(1);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(previous);
    expect(readdirSync(dir).sort()).toEqual(['data.csv', 'out.json']);
  });
});
