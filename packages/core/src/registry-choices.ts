// A registry's kinds as a picker or a help text lists them: each kind with its one-line
// description, in the registry's order. The playground's selects (and any list of choices) walk
// the activation, loss and optimizer registries this one way, typed by the registry's own kinds,
// instead of pairing a `…_KINDS` list with its table and casting each name back to its kind.

/** One kind of a registry, as a picker or a help text lists it. */
export interface RegistryChoice<K extends string> {
  /** the kind's name, as users type it (`adam`, `cross-entropy`, `tanh`, …) */
  readonly kind: K;
  /** the definition's one-line description */
  readonly description: string;
}

/**
 * The kinds of `registry` (`ACTIVATIONS`, `LOSSES`, `OPTIMIZERS`, or any table of definitions
 * with a `description`) with their descriptions, in the registry's order.
 */
export function registryChoices<K extends string>(
  registry: {
    readonly [P in K]: { readonly description: string };
  },
): readonly RegistryChoice<K>[] {
  return (Object.keys(registry) as K[]).map((kind) => ({ kind, description: registry[kind].description }));
}
