// One rule for every file a command writes (train --out and --checkpoint, predict --out,
// bench --plot, init --out), checked before any work and in well under a second:
// - the target can be written: a probe file is created and removed beside it, so a missing or
//   read-only directory, a read-only mount, an immutable or read-only file, a name that is too
//   long or empty fail now, naming the path, and not after a long run;
// - a directory, a device, a FIFO or a socket is refused, never replaced by a regular file;
// - a symlink is followed: its target is written, atomically, beside the target; the link stays;
// - an output that is one of the command's input files (same device and inode, so also through a
//   symlink or a hard link) is refused;
// - the text goes to a temporary file beside the target, is fsynced, gets the mode (and, as root,
//   the owner) of the file it replaces, and is renamed over it: a reader sees the old file or the
//   new one, never a part. The rename replaces the directory entry, so other hard links to the old
//   file keep the old contents: we chose atomicity over writing in place, which a crash or a full
//   disk halfway through would leave corrupt;
// - the temporary file is removed on every exit path, Ctrl-C, SIGTERM and SIGHUP included.

import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '@deltaml/core';
import { fileError, showPath } from '@deltaml/data/node';
import { removeOnExit } from './exit-cleanup.js';

/** What an output path may be checked against: the files the command reads. */
export interface OutputOptions {
  /** input files of the same command (--model, --data, …); the output may not be one of them */
  readonly inputs?: readonly string[];
}

/** An output checked by prepareOutput: write it once the work is done. */
export interface PreparedOutput {
  /** the path the user gave */
  readonly path: string;
  /** the file actually replaced (the end of a symlink chain), or the path for a new file */
  readonly target: string;
  /**
   * Writes `content` atomically to the target (temporary file, fsync, rename). Chunks from an
   * async iterable are written as they come, so a large output needs no more memory than a chunk;
   * if the iterable throws, the target is left as it was.
   */
  write(content: OutputContent): Promise<void>;
}

/** What an output receives: the whole text, or its chunks as they are made. */
export type OutputContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Symlinks followed before giving up, as the kernel's ELOOP limit. */
const MAX_SYMLINKS = 40;
/** What /proc/self/fd links name when the descriptor is not a file: `pipe:[1234]`, `socket:[…]`, `anon_inode:…`. */
const KERNEL_OBJECT = /^(?:pipe|socket):\[\d+\]$|^anon_inode:/;
/** Characters of the target's name kept in a temporary file's name, so it stays under NAME_MAX. */
const NAME_KEPT = 64;

const cannot = (path: string, reason: string) =>
  new InputError(`${showPath(path)}: cannot write (${reason})`);

/** The file a write to `path` lands on: the end of its symlink chain (which may not exist yet). */
async function followLinks(path: string): Promise<{ target: string; info: Stats | null }> {
  let current = path;
  for (let hops = 0; hops <= MAX_SYMLINKS; hops++) {
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { target: current, info: null };
      throw fileError(path, 'write', error);
    }
    if (!info.isSymbolicLink()) return { target: current, info };
    const next = await readlink(current).catch((error: unknown) => {
      throw fileError(path, 'write', error);
    });
    // /dev/stdout → /proc/self/fd/1 → `pipe:[1234]`: a kernel object, not a path
    if (KERNEL_OBJECT.test(next))
      throw cannot(path, 'is a pipe or a socket; only a regular file is replaced');
    current = resolve(dirname(current), next);
  }
  throw cannot(path, 'too many levels of symbolic links');
}

function refuseKind(path: string, info: Stats): void {
  if (info.isDirectory()) throw cannot(path, 'is a directory');
  if (info.isFIFO()) throw cannot(path, 'is a FIFO; only a regular file is replaced');
  if (info.isCharacterDevice() || info.isBlockDevice())
    throw cannot(path, 'is a device; only a regular file is replaced');
  if (info.isSocket()) throw cannot(path, 'is a socket; only a regular file is replaced');
}

async function refuseInputs(path: string, info: Stats, inputs: readonly string[]): Promise<void> {
  for (const input of inputs) {
    const other = await stat(input).catch(() => null);
    if (other && other.dev === info.dev && other.ino === info.ino) {
      throw new InputError(
        `${showPath(path)}: cannot write (it is the input file ${showPath(input)}; write the output elsewhere)`,
      );
    }
  }
}

/** The directory a new temporary file goes in, which must exist and be a directory. */
async function checkDirectory(path: string, target: string): Promise<string> {
  const directory = dirname(target);
  let info: Stats;
  try {
    info = await stat(directory);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT')
      throw cannot(path, `directory ${showPath(directory)} does not exist`);
    throw fileError(path, 'write', error);
  }
  if (!info.isDirectory()) throw cannot(path, `${showPath(directory)} is not a directory`);
  return realpath(directory).catch(() => directory);
}

const temporaryName = (directory: string, target: string) =>
  join(
    directory,
    `.${basename(target).slice(0, NAME_KEPT)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );

/** Creates and removes an empty file beside the target; an existing target is opened for writing. */
async function probe(path: string, directory: string, target: string, exists: boolean): Promise<void> {
  const temporary = temporaryName(directory, target);
  const unregister = removeOnExit(temporary);
  try {
    await (await open(temporary, 'wx', 0o600)).close();
    await unlink(temporary);
    // opening does not change the file; it fails for a read-only or immutable one
    if (exists) await (await open(target, constants.O_WRONLY)).close();
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fileError(path, 'write', error);
  } finally {
    unregister();
  }
}

/**
 * Checks now that `path` can be written and is not one of `inputs`, and returns the writer to
 * use when the work is done. Throws an InputError (exit 2) naming the path otherwise.
 */
export async function prepareOutput(
  path: string,
  { inputs = [] }: OutputOptions = {},
): Promise<PreparedOutput> {
  if (path === '') throw cannot(path, 'the file name is empty');
  const { target, info } = await followLinks(path);
  if (info) {
    refuseKind(path, info);
    await refuseInputs(path, info, inputs);
  }
  const directory = await checkDirectory(path, target);
  const real = join(directory, basename(target));
  await probe(path, directory, real, info !== null);
  return { path, target: real, write: (content) => replaceFile(path, directory, real, content) };
}

/** The atomic write: temporary file, fsync, mode and owner of the old file, rename, fsync of the directory. */
async function replaceFile(
  path: string,
  directory: string,
  target: string,
  content: OutputContent,
): Promise<void> {
  const old = await stat(target).catch(() => null);
  if (old) refuseKind(path, old); // it may have changed since prepareOutput
  const temporary = temporaryName(directory, target);
  const unregister = removeOnExit(temporary);
  try {
    const handle = await open(temporary, 'wx', 0o666);
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      else for await (const chunk of content) await handle.writeFile(chunk); // each from where the last ended
      if (old) {
        await handle.chmod(old.mode & 0o7777);
        if (process.getuid?.() === 0) await handle.chown(old.uid, old.gid);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fileError(path, 'write', error);
  } finally {
    unregister();
  }
  await syncDirectory(directory);
}

/** Makes the rename itself durable; some file systems cannot fsync a directory, which is fine. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here: the data itself was fsynced
  }
}
