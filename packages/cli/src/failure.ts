// The one place that turns a failure into what the user sees: exit status 2 and one stderr line
// for bad usage or bad input (docs/contract.md: flags, files, CSV, model files, sizes that cannot fit),
// exit status 1 and one line for anything else. Never a stack (unless DELTAML_DEBUG=1), never a
// raw control character from a file or a flag.

import {
  BackendUnavailableError,
  DeltamlError,
  InputError,
  ModelFileError,
  OutOfMemoryError,
  ShapeError,
} from '@deltaml/core';
import { escapeControl } from '@deltaml/data/node';
import { CommanderError } from 'commander';
import { isStdoutReaderGone } from './stdout-guard.js';

/** Bad flags or flag values that the argument parser cannot see (`--layers 2,x,1`). */
export class UsageError extends DeltamlError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** Training stopped by Ctrl-C before it finished; nothing was written. */
export class InterruptedError extends DeltamlError {
  constructor(message: string) {
    super('interrupted', message);
  }
}

/** A check the user asked for ran and failed (`conformance` found values that differ). */
export class CheckFailedError extends DeltamlError {
  constructor(message: string) {
    super('check-failed', message);
  }
}

/** Exit status of a command that did its work. */
export const EXIT_OK = 0;
/** Exit status of anything but bad input (a bug, an engine failure). */
export const EXIT_FAILED = 1;
/** Exit status of bad usage or bad input: flags, files, sizes that cannot fit. */
export const EXIT_BAD_INPUT = 2;

/** Errors that mean the user's flags or files were wrong, or asked for more than fits. */
const BAD_INPUT = [
  UsageError,
  InputError,
  ShapeError,
  ModelFileError,
  BackendUnavailableError,
  OutOfMemoryError,
];

/** The exit status for an error: 2 for bad input (including commander's usage errors), 1 otherwise. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  return BAD_INPUT.some((kind) => error instanceof kind) ? EXIT_BAD_INPUT : EXIT_FAILED;
}

/** The error as one line (commander's "did you mean" hint moves onto the same line), control characters escaped. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = escapeControl(text.replace(/\s*\n\s*/g, ' ').trim());
  return line.startsWith('error: ') ? line : `error: ${line}`;
}

/**
 * Writes the one stderr line (and the stack, for unexpected errors, when DELTAML_DEBUG=1). A write
 * that found stdout's reader gone is not a failure (stdout-guard.ts): no line, exit status 0.
 */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (isStdoutReaderGone(error)) return EXIT_OK;
  const code = exitCodeFor(error);
  if (error instanceof CommanderError && code === EXIT_OK) return code; // --help, --version
  stderr.write(`${errorLine(error)}\n`);
  if (code === EXIT_FAILED && process.env.DELTAML_DEBUG === '1' && error instanceof Error && error.stack) {
    stderr.write(`${error.stack}\n`);
  }
  return code;
}
