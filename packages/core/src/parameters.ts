// Hyperparameters described once: name, command-line flag, default and allowed range. Losses and
// optimizers list theirs; the command line builds its flags and help from these lists, and one
// function validates a user's values with a message that names the parameter and what is allowed.

import { InputError } from './errors.js';

interface ParameterBase {
  /** the key in code (`weightDecay`) */
  readonly key: string;
  /** the command-line flag without dashes (`weight-decay`) */
  readonly flag: string;
  /** one line for help texts and docs */
  readonly description: string;
}

/** A number with a default and a validity test. */
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

/** A hyperparameter of a loss or an optimizer. */
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

/** A number parameter whose values are those `valid` accepts, described as `allowed`. */
function numberKind(allowed: string, valid: (value: number) => boolean) {
  return (key: string, flag: string, fallback: number, description: string): NumberParameter => ({
    key,
    flag,
    type: 'number',
    default: fallback,
    description,
    allowed,
    valid,
  });
}

/** A number parameter that must be finite and ≥ 0. */
export const nonNegative = numberKind('a finite number ≥ 0', (v) => Number.isFinite(v) && v >= 0);

/** A number parameter in [0, 1). */
export const unitInterval = numberKind('a number in [0, 1)', (v) => v >= 0 && v < 1);

/** A number parameter that must be finite and > 0. */
export const positive = numberKind('a finite number > 0', (v) => Number.isFinite(v) && v > 0);

/**
 * Every parameter of `parameters` with the user's value or its default, validated. Keys in
 * `given` that are not parameters are refused, so a misspelt option never passes silently.
 */
export function resolveParameters(
  owner: string,
  parameters: readonly Parameter[],
  given: Readonly<Record<string, unknown>>,
): Record<string, number | boolean | string> {
  const known = new Set(parameters.map((p) => p.key));
  for (const key of Object.keys(given)) {
    if (key !== 'kind' && !known.has(key) && given[key] !== undefined) {
      const list = parameters.map((p) => p.key).join(', ') || 'none';
      throw new InputError(`${owner} has no parameter ${key} (it takes: ${list})`);
    }
  }
  const out: Record<string, number | boolean | string> = {};
  for (const p of parameters) {
    const value = given[p.key] ?? p.default;
    const ok =
      p.type === 'number'
        ? typeof value === 'number' && p.valid(value)
        : p.type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'string' && p.choices.includes(value);
    if (!ok) throw new ParameterError(p, value, owner);
    out[p.key] = value as number | boolean | string;
  }
  return out;
}
