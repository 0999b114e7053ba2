// Core's backend-free helpers: seeded randomness, shape checks, losses' target checks, datasets
// and backend selection.
import { describe, expect, it } from 'vitest';
import {
  type Backend,
  BackendUnavailableError,
  BatchBuffers,
  checkTarget,
  datasetFromRows,
  FLOAT32_MAX,
  hinge,
  InputError,
  MAX_SEED,
  matmulShape,
  mse,
  ShapeError,
  seededRandom,
  selectBackend,
  shuffledIndices,
} from '../src/index.js';

describe('seeded randomness', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, a);
    expect(xs).toEqual(Array.from({ length: 1000 }, b));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('takes every seed of 0 … MAX_SEED = 2³² − 1 and refuses the next one', () => {
    expect(MAX_SEED).toBe(4294967295);
    expect(seededRandom(MAX_SEED)()).toBeLessThan(1);
    expect(() => seededRandom(MAX_SEED + 1)).toThrow(
      new InputError('seed is 4294967296; it must be a whole number 0 … 4294967295'),
    );
  });

  it('shuffles into a permutation', () => {
    const order = shuffledIndices(100, seededRandom(3));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...order]).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('the float32 limit', () => {
  it('is the largest finite float32: it rounds to itself, and one ulp more overflows', () => {
    expect(Math.fround(FLOAT32_MAX)).toBe(FLOAT32_MAX);
    expect(Math.fround(FLOAT32_MAX * (1 + 2 ** -23))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('shape checks', () => {
  const m = (rows: number, cols: number) => ({ rows, cols });
  it('gives the product shape for every transpose form', () => {
    expect(matmulShape(m(3, 2), m(2, 4))).toEqual({ M: 3, N: 4, K: 2 });
    expect(matmulShape(m(2, 3), m(2, 4), { transA: true })).toEqual({ M: 3, N: 4, K: 2 });
    expect(matmulShape(m(3, 2), m(4, 2), { transB: true })).toEqual({ M: 3, N: 4, K: 2 });
  });
  it('names both operands when inner sizes differ', () => {
    expect(() => matmulShape(m(3, 2), m(2, 4), { transA: true })).toThrow(
      new ShapeError('cannot multiply Aᵀ (3×2) by B (2×4): inner sizes 3 and 2 differ'),
    );
    expect(() => matmulShape(m(3, 2), m(3, 4))).toThrow(
      'cannot multiply A (3×2) by B (3×4): inner sizes 2 and 3 differ',
    );
  });
});

describe('loss targets', () => {
  it('accepts class indices in range and rejects others', () => {
    expect(() => checkTarget(hinge(), [2], 3, 'example 0')).not.toThrow();
    expect(() => checkTarget(hinge(), [3], 3, 'example 4')).toThrow(
      new InputError('example 4: label 3 is out of range; expected a class index 0…2'),
    );
    expect(() => checkTarget(hinge(), [0.5], 3, 'example 1')).toThrow(/label 0.5 is out of range/);
    expect(() => checkTarget(mse(), [7.5], 1, 'example 0')).not.toThrow();
  });
  it('rejects a non-finite margin', () => {
    expect(() => hinge(Number.NaN)).toThrow('loss hinge: margin is NaN; it must be a finite number ≥ 0');
    expect(() => hinge(-1)).toThrow('loss hinge: margin is -1; it must be a finite number ≥ 0');
  });
});

describe('datasets', () => {
  it('stores examples row by row', () => {
    const data = datasetFromRows(
      [
        [1, 2],
        [3, 4],
      ],
      [[5], [6]],
    );
    expect(data.count).toBe(2);
    expect([...data.inputs]).toEqual([1, 2, 3, 4]);
    expect([...data.targets]).toEqual([5, 6]);
  });
  it('rejects ragged rows', () => {
    expect(() => datasetFromRows([[1, 2], [3]], [[5], [6]])).toThrow('input row 1 has 1 numbers, expected 2');
  });
});

describe('batch buffers', () => {
  const data = {
    count: 3,
    inputSize: 2,
    inputs: Float32Array.of(1, 2, 3, 4, 5, 6),
    targetSize: 1,
    targets: Float32Array.of(0, 1, 2),
  };

  it('gather the chosen examples as columns, in the dataset’s own array kind, into one reused buffer', () => {
    const buffers = new BatchBuffers();
    const X = buffers.inputs(data, [2, 0]);
    expect(X).toBeInstanceOf(Float32Array);
    expect([...X]).toStrictEqual([5, 1, 6, 2]); // d_0 × N: row i holds input i of each example
    expect([...buffers.targets(data, [2, 0])]).toStrictEqual([2, 0]);
    const again = buffers.inputs(data, [1, 2]);
    expect(again).toBe(X); // the same buffer, written over: a step allocates nothing
    expect([...again]).toStrictEqual([3, 5, 4, 6]);
    expect([...buffers.inputs(data, [1])]).toStrictEqual([3, 4]); // another size: a buffer of its own
    const wide = { ...data, inputs: Float64Array.from(data.inputs) };
    expect(buffers.inputs(wide, [1])).toBeInstanceOf(Float64Array);
  });
});

describe('selectBackend', () => {
  const fake = { name: 'fake' } as Backend;
  it('takes the first candidate that loads and reports the ones it rejected', async () => {
    const selection = await selectBackend([
      { name: 'native', create: () => Promise.reject(new Error('binding not found')) },
      { name: 'js', create: () => fake },
      { name: 'never', create: () => Promise.reject(new Error('must not be tried')) },
    ]);
    expect(selection).toEqual({
      name: 'js',
      backend: fake,
      rejected: [{ name: 'native', reason: 'binding not found' }],
    });
  });
  it('says why every candidate failed', async () => {
    await expect(
      selectBackend([
        { name: 'a', create: () => Promise.reject(new Error('no a')) },
        { name: 'b', create: () => Promise.reject(new Error('no b')) },
      ]),
    ).rejects.toThrow(new BackendUnavailableError('no backend could be loaded (a: no a; b: no b)'));
  });
});
