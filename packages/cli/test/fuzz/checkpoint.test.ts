// Fuzzing the checkpoint reader (issue #11): real checkpoints written by `train --checkpoint`
// (sgd and adam, so the optimizer slots are there), then mutated: a JSON value replaced, deleted
// or added anywhere in the tree, text edits, random bytes, odd encodings. readCheckpoint either
// returns a checkpoint or fails as exit 2 with one clean line; and `train --resume` on a mutated
// checkpoint exits 0 or 2 (never 1), leaving --out as it was unless it succeeded.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@deltaml/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_FORMAT, readCheckpoint } from '../../src/checkpoint.js';
import { errorLine, exitCodeFor } from '../../src/failure.js';
import { main } from '../../src/main.js';
import { EXAMPLES, scratchDir } from '../helpers/cli.js';
import { fileBytes, hostileJson, type Json, mutateJson, READER_RUNS, runs } from './generators.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const TIMEOUT = 5 * 60_000;
/** `train --resume` cases, each a whole (tiny) run in process. */
const RESUME_RUNS = Math.max(50, Math.round(READER_RUNS / 10));
const OLD_OUT = '{"previous": "output"}\n';

/** main(args) with its output swallowed; resolves to the exit code and the stderr text. */
async function quietly(args: string[]): Promise<{ status: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { status: await main(args), stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('fuzz: the checkpoint reader', () => {
  const dir = scratchDir();
  const model = join(EXAMPLES, 'exercise2.model.json');
  const data = join(EXAMPLES, 'exercise2.csv');
  const runArgs = {
    sgd: ['--epochs', '2', '--batch-size', '2'],
    adam: ['--epochs', '2', '--batch-size', '2', '--optimizer', 'adam', '--lr', '0.01'],
  };
  const checkpoints: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, extra] of Object.entries(runArgs)) {
      const path = join(dir, `${name}.ckpt.json`);
      const run = await quietly([
        'train',
        '--model',
        model,
        '--data',
        data,
        '--out',
        join(dir, 'o.json'),
        '--checkpoint',
        path,
        ...extra,
      ]);
      expect(run, run.stderr).toMatchObject({ status: 0 });
      checkpoints[name] = readFileSync(path, 'utf8');
    }
  });

  /** A checkpoint's text: valid, or one JSON value replaced/deleted/added, as bytes in any encoding or mutated. */
  const checkpointBytes = () => {
    const valid = fc.constantFrom(...Object.values(checkpoints));
    const mutatedJson = fc
      .tuple(valid, fc.array(fc.nat(), { minLength: 1, maxLength: 7 }), hostileJson, fc.nat())
      .map(([text, path, replacement, how]) =>
        JSON.stringify(mutateJson(JSON.parse(text) as Json, path, replacement, how)),
      );
    return fc.oneof(
      { weight: 3, arbitrary: mutatedJson.map((t) => Buffer.from(t)) },
      { weight: 1, arbitrary: fileBytes(valid) },
    );
  };

  it(
    `readCheckpoint: ${READER_RUNS} files`,
    async () => {
      const path = join(dir, 'fuzzed.ckpt.json');
      await fc.assert(
        fc.asyncProperty(checkpointBytes(), async (bytes) => {
          writeFileSync(path, bytes);
          try {
            const checkpoint = await readCheckpoint(path);
            expect(checkpoint.format).toBe(CHECKPOINT_FORMAT);
          } catch (error) {
            const line = errorLine(error);
            expect(error, line).toBeInstanceOf(InputError); // never another kind of error
            expect(exitCodeFor(error), line).toBe(2);
            expect(line).not.toMatch(RAW_CONTROL);
            expect(line.startsWith(`error: ${path}`), line).toBe(true);
          }
        }),
        runs(READER_RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    `train --resume: ${RESUME_RUNS} mutated checkpoints`,
    async () => {
      const path = join(dir, 'resume.ckpt.json');
      const out = join(dir, 'resumed.json');
      await fc.assert(
        fc.asyncProperty(
          checkpointBytes(),
          fc.constantFrom(...Object.values(runArgs)),
          async (bytes, extra) => {
            writeFileSync(path, bytes);
            writeFileSync(out, OLD_OUT);
            const args = [
              'train',
              '--model',
              model,
              '--data',
              data,
              '--out',
              out,
              '--resume',
              path,
              ...extra,
            ];
            const run = await quietly(args);
            expect([0, 2], `${run.status}: ${run.stderr}`).toContain(run.status);
            if (run.status === 2) {
              expect(run.stderr).toMatch(/^error: [^\n]*\n$/);
              expect(readFileSync(out, 'utf8')).toBe(OLD_OUT);
            }
          },
        ),
        runs(RESUME_RUNS),
      );
    },
    TIMEOUT,
  );
});
