// Bad input to `deltaml train`'s training flags and files (issues #10, #11 and #12, docs/contract.md
// "Training flags"): each case exits 2 with one stderr line naming the flag or the file and what
// is allowed, prints nothing on stdout, and leaves every file of its directory byte-identical
// (--out, --log and --checkpoint were there before the run), with no temporary file left behind.

import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, scratchDir, writeFile } from './helpers/cli.js';
import {
  deltamlAsync,
  expectSuccess,
  expectUnchanged,
  refusalLine,
  snapshot,
  writeToyModel,
} from './helpers/train.js';

const MODEL = readFileSync(join(EXAMPLES, 'exercise2.model.json'), 'utf8');
const DATA = readFileSync(join(EXAMPLES, 'exercise2.csv'), 'utf8');
const PREVIOUS_OUT = '{"format": "deltaml/mlp@1", "note": "written before the test; must survive"}\n';
const PREVIOUS_LOG = '{"note": "an old log; must survive"}\n';
/** Runs on the shared 2-core machine, each a process start-up. */
const SLOW = 120_000;

/** The files every case names, unless its flags name others. */
const FILE_FLAGS: Record<string, string> = {
  '--model': 'model.json',
  '--data': 'data.csv',
  '--out': 'out.json',
  '--log': 'log.jsonl',
};

/** `train` on the worked example with an --out and a --log that exist already, and the case's flags. */
function trainArgs(flags: readonly string[]): string[] {
  const files = Object.entries(FILE_FLAGS).filter(([flag]) => !flags.includes(flag));
  return ['train', ...files.flat(), ...flags];
}

interface BadCase {
  readonly name: string;
  readonly flags: string[];
  /** what the one stderr line must say */
  readonly message: RegExp;
  /** files besides model.json, data.csv, out.json, log.jsonl and run.ckpt (a valid checkpoint) */
  readonly files?: Record<string, string>;
}

const FLAG_VALUES: BadCase[] = [
  {
    name: 'a negative momentum',
    flags: ['--momentum', '-0.5'],
    message: /^error: --momentum is -0\.5; it must be a finite number ≥ 0$/,
  },
  {
    name: '--beta1 1',
    flags: ['--optimizer', 'adam', '--beta1', '1'],
    message: /^error: --beta1 is 1; it must be a number in \[0, 1\)$/,
  },
  {
    name: '--eps 0',
    flags: ['--optimizer', 'adam', '--eps', '0'],
    message: /^error: --eps is 0; it must be a finite number > 0$/,
  },
  {
    name: '--lr NaN',
    flags: ['--lr', 'NaN'],
    message: /--lr <r>' argument 'NaN' is invalid\. expected a finite number/,
  },
  {
    name: '--lr-gamma -0.5',
    flags: ['--lr-schedule', 'step', '--lr-gamma', '-0.5'],
    message: /--lr-gamma <g>' argument '-0\.5' is invalid\. expected a number in \(0, 1\]/,
  },
  {
    name: '--lr-gamma 0',
    flags: ['--lr-schedule', 'step', '--lr-gamma', '0'],
    message: /--lr-gamma <g>' argument '0' is invalid\. expected a number in \(0, 1\]/,
  },
  {
    name: '--validation-split 0',
    flags: ['--validation-split', '0'],
    message:
      /--validation-split <f>' argument '0' is invalid\. expected a number between 0 and 1 \(exclusive\)/,
  },
  {
    name: '--validation-split 1',
    flags: ['--validation-split', '1'],
    message:
      /--validation-split <f>' argument '1' is invalid\. expected a number between 0 and 1 \(exclusive\)/,
  },
  {
    name: '--early-stop without validation data',
    flags: ['--early-stop', '3'],
    message: /^error: --early-stop needs validation data: give --validation FILE or --validation-split f$/,
  },
  {
    name: '--nesterov without --momentum',
    flags: ['--nesterov'],
    message: /^error: --optimizer sgd: --nesterov needs a --momentum > 0$/,
  },
  {
    name: '--beta1 with --optimizer sgd',
    flags: ['--optimizer', 'sgd', '--beta1', '0.9'],
    message: /^error: --beta1 does not apply to --optimizer sgd \(it is a parameter of adam, adamw\)$/,
  },
  {
    name: '--lr-step-every with the constant schedule',
    flags: ['--lr-step-every', '3'],
    message: /^error: --lr-step-every and --lr-gamma apply to --lr-schedule step, not constant$/,
  },
  {
    name: '--seed 4294967296 (refused, not truncated to 0)',
    flags: ['--seed', '4294967296'],
    message: /--seed <s>' argument '4294967296' is invalid\. expected a whole number 0 … 4294967295/,
  },
];

