// Adam as PyTorch's torch.optim.Adam documents it (amsgrad off), with L2 weight decay:
//   g ← g + λp;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²
//   p ← p − γ·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
// The whole step runs as one fused kernel where the backend has one.

import { nonNegative, positive, unitInterval } from '../parameters.js';
import type { OptimizerDefinition, UpdateContext } from './definition.js';

/** Adam's spec. */
export interface AdamSpec {
  readonly kind: 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
}

/** β₁, β₂ and ε, shared with AdamW. */
export const adamMoments = [
  unitInterval('beta1', 'beta1', 0.9, 'decay of the first moment m'),
  unitInterval('beta2', 'beta2', 0.999, 'decay of the second moment v'),
  positive('eps', 'eps', 1e-8, 'ε added to √v̂'),
];

/** One Adam step on p; `decoupled` is AdamW's p ← p(1 − γλ), `l2` Adam's g ← g + λp. */
export function adamUpdate(
  { backend: B, lr, t, p, g, state }: UpdateContext<{ beta1: number; beta2: number; eps: number }>,
  hyper: { beta1: number; beta2: number; eps: number },
  l2: number,
  decoupled: number,
): void {
  const [m, v] = state;
  const { beta1, beta2, eps } = hyper;
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
export const adamOptimizer: OptimizerDefinition<AdamSpec> = {
  description: 'Adam: adaptive moments, with L2 weight decay added to the gradient',
  parameters: [
    ...adamMoments,
    nonNegative('weightDecay', 'weight-decay', 0, 'L2 penalty λ added to the gradient'),
  ],
  spec: (v) => ({
    kind: 'adam',
    beta1: v.beta1 as number,
    beta2: v.beta2 as number,
    eps: v.eps as number,
    weightDecay: v.weightDecay as number,
  }),
  slots: () => ['exp_avg', 'exp_avg_sq'],
  update: (context) => adamUpdate(context, context.spec, context.spec.weightDecay, 0),
};
