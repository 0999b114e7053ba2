// The output rules of output-file.ts, one test per rule (issue #11, failures 2, 3 and 4), run in
// process on real files: what is refused before any work, what a write keeps, what it leaves.

import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { InputError, initModel, ModelFileError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { writeModelFile } from '../src/files.js';
import { prepareOutput } from '../src/output-file.js';
import { scratchDir } from './helpers/cli.js';

const OLD = 'the old contents\n';
const NEW = 'the new contents\n';
const isRoot = process.getuid?.() === 0;

/** A scratch directory holding `old.txt` with the old contents. */
function withOldFile(): { dir: string; old: string } {
  const dir = scratchDir();
  const old = join(dir, 'old.txt');
  writeFileSync(old, OLD);
  return { dir, old };
}

/** The InputError message prepareOutput throws for `path`. */
async function refusal(path: string, inputs: string[] = []): Promise<string> {
  const error = await prepareOutput(path, { inputs }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('an output is checked before any work', () => {
  it('refuses the empty name', async () => {
    expect(await refusal('')).toBe('"": cannot write (the file name is empty)');
  });

  it('refuses a missing directory, naming the path and the directory', async () => {
    const dir = scratchDir();
    const path = join(dir, 'missing', 'out.json');
    expect(await refusal(path)).toBe(
      `${path}: cannot write (directory ${join(dir, 'missing')} does not exist)`,
    );
  });

  it('refuses a directory', async () => {
    const dir = scratchDir();
    expect(await refusal(dir)).toBe(`${dir}: cannot write (is a directory)`);
  });

  it('refuses a FIFO without opening it', async () => {
    const dir = scratchDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toMatch(/pipe: cannot write \(is a FIFO; only a regular file is replaced\)/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses a device, also behind a symlink', async () => {
    expect(await refusal('/dev/null')).toBe(
      '/dev/null: cannot write (is a device; only a regular file is replaced)',
    );
    const dir = scratchDir();
    const link = join(dir, 'stdout-link');
    symlinkSync('/dev/null', link);
    expect(await refusal(link)).toMatch(/stdout-link: cannot write \(is a device/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses a name that is too long, naming it and not a temporary file', async () => {
    const dir = scratchDir();
    const path = join(dir, `${'n'.repeat(300)}.json`);
    expect(await refusal(path)).toBe(`${path}: cannot write (the name is too long)`);
  });

  it('accepts a 245-character name (the temporary file name is shortened)', async () => {
    const dir = scratchDir();
    const path = join(dir, `${'n'.repeat(240)}.json`);
    await (await prepareOutput(path)).write(NEW);
    expect(readFileSync(path, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual([`${'n'.repeat(240)}.json`]);
  });

  it('refuses an output that is an input: the same path, a symlink to it, a hard link to it', async () => {
    const { dir, old } = withOldFile();
    expect(await refusal(old, [old])).toBe(
      `${old}: cannot write (it is the input file ${old}; write the output elsewhere)`,
    );
    const link = join(dir, 'link.txt');
    symlinkSync(old, link);
    expect(await refusal(link, [old])).toMatch(/link\.txt: cannot write \(it is the input file .*old\.txt/);
    const hard = join(dir, 'hard.txt');
    linkSync(old, hard);
    expect(await refusal(hard, [old])).toMatch(/hard\.txt: cannot write \(it is the input file .*old\.txt/);
    expect(await refusal(old, [link])).toMatch(/old\.txt: cannot write \(it is the input file .*link\.txt/);
    expect(readFileSync(old, 'utf8')).toBe(OLD);
  });

  it.skipIf(isRoot)('refuses a read-only file and a read-only directory (not as root)', async () => {
    const { dir, old } = withOldFile();
    chmodSync(old, 0o444);
    expect(await refusal(old)).toMatch(/old\.txt: cannot write \(permission denied/);
    const locked = join(dir, 'locked');
    mkdirSync(locked, 0o555);
    expect(await refusal(join(locked, 'out.json'))).toMatch(/out\.json: cannot write \(permission denied/);
  });

  it('escapes control characters in the path it names', async () => {
    const dir = scratchDir();
    const message = await refusal(join(dir, 'no\u001b[31mdir', 'out.json'));
    expect(message.includes('\u001b')).toBe(false);
    expect(message).toMatch(/no\\x1b\[31mdir/);
  });

  it('checks in well under a second', async () => {
    const { old } = withOldFile();
    const started = performance.now();
    await prepareOutput(old);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a write replaces the file atomically and keeps what it should', () => {
  it('writes a new file and leaves nothing else in the directory', async () => {
    const dir = scratchDir();
    const path = join(dir, 'out.json');
    const output = await prepareOutput(path);
    expect(readdirSync(dir), 'the probe is removed').toEqual([]);
    await output.write(NEW);
    expect(readFileSync(path, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('keeps the mode of the file it replaces (600 stays 600)', async () => {
    const { old } = withOldFile();
    chmodSync(old, 0o600);
    await (await prepareOutput(old)).write(NEW);
    expect(statSync(old).mode & 0o777).toBe(0o600);
    expect(readFileSync(old, 'utf8')).toBe(NEW);
  });

  it.runIf(isRoot)('keeps the owner of the file it replaces (as root)', async () => {
    const { old } = withOldFile();
    execFileSync('chown', ['1234:2345', old]);
    await (await prepareOutput(old)).write(NEW);
    expect([statSync(old).uid, statSync(old).gid]).toEqual([1234, 2345]);
  });

  it('writes through a symlink to its target, beside the target; the link stays a link', async () => {
    const { dir, old } = withOldFile();
    const elsewhere = join(dir, 'links');
    mkdirSync(elsewhere);
    const link = join(elsewhere, 'out.txt');
    symlinkSync('../old.txt', link);
    await (await prepareOutput(link)).write(NEW);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(old, 'utf8')).toBe(NEW);
    expect(readdirSync(elsewhere)).toEqual(['out.txt']);
    expect(readdirSync(dir).sort()).toEqual(['links', 'old.txt']);
  });

  it('writes the target of a dangling symlink', async () => {
    const dir = scratchDir();
    const link = join(dir, 'link.txt');
    symlinkSync('target.txt', link);
    await (await prepareOutput(link)).write(NEW);
    expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe(NEW);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('replaces a hard-linked name by rename: the other name keeps the old contents (documented)', async () => {
    const { dir, old } = withOldFile();
    const other = join(dir, 'other.txt');
    linkSync(old, other);
    await (await prepareOutput(old)).write(NEW);
    expect(readFileSync(old, 'utf8')).toBe(NEW);
    expect(readFileSync(other, 'utf8')).toBe(OLD);
  });

  it('refuses, at write time, a target that became a directory since the check', async () => {
    const dir = scratchDir();
    const path = join(dir, 'out.json');
    const output = await prepareOutput(path);
    mkdirSync(path);
    await expect(output.write(NEW)).rejects.toThrow(`${path}: cannot write (is a directory)`);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});

describe('writeModelFile', () => {
  const spec = initModel({
    sizes: [2, 3, 1],
    activations: [{ kind: 'relu' }, { kind: 'identity' }],
    seed: 1,
  });

  it('refuses a non-finite weight, naming the file and the weight, and leaves the file as it was', async () => {
    const { old } = withOldFile();
    const bad = { ...spec, layers: [spec.layers[0], { ...spec.layers[1], weights: [[0, Number.NaN, 1]] }] };
    const output = await prepareOutput(old);
    const error = await writeModelFile(output, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toBe(
      `${old}: not written, left as it was: will not write a model with a non-finite number: layers[1].weights[0][1] is NaN`,
    );
    expect(readFileSync(old, 'utf8')).toBe(OLD);
  });

  it('writes a finite model', async () => {
    const dir = scratchDir();
    await writeModelFile(join(dir, 'm.json'), spec);
    expect(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')).inputSize).toBe(2);
  });
});
