// Adam as PyTorch's torch.optim.Adam documents it (amsgrad off), with L2 weight decay:
//   g ← g + λp;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
//   p ← p − γ·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
// AdamW (adamw.ts) is the same table and step with the decay decoupled. The whole step runs as
// one fused kernel where the backend has one.

import { defineHyperparameters, NON_NEGATIVE, POSITIVE, type SpecOf, UNIT_INTERVAL } from '../parameters.js';
import { defineOptimizer, type UpdateContext } from './definition.js';

/** Adam's and AdamW's table: β₁, β₂, ε and a weight decay whose default and meaning differ between them. */
function adamTable(weightDecay: { readonly default: number; readonly description: string }) {
  return defineHyperparameters({
    beta1: { default: 0.9, range: UNIT_INTERVAL, description: 'decay of the first moment m' },
    beta2: { default: 0.999, range: UNIT_INTERVAL, description: 'decay of the second moment v' },
    eps: { default: 1e-8, range: POSITIVE, description: 'ε added to √v̂' },
    weightDecay: { ...weightDecay, range: NON_NEGATIVE },
  });
}

/** Adam's hyperparameters. */
export const ADAM_HYPERPARAMETERS = adamTable({
  default: 0,
  description: 'L2 penalty λ added to the gradient',
});

/** AdamW's hyperparameters: Adam's, with the decay decoupled and on by default. */
export const ADAMW_HYPERPARAMETERS = adamTable({
  default: 0.01,
  description: 'decoupled decay λ: p ← p(1 − γλ)',
});

/** Adam's and AdamW's spec: one table's values, under either name. */
export type AdamSpec =
  | SpecOf<'adam', typeof ADAM_HYPERPARAMETERS>
  | SpecOf<'adamw', typeof ADAMW_HYPERPARAMETERS>;

/** Adam's and AdamW's state: the first and second moments. */
export const adamSlots = (): readonly string[] => ['exp_avg', 'exp_avg_sq'];

/** One Adam step on p; `decoupled` is AdamW's p ← p(1 − γλ), `l2` Adam's g ← g + λp. */
export function adamUpdate(
  { backend: B, spec, lr, t, p, g, state }: UpdateContext<AdamSpec>,
  l2: number,
  decoupled: number,
): void {
  const [m, v] = state;
  const { beta1, beta2, eps } = spec;
  if (B.fused?.adam) {
    B.fused.adam(p, g, m, v, { lr, beta1, beta2, eps, t, weightDecay: l2, decoupledWeightDecay: decoupled });
    return;
  }
  if (decoupled > 0) B.scaleAdd(p, p, 1 - lr * decoupled, 0); // p ← p(1 − γλ)
  if (l2 > 0) B.scaleAdd(g, p, 1, l2); // g ← g + λp
  B.scaleAdd(m, g, beta1, 1 - beta1); // m ← β₁m + (1−β₁)g
  B.scaleAddSquare(v, g, beta2, 1 - beta2); // v ← β₂v + (1−β₂)g²
  const bias1 = 1 - beta1 ** t;
  const bias2 = 1 - beta2 ** t;
  B.addQuotient(p, m, v, -lr / bias1, 1 / bias2, eps); // p ← p − γ m̂ / (√v̂ + ε)
}

/** torch.optim.Adam's update rule. */
export const adamOptimizer = defineOptimizer('adam', ADAM_HYPERPARAMETERS, {
  description: 'Adam: adaptive moments, with L2 weight decay added to the gradient',
  slots: adamSlots,
  update: (context) => adamUpdate(context, context.spec.weightDecay, 0),
});
