// The registries and their validation: every parameter refuses what it does not allow with a
// message naming the parameter and the range, specs get their defaults, and schedules follow
// their formulas.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  InputError,
  LOSS_KINDS,
  LOSSES,
  learningRateAt,
  makeLoss,
  makeOptimizer,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  ParameterError,
} from '../src/index.js';

describe('optimizer parameters', () => {
  it('fills in PyTorch’s defaults', () => {
    expect(makeOptimizer('adam')).toEqual({
      kind: 'adam',
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
    });
    expect(makeOptimizer('adamw')).toMatchObject({ weightDecay: 0.01 });
    expect(makeOptimizer('rmsprop')).toEqual({
      kind: 'rmsprop',
      alpha: 0.99,
      eps: 1e-8,
      momentum: 0,
      weightDecay: 0,
    });
    expect(makeOptimizer('sgd')).toEqual({ kind: 'sgd', momentum: 0, nesterov: false, weightDecay: 0 });
  });
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['sgd', { momentum: -0.1 }, /momentum is -0.1; it must be a finite number ≥ 0/],
    ['adam', { beta1: 1 }, /beta1 is 1; it must be a number in \[0, 1\)/],
    ['adam', { beta2: -0.5 }, /beta2 is -0.5; it must be a number in \[0, 1\)/],
    ['adam', { eps: 0 }, /eps is 0; it must be a finite number > 0/],
    ['rmsprop', { alpha: Number.NaN }, /alpha is NaN/],
    ['adamw', { weightDecay: Number.POSITIVE_INFINITY }, /weightDecay is Infinity/],
  ];
  for (const [kind, values, message] of bad) {
    it(`refuses ${kind} ${JSON.stringify(values)}`, () => {
      expect(() => makeOptimizer(kind, values)).toThrow(ParameterError);
      expect(() => makeOptimizer(kind, values)).toThrow(message);
    });
  }
  it('refuses Nesterov without momentum, unknown optimizers and parameters of another optimizer', () => {
    expect(() => makeOptimizer('sgd', { nesterov: true })).toThrow(
      'optimizer sgd: nesterov needs a momentum > 0',
    );
    expect(() => makeOptimizer('lbfgs')).toThrow(
      'unknown optimizer "lbfgs"; expected one of sgd, adam, adamw, rmsprop',
    );
    expect(() => makeOptimizer('sgd', { beta1: 0.9 })).toThrow(InputError);
  });
  it('lists each table entry as one parameter whose flag is its key in kebab case', () => {
    for (const kind of OPTIMIZER_KINDS) {
      const { kind: _, ...values } = makeOptimizer(kind);
      expect(OPTIMIZERS[kind].parameters.map((p) => p.key)).toEqual(Object.keys(values));
    }
    expect(OPTIMIZERS.rmsprop.parameters.map((p) => [p.flag, p.type, p.default])).toEqual([
      ['alpha', 'number', 0.99],
      ['eps', 'number', 1e-8],
      ['momentum', 'number', 0],
      ['weight-decay', 'number', 0],
    ]);
    expect(OPTIMIZERS.sgd.parameters.find((p) => p.key === 'nesterov')).toMatchObject({
      flag: 'nesterov',
      type: 'boolean',
      default: false,
    });
    expect(LOSSES.hinge.parameters.map((p) => [p.key, p.flag, p.type])).toEqual([
      ['margin', 'margin', 'number'],
      ['reduction', 'hinge-reduction', 'choice'],
    ]);
  });
  it('gives Adam and AdamW one table that differs only in the weight decay’s default', () => {
    const { weightDecay: adamDecay, ...adam } = OPTIMIZERS.adam.spec();
    const { weightDecay: adamwDecay, ...adamw } = OPTIMIZERS.adamw.spec();
    expect({ ...adam, kind: 'adamw' }).toEqual(adamw);
    expect([adamDecay, adamwDecay]).toEqual([0, 0.01]);
  });
  it('lists every optimizer once', () => {
    expect(OPTIMIZER_KINDS).toEqual(['sgd', 'adam', 'adamw', 'rmsprop']);
  });
});

describe('losses and activations', () => {
  it('lists every loss and builds their specs with defaults', () => {
    expect(LOSS_KINDS).toEqual(['mse', 'hinge', 'cross-entropy', 'binary-cross-entropy']);
    expect(makeLoss('hinge')).toEqual({ kind: 'hinge', margin: 0.1, reduction: 'sum' });
    expect(() => makeLoss('hinge', { reduction: 'max' })).toThrow(
      'reduction is max; it must be one of sum, mean',
    );
    expect(() => makeLoss('huber')).toThrow(/unknown loss "huber"/);
  });
  it('has each activation’s f′ agree with central differences of its f', () => {
    for (const kind of ACTIVATION_KINDS) {
      const def = ACTIVATIONS[kind];
      for (const s of [-2.5, -0.3, 0.7, 3.1]) {
        const h = 1e-6;
        const numeric = (def.f(s + h, 0.1) - def.f(s - h, 0.1)) / (2 * h);
        const x = def.derivativeFrom === 'S' ? s : def.f(s, 0.1);
        expect(def.derivative(x, 0.1)).toBeCloseTo(numeric, 6);
      }
    }
  });
  it('gives each activation its own wasm code', () => {
    const codes = ACTIVATION_KINDS.map((k) => ACTIVATIONS[k].code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('learning-rate schedules', () => {
  const plan = (schedule: Parameters<typeof learningRateAt>[1]['schedule'], warmupEpochs = 0) => ({
    schedule,
    warmupEpochs,
  });
  it('steps by γ every k epochs', () => {
    const p = plan({ kind: 'step', every: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(0.8, p, e, 5))).toEqual([0.8, 0.8, 0.4, 0.4, 0.2]);
  });
  it('decays by a cosine from lr towards 0', () => {
    const p = plan({ kind: 'cosine' });
    expect(learningRateAt(1, p, 0, 4)).toBe(1);
    expect(learningRateAt(1, p, 2, 4)).toBeCloseTo(0.5, 12);
  });
  it('warms up linearly', () => {
    const p = plan({ kind: 'constant' }, 4);
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(1, p, e, 10))).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });
});
