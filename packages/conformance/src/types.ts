// What a conformance check is: a name and a function that throws when the backend is wrong.

import type { Backend } from '@deltaml/core';

/** One check of the suite: `run` throws (or rejects) with a message saying what differs. */
export interface ConformanceCheck {
  readonly name: string;
  /** Runs the check on `backend`; throws or rejects if the backend fails it. */
  run(backend: Backend): void | Promise<void>;
}
