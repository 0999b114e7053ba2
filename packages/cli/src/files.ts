// Reading the user's files and writing model files, failures named by file (@deltaml/data's fileError).
// Every output follows the rules of output-file.ts (checked before any work, atomic, never a
// non-finite number, nothing left behind).

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { InputError, ModelFileError, type ModelSpec, parseModel, serializeModel } from '@deltaml/core';
import { escapeControl, fileError, showPath } from '@deltaml/data/node';
import { checkTextFileSize } from './memory-budget.js';
import { type PreparedOutput, prepareOutput } from './output-file.js';

/** How a whole-file read is limited. */
export interface ReadOptions {
  /** what the file is, for messages: `model file`, `checkpoint` */
  readonly kind?: string;
  /** --max-memory in bytes, when given */
  readonly maxMemory?: number;
}

/**
 * The bytes of a file read whole (a model file, a checkpoint). A file too large to read as one
 * string, or to parse within the memory limit, is refused before it is read, naming the file.
 */
async function readWhole(path: string, { kind = 'file', maxMemory }: ReadOptions): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${showPath(path)}: cannot read (is a directory)`);
    if (info.isFile()) checkTextFileSize(info.size, showPath(path), kind, maxMemory);
    bytes = await readFile(path);
  } catch (error) {
    throw fileError(path, 'read', error);
  }
  checkTextFileSize(bytes.length, showPath(path), kind, maxMemory); // a FIFO or device has no size up front
  return bytes;
}

/** The whole of a text file (UTF-8; a byte-order mark kept for the parser to skip), size-checked first. */
export async function readText(path: string, options: ReadOptions = {}): Promise<string> {
  return (await readWhole(path, options)).toString('utf8');
}

/**
 * Reads and checks a model file; errors name the file and the field (core's ModelFileError). Its
 * size is checked before it is read, and a binary file is refused without echoing its bytes.
 */
export async function readModelFile(path: string, options: ReadOptions = {}): Promise<ModelSpec> {
  return (await readModelFileWithDigest(path, options)).spec;
}

/**
 * readModelFile, plus the SHA-256 of the bytes it parsed: the file is read once, so a pipe
 * (`--model <(…)`) works and the digest is of exactly what was trained.
 */
export async function readModelFileWithDigest(
  path: string,
  { maxMemory }: ReadOptions = {},
): Promise<{ spec: ModelSpec; digest: string }> {
  const bytes = await readWhole(path, { kind: 'model file', maxMemory });
  if (bytes.includes(0)) throw new ModelFileError(`${showPath(path)}: not valid JSON (a binary file)`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  try {
    return { spec: parseModel(bytes.toString('utf8'), showPath(path)), digest };
  } catch (error) {
    if (error instanceof ModelFileError) throw new ModelFileError(escapeControl(error.message));
    throw error;
  }
}

/**
 * Writes a model file through the output rules: refuses a spec with a NaN or ±Infinity (naming
 * the file and the weight, leaving the file as it was) or one too large for one string.
 */
export async function writeModelFile(output: PreparedOutput | string, spec: ModelSpec): Promise<void> {
  const prepared = typeof output === 'string' ? await prepareOutput(output) : output;
  let text: string;
  try {
    text = serializeModel(spec);
  } catch (error) {
    const where = showPath(prepared.path);
    if (error instanceof ModelFileError) {
      throw new ModelFileError(`${where}: not written, left as it was: ${error.message}`);
    }
    if (error instanceof RangeError) {
      throw new InputError(`${where}: not written, left as it was: the model is too large for one file`);
    }
    throw error;
  }
  await prepared.write(text);
}
