// The exit cleanups (exit-cleanup.ts) in a child process running the built module: a temporary
// file registered for removal goes on SIGTERM, SIGINT and SIGHUP, and the process still ends by
// that signal; while a command handles a signal itself (train's graceful Ctrl-C, a `once`
// handler), the first signal is left to it and only an unhandled second one cleans up and ends.

import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, scratchDir } from './helpers/cli.js';

const MODULE = new URL('exit-cleanup.js', pathToFileURL(BIN)).href;

/** Runs `body` in a child that has imported removeOnExit; resolves to its exit signal and stdout. */
function child(body: string): Promise<{ signal: string | null; stdout: string }> {
  const script = `const { removeOnExit } = await import(${JSON.stringify(MODULE)});\n${body}`;
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  proc.stdout.on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve) => proc.on('exit', (_, signal) => resolve({ signal, stdout })));
}

describe('exit cleanups', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    it(`remove a temporary file on ${signal} and end by it`, async () => {
      const file = join(scratchDir(), '.out.json.1.tmp');
      writeFileSync(file, 'partial');
      const run = await child(`
        removeOnExit(${JSON.stringify(file)});
        process.kill(process.pid, '${signal}');
        setTimeout(() => {}, 10_000);
      `);
      expect(run.signal).toBe(signal);
      expect(existsSync(file)).toBe(false);
    });
  }

  it('leave the first Ctrl-C to a command that handles it, and clean up on the second', async () => {
    const file = join(scratchDir(), '.out.json.2.tmp');
    writeFileSync(file, 'partial');
    const run = await child(`
      const fs = await import('node:fs');
      process.once('SIGINT', () => console.log('handled'));
      removeOnExit(${JSON.stringify(file)}); // installed after the command's handler, still first in line
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => {
        console.log('still running; file there: ' + fs.existsSync(${JSON.stringify(file)}));
        process.kill(process.pid, 'SIGINT');
      }, 200);
      setTimeout(() => {}, 10_000);
    `);
    expect(run.stdout).toBe('handled\nstill running; file there: true\n');
    expect(run.signal).toBe('SIGINT');
    expect(existsSync(file)).toBe(false);
  });
});
