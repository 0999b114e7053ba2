// `deltaml init`: a new model file with seeded, deterministic weights (core's initModel). The
// output and the sizes are checked before any weight is drawn: a network too large for memory or
// for a model file fails at once with one line, not after a minute with a V8 crash.

import {
  ACTIVATION_KINDS,
  type Activation,
  type InitScheme,
  initModel,
  isActivationKind,
  makeActivation,
} from '@deltaml/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeModelFile } from '../files.js';
import { byteSize, checkMemoryBudget } from '../memory-budget.js';
import { positiveWholeNumber, seed } from '../options.js';
import { prepareOutput } from '../output-file.js';

interface InitFlags {
  readonly layers: number[];
  readonly activations: Activation[];
  readonly bias: boolean;
  readonly seed: number;
  readonly init?: InitScheme;
  readonly out: string;
  readonly maxMemory?: number;
}

function sizes(text: string): number[] {
  return text.split(',').map((size) => {
    try {
      return positiveWholeNumber(size);
    } catch {
      throw new InvalidArgumentError(`"${size}" is not a layer size; expected whole numbers ≥ 1 like 2,3,1.`);
    }
  });
}

function activations(text: string): Activation[] {
  return text.split(',').map((name): Activation => {
    if (!isActivationKind(name)) {
      throw new InvalidArgumentError(
        `"${name}" is not an activation; expected ${ACTIVATION_KINDS.join(', ')}.`,
      );
    }
    return makeActivation(name);
  });
}

export function initCommand(): Command {
  return new Command('init')
    .description(
      'write a new model file with seeded weights (He-uniform before ReLU, Glorot-uniform otherwise)',
    )
    .addOption(
      new Option('--layers <sizes>', 'd_0,d_1,…,d_L: the input size, then each layer’s size')
        .argParser(sizes)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--activations <names>', `f_1,…,f_L, one per layer: ${ACTIVATION_KINDS.join(', ')}`)
        .argParser(activations)
        .makeOptionMandatory(),
    )
    .option('--bias', 'give every layer a bias b_l (starting at 0)', false)
    .addOption(new Option('--seed <s>', 'seed of the weights').argParser(seed).default(0))
    .addOption(
      new Option(
        '--init <scheme>',
        'one initialisation for every layer: he (√(6/d_in)) or glorot (√(6/(d_in+d_out)), scikit-learn’s and Keras’s); default: each activation’s own',
      ).choices(['he', 'glorot']),
    )
    .requiredOption('--out <file>', 'where to write the model file (written atomically)')
    .addOption(
      new Option(
        '--max-memory <bytes>',
        'memory the command may use, like 8G (default: RAM or heap limit)',
      ).argParser(byteSize),
    )
    .addHelpText(
      'after',
      `
Example:
  deltaml init --layers 2,3,1 --activations relu,identity --seed 1 --out model.json`,
    )
    .action(async (flags: InitFlags) => {
      const output = await prepareOutput(flags.out);
      checkMemoryBudget({
        sizes: flags.layers,
        batchSize: 0,
        examples: 0,
        dtypeBytes: 0, // the weights stay on the host: nothing is uploaded to a backend
        maxMemory: flags.maxMemory,
        what: output.path,
      });
      const spec = initModel({
        sizes: flags.layers,
        activations: flags.activations,
        bias: flags.bias,
        seed: flags.seed,
        scheme: flags.init,
      });
      await writeModelFile(output, spec);
      const shape = flags.layers.join('-');
      process.stdout.write(
        `wrote ${flags.out}: a ${shape} network, seed ${flags.seed}${flags.bias ? ', with biases' : ''}\n`,
      );
    });
}
