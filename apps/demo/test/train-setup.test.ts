import { LOSS_KINDS, OPTIMIZER_KINDS } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SETUP,
  decodeSetup,
  encodeSetup,
  lossOf,
  optimizerOf,
  parseBatchSize,
  parseHidden,
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
});
