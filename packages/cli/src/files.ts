// Reading the user's files and writing --out: file-system failures become one-line InputErrors
// that name the path, and every output is written atomically (a temporary file in the same
// directory, then a rename), so a failed or interrupted command leaves the old file as it was.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, type ModelSpec, parseModel } from '@deltaml/core';

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
};

/**
 * An InputError naming `path` for a file-system error caused by the path the user gave; other
 * errors (a full disk, too many open files) pass through as failures of their own.
 */
export function fileError(path: string, action: string, error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (!code || !(code in FS_REASONS)) return error;
  return new InputError(`${path}: cannot ${action} (${FS_REASONS[code]})`);
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, 'read', error);
  }
}

/** Reads and checks a model file; errors name the file and the field (core's ModelFileError). */
export async function readModelFile(path: string): Promise<ModelSpec> {
  return parseModel(await readText(path), path);
}

/** Fails now, before any work, if `path` cannot be written: its directory must exist. */
export async function checkOutputPath(path: string): Promise<void> {
  const directory = dirname(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(directory);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT')
      throw new InputError(`${path}: cannot write (directory ${directory} does not exist)`);
    throw fileError(path, 'write', error);
  }
  if (!info.isDirectory()) throw new InputError(`${path}: cannot write (${directory} is not a directory)`);
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw new InputError(`${path}: cannot write (is a directory)`);
}

/** Writes `text` to `path` atomically: a temporary file beside it, then a rename over it. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await checkOutputPath(path);
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw fileError(path, 'write', error);
  }
}
