// Fuzzing the readers in process (issue #11): the CSV reader and the model reader get valid files,
// mutations of them, random bytes, huge numbers and odd encodings. Each either returns data that
// holds its invariants or fails with an error the command line reports as exit 2 and one line,
// with no control character from the file in it. Never another kind of error.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel, serializeModel, type TargetKind } from '@deltaml/core';
import { readDataset, streamExamples } from '@deltaml/data/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorLine, exitCodeFor } from '../../src/failure.js';
import { readModelFile } from '../../src/files.js';
import { scratchDir } from '../helpers/cli.js';
import { csvText, decimalText, fileBytes, modelFileText, READER_RUNS, runs } from './generators.js';

/** Characters a message must never carry raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Minutes a reader campaign may take before vitest gives up on it. */
const TIMEOUT = 5 * 60_000;

/** The failure as the command line would report it: exit 2, one line, no raw control character. */
function expectCleanFailure(error: unknown, path: string): void {
  const line = errorLine(error);
  expect(exitCodeFor(error), line).toBe(2);
  expect(line).not.toMatch(RAW_CONTROL);
  expect(line.startsWith(`error: ${path}`), line).toBe(true);
}

describe('fuzz: the CSV reader', () => {
  const dir = scratchDir();
  const path = join(dir, 'data.csv');
  const options = fc.record({
    targets: fc.constantFrom<TargetKind>('values', 'classes', 'binary'),
    outputSize: fc.integer({ min: 1, max: 3 }),
    float32: fc.boolean(),
    classes: fc.option(fc.constant(['setosa', 'versicolor', 'virginica']), { nil: undefined }),
  });

  it(
    `readDataset: ${READER_RUNS} files`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fileBytes(csvText),
          options,
          async (bytes, { targets, outputSize, float32, classes }) => {
            writeFileSync(path, bytes);
            const known = classes?.slice(0, targets === 'binary' ? 2 : outputSize);
            let read: Awaited<ReturnType<typeof readDataset>>;
            try {
              read = await readDataset(path, { targets, outputSize, float32, classes: known });
            } catch (error) {
              expectCleanFailure(error, path);
              return;
            }
            const { dataset } = read;
            expect(dataset.count).toBeGreaterThan(0);
            expect(dataset.inputs.length).toBe(dataset.count * dataset.inputSize);
            expect(dataset.targets.length).toBe(dataset.count * dataset.targetSize);
            const limit = float32 ? FLOAT32_MAX : Number.MAX_VALUE;
            for (const v of [...dataset.inputs, ...dataset.targets])
              expect(Math.abs(v)).toBeLessThanOrEqual(limit);
            const classCount = targets === 'binary' ? 2 : outputSize;
            if (targets !== 'values') {
              expect(dataset.targetSize).toBe(1);
              for (const t of dataset.targets)
                expect(Number.isInteger(t) && t >= 0 && t < classCount).toBe(true);
            }
            if (read.classes) {
              expect(new Set(read.classes).size).toBe(read.classes.length);
              expect(read.classes.length).toBeLessThanOrEqual(classCount);
            }
          },
        ),
        runs(READER_RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    `streamExamples: ${Math.round(READER_RUNS / 2)} files`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fileBytes(csvText),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 1, max: 4 }),
          async (bytes, inputSize, batchSize) => {
            writeFileSync(path, bytes);
            let examples = 0;
            try {
              for await (const batch of streamExamples(path, { inputSize, batchSize })) {
                expect(batch.count).toBeGreaterThan(0);
                expect(batch.count).toBeLessThanOrEqual(batchSize);
                expect(batch.inputs.length).toBe(batch.count * inputSize);
                for (const v of batch.inputs) expect(Number.isFinite(v)).toBe(true);
                examples += batch.count;
              }
            } catch (error) {
              expectCleanFailure(error, path);
              return;
            }
            expect(examples).toBeGreaterThan(0);
          },
        ),
        runs(Math.round(READER_RUNS / 2)),
      );
    },
    TIMEOUT,
  );
});

