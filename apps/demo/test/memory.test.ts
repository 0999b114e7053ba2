import { createCpuBackend } from '@deltaml/backend-cpu';
import { hinge } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import { makeToyDataset } from '../src/logic/datasets.js';
import { seedProblem } from '../src/logic/exercise2-problem.js';
import { exercise2CacheMemory, trainerCacheMemory } from '../src/logic/memory.js';
import { DEFAULT_FORM, parseTrainForm } from '../src/logic/train-settings.js';
import { Trainer } from '../src/logic/trainer.js';

const F32 = 4;
const F64 = 8;

describe('the forward cache under each policy', () => {
  test('Exercise 2 (N = 4): S_1, Z_1 (3 × 4), S_2, Z_2 (1 × 4) under all; S_1, S_2 under preactivations', () => {
    expect(exercise2CacheMemory(createCpuBackend(), seedProblem())).toEqual({
      all: (12 + 12 + 4 + 4) * F32,
      preactivations: (12 + 4) * F32,
    });
    expect(exercise2CacheMemory(createCpuBackend({ dtype: 'float64' }), seedProblem())).toEqual({
      all: 32 * F64,
      preactivations: 16 * F64,
    });
  });

  test('a 2-8-8-3 network: Σ_l d_l·N numbers per kept matrix kind, and nothing is left behind', () => {
    const backend = createCpuBackend();
    const settings = { ...parseTrainForm(DEFAULT_FORM), loss: hinge(0.1) };
    const trainer = new Trainer(backend, makeToyDataset('spiral', { count: 30 }), settings);
    const held = backend.memory();
    const perKind = (8 + 8 + 3) * F32;
    expect(trainerCacheMemory(trainer, 16)).toEqual({ all: 2 * perKind * 16, preactivations: perKind * 16 });
    expect(trainerCacheMemory(trainer, 1000)).toEqual({
      all: 2 * perKind * 30,
      preactivations: perKind * 30,
    });
    expect(backend.memory()).toEqual(held);
    trainer.dispose();
  });
});
