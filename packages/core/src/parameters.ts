// Hyperparameters declared once, as one table per loss or optimizer, like Burn's `#[config]`: each
// entry is a default, a range (or the choices) and a description, keyed by its name in code. The
// spec type follows from the table by inference, the command line builds its flags and help from
// the same table, the docs are generated from it, and one function validates a user's values with
// a message that names the parameter and what is allowed.

import { InputError } from './errors.js';

/** The values a number hyperparameter allows: in words, and as a test. */
export interface NumberRange {
  /** what is allowed, in words (`a number in [0, 1)`) */
  readonly allowed: string;
  /** whether a value is allowed */
  readonly valid: (value: number) => boolean;
}

/** Finite numbers ≥ 0. */
export const NON_NEGATIVE: NumberRange = {
  allowed: 'a finite number ≥ 0',
  valid: (v) => Number.isFinite(v) && v >= 0,
};

/** Numbers in [0, 1). */
export const UNIT_INTERVAL: NumberRange = { allowed: 'a number in [0, 1)', valid: (v) => v >= 0 && v < 1 };

/** Finite numbers > 0. */
export const POSITIVE: NumberRange = {
  allowed: 'a finite number > 0',
  valid: (v) => Number.isFinite(v) && v > 0,
};

interface EntryBase {
  /** one line for help texts and docs */
  readonly description: string;
  /** the command-line flag without dashes, when it is not the key in kebab case (`weightDecay` → `weight-decay`) */
  readonly flag?: string;
}

/** A number hyperparameter: its default and its range. */
export interface NumberEntry extends EntryBase {
  readonly default: number;
  readonly range: NumberRange;
}

/** An on/off hyperparameter. */
export interface BooleanEntry extends EntryBase {
  readonly default: boolean;
}

/** A hyperparameter that is one of a few words. */
export interface ChoiceEntry extends EntryBase {
  readonly choices: readonly string[];
  readonly default: string;
}

/** One row of a hyperparameter table. */
export type HyperparameterEntry = NumberEntry | BooleanEntry | ChoiceEntry;

/** A loss's or an optimizer's hyperparameters, keyed by their names in code. */
export type HyperparameterTable = { readonly [key: string]: HyperparameterEntry };

/**
 * A table as written, its types kept exact (the choices as a union of words), so that the spec
 * type follows from it: `SpecOf<'sgd', typeof SGD_HYPERPARAMETERS>`.
 */
export function defineHyperparameters<const T extends HyperparameterTable>(table: T): T {
  return table;
}

/** The table of a loss without parameters. */
export const NO_HYPERPARAMETERS = defineHyperparameters({});

/** The type of one entry's value: a number, a boolean, or the union of its choices. */
export type EntryValue<E> = E extends { readonly choices: readonly (infer C)[] }
  ? C
  : E extends { readonly range: NumberRange }
    ? number
    : boolean;

/** The values of a table: `{ beta1: number; nesterov: boolean; reduction: 'sum' | 'mean' }`. */
export type HyperparameterValues<T extends HyperparameterTable> = {
  readonly [K in keyof T]: EntryValue<T[K]>;
};

/** A spec: `{ kind }` plus the values of its table. */
export type SpecOf<K extends string, T extends HyperparameterTable> = {
  readonly kind: K;
} & HyperparameterValues<T>;

interface ParameterBase {
  /** the key in code (`weightDecay`) */
  readonly key: string;
  /** the command-line flag without dashes (`weight-decay`) */
  readonly flag: string;
  /** one line for help texts and docs */
  readonly description: string;
}

/** A number with a default and a validity test (a table entry as the command line and the docs list it). */
export interface NumberParameter extends ParameterBase {
  readonly type: 'number';
  readonly default: number;
  /** what is allowed, in words (`a number in [0, 1)`) */
  readonly allowed: string;
  /** whether a value is allowed */
  readonly valid: (value: number) => boolean;
}

/** An on/off switch. */
export interface BooleanParameter extends ParameterBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

/** One of a few words. */
export interface ChoiceParameter extends ParameterBase {
  readonly type: 'choice';
  readonly choices: readonly string[];
  readonly default: string;
}

/** A hyperparameter of a loss or an optimizer, with its key and flag: one entry of a table, listed. */
export type Parameter = NumberParameter | BooleanParameter | ChoiceParameter;

/** A value the user gave for a parameter that it does not allow; `parameter` says which. */
export class ParameterError extends InputError {
  constructor(
    readonly parameter: Parameter,
    readonly value: unknown,
    readonly owner: string,
  ) {
    super(`${owner}: ${parameter.key} is ${String(value)}; ${allowedText(parameter)}`);
  }
}

/** What a parameter allows, as the end of an error message. */
export function allowedText(p: Parameter): string {
  switch (p.type) {
    case 'number':
      return `it must be ${p.allowed}`;
    case 'boolean':
      return 'it must be true or false';
    case 'choice':
      return `it must be one of ${p.choices.join(', ')}`;
  }
}

/** `weightDecay` → `weight-decay`. */
const kebabCase = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One table entry as a listed parameter. */
function parameterOf(key: string, entry: HyperparameterEntry): Parameter {
  const base = { key, flag: entry.flag ?? kebabCase(key), description: entry.description };
  if ('choices' in entry) return { ...base, type: 'choice', choices: entry.choices, default: entry.default };
  if ('range' in entry) {
    const { allowed, valid } = entry.range;
    return { ...base, type: 'number', default: entry.default, allowed, valid };
  }
  return { ...base, type: 'boolean', default: entry.default };
}

/** Whether a value is one the parameter allows. */
function allows(p: Parameter, value: unknown): boolean {
  switch (p.type) {
    case 'number':
      return typeof value === 'number' && p.valid(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && p.choices.includes(value);
  }
}

/** What a definition gets from its table: the listed parameters and the spec builder. */
export interface SpecDefinition<S> {
  /** the table's entries with their keys and flags, in the table's order */
  readonly parameters: readonly Parameter[];
  /**
   * The spec from the user's values, defaults for those not given, each validated. Keys that
   * are not parameters are refused, so a misspelt option never passes silently.
   */
  spec(given?: Readonly<Record<string, unknown>>): S;
}

/**
 * The parameters and the spec builder of `kind` (a `role`: loss or optimizer) from its table.
 * `check` refuses a combination of values each valid alone (`nesterov needs a momentum > 0`).
 */
export function defineSpec<const K extends string, const T extends HyperparameterTable>(
  role: string,
  kind: K,
  table: T,
  check?: (spec: SpecOf<K, T>) => string | undefined,
): SpecDefinition<SpecOf<K, T>> {
  const owner = `${role} ${kind}`;
  const parameters = Object.entries(table).map(([key, entry]) => parameterOf(key, entry));
  return {
    parameters,
    spec(given = {}) {
      for (const key of Object.keys(given)) {
        if (key !== 'kind' && !Object.hasOwn(table, key) && given[key] !== undefined) {
          const list = parameters.map((p) => p.key).join(', ') || 'none';
          throw new InputError(`${owner} has no parameter ${key} (it takes: ${list})`);
        }
      }
      const values: Record<string, unknown> = {};
      for (const p of parameters) {
        const value = given[p.key] ?? p.default;
        if (!allows(p, value)) throw new ParameterError(p, value, owner);
        values[p.key] = value;
      }
      // every key of T was just given a value its entry allows, which is what HyperparameterValues<T> says
      const spec = { kind, ...(values as HyperparameterValues<T>) };
      const why = check?.(spec);
      if (why) throw new InputError(`${owner}: ${why}`);
      return spec;
    },
  };
}
