// Bad input through the built command: each case must exit 2 with exactly one line on stderr that
// names the problem, no stack trace, nothing on stdout, and leave a pre-existing --out file byte
// for byte as it was (docs/contract.md).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deltaml, EXAMPLES, scratchDir, writeFile } from './helpers/cli.js';

const GOOD_MODEL = readFileSync(join(EXAMPLES, 'exercise2.model.json'), 'utf8');
const GOOD_DATA = readFileSync(join(EXAMPLES, 'exercise2.csv'), 'utf8');
const PREVIOUS_OUT = '{"format": "deltaml/mlp@1", "note": "written before the test; must survive"}\n';

/** The Exercise 2 model with `edit` applied to its parsed JSON. */
function model(edit: (m: { format: string; layers: Record<string, unknown>[] }) => void): string {
  const m = JSON.parse(GOOD_MODEL);
  edit(m);
  return JSON.stringify(m);
}

interface BadCase {
  readonly name: string;
  readonly args: string[];
  /** files written in the scratch directory besides model.json, data.csv and out.json */
  readonly files?: Record<string, string>;
  /** what the one stderr line must say */
  readonly message: RegExp;
}

const TRAIN = ['train', '--model', 'model.json', '--data', 'data.csv', '--out', 'out.json'];
const train = (...extra: string[]) => [...TRAIN, ...extra];
const trainOn = (files: Record<string, string>, ...extra: string[]) => ({
  args: [...train(...extra)],
  files,
});

