// `deltaml train` through the built bin (issues #10 and #12, docs/contract.md "Training flags"): every
// optimizer with every loss, the worked example's SGD step and Adam's first step, the seeded and
// stratified validation split, class names and --standardize in the model, the --log records and
// the schedules' learning rates, --early-stop keeping the best epoch, and checkpoints that resume
// to the uninterrupted run's bytes.

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
import { LOSS_KINDS, type LossKind, OPTIMIZER_KINDS, type OptimizerKind } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltaml, EXAMPLES, scratchDir, writeFile, writeModel } from './helpers/cli.js';
import {
  deltamlAsync,
  eachLimited,
  expectSuccess,
  parameters,
  readJsonl,
  readModel,
  type Targets,
  writeToyData,
  writeToyModel,
} from './helpers/train.js';

const MODEL = join(EXAMPLES, 'exercise2.model.json');
const DATA = join(EXAMPLES, 'exercise2.csv');
const IRIS = join(EXAMPLES, 'iris.csv');
const IRIS_TRAIN = join(EXAMPLES, 'iris-train.csv');
const IRIS_TEST = join(EXAMPLES, 'iris-test.csv');
/** Runs of one test side by side: the machine has 2 cores, and a run waits on its start-up too. */
const SIDE_BY_SIDE = 3;
/** A test that starts several processes on the shared machine. */
const SLOW = 180_000;

const ONE_FULL_STEP = ['--epochs', '1', '--batch-size', 'full', '--no-shuffle'];

/** The rows of a CSV file as the header's columns → cells. */
function csvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

/** The summary line's numbers: `wrote O: E epochs, S steps, last epoch's mean loss L[; best epoch B …]`. */
function summary(stdout: string) {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const match = /^wrote .+: (\d+) epochs?, (\d+) steps?, last epoch's mean loss (\S+?)(;.*)?$/.exec(last);
  expect(match, last).not.toBeNull();
  const [, epochs, steps, loss, rest] = match as RegExpExecArray;
  return { epochs: Number(epochs), steps: Number(steps), loss: Number(loss), rest: rest ?? '' };
}

function expectMatrixClose(got: number[][], want: number[][], tol: Tolerance): void {
  got.forEach((row, i) =>
    row.forEach((v, j) => {
      expect(isClose(v, want[i][j], tol), `[${i}][${j}]: ${v} vs ${want[i][j]} (${tol.name})`).toBe(true);
    }),
  );
}

/** The log's records without the timing, which differs between runs. */
const withoutSeconds = (records: Record<string, number>[]) => records.map(({ seconds: _, ...rest }) => rest);

describe('every optimizer with every loss', () => {
  /** Which data file and how many outputs each loss trains on. */
  const SHAPES: Record<LossKind, { targets: Targets; outputs: number; lr: number }> = {
    mse: { targets: 'values', outputs: 1, lr: 0.1 },
    hinge: { targets: 'classes', outputs: 3, lr: 0.02 },
    'cross-entropy': { targets: 'classes', outputs: 3, lr: 0.1 },
    'binary-cross-entropy': { targets: 'binary', outputs: 1, lr: 0.1 },
  };
  const EXAMPLES_PER_FILE = 24;
  const BATCH = 8;

  it(
    `${OPTIMIZER_KINDS.length} optimizers × ${LOSS_KINDS.length} losses each train 2 epochs and write a finite, changed model`,
    async () => {
      const dir = scratchDir();
      for (const targets of ['values', 'classes', 'binary'] as const)
        writeToyData(dir, `${targets}.csv`, targets, EXAMPLES_PER_FILE);
      writeToyModel(dir, 'model-1.json', 1);
      writeToyModel(dir, 'model-3.json', 3);
      const initial = { 1: readModel(join(dir, 'model-1.json')), 3: readModel(join(dir, 'model-3.json')) };
      const combinations = OPTIMIZER_KINDS.flatMap((optimizer) =>
        LOSS_KINDS.map((loss) => ({ optimizer, loss })),
      );
      expect(combinations).toHaveLength(16);
      await eachLimited(
        combinations,
        SIDE_BY_SIDE,
        async ({ optimizer, loss }: { optimizer: OptimizerKind; loss: LossKind }) => {
          const { targets, outputs, lr } = SHAPES[loss];
          const out = `${optimizer}-${loss}.json`;
          const run = await deltamlAsync(
            [
              'train',
              ...['--model', `model-${outputs}.json`, '--data', `${targets}.csv`, '--out', out],
              ...['--optimizer', optimizer, '--loss', loss, '--lr', String(optimizer === 'sgd' ? lr : 0.01)],
              ...['--epochs', '2', '--batch-size', String(BATCH)],
            ],
            dir,
          );
          expectSuccess(run);
          const done = summary(run.stdout);
          expect(done.epochs).toBe(2);
          expect(done.steps).toBe((2 * EXAMPLES_PER_FILE) / BATCH);
          expect(
            Number.isFinite(done.loss) && done.loss >= 0,
            `${optimizer} ${loss}: loss ${done.loss}`,
          ).toBe(true);
          const trained = parameters(readModel(join(dir, out)));
          const before = parameters(initial[outputs as 1 | 3]);
          expect(trained).toHaveLength(before.length);
          expect(trained.every(Number.isFinite), `${optimizer} ${loss}: finite weights`).toBe(true);
          const moved = trained.filter((w, k) => w !== before[k]).length;
          expect(moved, `${optimizer} ${loss}: weights that moved`).toBeGreaterThan(before.length / 2);
        },
      );
    },
    SLOW,
  );
});

