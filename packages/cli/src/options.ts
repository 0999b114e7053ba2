// The flags several commands share (CONTRACT.md: --loss, --margin, --backend, --cache) and the
// parsers that turn flag text into checked values, so a bad value fails at parse time with
// commander's one-line message (exit 2).

import { CACHE_POLICIES, type CachePolicy, DEFAULT_MARGIN, hinge, type LossSpec, mse } from '@deltaml/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_NAMES, DEFAULT_BACKEND, isBackendName, unknownBackendMessage } from './backends.js';

export const LOSS_NAMES = ['mse', 'hinge'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** The values of the shared flags after parsing. */
export interface ProblemOptions {
  readonly model: string;
  readonly data: string;
  readonly loss: LossName;
  readonly margin: number;
  readonly backend: string;
}

/** --cache, for the commands that run the backward pass */
export interface CacheOptions {
  readonly cache: CachePolicy;
}

export function finiteNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError('expected a finite number.');
  return value;
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

export const positiveWholeNumber = (text: string): number => wholeNumberAtLeast(text, 1);

export function backendName(text: string): string {
  if (!isBackendName(text)) throw new InvalidArgumentError(`${unknownBackendMessage(text)}.`);
  return text;
}

export function lossSpec({ loss, margin }: Pick<ProblemOptions, 'loss' | 'margin'>): LossSpec {
  return loss === 'hinge' ? hinge(margin) : mse();
}

/** --model and --data, required */
export function addFileOptions(command: Command): Command {
  return command
    .requiredOption('--model <file>', 'model file (JSON, format deltaml/mlp@1)')
    .requiredOption('--data <file>', 'data file (CSV: x… inputs, y… targets for mse, label for hinge)');
}

/** --loss and --margin */
export function addLossOptions(command: Command): Command {
  return command
    .addOption(new Option('--loss <loss>', 'loss function').choices(LOSS_NAMES).default('mse'))
    .addOption(
      new Option('--margin <m>', 'margin of the hinge loss').argParser(finiteNumber).default(DEFAULT_MARGIN),
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
    new Option('--cache <policy>', 'what the forward pass keeps for the backward pass (seed, Exercise 4)')
      .choices(CACHE_POLICIES)
      .default('all'),
  );
}
