// Fuzzing every command's flags (issue #11) against the properties of commands.ts: in process
// through main() for many cases, and through the built bin for a few hundred at most, where a
// signal, a native crash or a stray stack trace would show.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import { BIN } from '../helpers/cli.js';
import {
  CASE_SECONDS,
  caseFiles,
  checkOutcome,
  commandFlags,
  commandLine,
  inDir,
  runInProcess,
  scratchCase,
} from './commands.js';
import { BIN_RUNS, FLAG_RUNS, runs } from './generators.js';

const TIMEOUT = 5 * 60_000;

describe('fuzz: every command’s flags', () => {
  const flags = commandFlags();
  afterEach(() => vi.restoreAllMocks());

  it(
    `in process: ${FLAG_RUNS} command lines`,
    async () => {
      await fc.assert(
        fc.asyncProperty(commandLine(flags), caseFiles, async (line, files) => {
          const { dir, before } = scratchCase(files);
          try {
            const args = inDir(line, dir);
            checkOutcome(args, dir, before, await runInProcess(args));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        runs(FLAG_RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    `through the built bin: ${BIN_RUNS} command lines`,
    () => {
      fc.assert(
        fc.property(commandLine(flags), caseFiles, (line, files) => {
          const { dir, before } = scratchCase(files);
          try {
            const args = inDir(line, dir);
            const run = spawnSync(process.execPath, [BIN, ...args], {
              cwd: dir,
              encoding: 'utf8',
              env: { ...process.env, DELTAML_DEBUG: '' },
              timeout: CASE_SECONDS * 1000,
            });
            const outcome = {
              status: run.status,
              signal: run.signal,
              stdout: run.stdout,
              stderr: run.stderr,
            };
            checkOutcome(args, dir, before, outcome);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        runs(BIN_RUNS),
      );
    },
    TIMEOUT,
  );
});
