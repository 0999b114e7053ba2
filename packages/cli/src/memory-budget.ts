// Sizes checked before any work: a network, its batches and its data are estimated in bytes and
// refused with one line naming the size and the limit when they cannot fit, instead of a V8
// out-of-memory crash (a native stack, exit 134) after a minute, or "Invalid string length" with
// no file name when the model text outgrows the longest string the engine makes.
// The limit is the machine's RAM and V8's heap limit, or --max-memory where a user knows better.

import { constants as bufferConstants } from 'node:buffer';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError } from '@deltaml/core';
import { InvalidArgumentError } from 'commander';

/** The longest string V8 makes; a model file or a checkpoint is read and written as one string. */
export const MAX_MODEL_TEXT = bufferConstants.MAX_STRING_LENGTH;

/** Characters a weight takes in a model file: up to 24 for the number, 2 for ", " (serializeModel). */
const TEXT_BYTES_PER_PARAMETER = 24;
/** A number in a JavaScript array of numbers (a packed double array). */
const HOST_BYTES_PER_NUMBER = 8;
/** Copies of the parameters on the backend while training: W, ∂L/∂W and up to two optimizer moments. */
const DEVICE_COPIES = 4;
/** Matrices per layer and example during a step: Z, S and delta. */
const ACTIVATION_COPIES = 3;
/** A data file's values are read into arrays that double as they grow, so up to twice the final size. */
const DATASET_GROWTH = 2;
/** What a command is about to hold in memory. */
export interface MemoryNeed {
  /** d_0, d_1, …, d_L */
  readonly sizes: readonly number[];
  /** examples per step (0 when nothing is trained or evaluated) */
  readonly batchSize: number;
  /** examples of the data file held in memory (0 when it is streamed or absent) */
  readonly examples: number;
  /** bytes per number on the backend: 8 for float64, 4 for float32 */
  readonly dtypeBytes: number;
  /** --max-memory in bytes, when given */
  readonly maxMemory?: number;
  /** what the message starts with: the file or command the sizes come from */
  readonly what: string;
}

/** Weights and biases of a network with layer sizes d_0 … d_L (biases counted as if present). */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  return count;
}

/** Bytes the network, a batch and the data take, estimated from above. */
export function estimateBytes({ sizes, batchSize, examples, dtypeBytes }: MemoryNeed): number {
  const parameters = parameterCount(sizes);
  const units = sizes.reduce((sum, d) => sum + d, 0);
  const exampleWidth = sizes[0] + (sizes.at(-1) ?? 0);
  return (
    parameters * (HOST_BYTES_PER_NUMBER + DEVICE_COPIES * dtypeBytes) +
    batchSize * units * ACTIVATION_COPIES * dtypeBytes +
    examples * exampleWidth * HOST_BYTES_PER_NUMBER * DATASET_GROWTH
  );
}

/** The bytes a command may use, and where that figure comes from. */
export function memoryLimit(maxMemory?: number): { bytes: number; source: string } {
  if (maxMemory !== undefined) return { bytes: maxMemory, source: '--max-memory' };
  const heap = getHeapStatistics().heap_size_limit;
  const ram = totalmem();
  return ram < heap
    ? { bytes: ram, source: "this machine's memory" }
    : { bytes: heap, source: "the JavaScript heap's limit (--max-memory overrides it)" };
}

/** `1536`, `1.5 KB`, `12.3 GB`: bytes in powers of 1024 with one decimal. */
export function showBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

const showSizes = (sizes: readonly number[]) => sizes.join('-');

/** Throws an InputError (exit 2) when the model file of a network with `sizes` cannot be one string. */
export function checkModelText(sizes: readonly number[], what: string): void {
  const text = parameterCount(sizes) * TEXT_BYTES_PER_PARAMETER;
  if (text > MAX_MODEL_TEXT) {
    throw new InputError(
      `${what}: a ${showSizes(sizes)} network's model file would be about ${showBytes(text)}, more than the ${showBytes(MAX_MODEL_TEXT)} a model file can hold`,
    );
  }
}

/**
 * Throws an InputError (exit 2), one line naming the size and the limit, when a network of
 * `sizes` with its batches and data cannot fit, or its model file could not be written.
 */
export function checkMemoryBudget(need: MemoryNeed): void {
  checkModelText(need.sizes, need.what);
  const bytes = estimateBytes(need);
  const limit = memoryLimit(need.maxMemory);
  if (bytes > limit.bytes) {
    throw new InputError(
      `${need.what}: a ${showSizes(need.sizes)} network needs about ${showBytes(bytes)}, more than the ${showBytes(limit.bytes)} of ${limit.source}`,
    );
  }
}

/** Parsing a JSON file holds the bytes, the string and the parsed numbers: per byte of file, at most
 *  1 (bytes) + 2 (a two-byte string) + 4 (a number per two characters, 8 bytes each). */
const PARSE_BYTES_PER_BYTE = 7;

/**
 * Throws an InputError when a file of `bytes` (a `kind`: model file, checkpoint) cannot be read as
 * one string, or parsed within the memory limit.
 */
export function checkTextFileSize(bytes: number, path: string, kind: string, maxMemory?: number): void {
  if (bytes > MAX_MODEL_TEXT) {
    throw new InputError(
      `${path}: ${showBytes(bytes)} is more than the ${showBytes(MAX_MODEL_TEXT)} a ${kind} can hold`,
    );
  }
  const limit = memoryLimit(maxMemory);
  const need = bytes * PARSE_BYTES_PER_BYTE;
  if (need > limit.bytes) {
    throw new InputError(
      `${path}: reading this ${showBytes(bytes)} ${kind} needs about ${showBytes(need)}, more than the ${showBytes(limit.bytes)} of ${limit.source}`,
    );
  }
}

const BYTE_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Parses --max-memory: whole bytes, or a number with K, M, G or T (powers of 1024; `8G`, `1.5T`, `512MB`). */
export function byteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  const bytes = match ? Number(match[1]) * (BYTE_UNITS[match[2].toUpperCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(Math.floor(bytes)) || bytes < 1) {
    throw new InvalidArgumentError('expected a size in bytes like 1000000, 512M or 8G.');
  }
  return Math.floor(bytes);
}
