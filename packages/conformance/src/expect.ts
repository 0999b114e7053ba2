// The few assertions the checks need, throwing plain Errors with messages that say what
// differed, so the same checks run under vitest, in the CLI, in a browser and in the support
// matrix. Reads await, so the checks run on asynchronous (GPU) backends too.

import type { Backend, Matrix } from '@deltaml/core';
import { readRowsAsync } from '@deltaml/core';
import type { Mat } from './reference.js';
import { firstMismatch, type Tolerance } from './tolerance.js';

/** Throws an Error with `message`. */
export function fail(message: string): never {
  throw new Error(message);
}

/** Throws an Error with `message` unless `condition`. */
export function expectTrue(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

/** Every value of `got` within `tol` of `want` (matrices or lists). */
export function expectClose(got: Mat | number[], want: Mat | number[], tol: Tolerance, what: string): void {
  const problem = firstMismatch((got as number[]).flat(), (want as number[]).flat(), tol, what);
  if (problem) fail(problem);
}

/** A backend matrix read back and compared with a reference matrix. */
export async function expectMatrix(
  backend: Backend,
  m: Matrix,
  want: Mat,
  tol: Tolerance,
  what: string,
): Promise<void> {
  expectTrue(
    m.rows === want.length && m.cols === (want[0]?.length ?? 0),
    `${what}: shape ${m.rows}×${m.cols}, expected ${want.length}×${want[0]?.length ?? 0}`,
  );
  expectClose(await readRowsAsync(backend, m), want, tol, what);
}

/** `run` must throw (or reject with) an instance of `type` whose message matches `pattern`. */
export async function expectRejects(
  run: () => unknown,
  type: abstract new (...args: never[]) => Error,
  pattern: RegExp,
  what: string,
): Promise<void> {
  let error: unknown = null;
  try {
    await run();
  } catch (e) {
    error = e ?? new Error('undefined was thrown');
  }
  if (!error) fail(`${what}: did not throw (expected ${type.name})`);
  expectTrue(
    error instanceof type,
    `${what}: threw ${(error as Error)?.name}: ${(error as Error)?.message}, expected ${type.name}`,
  );
  expectTrue(
    pattern.test((error as Error).message),
    `${what}: message "${(error as Error).message}" does not match ${pattern}`,
  );
}
