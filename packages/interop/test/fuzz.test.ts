// Fuzzing the two readers in process, as the CLI's readers are fuzzed: valid ONNX files (the
// converters' fixtures and this package's exports) with bytes flipped, cut, inserted, or replaced
// by noise, and valid model.json files with values replaced, removed or cut, weights cut or grown.
// Each case is a model that core's model-file check accepts, or one ModelFileError (the CLI's
// exit 2) — never another error, never a hang.

import { readdirSync, readFileSync } from 'node:fs';
import { ModelFileError, type ModelSpec, parseModel, serializeModel } from '@deltaml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromOnnx, fromTfjs, tfjsWeightFiles, toOnnx, toTfjs } from '../src/index.js';
import { model } from './helpers/models.js';

/** The seed of every case here; a failure prints it with the path to replay. */
const SEED = 20261201;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TIMEOUT = 5 * 60_000;

const fixtures = new URL('./fixtures/', import.meta.url);
const onnxFiles = [
  ...readdirSync(fixtures)
    .filter((n) => n.endsWith('.onnx'))
    .map((n) => new Uint8Array(readFileSync(new URL(n, fixtures)))),
  toOnnx(model('gelu', 'softmax', true, true)),
  toOnnx(model('leaky_relu', 'sigmoid', false, true)),
];
const tfjsModels = [
  toTfjs(model('relu', 'softmax', true, true)),
  toTfjs(model('leaky_relu', 'sigmoid', false, false)),
];

/** A model that came out must be one a model file can hold: it serializes and parses back. */
function expectValid(spec: ModelSpec): void {
  expect(parseModel(serializeModel(spec))).toEqual(spec);
}

/** How the cases ended, so a campaign that only ever refuses (or only accepts) fails. */
const outcomes = { models: 0, refusals: 0 };

/** Runs `read`; a thrown error must be a ModelFileError with a message. */
function expectModelOrModelFileError(read: () => ModelSpec): void {
  let spec: ModelSpec;
  try {
    spec = read();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ModelFileError);
    expect((error as Error).message.length).toBeGreaterThan(0);
    outcomes.refusals++;
    return;
  }
  expectValid(spec);
  outcomes.models++;
}

/** Checks that a campaign met both outcomes, then starts the count again. */
function expectBothOutcomes(): void {
  console.log(`${outcomes.models} models, ${outcomes.refusals} refusals`);
  expect(outcomes.models).toBeGreaterThan(0);
  expect(outcomes.refusals).toBeGreaterThan(0);
  outcomes.models = 0;
  outcomes.refusals = 0;
}

const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

function mutateBytes(
  bytes: Uint8Array,
  mutations: { kind: 'flip' | 'cut' | 'insert'; at: number; value: number }[],
): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const { kind, at, value } of mutations) {
    const i = at % Math.max(1, out.length);
    if (kind === 'flip') out[i] = value;
    else if (kind === 'cut') out = out.subarray(0, i);
    else out = Uint8Array.from([...out.subarray(0, i), value, ...out.subarray(i)]);
  }
  return out;
}

describe('fuzz: the ONNX reader', () => {
  it(
    `${RUNS} mutated ONNX files`,
    () => {
      fc.assert(
        fc.property(
          fc.nat(onnxFiles.length - 1),
          fc.array(byteMutation, { minLength: 1, maxLength: 6 }),
          (k, mutations) =>
            expectModelOrModelFileError(() => fromOnnx(mutateBytes(onnxFiles[k], mutations), 'fuzz.onnx')),
        ),
        { seed: SEED, numRuns: RUNS },
      );
      expectBothOutcomes();
    },
    TIMEOUT,
  );
  it(
    `${RUNS / 4} files of noise`,
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
          expectModelOrModelFileError(() => fromOnnx(bytes, 'noise.onnx')),
        ),
        { seed: SEED, numRuns: RUNS / 4 },
      );
      expect(outcomes.models).toBe(0); // noise is never a model
      outcomes.refusals = 0;
    },
    TIMEOUT,
  );
});

/** A JSON value to put somewhere in model.json. */
const jsonValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    2 ** 31,
    '',
    'relu',
    'softmax',
    'gelu',
    'Dense',
    'Conv2D',
    [],
    {},
    [null, 3],
    ['..', 'x'],
  ),
  fc.double(),
  fc.string({ maxLength: 8 }),
);

/** Replaces or removes the value at a path picked by `picks` in a copy of `json`. */
function mutateJSON(json: unknown, picks: number[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(json);
  let node = copy as Record<string, unknown>;
  for (const [depth, pick] of picks.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[pick % keys.length];
    const child = node[key];
    const last = depth === picks.length - 1 || typeof child !== 'object' || child === null;
    if (last) {
      if (remove) delete node[key];
      else node[key] = value;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe('fuzz: the TensorFlow.js reader', () => {
  it(
    `${RUNS} mutated model.json files and weights`,
    () => {
      fc.assert(
        fc.property(
          fc.nat(tfjsModels.length - 1),
          fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
          jsonValue,
          fc.boolean(),
          fc.oneof(fc.constant(undefined), fc.nat()),
          fc.integer({ min: -8, max: 8 }),
          (k, picks, value, remove, cutText, weightDelta) => {
            const { modelJSON, weights } = tfjsModels[k];
            let text = JSON.stringify(mutateJSON(JSON.parse(modelJSON), picks, value, remove));
            if (cutText !== undefined) text = text.slice(0, cutText % (text.length + 1));
            const files = new Map(
              [...weights].map(([name, bytes]) => {
                const grown = new Uint8Array(Math.max(0, bytes.length + weightDelta));
                grown.set(bytes.subarray(0, grown.length));
                return [name, grown];
              }),
            );
            expectModelOrModelFileError(() => {
              tfjsWeightFiles(text, 'fuzz/model.json');
              return fromTfjs(text, files, 'fuzz/model.json');
            });
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      expectBothOutcomes();
    },
    TIMEOUT,
  );
});
