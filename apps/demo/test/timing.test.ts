import { createCpuBackend } from '@deltaml/backend-cpu';
import { describe, expect, test } from 'vitest';
import { workedExampleProblem } from '../src/logic/exercise2-problem.js';
import { median, timeStep } from '../src/logic/timing.js';

describe('time per step', () => {
  test('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('timing leaves the backend as it found it and gives a positive time', () => {
    const backend = createCpuBackend();
    const before = backend.memory();
    const ms = timeStep(backend, workedExampleProblem(), 'preactivations', 2, 1);
    expect(ms).toBeGreaterThan(0);
    expect(backend.memory()).toEqual(before);
  });
});
