// tfjs-cpu prints a three-line "install tfjs-node" banner on stderr at its first tensor in Node;
// the backend switches it off, so deltaml's errors stay one line. This file's module graph is its
// own (vitest isolates test files), so the tensor below is the cpu engine's first.

import * as tf from '@tensorflow/tfjs-core';
import { expect, it, vi } from 'vitest';
import { createTfjsBackend } from '../src/index.js';

it("tfjs-cpu's first tensor prints nothing", async () => {
  const warn = vi.spyOn(console, 'warn');
  const write = vi.spyOn(process.stderr, 'write');
  try {
    const backend = await createTfjsBackend({ engine: 'cpu' });
    const m = backend.upload([1, 2], 1, 2);
    tf.tidy(() => tf.add(tf.scalar(1), 1)); // a tensor made outside deltaml as well
    backend.dispose(m);
    expect(warn).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
  } finally {
    warn.mockRestore();
    write.mockRestore();
  }
});
