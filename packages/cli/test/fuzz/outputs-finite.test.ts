// Fuzzing predict and eval with hostile numbers (issue 20): models whose weights, biases and
// leaky_relu alpha are huge, tiny or subnormal, and data cells near float32's limit. Whatever the
// case, a command either succeeds and prints only finite numbers, or exits 2 with one line — never
// a NaN, an Infinity or a `null` in its output, never a stack trace.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelSpec, serializeModel } from '@deltaml/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInProcess } from './commands.js';
import { modelSpec, READER_RUNS, runs } from './generators.js';

/** Scales that push a layer's numbers to float32's edges: overflow, underflow to subnormal, or nothing. */
const SCALE = fc.constantFrom(1, 1, 1e10, 1e20, 1e37, 3e38, 1e-30, 1e-40, 1e-45);
/** Data cells: ordinary, huge, near float32's largest, subnormal, negative zero. */
const CELL = fc.constantFrom('0.5', '-2', '1e10', '1e30', '3e38', '-3.3e38', '1e-45', '1e-40', '-0', '7');

const CASES = Math.max(40, Math.round(READER_RUNS / 10));

/** A model with each layer's numbers scaled, and maybe a leaky_relu alpha of 1e39. */
const hostileModel: fc.Arbitrary<ModelSpec> = fc
  .tuple(modelSpec, fc.array(SCALE, { minLength: 3, maxLength: 3 }), fc.boolean())
  .map(([spec, scales, hugeAlpha]) => ({
    ...spec,
    layers: spec.layers.map((layer, l) => ({
      ...layer,
      activation:
        hugeAlpha && layer.activation.kind === 'leaky_relu'
          ? { kind: 'leaky_relu', alpha: 1e39 }
          : layer.activation,
      weights: layer.weights.map((row) => row.map((w) => w * scales[l])),
      ...(layer.bias && { bias: layer.bias.map((b, i) => (i === 0 ? scales[l] : b)) }),
    })),
  }));

/** A CSV with the model's x columns and y targets, `rows` rows of hostile cells. */
function dataFor(spec: ModelSpec): fc.Arbitrary<string> {
  const outputs = spec.layers.at(-1)?.weights.length ?? 1;
  const header = [
    ...Array.from({ length: spec.inputSize }, (_, i) => `x${i + 1}`),
    ...Array.from({ length: outputs }, (_, j) => `y${j + 1}`),
  ];
  const row = fc.array(CELL, { minLength: header.length, maxLength: header.length });
  return fc
    .array(row, { minLength: 1, maxLength: 5 })
    .map((rows) => `${header.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
}

/** Every number a command printed, from predict's CSV or eval's JSON. */
function printedNumbers(command: string, stdout: string): string[] {
  if (command === 'predict') {
    return stdout
      .trim()
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(','));
  }
  return JSON.stringify(JSON.parse(stdout)).match(/-?[\w.+-]+(?=[,\]}])/g) ?? [];
}

describe('fuzz: predict and eval print no non-finite number', () => {
  afterEach(() => vi.restoreAllMocks());

  // wasm starts an engine per command: half the cases keep the suite's time
  for (const [backend, cases] of [
    ['cpu', CASES],
    ['wasm', CASES / 2],
  ] as const) {
    it(`${cases} hostile models and data files on ${backend}`, async () => {
      let succeeded = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(
          hostileModel.chain((spec) => fc.tuple(fc.constant(spec), dataFor(spec))),
          fc.constantFrom('predict', 'eval'),
          async ([spec, csv], command) => {
            const dir = mkdtempSync(join(tmpdir(), 'deltaml-finite-'));
            try {
              let text: string;
              try {
                text = serializeModel(spec);
              } catch {
                return; // a scale that made a weight infinite: no model file can hold it
              }
              writeFileSync(join(dir, 'model.json'), text);
              writeFileSync(join(dir, 'data.csv'), csv);
              const args = [command, '--model', join(dir, 'model.json'), '--data', join(dir, 'data.csv')];
              const run = await runInProcess([...args, '--backend', backend]);
              const shown = `${command} on ${text} with\n${csv}`;
              expect([0, 2], `${shown}\nexit ${run.status}: ${run.stderr}`).toContain(run.status);
              if (run.status === 2) {
                refused++;
                expect(run.stderr, shown).toMatch(/^error: [^\n]*\n$/);
                return;
              }
              succeeded++;
              for (const cell of printedNumbers(command, run.stdout)) {
                if (/^[a-z_]+$/i.test(cell) && !/^(NaN|Infinity|null)$/.test(cell)) continue; // a class name
                expect(Number.isFinite(Number(cell)), `${shown}\nprinted ${cell}:\n${run.stdout}`).toBe(true);
              }
            } finally {
              rmSync(dir, { recursive: true, force: true });
            }
          },
        ),
        runs(cases),
      );
      // the generators reach both outcomes: a test that only ever refused would prove nothing
      expect(succeeded, 'cases that printed numbers').toBeGreaterThan(0);
      expect(refused, 'cases that were refused').toBeGreaterThan(0);
    }, 300_000);
  }
});