describe('fuzz: the fast path equals the full parser (issue #21)', () => {
  const dir = scratchDir();
  const fast = join(dir, 'fast.csv');
  const full = join(dir, 'full.csv');
  const options = fc.record({
    targets: fc.constantFrom<TargetKind>('values', 'classes', 'binary'),
    outputSize: fc.integer({ min: 1, max: 3 }),
    float32: fc.boolean(),
  });

  it(
    `readDataset: ${READER_RUNS} files read by both, the same numbers, classes or message`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fileBytes(csvText), options, async (bytes, { targets, outputSize, float32 }) => {
          writeFileSync(fast, bytes);
          const read = (fullParser: boolean) =>
            readDataset(fast, { targets, outputSize, float32, limits: { fullParser } }).then(
              ({ dataset, classes }) => ({
                ...dataset,
                inputs: [...dataset.inputs],
                targets: [...dataset.targets],
                classes,
              }),
              (error: unknown) => errorLine(error),
            );
          const [byFast, byFull] = [await read(false), await read(true)];
          if (typeof byFast !== 'string' || typeof byFull !== 'string') {
            expect(byFast).toStrictEqual(byFull);
            return;
          }
          // both refuse. csv-parse finds a syntax error anywhere in the block it parses before the
          // rows before it are read, so it may name a later line than the fast path, which reads in order
          const lineOf = (message: string) => Number(/: line (\d+)/.exec(message)?.[1] ?? Number.NaN);
          if (lineOf(byFast) === lineOf(byFull) || Number.isNaN(lineOf(byFull))) expect(byFast).toBe(byFull);
          else expect(lineOf(byFast)).toBeLessThan(lineOf(byFull));
        }),
        runs(READER_RUNS),
      );
    },
    TIMEOUT,
  );

  /** Each cell's number, or the refusal's message with the file name taken out. */
  async function outcome(path: string, float32: boolean): Promise<number[] | string> {
    try {
      const { dataset } = await readDataset(path, { targets: 'values', outputSize: 1, float32 });
      return [...dataset.inputs, ...dataset.targets];
    } catch (error) {
      expectCleanFailure(error, path);
      return errorLine(error).replace(path, 'data.csv');
    }
  }

  it(
    `readDataset: ${READER_RUNS} files of numbers, bit for bit`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(decimalText, decimalText), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          fc.boolean(),
          async (rows, float32, crlf) => {
            const end = crlf ? '\r\n' : '\n';
            const body = rows.map(([x, y]) => `${x},${y}${end}`).join('');
            writeFileSync(fast, `x1,y1${end}${body}`); // a plain header: the fast path reads the file
            writeFileSync(full, `"x1",y1${end}${body}`); // a quoted header: csv-parse reads all of it
            const [byFast, byFull] = [await outcome(fast, float32), await outcome(full, float32)];
            expect(byFast).toEqual(byFull);
            if (typeof byFast === 'string') return;
            // and both are exactly what Number makes of the text (then float32's rounding)
            const cells = rows.flatMap(([x, y]) => [x, y]);
            const want = [...cells.filter((_, i) => i % 2 === 0), ...cells.filter((_, i) => i % 2 === 1)].map(
              (text) => (float32 ? Math.fround(Number(text)) : Number(text)),
            );
            byFast.forEach((v, i) => expect(Object.is(v, want[i]), `${want[i]} from ${cells[i]}`).toBe(true));
          },
        ),
        runs(READER_RUNS),
      );
    },
    TIMEOUT,
  );
});

describe('fuzz: the model reader', () => {
  const dir = scratchDir();
  const path = join(dir, 'model.json');

  it(
    `readModelFile: ${READER_RUNS} files`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fileBytes(modelFileText), async (bytes) => {
          writeFileSync(path, bytes);
          let spec: Awaited<ReturnType<typeof readModelFile>>;
          try {
            spec = await readModelFile(path);
          } catch (error) {
            expectCleanFailure(error, path);
            return;
          }
          // what was read can be written back and reads as the same model
          expect(parseModel(serializeModel(spec), 'again')).toEqual(spec);
        }),
        runs(READER_RUNS),
      );
    },
    TIMEOUT,
  );
});
