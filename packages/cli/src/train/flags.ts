// The flags of `deltaml train` (docs/contract.md's training flags): their parsed values, the
// parsers of the values only train takes, and the options themselves on the command.

import { SCHEDULE_KINDS, type Schedule } from '@deltaml/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { byteSize } from '../memory-budget.js';
import {
  addBackendOption,
  addCacheOption,
  addFileOptions,
  addLossOptions,
  type CacheOptions,
  finiteNumber,
  type ProblemOptions,
  positiveWholeNumber,
  seed,
  wholeNumber,
} from '../options.js';
import { addOptimizerOptions } from '../registry-options.js';

/** The values of train's flags after parsing. */
export interface TrainFlags extends ProblemOptions, CacheOptions {
  readonly out: string;
  readonly lr: number;
  readonly epochs: number;
  readonly batchSize: number | 'full';
  readonly shuffle: boolean;
  readonly seed: number;
  readonly validation?: string;
  readonly validationSplit?: number;
  readonly log?: string;
  readonly earlyStop?: number;
  readonly lrSchedule: Schedule['kind'];
  readonly lrStepEvery?: number;
  readonly lrGamma?: number;
  readonly warmupEpochs: number;
  readonly checkpoint?: string;
  readonly resume?: string;
  readonly standardize: boolean;
  readonly maxMemory?: number;
}

function batchSize(text: string): number | 'full' {
  if (text === 'full') return 'full';
  try {
    return positiveWholeNumber(text);
  } catch {
    throw new InvalidArgumentError('expected a whole number ≥ 1 or "full".');
  }
}

function openFraction(text: string): number {
  const value = finiteNumber(text);
  if (!(value > 0 && value < 1))
    throw new InvalidArgumentError('expected a number between 0 and 1 (exclusive).');
  return value;
}

function gamma(text: string): number {
  const value = finiteNumber(text);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError('expected a number in (0, 1].');
  return value;
}

/** Adds every flag of `train` to `command`. */
export function addTrainOptions(command: Command): Command {
  addFileOptions(command);
  command.requiredOption('--out <file>', 'where to write the trained model (written atomically)');
  addLossOptions(command);
  addOptimizerOptions(command);
  command
    .addOption(
      new Option('--lr <r>', 'learning rate (see the guide per loss below)')
        .argParser(finiteNumber)
        .default(0.1),
    )
    .addOption(
      new Option('--epochs <e>', 'passes over the data, counted from the start of the run')
        .argParser(positiveWholeNumber)
        .default(10),
    )
    .addOption(
      new Option('--batch-size <n>', 'examples per step, or "full" for the whole file')
        .argParser(batchSize)
        .default(32),
    )
    .option('--no-shuffle', 'keep the file order instead of reshuffling every epoch')
    .addOption(
      new Option('--seed <s>', 'seed of the shuffles and the validation split').argParser(seed).default(0),
    )
    .addOption(
      new Option('--validation <file>', 'held-out data file, scored after every epoch').conflicts(
        'validationSplit',
      ),
    )
    .addOption(
      new Option(
        '--validation-split <f>',
        'hold out this share of --data (seeded, stratified by class)',
      ).argParser(openFraction),
    )
    .addOption(
      new Option(
        '--log <file.jsonl>',
        'one JSON object per epoch (loss, val_loss, metric, lr, seconds); appended to on --resume',
      ),
    )
    .addOption(
      new Option(
        '--early-stop <patience>',
        'stop after this many epochs without a lower validation loss; --out gets the best epoch',
      ).argParser(positiveWholeNumber),
    )
    .addOption(
      new Option('--lr-schedule <kind>', 'learning-rate schedule')
        .choices(SCHEDULE_KINDS)
        .default('constant'),
    )
    .addOption(
      new Option(
        '--lr-step-every <k>',
        'step schedule: multiply by --lr-gamma every k epochs [10]',
      ).argParser(positiveWholeNumber),
    )
    .addOption(new Option('--lr-gamma <g>', 'step schedule: the factor, in (0, 1] [0.1]').argParser(gamma))
    .addOption(
      new Option('--warmup-epochs <w>', 'linear warm-up: epoch e < w runs at lr·(e+1)/w')
        .argParser(wholeNumber)
        .default(0),
    )
    .addOption(
      new Option('--checkpoint <file>', 'the whole training state, written atomically after every epoch'),
    )
    .addOption(new Option('--resume <file>', 'continue from a checkpoint (same model, data and options)'))
    .option(
      '--standardize',
      'scale inputs by per-feature mean/std of the training data, stored in the model',
      false,
    )
    .addOption(
      new Option(
        '--max-memory <bytes>',
        'memory the command may use, like 8G (default: RAM or heap limit)',
      ).argParser(byteSize),
    );
  addBackendOption(command);
  addCacheOption(command);
  return command;
}