const CASES: BadCase[] = [
  {
    name: 'missing model file',
    args: ['train', '--model', 'missing.json', '--data', 'data.csv', '--out', 'out.json'],
    message: /missing\.json: cannot read \(no such file\)/,
  },
  {
    name: 'model path is a directory',
    args: ['train', '--model', '.', '--data', 'data.csv', '--out', 'out.json'],
    message: /\.: cannot read \(is a directory\)/,
  },
  {
    name: 'truncated JSON',
    ...trainOn({ 'model.json': GOOD_MODEL.slice(0, 60) }),
    message: /model\.json: not valid JSON/,
  },
  {
    name: 'wrong format tag',
    ...trainOn({
      'model.json': model((m) => {
        m.format = 'deltaml/mlp@2';
      }),
    }),
    message: /model\.json: format is "deltaml\/mlp@2", expected "deltaml\/mlp@1"/,
  },
  {
    name: 'ragged weights',
    ...trainOn({
      'model.json': model((m) => {
        m.layers[0].weights = [[0.6, 0.01], [0.7], [0, 0.88]];
      }),
    }),
    message: /model\.json: layers\[0\]\.weights\[1\] has 1 numbers, expected 2/,
  },
  {
    name: 'shape mismatch between layers',
    ...trainOn({
      'model.json': model((m) => {
        m.layers[1].weights = [[0.02, 0.03]];
      }),
    }),
    message: /model\.json: layers\[1\]\.weights\[0\] has 2 numbers, expected 3/,
  },
  {
    name: 'unknown activation',
    ...trainOn({
      'model.json': model((m) => {
        m.layers[0].activation = 'swish';
      }),
    }),
    message: /model\.json: layers\[0\]\.activation is "swish"; expected one of identity, relu/,
  },
  {
    name: 'bias of the wrong length',
    ...trainOn({
      'model.json': model((m) => {
        m.layers[0].bias = [0, 0];
      }),
    }),
    message: /model\.json: layers\[0\]\.bias has 2 numbers, expected 3/,
  },
  {
    name: 'weight that is a string',
    ...trainOn({
      'model.json': model((m) => {
        m.layers[1].weights = [[0.02, '0.03', 0.09]];
      }),
    }),
    message: /model\.json: layers\[1\]\.weights\[0\]\[1\] must be a finite number/,
  },
  {
    name: 'missing data file',
    args: ['train', '--model', 'model.json', '--data', 'missing.csv', '--out', 'out.json'],
    message: /missing\.csv: cannot read \(no such file\)/,
  },
  {
    name: 'CSV row with the wrong column count',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,0.8,1\n0.2,0.05\n' }),
    message: /data\.csv: line 3: 2 columns, expected 3/,
  },
  {
    name: 'non-numeric cell',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,0.8,1\n0.2,abc,1\n' }),
    message: /data\.csv: line 3, column 2 \(x2\): "abc" is not a finite number/,
  },
  {
    name: 'NaN cell',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,NaN,1\n' }),
    message: /data\.csv: line 2, column 2 \(x2\): "NaN" is not a finite number/,
  },
  {
    name: 'Infinity target',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,0.8,Infinity\n' }),
    message: /data\.csv: line 2, column 3 \(y1\): "Infinity" is not a finite number/,
  },
  {
    name: 'empty cell',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,,1\n' }),
    message: /data\.csv: line 2, column 2 \(x2\): empty cell/,
  },
  {
    name: 'label out of range',
    ...trainOn({ 'data.csv': 'x1,x2,label\n0.75,0.8,0\n0.2,0.05,1\n' }, '--loss', 'hinge'),
    message: /data\.csv: line 3, column 3 \(label\): label 1 is out of range; expected a class index 0…0/,
  },
  {
    name: 'negative label',
    ...trainOn({ 'data.csv': 'x1,x2,label\n0.75,0.8,-1\n' }, '--loss', 'hinge'),
    message: /data\.csv: line 2, column 3 \(label\): label -1 is out of range/,
  },
  {
    name: 'hinge without a label column',
    args: train('--loss', 'hinge'),
    message: /data\.csv: line 1: no "label" column/,
  },
  {
    name: 'no input columns',
    ...trainOn({ 'data.csv': 'a,b,y1\n1,2,3\n' }),
    message: /data\.csv: line 1: no input columns/,
  },
  {
    name: 'more inputs than the network takes',
    ...trainOn({ 'data.csv': 'x1,x2,x3,y1\n1,2,3,4\n' }),
    message: /data\.csv: 3 inputs per example, but the network expects 2/,
  },
  {
    name: 'more targets than outputs',
    ...trainOn({ 'data.csv': 'x1,x2,y1,y2\n1,2,3,4\n' }),
    message: /data\.csv: 2 targets per example, but mse expects 1 targets/,
  },
  {
    name: 'header only',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n' }),
    message: /data\.csv: no examples after the header/,
  },
  {
    name: 'unclosed quote',
    ...trainOn({ 'data.csv': 'x1,x2,y1\n0.75,"0.8,1\n' }),
    message: /data\.csv: line 2: Quote Not Closed/,
  },
  {
    name: 'negative learning rate',
    args: train('--lr', '-0.5'),
    message: /learning rate is -0\.5; it must be a finite number > 0/,
  },
  {
    name: 'zero learning rate',
    args: train('--lr', '0'),
    message: /learning rate is 0; it must be a finite number > 0/,
  },
  {
    name: 'NaN learning rate',
    args: train('--lr', 'NaN'),
    message: /option '--lr <r>' argument 'NaN' is invalid\. expected a finite number/,
  },
  {
    name: 'learning rate that is not a number',
    args: train('--lr', 'fast'),
    message: /'--lr <r>' argument 'fast' is invalid/,
  },
  {
    name: 'zero epochs',
    args: train('--epochs', '0'),
    message: /'--epochs <e>' argument '0' is invalid\. expected a whole number ≥ 1/,
  },
  {
    name: 'batch size that is not a number',
    args: train('--batch-size', 'half'),
    message: /'--batch-size <n>' argument 'half' is invalid\. expected a whole number ≥ 1 or "full"/,
  },
  {
    name: 'margin that is not a number',
    args: train('--loss', 'hinge', '--margin', 'wide'),
    message: /'--margin <margin>' argument 'wide' is invalid/,
  },
  {
    name: 'unknown loss',
    args: train('--loss', 'l1'),
    message: /'--loss <loss>' argument 'l1' is invalid\. Allowed choices are mse, hinge/,
  },
  {
    name: 'unknown cache policy',
    args: train('--cache', 'none'),
    message: /'--cache <policy>' argument 'none' is invalid\. Allowed choices are all, preactivations/,
  },
  {
    name: 'unknown backend',
    args: train('--backend', 'gpu'),
    message:
      /unknown backend "gpu"; the backends are auto, cpu, wasm, tfjs, tfjs-node, tfjs-wasm, tfjs-cpu, webgpu/,
  },
  {
    name: 'unknown flag',
    args: train('--learning-rate', '0.1'),
    message: /unknown option '--learning-rate'/,
  },
  {
    name: 'missing required flag',
    args: ['train', '--model', 'model.json', '--out', 'out.json'],
    message: /required option '--data <file>' not specified/,
  },
  {
    name: '--out into a missing directory',
    args: ['train', '--model', 'model.json', '--data', 'data.csv', '--out', 'missing/out.json'],
    message: /missing\/out\.json: cannot write \(directory missing does not exist\)/,
  },
  {
    name: '--out that is a directory',
    args: ['train', '--model', 'model.json', '--data', 'data.csv', '--out', '.'],
    message: /\.: cannot write \(is a directory\)/,
  },
  {
    name: 'init: layer size that is not a number',
    args: ['init', '--layers', '2,x,1', '--activations', 'relu,identity', '--out', 'out.json'],
    message: /"x" is not a layer size/,
  },
  {
    name: 'init: fewer activations than layers',
    args: ['init', '--layers', '2,3,1', '--activations', 'relu', '--out', 'out.json'],
    message: /init: 2 layers but 1 activations/,
  },
  {
    name: 'init: unknown activation',
    args: ['init', '--layers', '2,3,1', '--activations', 'relu,swish', '--out', 'out.json'],
    message: /"swish" is not an activation; expected identity, relu, sigmoid, tanh, leaky_relu/,
  },
  {
    name: 'grad: unknown backend',
    args: ['grad', '--model', 'model.json', '--data', 'data.csv', '--backend', 'tfjs-gpu'],
    message: /unknown backend "tfjs-gpu"/,
  },
  {
    name: 'conformance: unknown backend',
    args: ['conformance', '--backend', 'cpu', 'nope'],
    message: /unknown backend "nope"/,
  },
  { name: 'no command', args: [], message: /no command given/ },
  { name: 'unknown command', args: ['fit', '--out', 'out.json'], message: /unknown command 'fit'/ },
];

describe('bad input exits 2 with one line on stderr and leaves --out as it was', () => {
  it('covers at least 15 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const dir = scratchDir();
      writeFile(dir, 'model.json', GOOD_MODEL);
      writeFile(dir, 'data.csv', GOOD_DATA);
      writeFile(dir, 'out.json', PREVIOUS_OUT);
      for (const [name, text] of Object.entries(c.files ?? {})) writeFile(dir, name, text);
      const run = deltaml(c.args, dir);
      expect(run.stdout).toBe('');
      expect(run.stderr.endsWith('\n')).toBe(true);
      const lines = run.stderr.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(c.message);
      expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
      expect(run.status).toBe(2);
      expect(readFileSync(join(dir, 'out.json')).equals(Buffer.from(PREVIOUS_OUT))).toBe(true);
      const written = ['model.json', 'data.csv', 'out.json', ...Object.keys(c.files ?? {})];
      expect(readdirSync(dir).sort(), 'no temporary file left behind').toEqual([...new Set(written)].sort());
    });
  }
});
