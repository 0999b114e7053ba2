// Fuzzing every command's flags (issue #11) against the properties of commands.ts: in process
// through main() for many cases, and through the built bin for a few hundred at most, where a
// signal, a native crash or a stray stack trace would show.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { BIN } from '../helpers/cli.js';
import {
  caseFiles,
  checkOutcome,
  commandFlags,
  commandLine,
  inDir,
  type Outcome,
  scratchCase,
} from './commands.js';
import { BIN_RUNS, FLAG_RUNS, runs } from './generators.js';

/** Longest a single case may take: every fuzzed command finishes in well under a second on these files. */
const CASE_SECONDS = 30;
const TIMEOUT = 5 * 60_000;

/** main(args) with stdout and stderr captured. */
async function runInProcess(args: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) => (chunk: string | Uint8Array) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));
  try {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${JSON.stringify(args)} took over ${CASE_SECONDS} s`)),
        CASE_SECONDS * 1000,
      );
    });
    const status = await Promise.race([main(args), late]).finally(() => clearTimeout(timer));
    return { status, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

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
