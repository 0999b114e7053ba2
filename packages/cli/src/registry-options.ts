// Command-line flags built from core's registries: --loss and --optimizer list every entry, and
// every hyperparameter of every loss and optimizer becomes one flag (shared names such as
// --weight-decay once). A flag the chosen loss or optimizer does not take is refused, and a value
// outside its range fails with one line naming the flag and what is allowed.

import {
  InputError,
  isLossKind,
  isOptimizerKind,
  LOSS_KINDS,
  LOSSES,
  type LossKind,
  type LossSpec,
  makeLoss,
  makeOptimizer,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  type OptimizerKind,
  type OptimizerSpec,
  type Parameter,
  ParameterError,
} from '@deltaml/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from './failure.js';

/** The key commander gives a flag's value (`weight-decay` → `weightDecay`). */
function optionKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A number as the user wrote it: finite, in decimal or scientific notation. */
export function finiteNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError('expected a finite number.');
  return value;
}

/** Each flag once, with the owners that take it (for the help text and the refusal message). */
function flagsOf(
  owners: readonly (readonly [string, readonly Parameter[]])[],
): Map<string, { parameter: Parameter; owners: string[] }> {
  const flags = new Map<string, { parameter: Parameter; owners: string[] }>();
  for (const [owner, parameters] of owners) {
    for (const p of parameters) {
      const entry = flags.get(p.flag);
      if (entry) entry.owners.push(owner);
      else flags.set(p.flag, { parameter: p, owners: [owner] });
    }
  }
  return flags;
}

const LOSS_FLAGS = flagsOf(LOSS_KINDS.map((k) => [k, LOSSES[k].parameters] as const));
const OPTIMIZER_FLAGS = flagsOf(OPTIMIZER_KINDS.map((k) => [k, OPTIMIZERS[k].parameters] as const));

/** The option keys of every loss and optimizer parameter flag; their values are part of the specs built from them. */
export const PARAMETER_OPTION_KEYS: ReadonlySet<string> = new Set(
  [...LOSS_FLAGS.keys(), ...OPTIMIZER_FLAGS.keys()].map(optionKey),
);

function defaultText(
  flag: string,
  p: Parameter,
  owners: string[],
  all: (k: string) => readonly Parameter[],
): string {
  const defaults = owners.map((o) => `${all(o).find((q) => q.flag === flag)?.default}`);
  const same = defaults.every((d) => d === defaults[0]);
  return same ? `${p.default}` : owners.map((o, i) => `${o} ${defaults[i]}`).join(', ');
}

function addParameterFlags(
  command: Command,
  flags: Map<string, { parameter: Parameter; owners: string[] }>,
  all: (owner: string) => readonly Parameter[],
): void {
  for (const [flag, { parameter: p, owners }] of flags) {
    const help = `${p.description} (${owners.join(', ')}; default ${defaultText(flag, p, owners, all)})`;
    if (p.type === 'boolean') command.addOption(new Option(`--${flag}`, help));
    else if (p.type === 'choice')
      command.addOption(new Option(`--${flag} <${p.key}>`, help).choices(p.choices));
    else command.addOption(new Option(`--${flag} <${p.key}>`, help).argParser(finiteNumber));
  }
}

/** --loss and the flags of every loss's parameters (--margin, --hinge-reduction). */
export function addLossOptions(command: Command): Command {
  command.addOption(
    new Option(
      '--loss <loss>',
      `loss function: ${LOSS_KINDS.map((k) => `${k} (${LOSSES[k].description})`).join('; ')}`,
    )
      .choices(LOSS_KINDS)
      .default('mse'),
  );
  addParameterFlags(command, LOSS_FLAGS, (k) => LOSSES[k as LossKind].parameters);
  return command;
}

/** --optimizer and the flags of every optimizer's hyperparameters. */
export function addOptimizerOptions(command: Command): Command {
  command.addOption(
    new Option(
      '--optimizer <name>',
      `update rule: ${OPTIMIZER_KINDS.map((k) => `${k} (${OPTIMIZERS[k].description})`).join('; ')}`,
    )
      .choices(OPTIMIZER_KINDS)
      .default('sgd'),
  );
  addParameterFlags(command, OPTIMIZER_FLAGS, (k) => OPTIMIZERS[k as OptimizerKind].parameters);
  return command;
}

/** The values the user gave for `owner`'s parameters; a flag of another owner is refused (a UsageError) or ignored. */
function given(
  flags: Map<string, { parameter: Parameter; owners: string[] }>,
  values: Readonly<Record<string, unknown>>,
  option: string,
  owner: string,
  others: 'refuse' | 'ignore',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, { parameter, owners }] of flags) {
    const value = values[optionKey(flag)];
    if (value === undefined) continue;
    if (!owners.includes(owner)) {
      if (others === 'ignore') continue;
      throw new UsageError(
        `--${flag} does not apply to ${option} ${owner} (it is a parameter of ${owners.join(', ')})`,
      );
    }
    out[parameter.key] = value;
  }
  return out;
}

/** A ParameterError said with the flag's name: `--beta1 is 1.5; it must be a number in [0, 1)`. */
function asFlagError(error: unknown, parameters: readonly Parameter[]): unknown {
  if (error instanceof ParameterError) {
    return new UsageError(
      `--${error.parameter.flag} is ${String(error.value)}; ${error.message.split('; ').slice(1).join('; ')}`,
    );
  }
  if (!(error instanceof InputError)) return error;
  // a combination the rule refuses (`nesterov needs a momentum > 0`), said with the flags' names
  let message = error.message.replace(/^(loss|optimizer) (\S+): /, '--$1 $2: ');
  for (const p of parameters) message = message.replace(new RegExp(`\\b${p.key}\\b`, 'g'), `--${p.flag}`);
  return new UsageError(message);
}

/** The loss spec from --loss and its parameter flags. */
export function lossFromFlags(values: Readonly<Record<string, unknown>>): LossSpec {
  const kind = values.loss as string;
  try {
    // CONTRACT.md has always offered --margin beside every --loss: a flag of another loss is unused
    return makeLoss(kind, given(LOSS_FLAGS, values, '--loss', kind, 'ignore'));
  } catch (error) {
    throw asFlagError(error, isLossKind(kind) ? LOSSES[kind].parameters : []);
  }
}

/** The optimizer spec from --optimizer and its hyperparameter flags. */
export function optimizerFromFlags(values: Readonly<Record<string, unknown>>): OptimizerSpec {
  const kind = values.optimizer as string;
  try {
    return makeOptimizer(kind, given(OPTIMIZER_FLAGS, values, '--optimizer', kind, 'refuse'));
  } catch (error) {
    throw asFlagError(error, isOptimizerKind(kind) ? OPTIMIZERS[kind].parameters : []);
  }
}
