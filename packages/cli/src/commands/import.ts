// `deltaml import`: a deltaml model file from an ONNX file or a TensorFlow.js layers model's
// model.json (its weight files read from beside it), told apart by content: JSON starts with `{`.
// @deltaml/interop does the reading; a graph or layer it cannot represent exits 2 in one line and
// the output is left as it was.

import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileError, showPath } from '@deltaml/data/node';
import { fromOnnx, fromTfjs, tfjsWeightFiles } from '@deltaml/interop';
import { Command } from 'commander';
import { writeModelFile } from '../files.js';
import { checkTextFileSize } from '../memory-budget.js';
import { prepareOutput } from '../output-file.js';

interface ImportFlags {
  readonly from: string;
  readonly out: string;
}

/** The bytes of a file the import reads, size-checked before it is read. */
async function readBytes(path: string, kind: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isFile()) checkTextFileSize(info.size, showPath(path), kind);
    return await readFile(path);
  } catch (error) {
    throw fileError(path, 'read', error);
  }
}

/** Whether the first byte after any white space (or a byte-order mark) is `{`. */
function looksLikeJSON(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('{');
}

/** `deltaml import`: a model file from an ONNX file or a TensorFlow.js model.json. */
export function importCommand(): Command {
  return new Command('import')
    .description(
      'write a deltaml model file from an ONNX file (torch.onnx.export, tf2onnx, skl2onnx MLPs) or a TensorFlow.js model.json',
    )
    .requiredOption('--from <file>', 'the .onnx file, or a layers model’s model.json (weights beside it)')
    .requiredOption('--out <file>', 'where to write the model file (written atomically)')
    .addHelpText(
      'after',
      `
Example:
  deltaml import --from mlp.onnx --out model.json
  deltaml import --from web-model/model.json --out model.json`,
    )
    .action(async (flags: ImportFlags) => {
      const output = await prepareOutput(flags.out, { inputs: [flags.from] });
      const bytes = await readBytes(flags.from, 'model');
      const source = showPath(flags.from);
      let spec: ReturnType<typeof fromOnnx>;
      let kind: string;
      if (looksLikeJSON(bytes)) {
        const text = new TextDecoder().decode(bytes);
        const files = new Map<string, Uint8Array>();
        for (const name of tfjsWeightFiles(text, source))
          files.set(name, await readBytes(join(dirname(flags.from), name), 'weight file'));
        spec = fromTfjs(text, files, source);
        kind = 'TensorFlow.js';
      } else {
        spec = fromOnnx(bytes, source);
        kind = 'ONNX';
      }
      await writeModelFile(output, spec);
      const sizes = [spec.inputSize, ...spec.layers.map((l) => l.weights.length)].join('-');
      const classes = spec.classes ? `, classes ${spec.classes.join(', ')}` : '';
      process.stdout.write(
        `wrote ${flags.out}: a ${sizes} network from ${kind}, ${spec.output} output${classes}\n`,
      );
    });
}
