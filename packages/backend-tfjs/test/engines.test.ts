// Engine choice: `auto` reports what runs and why faster engines were rejected; an engine that
// cannot run here is refused with a reason; two backends on different engines share one process.

import { BackendUnavailableError } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';

const nodeLoads = await createTfjsBackend({ engine: 'node' }).then(
  () => true,
  () => false,
);

describe('engine selection', () => {
  it('auto runs tfjs-node where its binding loads, else wasm with tfjs-node rejected and why', async () => {
    const backend = await createTfjsBackend();
    if (nodeLoads) {
      expect([backend.engine, backend.name, backend.rejected]).toEqual(['node', 'tfjs-node', []]);
    } else {
      expect([backend.engine, backend.name]).toEqual(['wasm', 'tfjs-wasm']);
      expect(backend.rejected.map((r) => r.name)).toEqual(['tfjs-node']);
      expect(backend.rejected[0].reason).toMatch(/@tensorflow\/tfjs-node/);
    }
  });

  it('names each backend after the engine that runs it', async () => {
    for (const engine of ['cpu', 'wasm'] as const) {
      const backend = await createTfjsBackend({ engine });
      expect([backend.name, backend.engine, backend.dtype, backend.rejected]).toEqual([
        `tfjs-${engine}`,
        engine,
        'float32',
        [],
      ]);
    }
  });

  it('refuses webgl outside a browser, saying what it needs', async () => {
    const attempt = createTfjsBackend({ engine: 'webgl' });
    await expect(attempt).rejects.toThrow(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/webgl engine needs a browser with WebGL/);
  });
});

describe('two engines in one process', () => {
  it('each backend runs its kernels on its own engine, whichever ran last', async () => {
    const cpu = await createTfjsBackend({ engine: 'cpu' });
    const wasm = await createTfjsBackend({ engine: 'wasm' });
    const onEngine = (name: string) => tf.engine().findBackend(name).numDataIds();
    const [cpuIds, wasmIds] = [onEngine('cpu'), onEngine('wasm')];
    const a = cpu.upload([1, 2, 3, 4], 2, 2);
    const b = wasm.upload([1, 2, 3, 4], 2, 2);
    const ab = cpu.matmul(a, a, { transA: true }); // Aᵀ·A = [[10, 14], [14, 20]]
    const ba = wasm.matmul(b, b, { transB: true }); // B·Bᵀ = [[5, 11], [11, 25]]
    expect([onEngine('cpu') - cpuIds, onEngine('wasm') - wasmIds]).toEqual([2, 2]);
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(cpu.read(ab))).toEqual([10, 14, 14, 20]);
    expect(Array.from(wasm.read(ba))).toEqual([5, 11, 11, 25]);
    for (const m of [a, ab]) cpu.dispose(m);
    for (const m of [b, ba]) wasm.dispose(m);
    expect([onEngine('cpu'), onEngine('wasm')]).toEqual([cpuIds, wasmIds]);
  });
});
