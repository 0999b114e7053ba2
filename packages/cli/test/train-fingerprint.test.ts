// The resume fingerprint is an allow-list: every option of `train` is classified as changing the
// result (compared on --resume) or as not changing it. A new flag in neither list fails here, so it
// is never silently compared, nor silently ignored.

import { describe, expect, it } from 'vitest';
import { trainCommand } from '../src/commands/train.js';
import { CHANGES_THE_RESULT, DOES_NOT_CHANGE_THE_RESULT } from '../src/train/fingerprint.js';

const optionKeys = trainCommand().options.map((option) => option.attributeName());

describe('the resume fingerprint', () => {
  it('classifies every option of train', () => {
    const unclassified = optionKeys.filter(
      (key) => !CHANGES_THE_RESULT.has(key) && !DOES_NOT_CHANGE_THE_RESULT.has(key),
    );
    expect(unclassified).toEqual([]);
  });

  it('classifies no option both ways, and only options train has', () => {
    expect([...CHANGES_THE_RESULT].filter((key) => DOES_NOT_CHANGE_THE_RESULT.has(key))).toEqual([]);
    const known = new Set(optionKeys);
    expect([...CHANGES_THE_RESULT, ...DOES_NOT_CHANGE_THE_RESULT].filter((key) => !known.has(key))).toEqual(
      [],
    );
  });
});
