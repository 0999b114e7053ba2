// Runs the command line once and returns the exit status (docs/contract.md: 0 done, 2 bad usage or
// bad input, 1 anything else); every failure goes through reportFailure as one stderr line.

import { EXIT_OK, reportFailure, UsageError } from './failure.js';
import { sayBackendNote } from './problem.js';
import { createProgram } from './program.js';

/** Runs the `deltaml` command with `args` (without `node` and the script path); resolves to the process exit code. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    if (args.length === 0) throw new UsageError('no command given; run `deltaml --help` for the commands');
    await createProgram().parseAsync(args, { from: 'user' });
    sayBackendNote();
    return EXIT_OK;
  } catch (error) {
    return reportFailure(error);
  }
}
