// What must be undone however the process ends: temporary files being written and a hidden
// terminal cursor. Cleanups run on a normal exit and on SIGINT, SIGTERM and SIGHUP; after them a
// signal nobody else handles ends the process as it would have (re-raised with the default
// action), while a signal that a command handles itself (train stops gracefully on Ctrl-C) is left
// to it, since its writes then finish or fail and clean up on their own path.

import { unlinkSync } from 'node:fs';

/** A synchronous undo step (it may run inside a signal handler or the `exit` event). */
export type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function runCleanups(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // best effort: the process is ending; one failed undo must not stop the others
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  const othersListen = process.listeners(signal).some((listener) => listener !== onSignal);
  if (othersListen) return; // the command handles it and will finish or fail its writes itself
  runCleanups();
  for (const name of SIGNALS) process.off(name, onSignal);
  process.kill(process.pid, signal); // the default action now: the exit status says which signal
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runCleanups);
  // first in line, so a command's own `once` handler is still registered when this one looks
  for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

/** Registers `cleanup` until the returned function is called (which unregisters without running it). */
export function onExit(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Registers the removal of `path` (a temporary file) on every exit path; returns the unregistration. */
export function removeOnExit(path: string): () => void {
  return onExit(() => {
    try {
      unlinkSync(path);
    } catch {
      // already renamed into place or removed
    }
  });
}
