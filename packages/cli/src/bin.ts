#!/usr/bin/env node
// The `deltaml` executable.

import { main } from './main.js';

// A reader that went away (`deltaml train … | head -3`) does not stop the command: the rest of
// its output is dropped and it still finishes its work (train still writes --out).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2));