describe('the worked example (Exercise 2)', () => {
  it('--optimizer sgd with its defaults does the worked example’s step W ← W − r·∂L/∂W', async () => {
    const dir = scratchDir();
    const run = await deltamlAsync(
      [
        'train',
        '--model',
        MODEL,
        '--data',
        DATA,
        '--out',
        'sgd.json',
        '--optimizer',
        'sgd',
        '--lr',
        '0.5',
      ].concat(ONE_FULL_STEP),
      dir,
    );
    expectSuccess(run);
    const [W_1, W_2] = readModel(join(dir, 'sgd.json')).layers.map((layer) => layer.weights);
    const exact = exercise2Exact();
    expectMatrixClose(W_1, exact.W_1_updated, FLOAT32);
    expectMatrixClose(W_2, exact.W_2_updated, FLOAT32);
    expectMatrixClose(W_1, exercise2.printed.W_1_updated, SEED_PRINTED);
    expectMatrixClose(W_2, exercise2.printed.W_2_updated, SEED_PRINTED);
  });

  it('Adam’s first step moves every weight by lr against the sign of its gradient', async () => {
    const dir = scratchDir();
    const lr = 0.01;
    const [grad, adam] = await Promise.all([
      deltamlAsync(['grad', '--model', MODEL, '--data', DATA], dir),
      deltamlAsync(
        ['train', '--model', MODEL, '--data', DATA, '--out', 'adam.json', '--optimizer', 'adam']
          .concat(['--lr', String(lr)])
          .concat(ONE_FULL_STEP),
        dir,
      ),
    ]);
    expectSuccess(grad);
    expectSuccess(adam);
    // m̂ = g and v̂ = g² after one step, so the step is lr·g/(|g| + ε): lr·sign(g) up to lr·ε/|g|
    // (< 1e-7 here, the smallest |g| being 1.8e-3) and the float32 rounding of the weights
    // (≈ 6e-8 near 0.9); 1e-6 holds both with room.
    const ADAM_FIRST_STEP: Tolerance = { name: 'Adam’s first step vs lr·sign(g)', abs: 1e-6, rel: 0 };
    const gradients: number[][][] = JSON.parse(grad.stdout).gradients.map(
      (g: { weights: number[][] }) => g.weights,
    );
    const trained = readModel(join(dir, 'adam.json'));
    exercise2.model.layers.forEach((layer, l) => {
      const moved = trained.layers[l].weights.map((row, i) => row.map((w, j) => w - layer.weights[i][j]));
      const expected = gradients[l].map((row) => row.map((g) => -lr * Math.sign(g)));
      expect(gradients[l].flat().every((g) => g !== 0)).toBe(true);
      expectMatrixClose(moved, expected, ADAM_FIRST_STEP);
    });
  });
});

