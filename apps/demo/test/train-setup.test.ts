import { initModel, LOSS_KINDS, MAX_SEED, OPTIMIZER_KINDS } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SETUP,
  decodeSetup,
  encodeSetup,
  lossOf,
  optimizerOf,
  parseBatchSize,
  parseHidden,
  parseSeed,
} from '../src/logic/train-setup.js';

describe('the Train setup and its URL', () => {
  test('a setup survives the URL unchanged, parameters included', () => {
    const setup = {
      ...DEFAULT_SETUP,
      dataset: 'moons' as const,
      noise: 0.2,
      trainPercent: 70,
      features: ['x1', 'x2', 'x1x2', 'sinx1'] as const,
      hidden: [5, 3],
      activation: 'relu' as const,
      loss: 'hinge' as const,
      lossParameters: { margin: 0.3, reduction: 'mean' },
      optimizer: 'sgd' as const,
      optimizerParameters: { momentum: 0.9, nesterov: true, weightDecay: 0.001 },
      lr: 0.05,
      batchSize: 'full' as const,
      seed: 7,
      discretize: true,
    };
    const { setup: back, problems } = decodeSetup(encodeSetup(setup));
    expect(problems).toEqual([]);
    expect(back).toEqual(setup);
    expect(optimizerOf(back)).toEqual({ kind: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 0.001 });
    expect(lossOf(back)).toEqual({ kind: 'hinge', margin: 0.3, reduction: 'mean' });
  });

  test('an empty query is the default; every loss and optimizer of the registries builds with its defaults', () => {
    expect(decodeSetup('').setup).toEqual(DEFAULT_SETUP);
    for (const loss of LOSS_KINDS)
      expect(lossOf({ ...DEFAULT_SETUP, loss, lossParameters: {} }).kind).toBe(loss);
    for (const optimizer of OPTIMIZER_KINDS) {
      expect(optimizerOf({ ...DEFAULT_SETUP, optimizer, optimizerParameters: {} }).kind).toBe(optimizer);
    }
  });

  test('bad fields are named and left at their defaults', () => {
    const { setup, problems } = decodeSetup(
      'data=donut&noise=3&hidden=8,x&optimizer=adam&optimizer.beta1=1.5&lr=-1&batch=0',
    );
    expect(setup).toEqual(DEFAULT_SETUP);
    expect(problems).toEqual([
      expect.stringContaining('dataset "donut" is unknown'),
      expect.stringContaining('noise is "3"'),
      expect.stringContaining('hidden layer 2 size is "x"'),
      expect.stringContaining('optimizer adam beta1 is "1.5"'),
      expect.stringContaining('learning rate is "-1"'),
      expect.stringContaining('batch size is "0"'),
    ]);
  });

  test('hidden layers and batch sizes as typed', () => {
    expect(parseHidden('8, 8')).toEqual([8, 8]);
    expect(parseHidden('')).toEqual([]);
    expect(() => parseHidden('1,1,1,1,1,1,1')).toThrow(/at most 6/);
    expect(parseBatchSize('full')).toBe('full');
    expect(parseBatchSize('32')).toBe(32);
  });

  test("the random seed's range is core's, 0 … MAX_SEED, in the form and in the URL alike", () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed(String(MAX_SEED))).toBe(MAX_SEED);
    for (const bad of [String(MAX_SEED + 1), '-1', '1.5', '', 'x'])
      expect(() => parseSeed(bad), bad).toThrow(
        `random seed is "${bad}"; it must be a whole number from 0 to ${MAX_SEED}`,
      );
    // above the old URL limit of 2³¹ − 1, and still a seed core initialises a network from
    const { setup, problems } = decodeSetup(`seed=${2 ** 31}`);
    expect(problems).toEqual([]);
    expect(setup.seed).toBe(2 ** 31);
    const init = (seed: number) => () =>
      initModel({ sizes: [2, 1], activations: [{ kind: 'identity' }], seed });
    expect(init(MAX_SEED)).not.toThrow();
    expect(init(MAX_SEED + 1)).toThrow(); // the same range as core's: nothing the page accepts fails there
    expect(decodeSetup(`seed=${MAX_SEED + 1}`).problems).toEqual([
      `seed: random seed is "${MAX_SEED + 1}"; it must be a whole number from 0 to ${MAX_SEED}`,
    ]);
  });
});
