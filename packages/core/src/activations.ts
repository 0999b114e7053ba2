// The element-wise non-linearities f_l: one table entry each, with f, f', where f' is cheapest
// computed from (S or Z), the initialisation that suits it and the code the wasm kernels use.
// The model file, the command line, the playground, the docs and the conformance suite all read
// this table; adding an activation is one entry here plus each backend's kernel.

/** How a new layer's weights are drawn before this activation. */
export type InitScheme = 'he' | 'glorot';

/** One activation function, defined once. */
export interface ActivationDefinition {
  /** one line for help texts and docs */
  readonly description: string;
  /** f(s) in float64; `alpha` is the activation's parameter (leaky ReLU's slope, else unused) */
  readonly f: (s: number, alpha: number) => number;
  /** whether f' is computed from the pre-activation S or from the output Z = f(S) */
  readonly derivativeFrom: 'S' | 'Z';
  /** f' in float64, given S or Z as `derivativeFrom` says */
  readonly derivative: (x: number, alpha: number) => number;
  readonly init: InitScheme;
  /** the small integer the wasm kernels switch on (each different) */
  readonly code: number;
  /**
   * named constants of f and f' that the kernels share (e.g. GELU's √(2/π)); the wasm build and
   * the WGSL kernels emit each as `<KIND>_<NAME>`, so no backend restates their values
   */
  readonly constants?: Readonly<Record<string, number>>;
  /**
   * the same function's identifier in Keras and TensorFlow.js layers (a Dense layer's
   * `activation`), or undefined when tfjs has it only as a layer of its own (leaky ReLU's
   * `LeakyReLU`); the tfjs backend's and interop's model conversions read it
   */
  readonly kerasName: string | undefined;
  /** the parameter this activation takes, if any */
  readonly parameter?: { readonly name: 'alpha'; readonly default: number };
}

const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));
/** GELU's tanh-form constants: C = √(2/π) and A = 0.044715, in GELU(s) = s/2·(1 + tanh(C(s + A s³))). */
export const GELU_CONSTANTS = { C: Math.sqrt(2 / Math.PI), A: 0.044715 } as const;
const { C: GELU_C, A: GELU_A } = GELU_CONSTANTS;

/** The slope of leaky ReLU for negative inputs when the model file gives no `alpha`. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

/** The name of an activation function f_l. */
export type ActivationKind = 'identity' | 'relu' | 'sigmoid' | 'tanh' | 'leaky_relu' | 'gelu' | 'softplus';

/** Every activation. Keys are the names the model file and the command line use; a kind without an entry fails to compile. */
export const ACTIVATIONS: { readonly [K in ActivationKind]: ActivationDefinition } = {
  identity: {
    description: 'f(s) = s',
    f: (s) => s,
    derivativeFrom: 'S',
    derivative: () => 1,
    init: 'glorot',
    code: 0,
    kerasName: 'linear',
  },
  relu: {
    description: "f(s) = max(0, s); f'(0) = 0 as in the worked example",
    f: (s) => Math.max(0, s),
    derivativeFrom: 'S',
    derivative: (s) => (s > 0 ? 1 : 0),
    init: 'he',
    code: 1,
    kerasName: 'relu',
  },
  sigmoid: {
    description: 'f(s) = 1 / (1 + e^−s)',
    f: sigmoid,
    derivativeFrom: 'Z',
    derivative: (z) => z * (1 - z),
    init: 'glorot',
    code: 2,
    kerasName: 'sigmoid',
  },
  tanh: {
    description: 'f(s) = tanh s',
    f: Math.tanh,
    derivativeFrom: 'Z',
    derivative: (z) => 1 - z * z,
    init: 'glorot',
    code: 3,
    kerasName: 'tanh',
  },
  leaky_relu: {
    description: 'f(s) = s for s > 0, alpha·s otherwise (alpha defaults to 0.01)',
    f: (s, alpha) => (s > 0 ? s : alpha * s),
    derivativeFrom: 'S',
    derivative: (s, alpha) => (s > 0 ? 1 : alpha),
    init: 'he',
    code: 4,
    kerasName: undefined,
    parameter: { name: 'alpha', default: DEFAULT_LEAKY_ALPHA },
  },
  gelu: {
    description: 'f(s) = s/2·(1 + tanh(√(2/π)(s + 0.044715 s³))), the tanh form',
    f: (s) => 0.5 * s * (1 + Math.tanh(GELU_C * (s + GELU_A * s * s * s))),
    derivativeFrom: 'S',
    derivative: (s) => {
      const t = Math.tanh(GELU_C * (s + GELU_A * s * s * s));
      return 0.5 * (1 + t) + 0.5 * s * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * s * s);
    },
    init: 'he',
    code: 5,
    kerasName: 'gelu_new', // the tanh form (Keras's `gelu` is the erf form)
    constants: GELU_CONSTANTS,
  },
  softplus: {
    description: 'f(s) = ln(1 + e^s), computed without overflow',
    f: (s) => Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))),
    derivativeFrom: 'S',
    derivative: sigmoid,
    init: 'he',
    code: 6,
    kerasName: 'softplus',
  },
};

/** f_l: which function, with its parameter where it has one (leaky ReLU's alpha). */
export type Activation =
  | { readonly kind: Exclude<ActivationKind, 'leaky_relu'> }
  | { readonly kind: 'leaky_relu'; readonly alpha: number };

/** Every activation kind, in the order the documentation and the command line list them. */
export const ACTIVATION_KINDS = Object.keys(ACTIVATIONS) as readonly ActivationKind[];

/** Whether `name` names an activation function. */
export function isActivationKind(name: string): name is ActivationKind {
  return Object.hasOwn(ACTIVATIONS, name);
}

/** The definition of f. */
export function activationDefinition(f: Activation): ActivationDefinition {
  return ACTIVATIONS[f.kind];
}

/** The activation's parameter (leaky ReLU's alpha), 0 for those without one. */
export function activationParameter(f: Activation): number {
  return f.kind === 'leaky_relu' ? f.alpha : 0;
}

/** f(s) for one value, in float64. */
export function activateScalar(f: Activation, s: number): number {
  return ACTIVATIONS[f.kind].f(s, activationParameter(f));
}

/** f'(s) for one value, in float64, from the pre-activation s (whatever `derivativeFrom` says). */
export function derivativeScalar(f: Activation, s: number): number {
  const def = ACTIVATIONS[f.kind];
  const alpha = activationParameter(f);
  return def.derivative(def.derivativeFrom === 'S' ? s : def.f(s, alpha), alpha);
}

/** Builds an activation from its name and optional parameter (validated by the caller). */
export function makeActivation(kind: ActivationKind, alpha?: number): Activation {
  return kind === 'leaky_relu' ? { kind, alpha: alpha ?? DEFAULT_LEAKY_ALPHA } : { kind };
}

/** The activation as the model file writes it (`{ activation, alpha? }`). */
export function activationToJSON(f: Activation): { activation: ActivationKind; alpha?: number } {
  return f.kind === 'leaky_relu' ? { activation: f.kind, alpha: f.alpha } : { activation: f.kind };
}
