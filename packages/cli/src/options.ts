// The flags several commands share (docs/contract.md: --loss, --margin, --backend, --cache) and
// the parsers that turn flag text into checked values, so a bad value fails at parse time with
// commander's one-line message (exit 2). Help texts that name losses read core's registry.

import { CACHE_POLICIES, type CachePolicy, LOSS_KINDS, LOSSES, MAX_SEED } from '@deltaml/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_NAMES, DEFAULT_BACKEND, isBackendName, unknownBackendMessage } from './backends.js';

export { addLossOptions, finiteNumber, lossFromFlags } from './registry-options.js';

/** The values of the shared flags after parsing (the loss's own flags ride along for lossFromFlags). */
export interface ProblemOptions {
  readonly model: string;
  readonly data: string;
  readonly loss: string;
  readonly backend: string;
  readonly [flag: string]: unknown;
}

/** --cache, for the commands that run the backward pass */
export interface CacheOptions {
  readonly cache: CachePolicy;
}

/** A whole number ≥ `least` written in decimal digits (no 1e3, no 0x10, no 1.0). */
function wholeNumberAtLeast(text: string, least: number): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < least) {
    throw new InvalidArgumentError(`expected a whole number ≥ ${least}.`);
  }
  return value;
}

export const wholeNumber = (text: string): number => wholeNumberAtLeast(text, 0);

/** A seed: a whole number 0 … 2³² − 1 (larger seeds are refused, never truncated). */
export function seed(text: string): number {
  const value = wholeNumberAtLeast(text, 0);
  if (value > MAX_SEED) throw new InvalidArgumentError(`expected a whole number 0 … ${MAX_SEED}.`);
  return value;
}

export const positiveWholeNumber = (text: string): number => wholeNumberAtLeast(text, 1);

export function backendName(text: string): string {
  if (!isBackendName(text)) throw new InvalidArgumentError(`${unknownBackendMessage(text)}.`);
  return text;
}

/** The losses of the registry whose targets or outputs are of `kind`, as `a, b and c` for help texts. */
export function lossesWith(field: 'targets' | 'outputs', kinds: readonly string[]): string {
  const names = LOSS_KINDS.filter((k) => kinds.includes(LOSSES[k][field]));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
}

/** --model and --data, required */
export function addFileOptions(command: Command): Command {
  return command
    .requiredOption('--model <file>', 'model file (JSON, format deltaml/mlp@1)')
    .requiredOption(
      '--data <file>',
      `data file (CSV: x… inputs; y… targets for ${lossesWith('targets', ['values'])}, one 0/1 y for ${lossesWith('targets', ['binary'])}, label for ${lossesWith('targets', ['classes'])})`,
    );
}

/** --backend */
export function addBackendOption(command: Command): Command {
  return command.addOption(
    new Option('--backend <name>', `numeric backend: ${BACKEND_NAMES.join(', ')}`)
      .argParser(backendName)
      .default(DEFAULT_BACKEND),
  );
}

/** --cache */
export function addCacheOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--cache <policy>',
      'what the forward pass keeps for the backward pass (the worked example, Exercise 4)',
    )
      .choices(CACHE_POLICIES)
      .default('all'),
  );
}
