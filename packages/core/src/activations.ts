// The element-wise non-linearities f_l of the seed, their names in the model file, and scalar
// float64 definitions of f and f' that JavaScript kernels and references share.

/** The name of an activation function f_l. */
export type ActivationKind = 'identity' | 'relu' | 'sigmoid' | 'tanh' | 'leaky_relu';

/** f_l: how Z_l = f_l(S_l) is computed from the pre-activation S_l. */
export type Activation =
  | { readonly kind: 'identity' | 'relu' | 'sigmoid' | 'tanh' }
  | { readonly kind: 'leaky_relu'; readonly alpha: number };

/** Every activation kind, in the order the documentation and the command line list them. */
export const ACTIVATION_KINDS: readonly ActivationKind[] = [
  'identity',
  'relu',
  'sigmoid',
  'tanh',
  'leaky_relu',
];

/** The slope of leaky ReLU for negative inputs when the model file gives no `alpha`. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

/** Whether `name` names an activation function. */
export function isActivationKind(name: string): name is ActivationKind {
  return (ACTIVATION_KINDS as readonly string[]).includes(name);
}

/** The negative-side slope: 0 for ReLU, alpha for leaky ReLU (one kernel serves both). */
export function negativeSlope(f: Activation): number {
  return f.kind === 'leaky_relu' ? f.alpha : 0;
}

/** f(s) for one value, in float64. */
export function activateScalar(f: Activation, s: number): number {
  switch (f.kind) {
    case 'identity':
      return s;
    case 'relu':
    case 'leaky_relu':
      return s > 0 ? s : negativeSlope(f) * s;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-s));
    case 'tanh':
      return Math.tanh(s);
  }
}

/**
 * f'(s) for one value, in float64, always from the pre-activation S (so it serves both cache
 * policies). ReLU's derivative at exactly 0 is taken as 0, as in the seed (S_1 = -0.044 → 0).
 */
export function derivativeScalar(f: Activation, s: number): number {
  switch (f.kind) {
    case 'identity':
      return 1;
    case 'relu':
    case 'leaky_relu':
      return s > 0 ? 1 : negativeSlope(f);
    case 'sigmoid': {
      const z = 1 / (1 + Math.exp(-s));
      return z * (1 - z);
    }
    case 'tanh': {
      const z = Math.tanh(s);
      return 1 - z * z;
    }
  }
}

/** The activation as the model file writes it (`{ activation, alpha? }`). */
export function activationToJSON(f: Activation): { activation: ActivationKind; alpha?: number } {
  return f.kind === 'leaky_relu' ? { activation: f.kind, alpha: f.alpha } : { activation: f.kind };
}
