// `deltaml export`: a model file as ONNX (one file) or as a TensorFlow.js layers model (a
// directory of model.json and its weights), made by @deltaml/interop, written under the output
// rules: checked before any work, atomic, nothing written on a refusal.

import { createRequire } from 'node:module';
import { ONNX_OPSET, outputKindOf, toOnnx, toTfjs, WEIGHTS_FILE } from '@deltaml/interop';
import { Command, Option } from 'commander';
import { readModelFile } from '../files.js';
import { prepareDirectory } from '../output-directory.js';
import { prepareOutput } from '../output-file.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

interface ExportFlags {
  readonly model: string;
  readonly format: 'onnx' | 'tfjs';
  readonly out: string;
}

/** The model's shape for the closing line: `4-8-3, softmax`. */
function shape(sizes: readonly number[], output: string): string {
  return `a ${sizes.join('-')} network, ${output} output`;
}

/** `deltaml export`: the model file as ONNX or as a TensorFlow.js layers model. */
export function exportCommand(): Command {
  return new Command('export')
    .description('write a model as ONNX (one file) or as a TensorFlow.js layers model (a directory)')
    .requiredOption('--model <file>', 'the model file to export')
    .addOption(
      new Option('--format <format>', 'onnx: one .onnx file; tfjs: DIR/model.json and its weights')
        .choices(['onnx', 'tfjs'])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--out <path>',
      'the .onnx file, or for tfjs the directory (new, empty, or a previous export)',
    )
    .addHelpText(
      'after',
      `
Example:
  deltaml export --model trained.json --format onnx --out model.onnx
  deltaml export --model trained.json --format tfjs --out web-model`,
    )
    .action(async (flags: ExportFlags) => {
      const producer = `deltaml ${version}`;
      if (flags.format === 'onnx') {
        const output = await prepareOutput(flags.out, { inputs: [flags.model] });
        const spec = await readModelFile(flags.model);
        await output.write(toOnnx(spec, version));
        const sizes = [spec.inputSize, ...spec.layers.map((l) => l.weights.length)];
        process.stdout.write(
          `wrote ${flags.out}: ONNX opset ${ONNX_OPSET}, ${shape(sizes, outputKindOf(spec))}\n`,
        );
        return;
      }
      const output = await prepareDirectory(flags.out, {
        replaces: ['model.json', WEIGHTS_FILE],
        inputs: [flags.model],
      });
      const spec = await readModelFile(flags.model);
      const { modelJSON, weights } = toTfjs(spec, producer);
      await output.write(new Map<string, string | Uint8Array>([['model.json', modelJSON], ...weights]));
      const sizes = [spec.inputSize, ...spec.layers.map((l) => l.weights.length)];
      process.stdout.write(
        `wrote ${flags.out}/model.json and ${[...weights.keys()].join(', ')}: ${shape(sizes, outputKindOf(spec))}\n`,
      );
    });
}
