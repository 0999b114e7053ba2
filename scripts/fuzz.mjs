#!/usr/bin/env node
// @ts-check
// `pnpm fuzz`: a longer fuzz campaign than CI's (issue #11), over the CSV, model and checkpoint
// readers and every command's flags. FUZZ_RUNS sets the cases per reader (default 50 000 here,
// 2 000 in CI); FUZZ_SEED replays a campaign (default: a new seed, printed first).
// Builds the cli first, since part of the campaign runs the built bin.

import { spawnSync } from 'node:child_process';

const runs = process.env.FUZZ_RUNS ?? '50000';
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
process.stderr.write(`fuzz: FUZZ_RUNS=${runs} FUZZ_SEED=${seed} (set both to replay)\n`);

/**
 * Runs a command with inherited stdio; exits with its status if it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npx', ['turbo', 'run', 'build', '--filter=@deltaml/cli...', '--output-logs=errors-only']);
run('npx', ['vitest', 'run', 'test/fuzz/', '--testTimeout', '0'], {
  cwd: 'packages/cli',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
