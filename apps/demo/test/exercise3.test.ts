import { createCpuBackend } from '@deltaml/backend-cpu';
import { createWasmBackend } from '@deltaml/backend-wasm';
import { InputError } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_EXERCISE3,
  exercise3OnBackend,
  exercise3Terms,
  finiteDifferences,
  matchesFiniteDifferences,
  softmax,
} from '../src/logic/exercise3.js';

describe('Exercise 3 term by term', () => {
  test('the default example has one wrong class inside the margin and one outside', () => {
    const t = exercise3Terms(DEFAULT_EXERCISE3);
    const p = softmax([2, 1, 0.1]);
    expect(t.p).toEqual(p);
    expect(t.margins.map((m) => [m.l, m.active])).toEqual([
      [0, true],
      [2, false],
    ]);
    expect(t.margins[0].value).toBeCloseTo(p[0] - p[1] + 0.1, 15);
    expect(t.loss).toBeCloseTo(p[0] - p[1] + 0.1, 15);
    // only l = 0 counts: ∂L/∂o_j = p_j (1[j = 0] − 1[j = 1] − p_0 + p_1)
    const want = p.map((pj, j) => pj * ((j === 0 ? 1 : 0) - (j === 1 ? 1 : 0) - p[0] + p[1]));
    t.gradient.forEach((g, j) => expect(g).toBeCloseTo(want[j], 15));
    expect(t.gradient.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 15); // softmax gradients sum to 0
  });

  test('the formula agrees with central finite differences away from a kink', () => {
    for (const logits of [
      [2, 1, 0.1],
      [0.5, 0.4, 0.45],
      [-1, 3, 2.5],
    ]) {
      const problem = { logits, label: 1, margin: 0.1 };
      const t = exercise3Terms(problem);
      expect(matchesFiniteDifferences(t, finiteDifferences(problem))).toBe(true);
    }
  });

  test.each([
    ['cpu', () => createCpuBackend()],
    ['wasm', () => createWasmBackend()],
  ])('%s computes the same loss and gradient through core’s hinge loss', async (_name, create) => {
    const backend = await create();
    const held = backend.memory();
    const problem = { logits: [0.5, 0.4, 0.45], label: 1, margin: 0.1 };
    const t = exercise3Terms(problem);
    const result = exercise3OnBackend(backend, problem, t);
    expect(result.agrees).toBe(true);
    expect(result.loss).toBeCloseTo(t.loss, 6);
    expect(backend.memory()).toEqual(held);
  });

  test('a bad edit names the field', () => {
    expect(() => exercise3Terms({ logits: [1, Number.NaN, 0], label: 0, margin: 0.1 })).toThrow(
      /logit o2 is NaN/,
    );
    expect(() => exercise3Terms({ logits: [1, 2, 0], label: 3, margin: 0.1 })).toThrow(InputError);
    expect(() => exercise3Terms({ logits: [1, 2, 0], label: 0, margin: -1 })).toThrow(/margin m is -1/);
  });
});
