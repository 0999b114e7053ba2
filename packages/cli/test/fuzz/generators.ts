// What the fuzz tests feed the readers and the commands (issue #11): valid files and mutations of
// them, random bytes, huge numbers, odd encodings, and flag lists mixing good and bad values.
// Seeded and sized from the environment: FUZZ_SEED (default 11) and FUZZ_RUNS (cases per reader;
// CI's default keeps the whole fuzz suite under two minutes, `pnpm fuzz` runs a longer campaign).

import { initModel, type ModelSpec, serializeModel } from '@deltaml/core';
import fc from 'fast-check';

/** The seed of every fuzz test: a failure prints it with the path to replay. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 11);

/** Cases per reader (at least 2 000 in CI); FUZZ_RUNS scales a longer campaign. */
export const READER_RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

/** Command-line cases run in process (through main()), and through the built bin (~0.2 s per case to start). */
export const FLAG_RUNS = Math.max(50, Math.round(READER_RUNS / 4));
export const BIN_RUNS = Math.max(20, Math.round(READER_RUNS / 20));

/** fast-check parameters with the seed and a run count. */
export const runs = (numRuns: number) => ({ seed: FUZZ_SEED, numRuns, endOnFailure: true });

/** Text pieces that have broken readers before, or could. */
export const HOSTILE_TOKENS = [
  '"',
  '""',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  '\uFEFF',
  '\u001b[31m',
  '\u001b[2J',
  '\u009b',
  '\u2028',
  '\uFFFD',
  '\uD800',
  'é',
  '0x10',
  '0b1',
  '0o7',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e39',
  '-3.5e38',
  '1e308',
  '1e309',
  '-0',
  '1 2',
  ' ',
  '\t',
  '9'.repeat(400),
  '4294967296',
  '9007199254740993',
  '.5',
  '5.',
  '+1',
  'label',
  'x1',
  'y1',
  '__proto__',
  'constructor',
  '{',
  '}',
  '[',
  ']',
  ':',
  'null',
  'true',
];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** One edit of a text: where (a fraction of its length), what is removed, what is inserted. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 8 }),
  insert: fc.oneof(fc.constant(''), token),
});

/** `text` with 1–4 random edits. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([base, edits]) =>
    edits.reduce((s, e) => {
      const i = Math.floor(e.at * s.length);
      return s.slice(0, i) + e.insert + s.slice(i + e.remove);
    }, base),
  );
}

/** The same text as bytes in an encoding a user's tool might have used. */
export function encoded(text: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(text, fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'latin1')).map(([t, how]) => {
    switch (how) {
      case 'utf8':
        return Buffer.from(t, 'utf8');
      case 'utf8-bom':
        return Buffer.from(`\uFEFF${t}`, 'utf8');
      case 'utf16le-bom':
        return Buffer.from(`\uFEFF${t}`, 'utf16le');
      case 'latin1':
        return Buffer.from(t, 'latin1');
    }
  });
}

/** Any file contents: valid text, mutated text, in various encodings, or random bytes. */
export function fileBytes(valid: fc.Arbitrary<string>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((t) => Buffer.from(t)) },
    { weight: 6, arbitrary: mutated(valid).map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: encoded(fc.oneof(valid, mutated(valid))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
}

const cellNumber = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map((v) => String(Number(v.toPrecision(4)))),
  },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', '2', '1e38', '3.4e38', '1e300', '-1e-300', '5e-324') },
);

/** The shape of a data file: its inputs, its kind of targets and how many. */
interface CsvShape {
  readonly inputs: number;
  readonly targets: 'y' | 'label-index' | 'label-name';
  readonly outputs: number;
}

/** A data file of `shape`: x… inputs, then y… targets or a label column (index or name), maybe an ignored column. */
function csvOf(shape: fc.Arbitrary<CsvShape>): fc.Arbitrary<string> {
  return fc
    .record({
      shape,
      ignored: fc.boolean(),
      rows: fc.integer({ min: 0, max: 5 }),
      seed: fc.array(cellNumber, { minLength: 40, maxLength: 40 }),
      names: fc.array(fc.constantFrom('setosa', 'versicolor', 'virginica', '"quoted, name"', 'é'), {
        minLength: 40,
        maxLength: 40,
      }),
    })
    .map(({ shape: { inputs, targets, outputs }, ignored, rows, seed, names }) => {
      const header = [...Array.from({ length: inputs }, (_, i) => `x${i + 1}`)];
      if (targets === 'y') header.push(...Array.from({ length: outputs }, (_, i) => `y${i + 1}`));
      else header.push('label');
      if (ignored) header.splice(1, 0, 'note');
      const lines = [header.join(',')];
      let k = 0;
      for (let r = 0; r < rows; r++) {
        const cells = header.map((name) => {
          k = (k + 1) % seed.length;
          if (name === 'note') return names[k];
          if (name === 'label') return targets === 'label-name' ? names[k % outputs] : String(k % outputs);
          return seed[k];
        });
        lines.push(cells.join(','));
      }
      return `${lines.join('\n')}\n`;
    });
}

