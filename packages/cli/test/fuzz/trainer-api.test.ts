// A state-machine fuzz of core's Trainer API (issue #20): random sequences of run, pause (a run
// stopped by its callback or its signal), single steps, evaluate (on good and bad data), saveState,
// restore (with the saved learning rate, and with another one), dispose, overlapping runs and live
// learning-rate and batch-size changes. Every sequence runs on cpu, wasm and tfjs-cpu; each call's
// outcome must be what a small model of the Trainer says (a value, or the one typed error it
// names), the same on every backend (numbers within TRAJECTORY, errors by class and message),
// never a NaN that was not asked for, and nothing left allocated afterwards.
//
// It lives in the command line's tests because this is the one package that already depends on
// all three backends and on fast-check: core imports no backend, and conformance cannot depend on
// the backends, whose own tests depend on it.

import { createCpuBackend } from '@deltaml/backend-cpu';
import { createTfjsBackend } from '@deltaml/backend-tfjs';
import { createWasmBackend } from '@deltaml/backend-wasm';
import { isClose, type Tolerance } from '@deltaml/conformance';
import {
  type Backend,
  type Dataset,
  datasetFromRows,
  initModel,
  makeLoss,
  makeOptimizer,
  Network,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  Trainer,
  type TrainerOptions,
  type TrainerState,
} from '@deltaml/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED } from './generators.js';

/** Sequences tried (each on three backends); FUZZ_RUNS scales a longer campaign like the other fuzzers'. */
const SEQUENCES = Math.max(300, Math.round(Number(process.env.FUZZ_RUNS ?? 2000) / 5));

/**
 * Backends against each other along a whole sequence: each float32 kernel rounds within ε = 1.2e-7
 * relative, and a sequence compounds that over at most ~100 optimizer steps of a 2-5-3 network
 * (about 1e-5 relative on the losses in practice); 1e-3 relative with 1e-4 absolute for values near
 * zero leaves a wide margin, while a wrong step (another batch, a lost optimizer state, another
 * learning rate) moves the loss by far more.
 */
const TRAJECTORY: Tolerance = { name: 'float32 backends along one sequence', abs: 1e-4, rel: 1e-3 };

const BACKENDS = ['cpu', 'wasm', 'tfjs-cpu'] as const;

/** Twelve examples of two inputs in [-1, 1], three classes. */
const DATA = datasetFromRows(
  Array.from({ length: 12 }, (_, i) => [Math.sin(i * 1.7), Math.cos(i * 0.9)]),
  Array.from({ length: 12 }, (_, i) => [i % 3]),
);
/** Data the constructor refuses: a label out of range, a label of 0.5, and no examples. */
const BAD_DATA: Record<string, Dataset> = {
  'label 3': datasetFromRows([[0.1, 0.2]], [[3]]),
  'label 0.5': datasetFromRows([[0.1, 0.2]], [[0.5]]),
  empty: { ...DATA, count: 0 },
};
const OTHER_DATA = datasetFromRows(
  [
    [0.3, -0.4],
    [-0.8, 0.5],
  ],
  [[2], [0]],
);

type Action =
  | { readonly kind: 'run'; readonly stopAfter: number | null; readonly by: 'callback' | 'signal' }
  | { readonly kind: 'overlap' }
  | { readonly kind: 'step' }
  | { readonly kind: 'evaluate'; readonly data: 'train' | 'other' | keyof typeof BAD_DATA }
  | { readonly kind: 'save' }
  | { readonly kind: 'restore'; readonly lr: 'saved' | 'other' }
  | { readonly kind: 'dispose' }
  | { readonly kind: 'lr'; readonly lr: number }
  | { readonly kind: 'batch'; readonly size: number | 'full' };

interface Case {
  readonly optimizer: OptimizerKind;
  readonly epochs: number;
  readonly batchSize: number | 'full';
  readonly shuffle: boolean;
  readonly seed: number;
  readonly actions: readonly Action[];
}

const batchSize = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant<'full'>('full'));
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('run' as const),
      stopAfter: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
      by: fc.constantFrom('callback' as const, 'signal' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'overlap' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'step' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('evaluate' as const),
      data: fc.constantFrom('train' as const, 'other' as const, ...Object.keys(BAD_DATA)),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'save' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('restore' as const),
      lr: fc.constantFrom('saved' as const, 'other' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'dispose' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('lr' as const),
      // mostly a rate to train at, sometimes one that must be refused
      lr: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(0.003, 0.01, 0.03, 0.1) },
        { weight: 1, arbitrary: fc.constantFrom(0, -0.1, Number.NaN, Number.POSITIVE_INFINITY) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      size: fc.oneof({ weight: 4, arbitrary: batchSize }, { weight: 1, arbitrary: fc.constantFrom(0, 2.5) }),
    }),
  },
);
const testCase: fc.Arbitrary<Case> = fc.record({
  optimizer: fc.constantFrom(...OPTIMIZER_KINDS),
  epochs: fc.integer({ min: 1, max: 3 }),
  batchSize,
  shuffle: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
  actions: fc.array(action, { minLength: 1, maxLength: 10 }),
});

