import { createCpuBackend } from '@deltaml/backend-cpu';
import { createTfjsBackend } from '@deltaml/backend-tfjs';
import { createWasmBackend } from '@deltaml/backend-wasm';
import { exercise2, exercise2Rows, FLOAT32, isClose, SEED_PRINTED } from '@deltaml/conformance';
import { CACHE_POLICIES, InputError, type SyncBackend } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import { withCell, workedExampleProblem } from '../src/logic/exercise2-problem.js';
import { Exercise2Runner } from '../src/logic/exercise2-runner.js';
import { compareValues, EXERCISE2_VALUES, referenceValues } from '../src/logic/exercise2-values.js';

/** Bytes of one float32. */
const F32 = 4;

describe('Exercise 2 one button at a time', () => {
  const backends: [string, () => SyncBackend | Promise<SyncBackend>][] = [
    ['cpu', () => createCpuBackend()],
    ['wasm', () => createWasmBackend()],
    ['tfjs-cpu', () => createTfjsBackend({ engine: 'cpu' })],
  ];
  const cases = backends.flatMap(([name, create]) =>
    CACHE_POLICIES.map((policy) => [name, policy, create] as const),
  );

  test.each(cases)(
    "%s gives every value the worked example prints under '%s', and every other term",
    async (_name, policy, create) => {
      const runner = new Exercise2Runner(await create(), workedExampleProblem(), policy);
      const values = runner.step();
      runner.dispose();
      expect(values.loss![0][0]).toBeCloseTo(exercise2.printed.loss, 5);
      const reference = referenceValues(workedExampleProblem());
      for (const { key } of EXERCISE2_VALUES) {
        values[key]!.forEach((row, i) =>
          row.forEach((x, j) =>
            expect(isClose(x, reference[key][i][j], FLOAT32), `${key}[${i}][${j}]`).toBe(true),
          ),
        );
        if (key === 'loss' || !(key in exercise2.printed)) continue;
        exercise2.printed[key as Exclude<keyof typeof exercise2.printed, 'loss'>].forEach((row, i) =>
          row.forEach((printed, j) =>
            expect(isClose(values[key]![i][j], printed, SEED_PRINTED), `${key}[${i}][${j}]`).toBe(true),
          ),
        );
      }
    },
  );

  test("matches conformance's exercise2Rows number for number on the printed terms", async () => {
    const backend = createCpuBackend();
    const runner = new Exercise2Runner(backend, workedExampleProblem(), 'all');
    const values = runner.step();
    runner.dispose();
    const printed = Object.keys(exercise2.printed) as (keyof typeof exercise2.printed)[];
    const flat = printed.flatMap((key) => values[key]!.flat());
    expect(flat).toEqual((await exercise2Rows(backend)).map((row) => row.got));
  });

  test('both cache policies give identical numbers; the cache holds S and Z, or S only', () => {
    const backend = createCpuBackend();
    const run = (policy: (typeof CACHE_POLICIES)[number]) => {
      const runner = new Exercise2Runner(backend, workedExampleProblem(), policy);
      runner.step();
      runner.dispose();
      return runner;
    };
    const all = run('all');
    const pre = run('preactivations');
    expect(pre.values).toEqual(all.values);
    // N = 4: `all` keeps S_1, Z_1 (3 × 4) and S_2, Z_2 (1 × 4); `preactivations` keeps S_1 and S_2
    expect(all.cacheBytes).toBe((12 + 12 + 4 + 4) * F32);
    expect(pre.cacheBytes).toBe((12 + 4) * F32);
  });

  test('stages must run in order, and dispose leaves nothing on the backend', () => {
    const backend = createCpuBackend();
    const before = backend.memory();
    const runner = new Exercise2Runner(backend, workedExampleProblem(), 'all');
    expect(() => runner.backward()).toThrow(InputError);
    runner.forward();
    expect(runner.values.dW_1).toBeUndefined();
    expect(() => runner.update()).toThrow(/update needs backward first/);
    runner.backward();
    expect(() => runner.forward()).toThrow(InputError);
    runner.dispose(); // mid-step: gradients still held
    expect(backend.memory()).toEqual(before);
  });

  test('an edited problem is compared with the float64 reference only', () => {
    const problem = withCell(workedExampleProblem(), 'X', 0, 0, 1.5);
    const runner = new Exercise2Runner(createCpuBackend(), problem, 'all');
    const diffs = compareValues(runner.step(), problem);
    runner.dispose();
    for (const d of Object.values(diffs)) {
      expect(d.fromPrint).toBeNull();
      expect(d.agrees).toBe(true); // float32 against float64: within 1e-5 + 1e-4·|x|
    }
    expect(referenceValues(problem).S_1[0][0]).toBeCloseTo(0.6 * 1.5 + 0.01 * 0.8, 12);
  });
});
