// How a failure reaches the user (failure.ts): exit 2 for every bad-input kind (sizes that cannot
// fit included), 1 for anything else, one line, control characters escaped, no stack.

import { InputError, ModelFileError, OutOfMemoryError, ShapeError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { errorLine, exitCodeFor, reportFailure, UsageError } from '../src/failure.js';

describe('failure', () => {
  it.each([
    ['usage', new UsageError('bad flag')],
    ['input', new InputError('data.csv: line 2: bad')],
    ['shape', new ShapeError('sizes')],
    ['model file', new ModelFileError('model.json: bad')],
    ['out of memory', new OutOfMemoryError('too large')],
  ])('exits 2 for a %s error', (_, error) => {
    expect(exitCodeFor(error)).toBe(2);
  });

  it('exits 1 for anything else', () => {
    expect(exitCodeFor(new TypeError('a bug'))).toBe(1);
    expect(exitCodeFor('a string')).toBe(1);
  });

  it('writes one line with control characters escaped and no stack', () => {
    let written = '';
    const stderr = { write: (text: string) => (written += text) } as unknown as NodeJS.WritableStream;
    const code = reportFailure(new InputError('data.csv: "\u001b[31mred\u0007"\n  is not a number'), stderr);
    expect(code).toBe(2);
    expect(written).toBe('error: data.csv: "\\x1b[31mred\\x07" is not a number\n');
  });

  it('keeps an error line that already starts with error:', () => {
    expect(errorLine(new Error("error: unknown option '--x'"))).toBe("error: unknown option '--x'");
  });
});
