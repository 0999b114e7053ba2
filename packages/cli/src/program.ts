// The `deltaml` command line: every subcommand on one commander program, parsed so that bad
// usage never exits from inside commander but reaches main's one error path.

import { createRequire } from 'node:module';
import { Command } from 'commander';
import { BACKENDS, DEFAULT_BACKEND } from './backends.js';
import { benchCommand } from './bench/command.js';
import { conformanceCommand } from './commands/conformance.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { gradCommand } from './commands/grad.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { walkthroughCommand } from './commands/walkthrough.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** One line per backend name, with what it runs on. */
function backendList(): string {
  const width = Math.max(...BACKENDS.map((b) => b.name.length));
  return BACKENDS.map((b) => `  ${b.name.padEnd(width)}  ${b.summary}`).join('\n');
}

/** Commander throws instead of exiting and prints no error itself, on every (sub)command. */
function routeErrorsToMain(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => undefined });
  for (const sub of command.commands) routeErrorsToMain(sub);
}

/** The `deltaml` command and its subcommands, as a commander Command. */
export function createProgram(): Command {
  const program = new Command('deltaml')
    .description('Backpropagation for multilayer perceptrons on the numeric backend you pick.')
    .version(version)
    .addHelpText(
      'after',
      `
Backends (--backend, default ${DEFAULT_BACKEND}):
${backendList()}

Example:
  deltaml init --layers 2,3,1 --activations relu,identity --out model.json
  deltaml train --model model.json --data train.csv --out trained.json --epochs 20
  deltaml eval --model trained.json --data test.csv`,
    );
  program.addCommand(gradCommand());
  program.addCommand(trainCommand());
  program.addCommand(initCommand());
  program.addCommand(evalCommand());
  program.addCommand(predictCommand());
  program.addCommand(exportCommand());
  program.addCommand(importCommand());
  program.addCommand(conformanceCommand());
  program.addCommand(walkthroughCommand());
  program.addCommand(benchCommand());
  routeErrorsToMain(program); // after every addCommand: it reaches only the commands added so far
  return program;
}
