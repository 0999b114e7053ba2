import { DEFAULT_MARGIN, InputError } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import { DEFAULT_FORM, parseHidden, parseTrainForm } from '../src/logic/train-settings.js';

describe('the Train form', () => {
  test('the defaults', () => {
    expect(parseTrainForm(DEFAULT_FORM)).toEqual({
      hidden: [8, 8],
      activation: 'tanh',
      loss: { kind: 'mse' },
      lr: 0.3,
      batchSize: 16,
      cache: 'all',
      seed: 1,
    });
  });

  test('hinge with its margin, a full batch, no hidden layer', () => {
    const settings = parseTrainForm({
      ...DEFAULT_FORM,
      loss: 'hinge',
      margin: '0.5',
      batchSize: 'full',
      hidden: ' ',
    });
    expect(settings.loss).toEqual({ kind: 'hinge', margin: 0.5 });
    expect(settings.batchSize).toBe('full');
    expect(settings.hidden).toEqual([]);
    expect(parseTrainForm({ ...DEFAULT_FORM, loss: 'hinge' }).loss).toEqual({
      kind: 'hinge',
      margin: DEFAULT_MARGIN,
    });
  });

  test('every bad field is an InputError naming it', () => {
    expect(parseHidden('4, 3,2')).toEqual([4, 3, 2]);
    expect(() => parseHidden('4, 0')).toThrow(/hidden layer 2 size is "0"/);
    expect(() => parseHidden('4,,2')).toThrow(InputError);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, lr: '-1' })).toThrow(/learning rate/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, lr: 'fast' })).toThrow(/learning rate is "fast"/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, batchSize: '2.5' })).toThrow(/batch size/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, activation: 'gelu' })).toThrow(
      /activation is "gelu"; expected one of/,
    );
    expect(() => parseTrainForm({ ...DEFAULT_FORM, loss: 'l1' })).toThrow(/loss/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, cache: 'none' })).toThrow(/cache policy/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, seed: '-3' })).toThrow(/seed/);
    expect(() => parseTrainForm({ ...DEFAULT_FORM, loss: 'hinge', margin: 'x' })).toThrow(/margin/);
  });
});
