import { describe, expect, test } from 'vitest';
import { layoutNetwork, overlappingLabels } from '../src/logic/network-layout.js';

describe('the Exercise 2 drawing', () => {
  test('no two labels overlap: weights, Z above the nodes and δ below them, with the longest texts', () => {
    const layout = layoutNetwork(
      [2, 3, 1],
      () => '-0.88',
      (l) => ({ above: `Z -0.0985`, below: l > 0 ? 'δ -0.02253' : '' }),
    );
    expect(layout.edges).toHaveLength(6 + 3);
    expect(overlappingLabels(layout)).toEqual([]);
  });

  test('the checker does see an overlap when there is one', () => {
    const crowded = layoutNetwork(
      [2, 3, 1],
      () => 'a very long weight label',
      () => ({ above: '', below: '' }),
      120,
      100,
    );
    expect(overlappingLabels(crowded).length).toBeGreaterThan(0);
  });
});
