// Every file `train` writes can be read and resumed by the next command (issue #20, items 3–10,
// 13 and 17b): a checkpoint records how its run ended and is checked against the network, the
// data and --epochs before any work; --log keeps its earlier lines on --resume; a non-finite
// validation loss and a learning rate that underflows are refused, naming the data or the flag.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, scratchDir, writeFile } from './helpers/cli.js';
import { deltamlAsync, expectSuccess, readJsonl, readModel, refusalLine } from './helpers/train.js';

const MODEL = join(EXAMPLES, 'exercise2.model.json');
const DATA = join(EXAMPLES, 'exercise2.csv');
/** Process start-ups on the shared 2-core machine. */
const SLOW = 120_000;
const TRAIN = ['train', '--model', MODEL, '--data', DATA, '--no-shuffle', '--batch-size', 'full'];

/** Training data whose target is y = x1, and validation data whose target is its opposite: validation gets worse every epoch. */
function diverging(dir: string): { data: string; validation: string } {
  const xs = [-1, -0.5, 0.5, 1];
  const rows = (sign: number) => xs.map((x) => `${x},${x / 2},${sign * x}`).join('\n');
  return {
    data: writeFile(dir, 'train.csv', `x1,x2,y1\n${rows(1)}\n`),
    validation: writeFile(dir, 'val.csv', `x1,x2,y1\n${rows(-1)}\n`),
  };
}

