// The output rule of output-file.ts for a command that writes a directory of files (`export
// --format tfjs --out DIR`): checked before any work, nothing half-written, nothing of the
// user's lost.
// - DIR may be new, empty, or hold only what a previous export wrote there (the files `replaces`
//   names); anything else in it, a file at DIR, or DIR holding one of the command's inputs is
//   refused now, naming it.
// - The files are written and fsynced in a temporary directory beside DIR, which is renamed into
//   place: a new or empty DIR is replaced in one rename; a previous export is first moved aside,
//   then removed once the new one is in place (put back if the rename fails).
// - The temporary directory is removed on every exit path, Ctrl-C included.

import { randomBytes } from 'node:crypto';
import { rmSync, type Stats } from 'node:fs';
import { chmod, mkdir, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@deltaml/core';
import { fileError, showPath } from '@deltaml/data/node';
import { onExit } from './exit-cleanup.js';

/** A directory output checked by prepareDirectory: write it once the work is done. */
export interface PreparedDirectory {
  readonly path: string;
  /** Writes `files` (name → bytes or text) as the whole new contents of the directory. */
  write(files: ReadonlyMap<string, Uint8Array | string>): Promise<void>;
}

const cannot = (path: string, reason: string) =>
  new InputError(`${showPath(path)}: cannot write (${reason})`);

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw fileError(path, 'write', error);
  }
}

/** A temporary directory beside `target`, removed on exit unless `keep` is called. */
async function temporaryDirectory(path: string, target: string, tag: string) {
  const temporary = join(
    dirname(target),
    `.${basename(target).slice(0, 64)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`,
  );
  const unregister = onExit(() => rmSync(temporary, { recursive: true, force: true }));
  try {
    await mkdir(temporary, { mode: 0o700 });
  } catch (error) {
    unregister();
    throw fileError(path, 'write', error);
  }
  return { temporary, unregister };
}

/**
 * Checks now that `path` can become the directory of `replaces`' files (new, empty, or holding
 * only those) and holds none of `inputs`; returns the writer to use when the work is done.
 */
export async function prepareDirectory(
  path: string,
  { replaces, inputs = [] }: { replaces: readonly string[]; inputs?: readonly string[] },
): Promise<PreparedDirectory> {
  if (path === '') throw cannot(path, 'the directory name is empty');
  const existing = await statOrNull(path);
  const target = existing ? await realpath(path) : resolve(path);
  if (existing) {
    if (!existing.isDirectory()) throw cannot(path, 'is not a directory; give a new or empty directory');
    const names = await readdir(target).catch((error) => {
      throw fileError(path, 'write', error);
    });
    const foreign = names.find((name) => !replaces.includes(name));
    if (foreign)
      throw cannot(
        path,
        `it holds ${showPath(foreign)}, which an export did not write; give a new or empty directory`,
      );
    for (const input of inputs) {
      const real = await realpath(input).catch(() => resolve(input));
      if (dirname(real) === target)
        throw cannot(path, `it holds the input file ${showPath(input)}; write the output elsewhere`);
    }
  }
  const parent = await statOrNull(dirname(target));
  if (!parent) throw cannot(path, `directory ${showPath(dirname(path))} does not exist`);
  if (!parent.isDirectory()) throw cannot(path, `${showPath(dirname(path))} is not a directory`);
  const probe = await temporaryDirectory(path, target, 'probe');
  await rm(probe.temporary, { recursive: true, force: true });
  probe.unregister();
  return { path, write: (files) => replaceDirectory(path, target, existing, files) };
}

async function replaceDirectory(
  path: string,
  target: string,
  existing: Stats | null,
  files: ReadonlyMap<string, Uint8Array | string>,
): Promise<void> {
  const { temporary, unregister } = await temporaryDirectory(path, target, 'tmp');
  try {
    for (const [name, content] of files) {
      const handle = await open(join(temporary, name), 'wx', 0o666 & ~process.umask());
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await chmod(temporary, existing ? existing.mode & 0o7777 : 0o777 & ~process.umask());
    const old = (await readdir(target).catch(() => [])).length > 0 ? `${temporary}.old` : undefined;
    if (old) await rename(target, old);
    try {
      await rename(temporary, target); // over a missing or empty directory: one atomic step
    } catch (error) {
      if (old) await rename(old, target);
      throw error;
    }
    if (old) await rm(old, { recursive: true, force: true });
  } catch (error) {
    throw fileError(path, 'write', error);
  } finally {
    await rm(temporary, { recursive: true, force: true });
    unregister();
  }
}
