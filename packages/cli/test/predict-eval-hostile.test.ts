// Regression tests of issue 20's predict and eval failures: no command prints a non-finite
// number (a weight near float32's limit, a leaky_relu alpha of 1e39, an input of 3e38 exit 2 in
// one line naming the data line or the model field, with the same message and the same rows on
// every backend), R² stays a number for a subnormal target spread, one output with one class
// name is refused, and predict prints the good rows before a bad line.

import { type ModelSpec, makeActivation } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, scratchDir, writeFile, writeModel } from './helpers/cli.js';

/** The backends the command line offers that load on every machine the tests run on. */
const BACKENDS = ['cpu', 'wasm', 'tfjs-cpu', 'tfjs-wasm'];

const oneLayer = (activation: ModelSpec['layers'][0]['activation'], weights: number[][]): ModelSpec => ({
  inputSize: weights[0].length,
  layers: [{ activation, weights }],
});

/** Runs a command that must fail with exit 2 and one stderr line; returns that line and stdout. */
function refused(dir: string, args: string[]): { line: string; stdout: string } {
  const result = deltaml(args, dir);
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return { line: lines[0], stdout: result.stdout };
}

describe('predict, eval and grad never print a non-finite number (issue 20, 1, 19, 20)', () => {
  const cases = [
    {
      what: 'a weight near float32’s limit',
      model: oneLayer(makeActivation('identity'), [[3e38, 3e38]]),
      line: /^error: data\.csv: line 3: layer 1 \(S_1\) overflows float32: scale the inputs or the weights down$/,
      row: /^error: data\.csv: data row 2: layer 1 \(S_1\) overflows float32/,
    },
    {
      what: 'a leaky_relu alpha of 1e39',
      model: oneLayer(makeActivation('leaky_relu', 1e39), [[1, 1]]),
      line: /^error: model\.json: layers\[0\]\.alpha is 1e\+39, outside the float32 range \(±3\.4e38\)$/,
      row: /^error: model\.json: layers\[0\]\.alpha is 1e\+39/,
    },
    {
      what: 'an input of 3e38 (whose sum overflows, hidden by a sigmoid on some engines)',
      model: oneLayer(makeActivation('sigmoid'), [[1, 1]]),
      data: 'x1,x2,y\n0.5,0.25,1\n3e38,3e38,1\n',
      line: /^error: data\.csv: line 3: layer 1 \(S_1\) overflows float32/,
      row: /^error: data\.csv: data row 2: layer 1 \(S_1\) overflows float32/,
    },
  ];
  for (const { what, model, data, line, row } of cases) {
    it(`${what}: exit 2, one line, the same on ${BACKENDS.join(', ')}`, () => {
      const dir = scratchDir();
      writeModel(dir, 'model.json', model);
      writeFile(dir, 'data.csv', data ?? 'x1,x2,y\n0.5,-0.25,1\n1,1,1\n');
      const predicted = BACKENDS.map((backend) =>
        refused(dir, ['predict', '--model', 'model.json', '--data', 'data.csv', '--backend', backend]),
      );
      const scored = BACKENDS.map((backend) =>
        refused(dir, ['eval', '--model', 'model.json', '--data', 'data.csv', '--backend', backend]),
      );
      for (const { line: message, stdout } of predicted) {
        expect(message).toMatch(line);
        expect(stdout).not.toMatch(/Infinity|NaN/);
      }
      for (const { line: message, stdout } of scored) {
        expect(message).toMatch(row);
        expect(stdout).toBe('');
      }
      // grad refuses the same row (or the field, by its name), on every backend alike
      const graded = BACKENDS.map((backend) =>
        refused(dir, ['grad', '--model', 'model.json', '--data', 'data.csv', '--backend', backend]),
      );
      expect(graded[0].line).toMatch(
        /data\.csv: data row 2: layer 1 \(S_1\) overflows float32|layers\[0\]\.alpha is 1e\+39/,
      );
      expect(new Set(graded.map((g) => `${g.line}\n${g.stdout}`)).size).toBe(1);
      // the same message and the same rows before it on every backend
      expect(new Set(predicted.map((p) => `${p.line}\n${p.stdout}`)).size).toBe(1);
      expect(new Set(scored.map((s) => s.line)).size).toBe(1);
    });
  }

  it('a weight beyond float32 is named as the model field, not as an upload', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', oneLayer(makeActivation('identity'), [[1, 1e39]]));
    writeFile(dir, 'data.csv', 'x1,x2,y\n1,1,1\n');
    for (const command of ['predict', 'eval']) {
      const { line } = refused(dir, [command, '--model', 'model.json', '--data', 'data.csv']);
      expect(line).toBe(
        'error: model.json: layers[0].weights[0][1] is 1e+39, outside the float32 range (±3.4e38)',
      );
    }
    expect(refused(dir, ['grad', '--model', 'model.json', '--data', 'data.csv']).line).toMatch(
      /layers\[0\]\.weights\[0\]\[1\] is 1e\+39, outside the float32 range/,
    );
  });
});