const checkpointOf = (dir: string, name = 'run.ckpt') => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('train --checkpoint and --resume', () => {
  it(
    '#4: --resume with the same --log appends; the earlier epochs stay',
    async () => {
      const dir = scratchDir();
      expectSuccess(
        await deltamlAsync(
          [...TRAIN, '--epochs', '3', '--out', 'o.json', '--checkpoint', 'run.ckpt', '--log', 'log.jsonl'],
          dir,
        ),
      );
      const first = readJsonl(join(dir, 'log.jsonl'));
      expectSuccess(
        await deltamlAsync(
          [
            ...TRAIN,
            '--epochs',
            '5',
            '--out',
            'o.json',
            '--resume',
            'run.ckpt',
            '--checkpoint',
            'run.ckpt',
            '--log',
            'log.jsonl',
          ],
          dir,
        ),
      );
      const all = readJsonl(join(dir, 'log.jsonl'));
      expect(all.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(all.slice(0, 3)).toEqual(first);
    },
    SLOW,
  );

  it(
    '#5, #9: the checkpoint records a finished run and an early stop; stopped early only when it did',
    async () => {
      const dir = scratchDir();
      const { data, validation } = diverging(dir);
      const args = [...TRAIN, '--data', data, '--validation', validation, '--early-stop', '1', '--lr', '0.5'];
      // patience runs out on the last epoch: every epoch ran, so the run finished
      const last = await deltamlAsync(
        [...args, '--epochs', '2', '--out', 'a.json', '--checkpoint', 'a.ckpt'],
        dir,
      );
      expectSuccess(last);
      expect(last.stdout).not.toMatch(/stopped early/);
      expect(checkpointOf(dir, 'a.ckpt').ended).toBe('finished');
      // patience runs out at epoch 2 of 10
      const early = await deltamlAsync(
        [...args, '--epochs', '10', '--out', 'b.json', '--checkpoint', 'b.ckpt'],
        dir,
      );
      expectSuccess(early);
      expect(early.stdout).toMatch(/best epoch 1 \(validation loss [0-9.e-]+\), stopped early\n$/);
      const saved = checkpointOf(dir, 'b.ckpt');
      expect(saved.ended).toBe('stopped early');
      expect(saved.state.epoch).toBe(2);
      // resuming it does not train on: the same model as the run wrote, and no epoch line
      const resumed = await deltamlAsync(
        [...args, '--epochs', '10', '--out', 'c.json', '--resume', 'b.ckpt'],
        dir,
      );
      expectSuccess(resumed);
      expect(resumed.stdout).toBe(
        "wrote c.json: the checkpoint's run stopped early at epoch 2; nothing left to train\n",
      );
      expect(readModel(join(dir, 'c.json'))).toEqual(readModel(join(dir, 'b.json')));
    },
    SLOW,
  );

  it(
    '#8: resuming a finished run prints no NaN; a smaller --epochs exits 2 naming the flag',
    async () => {
      const dir = scratchDir();
      expectSuccess(
        await deltamlAsync([...TRAIN, '--epochs', '3', '--out', 'o.json', '--checkpoint', 'run.ckpt'], dir),
      );
      const same = await deltamlAsync(
        [...TRAIN, '--epochs', '3', '--out', 'again.json', '--resume', 'run.ckpt'],
        dir,
      );
      expectSuccess(same);
      expect(same.stdout).not.toMatch(/NaN/);
      expect(readModel(join(dir, 'again.json'))).toEqual(readModel(join(dir, 'o.json')));
      const fewer = await deltamlAsync(
        [...TRAIN, '--epochs', '2', '--out', 'fewer.json', '--resume', 'run.ckpt'],
        dir,
      );
      expect(refusalLine(fewer)).toBe(
        'error: --epochs 2: the checkpoint run.ckpt has done 3 epochs already; give --epochs 3 or more',
      );
    },
    SLOW,
  );

  it(
    '#6, #7: a checkpoint with more class names than outputs, or a cursor past the data, is a bad checkpoint',
    async () => {
      const dir = scratchDir();
      expectSuccess(
        await deltamlAsync([...TRAIN, '--epochs', '1', '--out', 'o.json', '--checkpoint', 'run.ckpt'], dir),
      );
      const saved = checkpointOf(dir);
      writeFileSync(join(dir, 'classes.ckpt'), JSON.stringify({ ...saved, classes: ['a', 'b', 'c'] }));
      writeFileSync(
        join(dir, 'cursor.ckpt'),
        JSON.stringify({ ...saved, state: { ...saved.state, cursor: 40 } }),
      );
      const classes = await deltamlAsync(
        [...TRAIN, '--epochs', '2', '--out', 'x.json', '--resume', 'classes.ckpt'],
        dir,
      );
      expect(refusalLine(classes)).toBe(
        'error: classes.ckpt: not a usable checkpoint: classes has 3 names, but the mse loss on this network has 1 classes',
      );
      const cursor = await deltamlAsync(
        [...TRAIN, '--epochs', '2', '--out', 'x.json', '--resume', 'cursor.ckpt'],
        dir,
      );
      expect(refusalLine(cursor)).toBe(
        'error: cursor.ckpt: not a usable checkpoint: state.cursor is 40, but the training data has 4 examples',
      );
    },
    SLOW,
  );
});

describe('train checks before any work', () => {
  it(
    '#3: a validation loss that is not finite is refused, naming the data; no checkpoint holds it',
    async () => {
      const dir = scratchDir();
      writeFile(dir, 'val.csv', 'x1,x2,y1\n3.3e38,3.3e38,1\n');
      const run = await deltamlAsync(
        [...TRAIN, '--validation', 'val.csv', '--epochs', '2', '--out', 'o.json', '--checkpoint', 'run.ckpt'],
        dir,
      );
      expect(refusalLine(run)).toMatch(
        /^error: val\.csv: the validation loss after epoch 1 is (NaN|Infinity); /,
      );
      expect(existsSync(join(dir, 'run.ckpt')), 'no checkpoint of a run that cannot resume').toBe(false);
    },
    SLOW,
  );

  it(
    '#10: a step schedule whose rate underflows to 0 is refused before any work, naming --lr-gamma',
    async () => {
      const dir = scratchDir();
      const run = await deltamlAsync(
        [
          ...TRAIN,
          '--epochs',
          '3',
          '--lr-schedule',
          'step',
          '--lr-step-every',
          '1',
          '--lr-gamma',
          '1e-200',
          '--out',
          'o.json',
        ],
        dir,
      );
      expect(refusalLine(run)).toBe(
        'error: --lr-gamma 1e-200: the learning rate of epoch 3 of the step schedule is 0 (it underflows); use a larger --lr-gamma, a larger --lr-step-every or fewer --epochs',
      );
    },
    SLOW,
  );

  it(
    '#13: --loss mse on a model with class names is refused by train and grad, as by eval',
    async () => {
      const dir = scratchDir();
      const model = JSON.parse(readFileSync(MODEL, 'utf8'));
      const classified = writeFile(dir, 'classes.json', JSON.stringify({ ...model, classes: ['no', 'yes'] }));
      const message =
        'error: --loss mse: the model has class names (2 classes); use a classification loss (hinge, cross-entropy, binary-cross-entropy)';
      const train = await deltamlAsync([...TRAIN, '--model', classified, '--out', 'o.json'], dir);
      expect(refusalLine(train)).toBe(message);
      const grad = await deltamlAsync(['grad', '--model', classified, '--data', DATA], dir);
      expect(refusalLine(grad)).toBe(message);
    },
    SLOW,
  );

  it(
    '#17b: --model may be a pipe (`<(cat m.json)`): it is read once',
    () => {
      const dir = scratchDir();
      const line = `"${process.execPath}" "${BIN}" train --model <(cat "${MODEL}") --data "${DATA}" --out o.json --epochs 1 --backend cpu`;
      const run = spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(readModel(join(dir, 'o.json')).layers).toHaveLength(2);
    },
    SLOW,
  );
});
