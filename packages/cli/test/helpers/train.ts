// What the `train` tests share: the built bin run asynchronously (several runs of one test go side
// by side on the shared machine), byte snapshots of a directory to prove files untouched, the one
// stderr line of a refusal, and the small seeded data sets and models the runs train on.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initModel, type ModelSpec, parseModel, seededRandom } from '@deltaml/core';
import { expect } from 'vitest';
import { deltamlProcess, type Run, writeData, writeModel } from './cli.js';

/** `deltaml …args` in `cwd`, to completion, without blocking the test's event loop. */
export function deltamlAsync(args: readonly string[], cwd: string): Promise<Run> {
  const child = deltamlProcess(args, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `work` on every item, at most `limit` at a time (the machine has 2 cores). */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every file of `dir` (by name) with its bytes. */
export function snapshot(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** `dir` holds exactly the files of `before`, byte for byte: nothing written, nothing left behind. */
export function expectUnchanged(dir: string, before: Map<string, Buffer>): void {
  expect(readdirSync(dir).sort()).toEqual([...before.keys()].sort());
  for (const [name, bytes] of before) {
    expect(readFileSync(join(dir, name)).equals(bytes), `${name} is byte-identical`).toBe(true);
  }
}

/** The run's one stderr line, after checking it refused with exit 2, printed nothing else and no stack. */
export function refusalLine(run: Run): string {
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n'), run.stderr).toBe(true);
  const lines = run.stderr.slice(0, -1).split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
  expect(run.status, run.stderr).toBe(2);
  return lines[0];
}

/** The run succeeded quietly: exit 0 and nothing on stderr. */
export function expectSuccess(run: Run): void {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

/** A model file, parsed. */
export function readModel(path: string): ModelSpec {
  return parseModel(readFileSync(path, 'utf8'), path);
}

/** The records of a JSONL file. */
export function readJsonl(path: string): Record<string, number>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Every number of a model's weights and biases, in order. */
export function parameters(model: ModelSpec): number[] {
  return model.layers.flatMap((layer) => [...layer.weights.flat(), ...(layer.bias ?? [])]);
}

/** The kinds of target a data file can hold, as the losses read them. */
export type Targets = 'values' | 'classes' | 'binary';

/**
 * `count` seeded examples of 2 inputs in [−1, 1]: a value y1 = x1 − x2/2, a class label 0…2 by
 * the sign pattern of x1 + x2 and x1 − x2, or a 0/1 target y1 = [x1 > x2].
 */
export function writeToyData(dir: string, name: string, targets: Targets, count: number, seed = 1): string {
  const random = seededRandom(seed);
  const X = [0, 1].map(() => Array.from({ length: count }, () => 2 * random() - 1));
  const [x1, x2] = X;
  const T = {
    values: [x1.map((x, n) => x - x2[n] / 2)],
    classes: [x1.map((x, n) => (x + x2[n] > 0 ? 0 : x - x2[n] > 0 ? 1 : 2))],
    binary: [x1.map((x, n) => (x > x2[n] ? 1 : 0))],
  }[targets];
  return writeData(dir, name, X, T, targets === 'classes');
}

/** A seeded 2-`hidden`-`outputs` model (tanh, then identity), with biases. */
export function writeToyModel(dir: string, name: string, outputs: number, hidden = 4, seed = 3): string {
  return writeModel(
    dir,
    name,
    initModel({
      sizes: [2, hidden, outputs],
      activations: [{ kind: 'tanh' }, { kind: 'identity' }],
      bias: true,
      seed,
    }),
  );
}
