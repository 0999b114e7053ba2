// What a conformance check is: a name and a function that throws when the backend is wrong.

import type { Backend } from '@deltaml/core';

export interface ConformanceCheck {
  readonly name: string;
  run(backend: Backend): void | Promise<void>;
}