describe('validation data', () => {
  it('--validation-split is stratified: each iris class keeps its share (10 of its 50 with 0.2)', () => {
    const dir = scratchDir();
    // iris' 4 inputs → 3 logits with zero weights and biases b: every example gets p = softmax(b),
    // so a class k example costs L_k = −log p_k, and the model predicts class 0 for all
    const b = [2, 1, 0];
    writeModel(dir, 'constant.json', {
      inputSize: 4,
      layers: [{ activation: { kind: 'identity' }, weights: b.map(() => [0, 0, 0, 0]), bias: b }],
    });
    // lr 1e-9 moves no prediction: the log shows the split itself
    const run = deltaml(
      ['train', '--model', 'constant.json', '--data', IRIS, '--out', 'out.json', '--log', 'log.jsonl']
        .concat(['--loss', 'cross-entropy', '--lr', '1e-9', '--epochs', '1', '--batch-size', '1'])
        .concat(['--validation-split', '0.2', '--seed', '4']),
      dir,
    );
    expectSuccess(run);
    expect(run.stdout).toMatch(/ {2}steps 120 /); // 150 − 30 held out, one example per step
    const [{ val_accuracy, val_loss }] = readJsonl(join(dir, 'log.jsonl'));
    const logSumExp = Math.log(b.reduce((sum, z) => sum + Math.exp(z), 0));
    const L = b.map((z) => logSumExp - z);
    // val_accuracy is class 0's share s_0; val_loss = Σ s_k L_k with Σ s_k = 1 gives s_1, then s_2
    const s_0 = val_accuracy;
    const s_1 = (val_loss - L[2] - s_0 * (L[0] - L[2])) / (L[1] - L[2]);
    const s_2 = 1 - s_0 - s_1;
    expect(s_0).toBe(10 / 30);
    // the loss is a float32 sum (≈1e-7) after 120 steps of 1e-9: far below a share step of 1/30
    const SHARE: Tolerance = { name: 'share from a float32 validation loss', abs: 1e-4, rel: 0 };
    expect(isClose(s_1, 10 / 30, SHARE), `versicolor share ${s_1}`).toBe(true);
    expect(isClose(s_2, 10 / 30, SHARE), `virginica share ${s_2}`).toBe(true);
    expect(readModel(join(dir, 'out.json')).classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it(
    '--validation-split is seeded: the same seed gives the same log, another seed another split',
    async () => {
      const dir = scratchDir();
      writeToyData(dir, 'data.csv', 'classes', 40);
      writeToyModel(dir, 'model.json', 3);
      const logs = await eachLimited(['5', '5', '6'], SIDE_BY_SIDE, async (seed) => {
        const log = `log-${seed}-${Math.random().toString(36).slice(2)}.jsonl`;
        const run = await deltamlAsync(
          ['train', '--model', 'model.json', '--data', 'data.csv', '--out', `${log}.json`]
            .concat(['--loss', 'cross-entropy', '--epochs', '3', '--batch-size', '8'])
            .concat(['--validation-split', '0.25', '--seed', seed, '--log', log]),
          dir,
        );
        expectSuccess(run);
        return withoutSeconds(readJsonl(join(dir, log)));
      });
      expect(logs[0]).toHaveLength(3);
      expect(logs[1]).toEqual(logs[0]);
      expect(logs[2][0].val_loss).not.toBe(logs[0][0].val_loss);
    },
    SLOW,
  );

  it('--standardize stores the training file’s mean and std, and the class names in first-seen order', () => {
    const dir = scratchDir();
    writeToyModel(dir, 'model.json', 3);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    model.inputSize = 4;
    model.layers[0].weights = model.layers[0].weights.map((row: number[]) => [...row, 0.1, -0.1]);
    writeFile(dir, 'model.json', JSON.stringify(model));
    const run = deltaml(
      [
        'train',
        '--model',
        'model.json',
        '--data',
        IRIS_TRAIN,
        '--validation',
        IRIS_TEST,
        '--out',
        'out.json',
      ].concat(['--loss', 'cross-entropy', '--standardize', '--epochs', '2', '--log', 'log.jsonl']),
      dir,
    );
    expectSuccess(run);
    const trained = readModel(join(dir, 'out.json'));
    const rows = csvRows(IRIS_TRAIN);
    expect(trained.classes).toEqual([...new Set(rows.map((r) => r.label))]);
    expect(trained.classes).toEqual(['versicolor', 'setosa', 'virginica']);
    // measured in float64 on the file's values, in two passes
    const columns = ['x1', 'x2', 'x3', 'x4'].map((x) => rows.map((r) => Number(r[x])));
    const mean = columns.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
    const std = columns.map((c, i) => Math.sqrt(c.reduce((s, v) => s + (v - mean[i]) ** 2, 0) / c.length));
    const SUMMATION: Tolerance = { name: 'float64 sums of 112 values, any order', abs: 0, rel: 1e-13 };
    const transform = trained.inputTransform;
    expect(transform?.kind).toBe('standardize');
    transform?.mean.forEach((m, i) => {
      expect(isClose(m, mean[i], SUMMATION), `mean[${i}] ${m} vs ${mean[i]}`).toBe(true);
    });
    transform?.std.forEach((s, i) => {
      expect(isClose(s, std[i], SUMMATION), `std[${i}] ${s} vs ${std[i]}`).toBe(true);
    });
    const log = readJsonl(join(dir, 'log.jsonl'));
    expect(log.map((r) => Object.keys(r))).toEqual(
      [1, 2].map(() => ['epoch', 'loss', 'val_loss', 'val_accuracy', 'lr', 'seconds']),
    );
    // iris-test.csv has 38 rows: an accuracy is a whole number of them
    for (const r of log)
      expect(Math.abs(r.val_accuracy * 38 - Math.round(r.val_accuracy * 38))).toBeLessThan(1e-9);
  });

  it('--standardize gives a feature with one value std 1 (centred, not divided by zero)', () => {
    const dir = scratchDir();
    writeFile(dir, 'data.csv', 'x1,x2,y1\n1,5,0.5\n2,5,1\n4,5,2\n');
    writeToyModel(dir, 'model.json', 1);
    const run = deltaml(
      [
        'train',
        '--model',
        'model.json',
        '--data',
        'data.csv',
        '--out',
        'out.json',
        '--standardize',
        '--epochs',
        '3',
      ],
      dir,
    );
    expectSuccess(run);
    const trained = readModel(join(dir, 'out.json'));
    expect(trained.inputTransform?.mean).toEqual([7 / 3, 5]);
    expect(trained.inputTransform?.std[1]).toBe(1);
    expect(trained.inputTransform?.std[0]).toBeCloseTo(Math.sqrt(14 / 9), 14);
    expect(parameters(trained).every(Number.isFinite)).toBe(true);
  });
});

describe('--log and the learning-rate schedules', () => {
  it('one record per epoch with the contract’s keys: val_rmse for y targets, none without validation', async () => {
    const dir = scratchDir();
    writeToyData(dir, 'data.csv', 'values', 20);
    writeToyModel(dir, 'model.json', 1);
    const args = [
      'train',
      '--model',
      'model.json',
      '--data',
      'data.csv',
      '--epochs',
      '3',
      '--batch-size',
      '4',
    ];
    const [held, plain] = await Promise.all([
      deltamlAsync([...args, '--out', 'held.json', '--validation-split', '0.25', '--log', 'held.jsonl'], dir),
      deltamlAsync([...args, '--out', 'plain.json', '--log', 'plain.jsonl'], dir),
    ]);
    expectSuccess(held);
    expectSuccess(plain);
    const heldLog = readJsonl(join(dir, 'held.jsonl'));
    const plainLog = readJsonl(join(dir, 'plain.jsonl'));
    expect(heldLog.map((r) => Object.keys(r))).toEqual(
      [1, 2, 3].map(() => ['epoch', 'loss', 'val_loss', 'val_rmse', 'lr', 'seconds']),
    );
    expect(plainLog.map((r) => Object.keys(r))).toEqual(
      [1, 2, 3].map(() => ['epoch', 'loss', 'lr', 'seconds']),
    );
    for (const [log, run] of [
      [heldLog, held],
      [plainLog, plain],
    ] as const) {
      expect(log.map((r) => r.epoch)).toEqual([1, 2, 3]);
      expect(log.at(-1)?.loss).toBe(summary(run.stdout).loss);
      for (const r of log) {
        expect(r.lr).toBe(0.1);
        expect(r.seconds).toBeGreaterThanOrEqual(0);
        expect(r.loss).toBeGreaterThan(0);
      }
    }
    for (const r of heldLog) {
      // mse is ‖Z − Y‖²/(2N) and RMSE √(‖Z − Y‖²/N), so val_rmse² = 2·val_loss
      expect(r.val_rmse ** 2).toBeCloseTo(2 * r.val_loss, 12);
    }
  });

  const LR = 0.2;
  const EPOCHS = 6;
  const SCHEDULES: { name: string; flags: string[]; lr: (e: number) => number }[] = [
    {
      name: 'step: lr·γ^⌊e/k⌋',
      flags: ['--lr-schedule', 'step', '--lr-step-every', '2', '--lr-gamma', '0.5'],
      lr: (e) => LR * 0.5 ** Math.floor(e / 2),
    },
    {
      name: 'cosine: lr·(1 + cos(πe/E))/2',
      flags: ['--lr-schedule', 'cosine'],
      lr: (e) => (LR * (1 + Math.cos((Math.PI * e) / EPOCHS))) / 2,
    },
    {
      name: 'warm-up: lr·(e+1)/w, then lr',
      flags: ['--warmup-epochs', '3'],
      lr: (e) => (e < 3 ? (LR * (e + 1)) / 3 : LR),
    },
  ];
  /** The formulas in float64, evaluated in another order than the trainer's. */
  const FORMULA: Tolerance = { name: 'float64 rounding of the schedule formula', abs: 1e-17, rel: 1e-15 };

  it(
    'the log’s lr per epoch (0-based e) follows each schedule’s formula',
    async () => {
      const dir = scratchDir();
      const logs = await eachLimited(SCHEDULES, SIDE_BY_SIDE, async ({ flags }) => {
        const name = flags.join('').replace(/[^a-z0-9]/g, '');
        const run = await deltamlAsync(
          [
            'train',
            '--model',
            MODEL,
            '--data',
            DATA,
            '--out',
            `${name}.json`,
            '--log',
            `${name}.jsonl`,
          ].concat(['--lr', String(LR), '--epochs', String(EPOCHS), '--batch-size', 'full', ...flags]),
          dir,
        );
        expectSuccess(run);
        return readJsonl(join(dir, `${name}.jsonl`));
      });
      SCHEDULES.forEach(({ name, lr }, s) => {
        expect(logs[s].map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
        logs[s].forEach((r, e) => {
          expect(isClose(r.lr, lr(e), FORMULA), `${name}, epoch ${e}: ${r.lr} vs ${lr(e)}`).toBe(true);
        });
      });
      expect(logs[1][0].lr).toBe(LR); // cosine starts at lr …
      expect(logs[1][5].lr).toBeLessThan(LR / 10); // … and heads for 0
    },
    SLOW,
  );
});

describe('--early-stop', () => {
  it(
    'stops after P epochs without a lower validation loss and writes the best epoch’s weights',
    async () => {
      const dir = scratchDir();
      // a validation set the worked example's network first fits better, then worse
      writeFile(dir, 'val.csv', 'x1,x2,y1\n0.5,0.5,0.2\n-0.5,0.6,-0.3\n0.3,0.1,0.4\n');
      const PATIENCE = 3;
      const MAX = 30;
      const common = ['train', '--model', MODEL, '--data', DATA, '--lr', '0.5', '--batch-size', 'full'];
      const validated = [...common, '--validation', 'val.csv', '--epochs', String(MAX)];
      const [watched, stopped] = await Promise.all([
        deltamlAsync([...validated, '--out', 'all.json', '--log', 'all.jsonl'], dir),
        deltamlAsync(
          [...validated, '--out', 'stopped.json', '--log', 'stopped.jsonl', '--early-stop', String(PATIENCE)],
          dir,
        ),
      ]);
      expectSuccess(watched);
      expectSuccess(stopped);
      // where the full run says it should have stopped
      const all = readJsonl(join(dir, 'all.jsonl'));
      let best = 0;
      let stopAt = MAX;
      for (let e = 1; e < all.length; e++) {
        if (all[e].val_loss < all[best].val_loss) best = e;
        else if (e - best >= PATIENCE) {
          stopAt = e + 1;
          break;
        }
      }
      expect(stopAt, 'the validation loss turns up within the run').toBeLessThan(MAX);
      expect(best).toBeGreaterThan(0);
      const log = readJsonl(join(dir, 'stopped.jsonl'));
      expect(log).toHaveLength(stopAt);
      expect(withoutSeconds(log)).toEqual(withoutSeconds(all.slice(0, stopAt)));
      const done = summary(stopped.stdout);
      expect(done.epochs).toBe(stopAt);
      expect(done.rest).toBe(
        `; best epoch ${best + 1} (validation loss ${all[best].val_loss}), stopped early`,
      );
      // the best epoch's weights are those of a run of exactly that many epochs
      const exactly = await deltamlAsync(
        [...common, '--epochs', String(best + 1), '--out', 'best.json'],
        dir,
      );
      expectSuccess(exactly);
      expect(readFileSync(join(dir, 'stopped.json')).equals(readFileSync(join(dir, 'best.json')))).toBe(true);
    },
    SLOW,
  );
});

describe('--checkpoint and --resume', () => {
  const CASES = [
    {
      name: 'constant schedule, SGD with Nesterov momentum',
      flags: ['--optimizer', 'sgd', '--momentum', '0.9', '--nesterov', '--lr', '0.05'],
      resumeOnly: [] as string[],
    },
    {
      name: 'step schedule, Adam (β₁ given explicitly on resume: the same run)',
      flags: ['--optimizer', 'adam', '--lr', '0.01', '--lr-schedule', 'step', '--lr-step-every', '2'],
      resumeOnly: ['--beta1', '0.9', '--lr-gamma', '0.1'],
    },
  ];

  for (const { name, flags, resumeOnly } of CASES) {
    it(
      `--epochs 3, then --resume with --epochs 6, gives the uninterrupted run’s bytes (${name})`,
      async () => {
        const dir = scratchDir();
        writeToyData(dir, 'data.csv', 'classes', 22);
        writeToyModel(dir, 'model.json', 3);
        // 22 examples in batches of 4: a short last batch, reshuffled every epoch
        const args = [
          'train',
          '--model',
          'model.json',
          '--data',
          'data.csv',
          '--loss',
          'cross-entropy',
        ].concat(['--batch-size', '4', '--seed', '9', '--validation-split', '0.2', ...flags]);
        const [straight, first] = await Promise.all([
          deltamlAsync(
            [...args, '--epochs', '6', '--out', 'straight.json', '--checkpoint', 'straight.ckpt'],
            dir,
          ),
          deltamlAsync([...args, '--epochs', '3', '--out', 'first.json', '--checkpoint', 'run.ckpt'], dir),
        ]);
        expectSuccess(straight);
        expectSuccess(first);
        expect(JSON.parse(readFileSync(join(dir, 'run.ckpt'), 'utf8')).state.epoch).toBe(3);
        const resumed = await deltamlAsync(
          [...args, ...resumeOnly, '--epochs', '6', '--out', 'resumed.json'].concat([
            '--resume',
            'run.ckpt',
            '--checkpoint',
            'run.ckpt',
          ]),
          dir,
        );
        expectSuccess(resumed);
        expect(resumed.stdout).toMatch(/^epoch 4\/6 /);
        expect(summary(resumed.stdout)).toMatchObject({ epochs: 6, loss: summary(straight.stdout).loss });
        const bytes = (file: string) => readFileSync(join(dir, file));
        expect(bytes('resumed.json').equals(bytes('straight.json'))).toBe(true);
        expect(bytes('first.json').equals(bytes('straight.json'))).toBe(false);
        // and the whole state at the end is the same too
        expect(bytes('run.ckpt').equals(bytes('straight.ckpt'))).toBe(true);
      },
      SLOW,
    );
  }
});