/** What one call gave: its numbers, or the error's class and message. */
type Outcome =
  | { readonly action: string; readonly values: Readonly<Record<string, number | boolean | string>> }
  | { readonly action: string; readonly error: string; readonly message: string };

const errorOf = (action: string, error: unknown): Outcome =>
  error instanceof Error
    ? { action, error: error.name, message: error.message }
    : { action, error: typeof error, message: String(error) };

/** What the model of the Trainer says a call must throw, or null for a value. */
function expectedError(
  a: Action,
  state: { disposed: boolean; done: boolean; saved: boolean },
): string | null {
  if (a.kind === 'dispose') return null;
  if (a.kind === 'restore') return !state.saved ? null : a.lr === 'other' ? 'InputError' : null;
  if (state.disposed) return 'DisposedError';
  switch (a.kind) {
    case 'run':
    case 'overlap':
    case 'save':
      return null;
    case 'step':
      return state.done ? 'InputError' : null;
    case 'evaluate':
      return a.data in BAD_DATA ? 'InputError' : null;
    case 'lr':
      return Number.isFinite(a.lr) && a.lr > 0 ? null : 'InputError';
    case 'batch':
      return a.size === 'full' || (Number.isInteger(a.size) && a.size >= 1) ? null : 'InputError';
  }
}

/** Runs one sequence on one backend: the outcome of every call. */
async function play(backend: Backend, c: Case): Promise<Outcome[]> {
  const options: TrainerOptions = {
    loss: makeLoss('cross-entropy'),
    optimizer: makeOptimizer(c.optimizer),
    lr: 0.03,
    epochs: c.epochs,
    batchSize: c.batchSize,
    shuffle: c.shuffle,
    seed: c.seed,
  };
  let network = Network.fromModel(
    backend,
    initModel({
      sizes: [2, 5, 3],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed: c.seed,
    }),
  );
  let trainer = new Trainer(network, DATA, options);
  let disposed = false;
  let saved: TrainerState | null = null;
  const outcomes: Outcome[] = [];
  const record = (outcome: Outcome, expected: string | null) => {
    outcomes.push(outcome);
    const got = 'error' in outcome ? outcome.error : null;
    expect(got, `${outcome.action} on ${backend.name}: ${'message' in outcome ? outcome.message : ''}`).toBe(
      expected,
    );
  };
  try {
    for (const a of c.actions) {
      const name = JSON.stringify(a);
      const expected = expectedError(a, { disposed, done: trainer.done, saved: saved !== null });
      try {
        switch (a.kind) {
          case 'run': {
            let steps = 0;
            const controller = new AbortController();
            const stop = () => a.stopAfter !== null && ++steps >= a.stopAfter;
            const before = trainer.epoch;
            const result = await trainer.run(
              a.by === 'callback'
                ? { onStep: () => (stop() ? 'stop' : undefined) }
                : {
                    signal: a.stopAfter === 0 ? AbortSignal.abort() : controller.signal,
                    onStep: () => {
                      if (stop()) controller.abort();
                      return undefined;
                    },
                  },
            );
            // the one NaN asked for: the mean loss of the last epoch this call completed, when it completed none
            expect(Number.isNaN(result.loss), `${name}: loss ${result.loss}`).toBe(result.epochs === before);
            const { loss, ...rest } = result;
            record({ action: name, values: { ...rest, ...(result.epochs > before && { loss }) } }, expected);
            break;
          }
          case 'overlap': {
            const first = trainer.run({ onStep: (info) => (info.step >= 1 ? 'stop' : undefined) });
            const second = await trainer.run().then(
              () => null,
              (error: unknown) => errorOf(`${name} (second)`, error),
            );
            const result = await first;
            const { loss: _, ...values } = result;
            record({ action: name, values }, expected);
            record(second ?? { action: `${name} (second)`, values: {} }, 'BusyError');
            break;
          }
          case 'step': {
            const info = await trainer.trainStepAsync();
            record(
              {
                action: name,
                values: { epoch: info.epoch, step: info.step, loss: info.loss, examples: info.examples },
              },
              expected,
            );
            break;
          }
          case 'evaluate': {
            const data = a.data === 'train' ? DATA : a.data === 'other' ? OTHER_DATA : BAD_DATA[a.data];
            const { loss, accuracy = -1, examples } = await trainer.evaluate(data);
            record({ action: name, values: { loss, accuracy, examples } }, expected);
            break;
          }
          case 'save': {
            saved = JSON.parse(JSON.stringify(await trainer.saveState())) as TrainerState;
            record(
              { action: name, values: { steps: saved.steps, epoch: saved.epoch, lr: saved.lr } },
              expected,
            );
            break;
          }
          case 'restore': {
            if (!saved) {
              record({ action: name, values: {} }, expected);
              break;
            }
            const state = saved;
            const next = Network.fromModel(backend, state.model);
            const lr = a.lr === 'saved' ? state.lr : state.lr * 2;
            let restored: Trainer;
            try {
              restored = Trainer.restore(next, DATA, { ...options, lr, batchSize: state.batchSize }, state);
            } catch (error) {
              next.dispose();
              throw error;
            }
            trainer.dispose();
            network.dispose();
            [trainer, network, disposed] = [restored, next, false];
            // restore copies the whole state back: saving again at once gives the saved state
            expect(JSON.parse(JSON.stringify(await trainer.saveState())), `${name}: saved again`).toEqual(
              state,
            );
            record({ action: name, values: { steps: trainer.steps, epoch: trainer.epoch } }, expected);
            break;
          }
          case 'dispose':
            trainer.dispose();
            disposed = true;
            record({ action: name, values: {} }, expected);
            break;
          case 'lr':
            trainer.setLearningRate(a.lr);
            record({ action: name, values: { lr: trainer.lr } }, expected);
            break;
          case 'batch':
            trainer.setBatchSize(a.size);
            record({ action: name, values: { batchSize: trainer.batchSize } }, expected);
            break;
        }
      } catch (error) {
        if (!(error instanceof Error) || error.name === 'AssertionError') throw error;
        record(errorOf(name, error), expected);
      }
      outcomes.push({
        action: 'after',
        values: { steps: trainer.steps, epoch: trainer.epoch, lr: trainer.lr },
      });
    }
  } finally {
    trainer.dispose();
    network.dispose();
  }
  return outcomes;
}

