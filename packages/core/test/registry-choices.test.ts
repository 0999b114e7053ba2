// registryChoices lists a registry's kinds in its order with their own descriptions, for any of
// the three registries.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  LOSS_KINDS,
  LOSSES,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  registryChoices,
} from '../src/index.js';

describe('registryChoices', () => {
  it('keeps a table’s order and pairs each kind with its description', () => {
    const table = { zeta: { description: 'last letter' }, alpha: { description: 'first letter' } };
    expect(registryChoices(table)).toEqual([
      { kind: 'zeta', description: 'last letter' },
      { kind: 'alpha', description: 'first letter' },
    ]);
  });

  it('lists every kind of the activation, loss and optimizer registries, as their KINDS do', () => {
    expect(registryChoices(ACTIVATIONS).map((c) => c.kind)).toEqual(ACTIVATION_KINDS);
    expect(registryChoices(LOSSES).map((c) => c.kind)).toEqual(LOSS_KINDS);
    expect(registryChoices(OPTIMIZERS).map((c) => c.kind)).toEqual(OPTIMIZER_KINDS);
    for (const choice of registryChoices(LOSSES))
      expect(choice.description).toBe(LOSSES[choice.kind].description);
  });
});
