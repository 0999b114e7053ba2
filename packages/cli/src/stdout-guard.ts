// What happens when stdout cannot take the command's output (docs/contract.md, exit status):
// - its reader went away (`deltaml predict … | head -1`, EPIPE): the rest of the output is dropped
//   without a message, the command still finishes its other work (train still writes --out), and
//   the exit status is that of the work — a command whose only output is stdout stops there, with 0;
// - it cannot be written at all (`> /dev/full`, ENOSPC; EIO): one line on stderr and exit status 1,
//   at once, for every command and `--help` alike (outputs being written are left as they were).

import { EXIT_FAILED, errorLine } from './failure.js';

let readerGone = false;

/** Whether `error` is the write that found stdout's reader gone (after which output is dropped). */
export function isStdoutReaderGone(error: unknown): boolean {
  return readerGone && (error as { code?: string } | null)?.code === 'EPIPE';
}

/** Installs the rules above on `stream` (process.stdout); once per process. */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      readerGone = true;
      // later writes succeed at once and are dropped: nothing waits for a 'drain' that never comes
      stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      }) as typeof stream.write;
      return;
    }
    const why = error.code === 'ENOSPC' ? 'no space left on the device' : (error.code ?? error.message);
    process.stderr.write(`${errorLine(`stdout: cannot write the output (${why})`)}\n`);
    process.exit(EXIT_FAILED);
  });
}
