// `deltaml train`: mini-batch SGD on a data file with core's training loop, writing the trained
// model to --out atomically. Ctrl-C stops after the current step and leaves --out as it was.

import { checkLearningRate, serializeModel, train } from '@deltaml/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InterruptedError } from '../failure.js';
import { checkOutputPath, writeFileAtomic } from '../files.js';
import {
  addBackendOption,
  addCacheOption,
  addFileOptions,
  addLossOptions,
  type CacheOptions,
  finiteNumber,
  type ProblemOptions,
  positiveWholeNumber,
  wholeNumber,
} from '../options.js';
import { openProblem } from '../problem.js';
import { trainingProgress } from '../progress.js';

interface TrainFlags extends ProblemOptions, CacheOptions {
  readonly out: string;
  readonly lr: number;
  readonly epochs: number;
  readonly batchSize: number | 'full';
  readonly shuffle: boolean;
  readonly seed: number;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function batchSize(text: string): number | 'full' {
  if (text === 'full') return 'full';
  try {
    return positiveWholeNumber(text);
  } catch {
    throw new InvalidArgumentError('expected a whole number ≥ 1 or "full".');
  }
}

/** Runs `work` with Ctrl-C turned into an abort; a second Ctrl-C ends the process at once. */
async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export function trainCommand(): Command {
  const command = new Command('train').description(
    'train a model by stochastic gradient descent and write the trained model to --out',
  );
  addFileOptions(command);
  command.requiredOption('--out <file>', 'where to write the trained model (written atomically)');
  addLossOptions(command);
  command
    .addOption(new Option('--lr <r>', 'learning rate').argParser(finiteNumber).default(0.1))
    .addOption(new Option('--epochs <e>', 'passes over the data').argParser(positiveWholeNumber).default(10))
    .addOption(
      new Option('--batch-size <n>', 'examples per step, or "full" for the whole file')
        .argParser(batchSize)
        .default(32),
    )
    .option('--no-shuffle', 'keep the file order instead of reshuffling every epoch')
    .addOption(new Option('--seed <s>', 'seed of the shuffles').argParser(wholeNumber).default(0));
  addBackendOption(command);
  addCacheOption(command);
  return command
    .addHelpText(
      'after',
      `
With --epochs 1 --batch-size full --no-shuffle it does exactly one step W ← W − r·∂L/∂W on the whole file.

Example:
  deltaml train --model model.json --data train.csv --out trained.json --lr 0.05 --epochs 20`,
    )
    .action(async (flags: TrainFlags) => {
      checkLearningRate(flags.lr);
      await checkOutputPath(flags.out);
      using problem = await openProblem(flags);
      const { network, data, loss } = problem;
      const progress = trainingProgress(flags.epochs);
      const result = await withInterrupt(async (signal) => {
        try {
          return await train(network, data, {
            loss,
            lr: flags.lr,
            epochs: flags.epochs,
            batchSize: flags.batchSize,
            shuffle: flags.shuffle,
            seed: flags.seed,
            cache: flags.cache,
            onStep: progress.onStep,
            onEpoch: progress.onEpoch,
            signal,
          });
        } finally {
          progress.stop();
        }
      });
      if (result.stopped) {
        throw new InterruptedError(
          `interrupted by Ctrl-C in epoch ${result.epochs} after ${count(result.steps, 'step')}; ${flags.out} was left as it was`,
        );
      }
      await writeFileAtomic(flags.out, serializeModel(network.toModel()));
      process.stdout.write(
        `wrote ${flags.out}: ${count(result.epochs, 'epoch')}, ${count(result.steps, 'step')}, last epoch's mean loss ${result.loss}\n`,
      );
    });
}