/** Every number of every outcome is finite: the NaN asked for was left out when it was recorded. */
function expectFinite(outcomes: readonly Outcome[], where: string): void {
  for (const o of outcomes) {
    if (!('values' in o)) continue;
    for (const [key, v] of Object.entries(o.values)) {
      if (typeof v === 'number')
        expect(Number.isFinite(v), `${where} ${o.action}: ${key} is ${v}`).toBe(true);
    }
  }
}

/** The same calls gave the same errors and, within TRAJECTORY, the same numbers. */
function expectSame(got: readonly Outcome[], want: readonly Outcome[], where: string): void {
  expect(got.map((o) => o.action)).toEqual(want.map((o) => o.action));
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i], want[i]];
    if ('error' in w || 'error' in g) {
      expect(g, `${where}: call ${i}`).toEqual(w);
      continue;
    }
    expect(Object.keys(g.values), `${where}: call ${i}`).toEqual(Object.keys(w.values));
    for (const [key, value] of Object.entries(w.values)) {
      const other = g.values[key];
      const close =
        typeof value === 'number' && typeof other === 'number'
          ? isClose(other, value, TRAJECTORY)
          : other === value;
      expect(
        close,
        `${where}: call ${i} ${w.action}: ${key} is ${other}, cpu's ${value} (${TRAJECTORY.name})`,
      ).toBe(true);
    }
  }
}

describe('fuzz: the Trainer API as a state machine on cpu, wasm and tfjs-cpu', () => {
  const backends: Backend[] = [];
  beforeAll(async () => {
    backends.push(createCpuBackend(), await createWasmBackend(), await createTfjsBackend({ engine: 'cpu' }));
    expect(backends.map((b) => b.name)).toEqual([...BACKENDS]);
  });

  it(`${SEQUENCES} sequences of calls`, async () => {
    await fc.assert(
      fc.asyncProperty(testCase, async (c) => {
        const results: Outcome[][] = [];
        for (const backend of backends) {
          const before = backend.memory().buffers;
          const outcomes = await play(backend, c);
          expect(backend.memory().buffers, `${backend.name}: buffers left`).toBe(before);
          expectFinite(outcomes, backend.name);
          results.push(outcomes);
        }
        for (let b = 1; b < backends.length; b++)
          expectSame(results[b], results[0], `${backends[b].name} vs cpu`);
      }),
      { seed: FUZZ_SEED, numRuns: SEQUENCES, endOnFailure: true },
    );
  });
});