const FILES: BadCase[] = [
  {
    name: '--out equal to --data',
    flags: ['--out', 'data.csv'],
    message:
      /^error: data\.csv: cannot write \(it is the input file data\.csv; write the output elsewhere\)$/,
  },
  {
    name: '--checkpoint equal to --out',
    flags: ['--checkpoint', 'out.json'],
    message: /^error: --checkpoint and --out are the same file \(out\.json\)$/,
  },
  {
    name: '--log equal to --out',
    flags: ['--log', 'out.json'],
    message: /^error: --log and --out are the same file \(out\.json\)$/,
  },
  {
    name: '--checkpoint equal to --validation',
    flags: ['--validation', 'val.csv', '--checkpoint', 'val.csv'],
    files: { 'val.csv': DATA },
    message: /^error: val\.csv: cannot write \(it is the input file val\.csv; write the output elsewhere\)$/,
  },
  {
    name: '--validation with other columns (3 inputs)',
    flags: ['--validation', 'val.csv'],
    files: { 'val.csv': 'x1,x2,x3,y1\n1,2,3,1\n' },
    message: /^error: val\.csv: 3 inputs per example, but the network expects 2$/,
  },
  {
    name: '--data with other columns',
    flags: ['--data', 'wide.csv'],
    files: { 'wide.csv': 'x1,x2,x3,y1\n1,2,3,1\n' },
    message: /^error: wide\.csv: 3 inputs per example, but the network expects 2$/,
  },
];

/** A checkpoint made in beforeAll: 2 epochs of plain SGD at lr 0.1 on the worked example. */
let CHECKPOINT = '';
/** The same run's checkpoint on a model with 5 hidden units instead of 3. */
let OTHER_MODEL_CHECKPOINT = '';

const RESUME: BadCase[] = [
  {
    name: '--resume with another --lr',
    flags: ['--resume', 'run.ckpt', '--lr', '0.2'],
    message: /^error: --resume run\.ckpt: lr differs: the checkpoint's run had 0\.1, this one has 0\.2$/,
  },
  {
    name: '--resume with another schedule',
    flags: ['--resume', 'run.ckpt', '--lr-schedule', 'cosine'],
    message: /^error: --resume run\.ckpt: schedule differs: /,
  },
  {
    name: '--resume with a different data file',
    flags: ['--resume', 'run.ckpt', '--data', 'other.csv'],
    files: { 'other.csv': DATA.replace('0.75,0.8,1', '0.75,0.8,0.5') },
    message:
      /^error: --resume run\.ckpt: data differs: the checkpoint's run had [0-9a-f]{64}, this one has [0-9a-f]{64}$/,
  },
  {
    name: '--resume with a different model file',
    flags: ['--resume', 'run.ckpt', '--model', 'other.json'],
    files: { 'other.json': MODEL.replace('0.6, 0.01', '0.6, 0.02') },
    message: /^error: --resume run\.ckpt: model differs: /,
  },
  {
    name: '--resume with a checkpoint of another model',
    flags: ['--resume', 'other.ckpt'],
    message: /^error: --resume other\.ckpt: model differs: /,
  },
  {
    name: '--resume with a checkpoint whose weights are another network’s',
    flags: ['--resume', 'grafted.ckpt'],
    message:
      /^error: --resume grafted\.ckpt: it holds a 2-5-1 \(tanh\+bias, identity\+bias\) network, but model\.json is 2-3-1 \(relu, identity\)$/,
  },
  {
    name: '--resume with a truncated checkpoint',
    flags: ['--resume', 'cut.ckpt'],
    message: /^error: cut\.ckpt: not a usable checkpoint: not valid JSON/,
  },
];