/** A valid-looking data file of any shape. */
export const csvText: fc.Arbitrary<string> = csvOf(
  fc.record({
    inputs: fc.integer({ min: 1, max: 3 }),
    targets: fc.constantFrom('y', 'label-index', 'label-name'),
    outputs: fc.integer({ min: 1, max: 3 }),
  }),
);

/** A data file that fits `spec`: as many inputs, and targets for its outputs. */
export function csvFor(spec: ModelSpec): fc.Arbitrary<string> {
  const outputs = spec.layers.at(-1)?.weights.length ?? 1;
  return csvOf(
    fc.record({
      inputs: fc.constant(spec.inputSize),
      targets: fc.constantFrom('y', 'label-index', 'label-name'),
      outputs: fc.constant(outputs),
    }),
  );
}

const ACTIVATION_NAMES = ['identity', 'relu', 'sigmoid', 'tanh', 'leaky_relu', 'gelu', 'softplus'] as const;

/** A valid model, as its spec. */
export const modelSpec: fc.Arbitrary<ModelSpec> = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
    activations: fc.array(fc.constantFrom(...ACTIVATION_NAMES), { minLength: 3, maxLength: 3 }),
    bias: fc.boolean(),
    seed: fc.nat(),
  })
  .map(({ sizes, activations, bias, seed }) =>
    initModel({
      sizes,
      activations: sizes.slice(1).map((_, l) => {
        const kind = activations[l];
        return kind === 'leaky_relu' ? { kind, alpha: 0.01 } : { kind };
      }),
      bias,
      seed,
    }),
  );

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that stress a model file's checks. */
export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    1e308,
    -1e308,
    5e-324,
    -0,
    4294967296,
    1.5,
    -1,
    0,
    '',
    'relu',
    'swish',
    '\u001b[31m',
    [],
    {},
    [[]],
  ),
);

/** Replaces, deletes or adds one value somewhere in a JSON tree (copied). */
export function mutateJson(value: Json, path: readonly number[], replacement: Json, how: number): Json {
  if (path.length === 0 || value === null || typeof value !== 'object')
    return how % 3 === 2 ? value : replacement;
  const copy: Json = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const rest = path.slice(1);
  if (rest.length === 0 && how % 3 === 1) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
    return copy;
  }
  if (rest.length === 0 && how % 3 === 2 && !Array.isArray(copy)) {
    copy[['extra', '__proto__', 'format', 'classes', 'inputTransform', 'alpha'][path[0] % 6]] = replacement;
    return copy;
  }
  (copy as Record<string, Json>)[key] = mutateJson(
    (value as Record<string, Json>)[key],
    rest,
    replacement,
    how,
  );
  return copy;
}

/** A valid model file's text. */
export const modelText: fc.Arbitrary<string> = modelSpec.map(serializeModel);

/** Model file texts: valid, with one JSON value replaced/deleted/added, or with huge numbers spliced in. */
export const modelFileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: modelText },
  {
    weight: 4,
    arbitrary: fc
      .tuple(modelText, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), hostileJson, fc.nat())
      .map(([text, path, replacement, how]) =>
        JSON.stringify(mutateJson(JSON.parse(text), path, replacement, how)),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(modelText, fc.constantFrom('1e999', '-1e999', 'NaN', '1e39', '0x10', '"1"', '1.0e+2'))
      .map(([text, huge]) => text.replace(/-?\d\.\d+/, huge)),
  },
);

const digitRun = (maxLength: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { maxLength }).map((d) => d.join(''));

/**
 * Numbers as text for the reader's fast path (issue #21): signs, leading zeros, `.5` and `5.`,
 * many digits, exponents of either case and sign, `-0`, and the doubles JavaScript prints
 * (subnormals, the largest, huge and tiny), with now and then a text that is not a number.
 */
export const decimalText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        sign: fc.constantFrom('', '', '-', '+'),
        whole: digitRun(22),
        dot: fc.boolean(),
        fraction: digitRun(22),
        e: fc.constantFrom('', '', 'e', 'E'),
        eSign: fc.constantFrom('', '-', '+'),
        power: fc.oneof(digitRun(3), fc.constantFrom('22', '23', '308', '309', '324', '325', '0400')),
      })
      .map(
        ({ sign, whole, dot, fraction, e, eSign, power }) =>
          `${sign}${whole}${dot ? '.' : ''}${dot ? fraction : ''}${e && `${e}${eSign}${power}`}`,
      ),
  },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 21 }))
      .map(([v, p]) => v.toPrecision(p)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }).map((p) => (0.1 + 0.2).toExponential(p)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('-0', '0', '.5', '5.', '-.5', '+5.', '0000.0000', '1e', '1e+', 'e5', '.'),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TOKENS).filter((t) => !/[",\r\n]/.test(t)) },
);
