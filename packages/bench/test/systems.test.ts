// One system interface for every system: deltaml on a backend with synchronous reads and on one
// with asynchronous reads (the cpu kernels behind promises, as WebGPU reads), and the idiomatic
// tfjs peer reading with dataSync() and with await data(), all computing the same training steps;
// and runWorkload's rows for a group of them.
import { createCpuBackend } from '@deltaml/backend-cpu';
import { exercise2 } from '@deltaml/conformance';
import type { AsyncBackend, Backend } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import {
  type BenchRow,
  type BenchSystem,
  benchSampling,
  deltamlSystem,
  optimProblem,
  type Prepared,
  runWorkload,
  type TrainingProblem,
  tinyProblem,
} from '../src/index.js';
import { tfjsPeer } from '../src/tfjs/index.js';
import { TIMING_KEYS } from './row-keys.js';

/**
 * The seed prints the loss to 5 decimals: 5e-6 for that, plus float32 rounding. Two float32
 * engines (deltaml's cpu kernels and tfjs's) sum in different orders: on the 784-256-128-10 step
 * that moves the loss (≈ 2.3) by well under 1e-5 relative; 1e-4 leaves room for one Adam update.
 */
const SEED_TOLERANCE = 1e-5;
const ENGINES_RELATIVE = 1e-4;

/** The (checked) cpu backend with asynchronous reads: every read resolves later, as on WebGPU. */
function asyncCpu(reads: { count: number }): Backend {
  const sync = createCpuBackend();
  const backend: Backend = new Proxy(sync, {
    get(target, key) {
      if (key === 'withoutFusedKernels') return () => backend; // it has none
      if (key === 'reads') return 'async';
      if (key === 'read')
        return async (m: Parameters<typeof target.read>[0]) => {
          await new Promise((resolve) => setTimeout(resolve, 0));
          reads.count++;
          return target.read(m);
        };
      if (key === 'fused' || key === 'view') return undefined;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as AsyncBackend;
  return backend;
}

/** The losses `steps` runs of the problem's step return, awaited. */
async function losses(system: BenchSystem, problem: TrainingProblem, steps: number): Promise<number[]> {
  const restore = await system.enter();
  const prepared: Prepared = system.trainingStep(problem);
  try {
    const out: number[] = [];
    for (let i = 0; i < steps; i++) out.push((await prepared.run()) as number);
    return out;
  } finally {
    prepared.dispose();
    await restore();
  }
}

const peer = (reads: 'sync' | 'async') => tfjsPeer({ name: `peer:tfjs-cpu-${reads}`, engine: 'cpu', reads });

describe('one system interface, synchronous and asynchronous', () => {
  it("tiny: every system's first loss is the seed's, and the next steps agree across systems", async () => {
    const reads = { count: 0 };
    const systems = [
      deltamlSystem('cpu', createCpuBackend()),
      deltamlSystem('cpu-async', asyncCpu(reads)),
      peer('sync'),
      peer('async'),
    ];
    const all: number[][] = [];
    for (const system of systems) all.push(await losses(system, tinyProblem(), 3));
    expect(all[0][0]).toBeCloseTo(exercise2.printed.loss, -Math.log10(SEED_TOLERANCE));
    expect(all[0][2]).toBeLessThan(all[0][0]); // it learns
    for (const other of all.slice(1)) {
      other.forEach((loss, i) => expect(Math.abs(loss - all[0][i])).toBeLessThanOrEqual(SEED_TOLERANCE));
    }
    expect(reads.count).toBeGreaterThanOrEqual(3); // the asynchronous backend's loss was read each step
  });

  it('optim: deltaml and tf.train.adam give the same two losses (Adam + softmax cross-entropy)', async () => {
    const ours = await losses(deltamlSystem('cpu', createCpuBackend()), optimProblem(), 2);
    const theirs = await losses(peer('sync'), optimProblem(), 2);
    expect(ours[1]).toBeLessThan(ours[0]);
    ours.forEach((loss, i) =>
      expect(Math.abs(theirs[i] - loss) / loss).toBeLessThanOrEqual(ENGINES_RELATIVE),
    );
  });

  it('a product on an asynchronous backend drains by a read queued after it', async () => {
    const reads = { count: 0 };
    const prepared = deltamlSystem('cpu-async', asyncCpu(reads)).product({ M: 4, K: 3, N: 2, form: 'Aᵀ·B' });
    prepared.run();
    expect(reads.count).toBe(0);
    await prepared.drain?.();
    expect(reads.count).toBe(1);
    prepared.dispose();
    expect(
      deltamlSystem('cpu', createCpuBackend()).product({ M: 4, K: 3, N: 2, form: 'A·B' }).drain,
    ).toBeUndefined();
  });

  it('runWorkload: one row per system in order, with the sampling it was given and the device where named', async () => {
    const rows: BenchRow[] = [];
    const systems = [
      deltamlSystem('cpu', createCpuBackend()),
      deltamlSystem('async', asyncCpu({ count: 0 }), 'cpu'),
    ];
    const plan = { ...benchSampling(3), tiny: { warmup: 1, samples: 3, repeat: 5 } };
    const returned = await runWorkload(systems, 'tiny', plan, (row) => rows.push(row));
    expect(returned).toEqual(rows);
    expect(rows.map((r) => [r.workload, r.system, r.steps, r.device])).toEqual([
      ['tiny', 'cpu', 15, undefined],
      ['tiny', 'async', 15, 'cpu'],
    ]);
    expect(Object.keys(rows[1])).toEqual([...TIMING_KEYS, 'device']);
  });

  it('memory: only systems with cache policies get rows; preactivations holds S_l only, all S_l and Z_l', async () => {
    const rows = await runWorkload(
      [peer('sync'), deltamlSystem('async', asyncCpu({ count: 0 }))],
      'memory',
      { ...benchSampling(1), budgeted: { warmup: 0, samples: 1 } },
      () => {},
    );
    const S = (1024 * 3 + 10) * 256 * 4; // float32 S_l of 784-1024-1024-1024-10 at N = 256
    expect(rows.map((r) => [r.system, r.policy, r.bytes])).toEqual([
      ['async', 'all', 2 * S],
      ['async', 'preactivations', S],
    ]);
  });
});