/** The checkpoint files every resume case finds beside its model and data. */
function checkpointFiles(): Record<string, string> {
  const grafted = JSON.parse(CHECKPOINT);
  grafted.state.model = JSON.parse(OTHER_MODEL_CHECKPOINT).state.model;
  return {
    'run.ckpt': CHECKPOINT,
    'other.ckpt': OTHER_MODEL_CHECKPOINT,
    'grafted.ckpt': JSON.stringify(grafted),
    'cut.ckpt': CHECKPOINT.slice(0, CHECKPOINT.length / 2),
  };
}

beforeAll(async () => {
  const dir = scratchDir();
  writeFile(dir, 'model.json', MODEL);
  writeFile(dir, 'data.csv', DATA);
  writeToyModel(dir, 'other.json', 1, 5);
  const common = ['--data', 'data.csv', '--epochs', '2', '--lr', '0.1'];
  const runs = await Promise.all([
    deltamlAsync(
      ['train', '--model', 'model.json', ...common, '--out', 'a.json', '--checkpoint', 'a.ckpt'],
      dir,
    ),
    deltamlAsync(
      ['train', '--model', 'other.json', ...common, '--out', 'b.json', '--checkpoint', 'b.ckpt'],
      dir,
    ),
  ]);
  for (const run of runs) expectSuccess(run);
  CHECKPOINT = readFileSync(join(dir, 'a.ckpt'), 'utf8');
  OTHER_MODEL_CHECKPOINT = readFileSync(join(dir, 'b.ckpt'), 'utf8');
}, SLOW);

/** A directory with the worked example, a previous --out and --log, the checkpoints and the case's files. */
function caseDirectory(files: Record<string, string> = {}): string {
  const dir = scratchDir();
  writeFile(dir, 'model.json', MODEL);
  writeFile(dir, 'data.csv', DATA);
  writeFile(dir, 'out.json', PREVIOUS_OUT);
  writeFile(dir, 'log.jsonl', PREVIOUS_LOG);
  for (const [name, text] of Object.entries({ ...checkpointFiles(), ...files })) writeFile(dir, name, text);
  return dir;
}

describe.concurrent('train refuses bad input: exit 2, one line, every file as it was', () => {
  for (const [group, cases] of [
    ['flag values', FLAG_VALUES],
    ['files', FILES],
    ['resume', RESUME],
  ] as const) {
    for (const c of cases) {
      it(
        `${group}: ${c.name}`,
        async () => {
          const dir = caseDirectory(c.files);
          const before = snapshot(dir);
          const line = refusalLine(await deltamlAsync(trainArgs(c.flags), dir));
          expect(line).toMatch(c.message);
          expectUnchanged(dir, before);
        },
        SLOW,
      );
    }
  }

  it(
    'a diverging run (--lr 1e300) exits 2 naming the epoch and the step, and leaves --out and --checkpoint as they were',
    async () => {
      const dir = caseDirectory();
      copyFileSync(join(dir, 'model.json'), join(dir, 'copy.json'));
      const before = snapshot(dir);
      const run = await deltamlAsync(
        trainArgs(['--out', 'copy.json', '--checkpoint', 'run.ckpt']).concat([
          '--lr',
          '1e300',
          '--epochs',
          '1',
          '--batch-size',
          'full',
        ]),
        dir,
      );
      expect(run.stderr.endsWith('\n')).toBe(true);
      const lines = run.stderr.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^error: the weights became non-finite at epoch 1, step 1 \(layers\[\d\]\.weights\[\d\]\[\d\] is -?Infinity\); lower the learning rate or scale the inputs$/,
      );
      expect(run.status).toBe(2);
      expectUnchanged(dir, before);
    },
    SLOW,
  );
});
