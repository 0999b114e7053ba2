// Sizes checked up front (issue #11, failure 5): networks and model files that cannot fit are
// refused at once with one line naming the size and the limit, never a V8 crash or "Invalid string
// length"; --max-memory moves the limit. Also the model reader's other bad files: binary, BOM.

import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, initModel, ModelFileError, serializeModel } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../src/files.js';
import {
  byteSize,
  checkMemoryBudget,
  estimateBytes,
  MAX_MODEL_TEXT,
  memoryLimit,
  parameterCount,
} from '../src/memory-budget.js';
import { scratchDir } from './helpers/cli.js';

const need = (
  sizes: number[],
  extra: { maxMemory?: number; batchSize?: number; examples?: number } = {},
) => ({
  sizes,
  batchSize: extra.batchSize ?? 0,
  examples: extra.examples ?? 0,
  dtypeBytes: 8,
  maxMemory: extra.maxMemory,
  what: 'out.json',
});

describe('checkMemoryBudget', () => {
  it('counts weights and biases', () => {
    expect(parameterCount([2, 3, 1])).toBe(3 * 3 + 1 * 4);
  });

  it('refuses 100000,100000,1 at once, naming the file size and the limit', () => {
    const started = performance.now();
    expect(() => checkMemoryBudget(need([100000, 100000, 1]))).toThrow(
      /^out\.json: a 100000-100000-1 network's model file would be about 223\.\d GB, more than the 512\.0 MB a model file can hold$/,
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses 8000,8000,1 (its model file is longer than the longest string)', () => {
    expect(() => checkMemoryBudget(need([8000, 8000, 1]))).toThrow(InputError);
    expect(() => checkMemoryBudget(need([8000, 8000, 1]))).toThrow(
      /more than the 512\.0 MB a model file can hold/,
    );
  });

  it('accepts a network that fits, and refuses it under a smaller --max-memory', () => {
    expect(() => checkMemoryBudget(need([784, 128, 10], { batchSize: 64, examples: 60000 }))).not.toThrow();
    const bytes = estimateBytes(need([784, 128, 10], { batchSize: 64, examples: 60000 }));
    expect(() =>
      checkMemoryBudget(need([784, 128, 10], { batchSize: 64, examples: 60000, maxMemory: bytes - 1 })),
    ).toThrow(/^out\.json: a 784-128-10 network needs about .* MB, more than the .* of --max-memory$/);
  });

  it('counts the data and the batch: a huge data file is refused', () => {
    expect(() => checkMemoryBudget(need([1000, 1], { examples: 1e9 }))).toThrow(
      /network needs about 14\.\d TB/,
    );
  });

  it('has a default limit no larger than the machine', () => {
    expect(memoryLimit().bytes).toBeGreaterThan(0);
    expect(memoryLimit(1234)).toEqual({ bytes: 1234, source: '--max-memory' });
  });
});

describe('byteSize (--max-memory)', () => {
  it.each([
    ['1000000', 1_000_000],
    ['512M', 512 * 2 ** 20],
    ['8G', 8 * 2 ** 30],
    ['8GB', 8 * 2 ** 30],
    ['1.5k', 1536],
    ['2TiB', 2 * 2 ** 40],
  ])('reads %s', (text, bytes) => {
    expect(byteSize(text)).toBe(bytes);
  });

  it.each(['', '0', '-1G', '8X', 'lots', '1e9', 'Infinity'])('refuses %j', (text) => {
    expect(() => byteSize(text)).toThrow(/expected a size in bytes like 1000000, 512M or 8G/);
  });
});

describe('readModelFile', () => {
  const spec = initModel({
    sizes: [2, 3, 1],
    activations: [{ kind: 'relu' }, { kind: 'identity' }],
    seed: 1,
  });

  it('refuses a 600 MB model file before reading it, naming the file', async () => {
    const path = join(scratchDir(), 'big.json');
    writeFileSync(path, '');
    truncateSync(path, 600 * 2 ** 20); // sparse: nothing is written
    expect(600 * 2 ** 20).toBeGreaterThan(MAX_MODEL_TEXT);
    const started = performance.now();
    await expect(readModelFile(path)).rejects.toThrow(
      `${path}: 600.0 MB is more than the 512.0 MB a model file can hold`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a model file that cannot be parsed within --max-memory', async () => {
    const path = join(scratchDir(), 'm.json');
    writeFileSync(path, serializeModel(spec));
    await expect(readModelFile(path, { maxMemory: 1000 })).rejects.toThrow(
      /m\.json: reading this .* model file needs about .*, more than the 1000 bytes of --max-memory/,
    );
  });

  it('reads a model file with a byte-order mark', async () => {
    const path = join(scratchDir(), 'm.json');
    writeFileSync(path, `\uFEFF${serializeModel(spec)}`);
    expect(await readModelFile(path)).toEqual(spec);
  });

  it('refuses a binary file without echoing it', async () => {
    const path = join(scratchDir(), 'm.json');
    writeFileSync(path, new Uint8Array([0x7b, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
    const error = await readModelFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toBe(`${path}: not valid JSON (a binary file)`);
  });

  it('escapes control characters from the file in its messages', async () => {
    const path = join(scratchDir(), 'm.json');
    writeFileSync(path, JSON.stringify({ format: '\u001b[31mred' }));
    const error = await readModelFile(path).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${path}: format is "\\x1b[31mred", expected "deltaml/mlp@1"`);
  });
});
