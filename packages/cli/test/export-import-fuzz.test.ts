// Fuzzing `deltaml import` end to end (the readers themselves get thousands of cases in
// packages/interop/test/fuzz.test.ts): mutated ONNX bytes and mutated model.json text, each run
// through the built bin. Each ends in exit 0 with a model file, or exit 2 with one stderr line and
// the --out file byte for byte as it was.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '@deltaml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from './fuzz/generators.js';
import { deltaml, scratchDir } from './helpers/cli.js';
import { expectUnchanged, refusalLine, snapshot } from './helpers/train.js';

/** Each case spawns the bin (~1 s on the shared machine): a dozen per reader; FUZZ_CLI_RUNS for more. */
const CASES = Number(process.env.FUZZ_CLI_RUNS ?? 12);
const TIMEOUT = 5 * 60_000;
const FIXTURES = new URL('../../interop/test/fixtures/', import.meta.url);

/** One import of `from` into a kept output; checks the outcome. */
function importChecked(dir: string, from: string): void {
  const out = join(dir, 'out');
  const before = snapshot(out);
  const run = deltaml(['import', '--from', from, '--out', join(out, 'keep.json')], dir);
  if (run.status === 0) {
    expect(() => parseModel(readFileSync(join(out, 'keep.json'), 'utf8'))).not.toThrow();
    writeFileSync(join(out, 'keep.json'), before.get('keep.json') ?? '');
    return;
  }
  refusalLine(run);
  expectUnchanged(out, before);
}

const edits = fc.array(
  fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), cut: fc.boolean() }),
  {
    minLength: 1,
    maxLength: 4,
  },
);

describe('fuzz: deltaml import', () => {
  const dir = scratchDir();
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'keep.json'), '{"mine": true}\n');

  it(
    `${CASES} mutated ONNX files`,
    () => {
      const original = readFileSync(new URL('skl2onnx-mlp-classifier-zipmap-on.onnx', FIXTURES));
      fc.assert(
        fc.property(edits, (changes) => {
          let bytes = Buffer.from(original);
          for (const { at, value, cut } of changes) {
            const i = at % bytes.length;
            if (cut) bytes = bytes.subarray(0, Math.max(1, i));
            else bytes[i] = value;
          }
          writeFileSync(join(dir, 'fuzz.onnx'), bytes);
          importChecked(dir, 'fuzz.onnx');
        }),
        runs(CASES),
      );
    },
    TIMEOUT,
  );

  it(
    `${CASES} mutated model.json files`,
    () => {
      const init = deltaml(
        'init --layers 3,4,2 --activations relu,identity --bias --out m.json'.split(' '),
        dir,
      );
      expect(init.status).toBe(0);
      expect(deltaml('export --model m.json --format tfjs --out web'.split(' '), dir).status).toBe(0);
      const original = readFileSync(join(dir, 'web', 'model.json'), 'utf8');
      fc.assert(
        fc.property(edits, (changes) => {
          let text = original;
          for (const { at, value, cut } of changes) {
            const i = at % text.length;
            text = cut ? text.slice(0, i) : text.slice(0, i) + String.fromCharCode(value) + text.slice(i + 1);
          }
          writeFileSync(join(dir, 'web', 'model.json'), text);
          importChecked(dir, 'web/model.json');
        }),
        runs(CASES),
      );
    },
    TIMEOUT,
  );
});
