// The one rule for class labels (docs/contract.md, "Data file"): without the spaces around them,
// numbers are indices and other text names, except against a model whose class names look like
// numbers, where every label is a name.
import { describe, expect, it } from 'vitest';
import { LabelRule, looksLikeNumber } from '../src/index.js';

describe('class labels', () => {
  it('tells plain decimal numbers from names, ignoring the spaces around them', () => {
    for (const text of ['0', '2', ' 1', '1 ', '-1', '0.5', '1e3', '+3'])
      expect(looksLikeNumber(text)).toBe(true);
    for (const text of ['cat', '0x10', 'Infinity', 'NaN', '1 2', '', '1,5'])
      expect(looksLikeNumber(text)).toBe(false);
  });

  it('reads numbers as indices and text as names when the model has no classes, or names that are not numbers', () => {
    for (const rule of [new LabelRule(), new LabelRule(['cat', 'dog'])]) {
      expect(rule.namesOnly).toBe(false);
      expect(rule.read('1')).toEqual({ kind: 'index', index: 1 });
      expect(rule.read(' 1')).toEqual({ kind: 'index', index: 1 });
    }
    expect(new LabelRule().read(' cat ')).toEqual({ kind: 'name', name: 'cat', index: undefined });
    expect(new LabelRule(['cat', 'dog']).read('dog')).toEqual({ kind: 'name', name: 'dog', index: 1 });
    expect(new LabelRule(['cat', 'dog']).read('bird')).toEqual({
      kind: 'name',
      name: 'bird',
      index: undefined,
    });
  });

  it('reads every label as a name when one of the model’s class names looks like a number', () => {
    const rule = new LabelRule(['2', '1', '0']);
    expect(rule.namesOnly).toBe(true);
    // "2" is the class named "2" (index 0), never index 2
    expect(rule.read('2')).toEqual({ kind: 'name', name: '2', index: 0 });
    expect(rule.read(' 0')).toEqual({ kind: 'name', name: '0', index: 2 });
    expect(rule.read('3')).toEqual({ kind: 'name', name: '3', index: undefined });
    // a model's name with spaces around it is the same name
    expect(new LabelRule([' 1', 'cat']).read('1')).toEqual({ kind: 'name', name: '1', index: 0 });
  });
});
