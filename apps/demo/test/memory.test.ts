import { createCpuBackend } from '@deltaml/backend-cpu';
import { describe, expect, test } from 'vitest';
import { workedExampleProblem } from '../src/logic/exercise2-problem.js';
import { backwardTrace, exercise2Memory } from '../src/logic/memory.js';

const F32 = 4;
const F64 = 8;

describe('Exercise 4: the forward cache under each policy', () => {
  test('all keeps S₁, Z₁ (3 × 4), S₂, Z₂ (1 × 4); preactivations keeps S₁ and S₂; the backend counts the same bytes', () => {
    const [all, pre] = exercise2Memory(createCpuBackend(), workedExampleProblem());
    expect(all.matrices.map((m) => [m.name, m.rows, m.cols, m.bytes])).toEqual([
      ['S₁', 3, 4, 12 * F32],
      ['Z₁', 3, 4, 12 * F32],
      ['S₂', 1, 4, 4 * F32],
      ['Z₂', 1, 4, 4 * F32],
    ]);
    expect(all.total).toBe(32 * F32);
    expect(pre.matrices.map((m) => m.name)).toEqual(['S₁', 'S₂']);
    expect(pre.total).toBe(16 * F32);
    const [all64] = exercise2Memory(createCpuBackend({ dtype: 'float64' }), workedExampleProblem());
    expect(all64.total).toBe(32 * F64);
  });

  test('the backward pass recomputes Z₁ only under preactivations, right before ∂L/∂W₂ needs it', () => {
    const backend = createCpuBackend();
    const held = backend.memory();
    const all = backwardTrace(backend, workedExampleProblem(), 'all');
    const pre = backwardTrace(backend, workedExampleProblem(), 'preactivations');
    expect(all.map((e) => e.text)).toEqual([
      'δ₂ = ∂L/∂Z₂ ⊙ f₂′(S₂)',
      '∂L/∂W₂ = δ₂ Z₁ᵀ',
      '∂L/∂Z₁ = W₂ᵀ δ₂',
      'δ₁ = ∂L/∂Z₁ ⊙ f₁′(S₁)',
      '∂L/∂W₁ = δ₁ Z₀ᵀ',
    ]);
    expect(pre.map((e) => e.text)).toEqual([
      'δ₂ = ∂L/∂Z₂ ⊙ f₂′(S₂)',
      'recompute Z₁ = f₁(S₁)',
      '∂L/∂W₂ = δ₂ Z₁ᵀ',
      '∂L/∂Z₁ = W₂ᵀ δ₂',
      'δ₁ = ∂L/∂Z₁ ⊙ f₁′(S₁)',
      '∂L/∂W₁ = δ₁ Z₀ᵀ',
    ]);
    expect(pre.filter((e) => e.recompute)).toHaveLength(1);
    expect(all.some((e) => e.recompute)).toBe(false);
    expect(backend.memory()).toEqual(held); // nothing left behind
  });
});
