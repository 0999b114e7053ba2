import { describe, expect, test } from 'vitest';
import { axisNames, explainEntry } from '../src/logic/exercise2-explain.js';
import { workedExampleProblem } from '../src/logic/exercise2-problem.js';
import { EXERCISE2_VALUES, referenceValues } from '../src/logic/exercise2-values.js';

describe('the computation behind an entry', () => {
  const problem = workedExampleProblem();
  const values = referenceValues(problem);

  test('S₁[0][0] is written out as the issue asks', () => {
    expect(explainEntry('S_1', 0, 0, problem, values)).toBe(
      'S₁[0][0] = Σ_k W₁[0][k]·X[k][0] = 0.6·0.75 + 0.01·0.8 = 0.458',
    );
  });

  test('every term explains every entry, ending with its value', () => {
    for (const { key } of EXERCISE2_VALUES) {
      values[key].forEach((row, i) =>
        row.forEach((_, j) => expect(explainEntry(key, i, j, problem, values)).toMatch(/=/)),
      );
    }
    expect(explainEntry('Z_1', 0, 2, problem, values)).toBe('Z₁[0][2] = relu(S₁[0][2]) = max(0, -0.442) = 0');
    expect(explainEntry('mask_1', 2, 3, problem, values)).toBe('f₁′(S₁[2][3]) = relu′(-0.044) = 0 (S ≤ 0)');
    expect(explainEntry('step_W_2', 0, 0, problem, values)).toMatch(
      /^−η·∂L\/∂W₂\[0\]\[0\] = −0\.5·\(-0\.1029\) = 0\.05147$/,
    );
  });

  test('tables name their rows and columns', () => {
    expect(axisNames('examples', 2)).toEqual(['example 1', 'example 2']);
    expect(axisNames('hidden', 3)).toEqual(['h₁', 'h₂', 'h₃']);
  });
});