describe('an input the inputTransform takes beyond float32 is named by its example, never as an upload (issue 20, 19)', () => {
  it('in grad and train as in eval and predict', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', {
      ...oneLayer(makeActivation('identity'), [[1]]),
      inputTransform: { kind: 'standardize', mean: [0], std: [1e-40] },
    });
    writeFile(dir, 'data.csv', 'x1,y1\n1,1\n');
    const args = ['--model', 'model.json', '--data', 'data.csv'];
    expect(refused(dir, ['grad', ...args]).line).toBe(
      'error: data.csv: example 0 input 0 is 1e+40, outside the float32 range (±3.4e38)',
    );
    expect(refused(dir, ['train', ...args, '--out', 'out.json']).line).toMatch(
      /example 0 input 0 is 1e\+40, outside the float32 range/,
    );
    expect(refused(dir, ['predict', ...args, '--backend', 'cpu']).line).toBe(
      "error: data.csv: line 2: input 0 is 1e+40 after the model's inputTransform, outside the float32 range of the cpu backend",
    );
    expect(refused(dir, ['eval', ...args]).line).toMatch(
      /^error: data\.csv: data row 1: input 0 is 1e\+40 after/,
    );
  });
});

describe('eval prints R² as a number for a subnormal target spread (issue 20, 2)', () => {
  it('scores it as constant targets are scored: 0 when not predicted exactly', () => {
    const dir = scratchDir();
    // targets 0 and 2e-160: SS_tot = 2e-320 (subnormal); predictions 0.5: SS_res / SS_tot overflows
    writeFile(dir, 'tiny.csv', 'x1,y1\n1,0\n1,2e-160\n');
    writeModel(dir, 'off.json', oneLayer(makeActivation('identity'), [[0.5]]));
    const off = deltaml(['eval', '--model', 'off.json', '--data', 'tiny.csv'], dir);
    expect(off.status).toBe(0);
    expect(off.stdout).not.toMatch(/null/);
    expect(JSON.parse(off.stdout).r2).toBe(0);
  });
});

describe('a model with one output and one class name (issue 20, 11)', () => {
  it('is refused by predict before any row, naming the file and the field', () => {
    const dir = scratchDir();
    writeFile(
      dir,
      'model.json',
      JSON.stringify({
        format: 'deltaml/mlp@1',
        inputSize: 1,
        layers: [{ activation: 'identity', weights: [[1]] }],
        classes: ['yes'],
      }),
    );
    writeFile(dir, 'data.csv', 'x1\n1\n');
    const { line, stdout } = refused(dir, ['predict', '--model', 'model.json', '--data', 'data.csv']);
    expect(stdout).toBe('');
    expect(line).toBe(
      'error: model.json: classes has 1 names, but the network has 1 outputs; expected 2 (one sigmoid output reads two classes)',
    );
  });
});

describe('predict to stdout prints the good rows before a bad line (issue 20, 18)', () => {
  it('three good rows, then the error naming the line', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', oneLayer(makeActivation('identity'), [[2]]));
    writeFile(dir, 'data.csv', 'x1\n1\n2\n3\noops\n5\n');
    const result = deltaml(['predict', '--model', 'model.json', '--data', 'data.csv'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('y0\n2\n4\n6\n');
    expect(result.stderr).toBe('error: data.csv: line 5, column 1 (x1): "oops" is not a finite number\n');
  });

  it('a row that overflows in the network, after good rows of the same block', () => {
    const dir = scratchDir();
    writeModel(dir, 'model.json', oneLayer(makeActivation('identity'), [[3e38]]));
    writeFile(dir, 'data.csv', 'x1\n1\n-1\n2\n0.5\n');
    const result = deltaml(['predict', '--model', 'model.json', '--data', 'data.csv'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout.trimEnd().split('\n').map(Number).slice(1)).toEqual([
      Math.fround(3e38),
      -Math.fround(3e38),
    ]);
    expect(result.stderr).toMatch(/^error: data\.csv: line 4: layer 1 \(S_1\) overflows float32/);
  });
});
