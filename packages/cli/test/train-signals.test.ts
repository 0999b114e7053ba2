// Ctrl-C and SIGTERM during a real `deltaml train` (issues #11 and #12): once a checkpoint has been
// written the process is signalled; it must exit non-zero with one stderr line, leave --out byte
// for byte as it was and the last complete checkpoint in place, with no temporary file behind, and
// that checkpoint must resume to the bytes of an uninterrupted run of as many epochs plus one.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initModel, seededRandom } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { deltamlProcess, scratchDir, writeData, writeFile, writeModel } from './helpers/cli.js';
import { deltamlAsync, expectSuccess } from './helpers/train.js';

const PREVIOUS_OUT = '{"format": "deltaml/mlp@1", "note": "written before the test; must survive"}\n';
const PREVIOUS_CHECKPOINT = 'not a checkpoint yet\n';
const CHECKPOINT_START = '{"format":"deltaml/checkpoint@1"';
/** Enough examples that an epoch takes a noticeable time (250 steps of 8), few enough to resume quickly. */
const EXAMPLES_COUNT = 2000;
/** How long the process may take to stop once signalled before the test gives up on it. */
const STOP_WITHIN_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A directory with a 4-16-1 model, a 4-input data set, and an --out and a --checkpoint that exist already. */
function trainingDirectory(): string {
  const dir = scratchDir();
  const random = seededRandom(12);
  const X = [0, 1, 2, 3].map(() => Array.from({ length: EXAMPLES_COUNT }, () => 2 * random() - 1));
  writeData(dir, 'data.csv', X, [X[0].map((x, n) => x * X[1][n] - X[2][n] + X[3][n] / 2)], false);
  writeModel(
    dir,
    'model.json',
    initModel({
      sizes: [4, 16, 1],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed: 1,
    }),
  );
  writeFile(dir, 'out.json', PREVIOUS_OUT);
  writeFile(dir, 'run.ckpt', PREVIOUS_CHECKPOINT);
  return dir;
}

const TRAIN = ['train', '--model', 'model.json', '--data', 'data.csv', '--batch-size', '8', '--lr', '0.05'];

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  describe(`${signal} during train`, () => {
    it('exits non-zero with one line, keeps --out and the last checkpoint, which resumes to the uninterrupted run', async () => {
      const dir = trainingDirectory();
      const child = deltamlProcess(
        [...TRAIN, '--epochs', '100000', '--out', 'out.json', '--checkpoint', 'run.ckpt'],
        dir,
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.stdout.resume();
      const closed = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('close', (status, killedBy) => resolve({ status, signal: killedBy })),
      );
      let exited = false;
      void closed.then(() => {
        exited = true;
      });
      const checkpointPath = join(dir, 'run.ckpt');
      while (!exited && !readFileSync(checkpointPath, 'utf8').startsWith(CHECKPOINT_START)) await sleep(20);
      expect(exited, `train ended before its first checkpoint: ${stderr}`).toBe(false);
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
      const end = await closed;
      clearTimeout(timer);

      expect(end.signal, 'it stops by itself, not by the signal’s default action').toBeNull();
      expect(end.status).toBe(1);
      expect(stderr.endsWith('\n')).toBe(true);
      const lines = stderr.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      const match =
        /^error: interrupted during epoch (\d+) of \d+; out\.json was left as it was; the checkpoint run\.ckpt holds epochs 1–(\d+)$/.exec(
          lines[0],
        );
      expect(match, lines[0]).not.toBeNull();
      const [, interruptedIn, heldEpoch] = (match as RegExpExecArray).map(Number);
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(PREVIOUS_OUT);
      expect(readdirSync(dir).sort(), 'no temporary file left').toEqual(
        ['data.csv', 'model.json', 'out.json', 'run.ckpt'].sort(),
      );
      const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8'));
      expect(checkpoint.format).toBe('deltaml/checkpoint@1');
      expect(checkpoint.state.epoch).toBe(heldEpoch);
      expect(heldEpoch).toBeGreaterThanOrEqual(1);
      expect(interruptedIn).toBe(heldEpoch + 1);
      expect(checkpoint.state.cursor).toBe(0);

      // one more epoch from the checkpoint equals the same number of epochs straight through
      const epochs = String(heldEpoch + 1);
      const [resumed, straight] = await Promise.all([
        deltamlAsync([...TRAIN, '--epochs', epochs, '--out', 'resumed.json', '--resume', 'run.ckpt'], dir),
        deltamlAsync([...TRAIN, '--epochs', epochs, '--out', 'straight.json'], dir),
      ]);
      expectSuccess(resumed);
      expectSuccess(straight);
      expect(resumed.stdout).toMatch(new RegExp(`^epoch ${epochs}/${epochs} `));
      expect(readFileSync(join(dir, 'resumed.json')).equals(readFileSync(join(dir, 'straight.json')))).toBe(
        true,
      );
      expect(existsSync(join(dir, 'out.json'))).toBe(true);
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }, 60_000);
  });
}
