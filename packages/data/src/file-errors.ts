// File-system errors as the user sees them: one line naming the path they gave (exit 2), with
// control characters escaped so neither a path nor a file's contents can drive the terminal.

import { InputError } from '@deltaml/core';

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied (or the file is immutable)',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large',
  EIO: 'input/output error',
  ETXTBSY: 'the file is a running program',
  EBUSY: 'the file is busy',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENXIO: 'no such device',
  EINVAL: 'invalid name',
};

/** C0 and C1 control characters (ANSI escapes among them), which must never reach the terminal raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` with control characters written as `\x1b`, `\n`, … so a message never drives the terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** A path as messages show it: escaped, and `""` for the empty name. */
export function showPath(path: string): string {
  return path === '' ? '""' : escapeControl(path);
}

/**
 * An InputError naming `path` for a file-system error (anything with an errno code): the user
 * named the file, so it is theirs to fix. Other errors pass through unchanged.
 */
export function fileError(path: string, action: string, error: unknown): unknown {
  if (error instanceof InputError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  return new InputError(`${showPath(path)}: cannot ${action} (${FS_REASONS[code] ?? code})`);
}
