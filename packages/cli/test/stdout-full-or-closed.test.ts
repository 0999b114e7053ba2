// When stdout cannot take the output (issue #20, items 15 and 16; docs/contract.md): a full
// stdout (`> /dev/full`) gives one stderr line and exit status 1 for every command and --help,
// never a stack; a reader that goes away (`| head -1`) drops the rest of the output without a
// message, and the command's other work still happens (train still writes --out), exit status 0.

import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, EXAMPLES, scratchDir } from './helpers/cli.js';

const MODEL = join(EXAMPLES, 'exercise2.model.json');
const DATA = join(EXAMPLES, 'exercise2.csv');
const SLOW = 120_000;

const COMMANDS: Record<string, string> = {
  '--help': '--help',
  'train --help': 'train --help',
  grad: `grad --model ${MODEL} --data ${DATA} --backend cpu`,
  train: `train --model ${MODEL} --data ${DATA} --out out.json --backend cpu`,
  eval: `eval --model ${MODEL} --data ${DATA} --backend cpu`,
  predict: `predict --model ${MODEL} --data ${DATA} --backend cpu`,
  conformance: 'conformance --backend cpu',
};

/** Runs `line` (after `deltaml`) in bash, so that it can redirect and pipe; returns deltaml's own status. */
function shell(line: string, cwd: string) {
  const script = `"${process.execPath}" "${BIN}" ${line}; echo "status \${PIPESTATUS[0]}" >&2`;
  const run = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  const match = /status (\d+)\n$/.exec(run.stderr);
  return { stdout: run.stdout, stderr: run.stderr.replace(/status \d+\n$/, ''), status: Number(match?.[1]) };
}

describe('a full stdout (> /dev/full)', () => {
  for (const [name, line] of Object.entries(COMMANDS)) {
    it(
      `${name}: one line on stderr, exit status 1`,
      () => {
        const run = shell(`${line} > /dev/full`, scratchDir());
        expect(run.stderr).toBe('error: stdout: cannot write the output (no space left on the device)\n');
        expect(run.status).toBe(1);
      },
      SLOW,
    );
  }
});

describe('a reader that goes away (| head -1)', () => {
  it(
    'predict on a long file: the first row reaches the reader, no message, exit status 0',
    () => {
      const dir = scratchDir();
      const rows = Array.from({ length: 30_000 }, (_, n) => `${(n % 97) / 97},${(n % 89) / 89}`);
      writeFileSync(join(dir, 'big.csv'), `x1,x2\n${rows.join('\n')}\n`);
      const run = shell(`predict --model ${MODEL} --data big.csv --backend cpu | head -1`, dir);
      expect(run.stdout).toBe('y0\n');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
    SLOW,
  );

  it(
    'train: the rest of the progress is dropped, --out is still written, exit status 0',
    () => {
      const dir = scratchDir();
      const run = shell(
        `train --model ${MODEL} --data ${DATA} --out out.json --epochs 200 --backend cpu | head -1`,
        dir,
      );
      expect(run.stdout).toMatch(/^epoch 1\/200 /);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(existsSync(join(dir, 'out.json'))).toBe(true);
    },
    SLOW,
  );

  it(
    '--help: no message, exit status 0',
    () => {
      const run = shell('train --help | head -1', scratchDir());
      expect(run.stdout).toBe('Usage: deltaml train [options]\n');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
    SLOW,
  );
});
