import { createCpuBackend } from '@deltaml/backend-cpu';
import { hinge, InputError } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import { makeToyDataset } from '../src/logic/datasets.js';
import { DEFAULT_FORM, parseTrainForm } from '../src/logic/train-settings.js';
import { layerSizesFor, Trainer, type TrainSettings } from '../src/logic/trainer.js';

const defaults = parseTrainForm(DEFAULT_FORM);

/** The playground's promise for XOR with its default settings (the end-to-end run checks the same bound). */
const XOR_TARGET_MSE = 0.05;
const XOR_STEP_BOUND = 1000;

function lossesOver(settings: TrainSettings, steps: number): number[] {
  const trainer = new Trainer(createCpuBackend(), makeToyDataset('xor'), settings);
  const losses = Array.from({ length: steps }, () => trainer.step());
  trainer.dispose();
  return losses;
}

describe('training in slices', () => {
  test(`XOR with the default settings reaches MSE < ${XOR_TARGET_MSE} within ${XOR_STEP_BOUND} steps`, () => {
    const trainer = new Trainer(createCpuBackend(), makeToyDataset('xor'), defaults);
    expect(trainer.evaluate().loss).toBeGreaterThan(0.5); // it starts far away
    while (trainer.steps < XOR_STEP_BOUND && trainer.evaluate().loss >= XOR_TARGET_MSE) trainer.step();
    const { loss, accuracy } = trainer.evaluate();
    trainer.dispose();
    expect(loss).toBeLessThan(XOR_TARGET_MSE);
    expect(accuracy).toBeGreaterThan(0.95);
  });

  test('a slice runs at least one step and stops at its step limit or its time budget', () => {
    const trainer = new Trainer(createCpuBackend(), makeToyDataset('xor'), defaults);
    expect(trainer.runFor(Number.POSITIVE_INFINITY, 7)).toBe(7);
    expect(trainer.runFor(0, 50)).toBe(1);
    expect(trainer.steps).toBe(8);
    trainer.dispose();
  });

  test('the cache policy changes memory, never the numbers: identical losses step for step', () => {
    const all = lossesOver({ ...defaults, cache: 'all' }, 50);
    const pre = lossesOver({ ...defaults, cache: 'preactivations' }, 50);
    expect(pre).toEqual(all);
  });

  test('the same seed gives the same run; another seed another one', () => {
    expect(lossesOver(defaults, 20)).toEqual(lossesOver(defaults, 20));
    expect(lossesOver({ ...defaults, seed: 2 }, 20)).not.toEqual(lossesOver(defaults, 20));
  });

  test('the softmax hinge learns the three-armed spiral: loss down to a quarter, 90% right', () => {
    const settings = {
      ...defaults,
      hidden: [32, 32],
      activation: 'relu' as const,
      loss: hinge(0.1),
      lr: 0.02,
    };
    const trainer = new Trainer(createCpuBackend(), makeToyDataset('spiral'), settings);
    const first = trainer.evaluate();
    for (let s = 0; s < 1000; s++) trainer.step();
    const last = trainer.evaluate();
    trainer.dispose();
    expect(last.loss).toBeLessThan(first.loss / 4);
    expect(last.accuracy).toBeGreaterThan(0.9);
  });

  test('one output per class; class scores on a grid are softmax probabilities under the hinge', () => {
    const toy = makeToyDataset('spiral', { count: 30 });
    expect(layerSizesFor(toy, defaults)).toEqual([2, 8, 8, 3]);
    const trainer = new Trainer(createCpuBackend(), toy, { ...defaults, loss: hinge(0.1) });
    const scores = trainer.scores(Float64Array.from([0, 0.5, 1, -1])); // two points (0, 1) and (0.5, −1)
    trainer.dispose();
    expect(scores.length).toBe(6);
    expect(scores[0] + scores[2] + scores[4]).toBeCloseTo(1, 6);
  });

  test('a step that makes the loss non-finite stops with an InputError; dispose frees everything', () => {
    const backend = createCpuBackend();
    const before = backend.memory();
    const trainer = new Trainer(backend, makeToyDataset('xor'), {
      ...defaults,
      activation: 'relu',
      lr: 1e30,
    });
    expect(() => trainer.runFor(1000, 50)).toThrow(InputError);
    trainer.dispose();
    expect(backend.memory()).toEqual(before);
    expect(() => new Trainer(backend, makeToyDataset('xor'), { ...defaults, batchSize: 0 })).toThrow(
      /batch size/,
    );
  });
});
