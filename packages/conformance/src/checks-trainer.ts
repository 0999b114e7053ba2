// Conformance checks on misusing the Trainer (issue #20): evaluate refuses the data its
// constructor refuses, a disposed Trainer refuses every call, a second run() or step while one is
// in progress is refused, restore refuses a learning rate or a position that contradicts the
// saved state, and an unknown schedule is named. Each is the same typed error on every backend.

import {
  type Backend,
  BusyError,
  DisposedError,
  datasetFromRows,
  InputError,
  initModel,
  makeLoss,
  makeOptimizer,
  Network,
  type Schedule,
  Trainer,
  type TrainerOptions,
} from '@deltaml/core';
import { expectRejects, expectTrue } from './expect.js';
import type { ConformanceCheck } from './types.js';

/** Four examples of two inputs, labelled with classes 0 and 1. */
const classData = datasetFromRows(
  [
    [0.5, 0.5],
    [0.1, 0.9],
    [0.9, 0.1],
    [0.3, 0.7],
  ],
  [[0], [1], [1], [0]],
);

const classOptions: TrainerOptions = {
  loss: makeLoss('cross-entropy'),
  optimizer: makeOptimizer('adam'),
  lr: 0.01,
  epochs: 3,
  batchSize: 2,
};

/** A small two-class classifier (d_L = 2). */
function classNetwork(backend: Backend): Network {
  return Network.fromModel(
    backend,
    initModel({
      sizes: [2, 4, 2],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed: 5,
    }),
  );
}

/**
 * The class network and a Trainer on it that has taken `steps` steps; disposing it disposes both
 * (a Trainer disposed already is left as it is: a second dispose does nothing).
 */
async function classTrainer(
  backend: Backend,
  steps = 0,
): Promise<{ readonly network: Network; readonly trainer: Trainer } & Disposable> {
  const network = classNetwork(backend);
  const trainer = new Trainer(network, classData, classOptions);
  for (let step = 0; step < steps; step++) await trainer.trainStepAsync();
  return {
    network,
    trainer,
    [Symbol.dispose]() {
      trainer.dispose();
      network[Symbol.dispose]();
    },
  };
}

const evaluateCheck: ConformanceCheck = {
  name: 'trainer misuse: evaluate refuses what the constructor refuses (labels out of range or fractional, no examples)',
  async run(backend) {
    using setup = await classTrainer(backend);
    const { network, trainer } = setup;
    const cases: [string, number[][], number[][], RegExp][] = [
      ['a label out of range', [[0.5, 0.5]], [[2]], /example 0.*label 2 is out of range/],
      ['a label of 0.5', [[0.5, 0.5]], [[0.5]], /example 0.*label 0.5/],
      ['no examples', [], [], /no examples/],
    ];
    for (const [what, inputs, labels, message] of cases) {
      const bad = inputs.length > 0 ? datasetFromRows(inputs, labels) : { ...classData, count: 0 };
      await expectRejects(
        () => new Trainer(network, bad, classOptions),
        InputError,
        message,
        `the constructor on ${what}`,
      );
      await expectRejects(() => trainer.evaluate(bad), InputError, message, `evaluate on ${what}`);
    }
    const score = await trainer.evaluate(classData);
    expectTrue(Number.isFinite(score.loss), `evaluate on good data gave a loss of ${score.loss}`);
  },
};

const disposedCheck: ConformanceCheck = {
  name: 'trainer misuse: a disposed Trainer refuses every call',
  async run(backend) {
    using setup = await classTrainer(backend, 1);
    const { trainer } = setup;
    trainer.dispose();
    const calls: [string, () => unknown][] = [
      ['run()', () => trainer.run()],
      ['trainStep()', () => trainer.trainStep()],
      ['trainStepAsync()', () => trainer.trainStepAsync()],
      ['evaluate()', () => trainer.evaluate(classData)],
      ['saveState()', () => trainer.saveState()],
      ['result()', () => trainer.result()],
      ['setLearningRate()', () => trainer.setLearningRate(0.1)],
      ['setBatchSize()', () => trainer.setBatchSize(1)],
    ];
    for (const [what, call] of calls) {
      await expectRejects(call, DisposedError, /Trainer was used after dispose/, `${what} after dispose()`);
    }
    trainer.dispose(); // a second dispose does nothing
    expectTrue(trainer.steps === 1, `a disposed Trainer's step count moved to ${trainer.steps}`);
  },
};

