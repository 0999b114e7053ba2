// Runs the BUILT `deltaml` bin as a user would (node dist/bin.js …) in a scratch directory, and
// writes the model and data files the tests hand it.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModelSpec, serializeModel } from '@deltaml/core';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The commands that take `--backend`. */
const BACKEND_COMMANDS = new Set(['grad', 'train', 'eval', 'predict', 'conformance', 'walkthrough']);

/**
 * `args` with `--backend cpu` added when they run a command that takes one and name none: the tests
 * were written against cpu, the default before `auto`, and check its exact values and its quiet
 * stderr. The tests of the default itself run unpinned (deltamlUnpinned).
 */
export function pinnedArgs(args: readonly string[]): readonly string[] {
  const [command] = args;
  const named = args.some((arg) => arg === '--backend' || arg.startsWith('--backend=') || arg === '--help');
  return BACKEND_COMMANDS.has(command) && !named ? [...args, '--backend', 'cpu'] : args;
}

/** `deltaml …args` in `cwd`, to completion, on cpu unless the args name a backend (pinnedArgs). */
export function deltaml(args: readonly string[], cwd: string): Run {
  return deltamlUnpinned(pinnedArgs(args), cwd);
}

/** `deltaml …args` in `cwd`, to completion, exactly as given. */
export function deltamlUnpinned(args: readonly string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DELTAML_DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `deltaml …args` left running, for tests that signal it (on cpu unless the args name a backend). */
export function deltamlProcess(args: readonly string[], cwd: string) {
  return spawn(process.execPath, [BIN, ...pinnedArgs(args)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'deltaml-cli-'));
}

/** Writes `name` in `dir` and returns its path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function writeModel(dir: string, name: string, model: ModelSpec): string {
  return writeFile(dir, name, serializeModel(model));
}

/**
 * A data file for X (d_0 × N, one column per example) and targets T: Y (d_L × N) under the
 * header y1…, or labels (1 × N) under `label`.
 */
export function writeData(dir: string, name: string, X: number[][], T: number[][], labels: boolean): string {
  const header = [...X.map((_, i) => `x${i + 1}`), ...(labels ? ['label'] : T.map((_, i) => `y${i + 1}`))];
  const rows = X[0].map((_, n) => [...X.map((row) => row[n]), ...T.map((row) => row[n])].join(','));
  return writeFile(dir, name, `${[header.join(','), ...rows].join('\n')}\n`);
}