const overlapCheck: ConformanceCheck = {
  name: 'trainer misuse: a second run() or step while one is in progress is refused',
  async run(backend) {
    using setup = await classTrainer(backend);
    const { network, trainer } = setup;
    const first = trainer.run();
    await expectRejects(
      () => trainer.run(),
      BusyError,
      /run\(\) was called while this Trainer is running/,
      'a second run()',
    );
    await expectRejects(() => trainer.trainStepAsync(), BusyError, /running/, 'a step during run()');
    const result = await first;
    expectTrue(
      result.epochs === classOptions.epochs && result.steps === 6 && Number.isFinite(result.loss),
      `the first run() ended after ${result.epochs} epochs, ${result.steps} steps, loss ${result.loss}`,
    );
    using again = new Trainer(network, classData, classOptions);
    const step = again.trainStepAsync();
    await expectRejects(() => again.trainStepAsync(), BusyError, /taking a step/, 'two overlapping steps');
    await step;
    await again.trainStepAsync(); // the next step, once the first has settled, is taken
    expectTrue(again.steps === 2, `two steps in turn took ${again.steps}`);
  },
};

const restoreCheck: ConformanceCheck = {
  name: 'trainer misuse: restore refuses a learning rate, batch size or position the saved state contradicts; unknown schedules are named',
  async run(backend) {
    using setup = await classTrainer(backend, 1);
    const { network, trainer } = setup;
    trainer.setLearningRate(0.05);
    const state = JSON.parse(JSON.stringify(await trainer.saveState()));
    using resumed = Network.fromModel(backend, state.model);
    await expectRejects(
      () => Trainer.restore(resumed, classData, classOptions, state),
      InputError,
      /saved state's lr is 0\.05; it must be options\.lr = 0\.01 .*setLearningRate/,
      'restore with options.lr unlike the saved one',
    );
    await expectRejects(
      () => Trainer.restore(resumed, classData, { ...classOptions, lr: 0.05, batchSize: 1 }, state),
      InputError,
      /saved state's batchSize is 2; it must be options\.batchSize = 1/,
      'restore with another batch size',
    );
    await expectRejects(
      () => Trainer.restore(resumed, classData, { ...classOptions, lr: 0.05 }, { ...state, cursor: 4 }),
      InputError,
      /saved state's cursor is 4; it must be a whole number 0 … 3/,
      'restore with a cursor past the data',
    );
    await expectRejects(
      () =>
        Trainer.restore(resumed, classData, { ...classOptions, lr: 0.05, epochs: 1 }, { ...state, epoch: 2 }),
      InputError,
      /saved state's epoch is 2; it must be at most options\.epochs = 1/,
      'restore with fewer epochs than the run has done',
    );
    using restored = Trainer.restore(resumed, classData, { ...classOptions, lr: 0.05 }, state);
    expectTrue(
      restored.lr === 0.05 && restored.steps === 1,
      `restored at lr ${restored.lr}, ${restored.steps} steps`,
    );
    const unknown = { kind: 'linear' } as unknown as Schedule; // what a JavaScript caller can pass
    await expectRejects(
      () =>
        new Trainer(network, classData, { ...classOptions, plan: { schedule: unknown, warmupEpochs: 0 } }),
      InputError,
      /unknown learning-rate schedule "linear"; expected one of constant, step, cosine/,
      'an unknown schedule kind',
    );
    await expectRejects(
      () =>
        new Trainer(network, classData, {
          ...classOptions,
          plan: { schedule: { kind: 'step', every: 1, gamma: 1e-200 }, warmupEpochs: 0 },
        }),
      InputError,
      /step schedule takes the learning rate from 0\.01 to 0 by epoch 3 of 3/,
      'a step schedule that underflows to 0',
    );
  },
};

/** The Trainer's misuse checks, in the order they are reported. */
export const trainerChecks: readonly ConformanceCheck[] = [
  evaluateCheck,
  disposedCheck,
  overlapCheck,
  restoreCheck,
];
