// The backend a command runs on without --backend (docs/contract.md): `auto`, which runs wasm
// where WebAssembly SIMD loads (it does in Node 20) and names on one stderr line the backend that
// ran, once the work is done — so a refusal stays one line. And `--backend webgpu` in Node: Dawn's
// adapter where a Vulkan driver gives one (Chromium's SwiftShader here), else one line saying why.

import { join } from 'node:path';
import { exercise2Exact, FLOAT32, isClose } from '@deltaml/conformance';
import { describe, expect, it } from 'vitest';
import { deltamlUnpinned, EXAMPLES, scratchDir } from './helpers/cli.js';

const GRAD = [
  'grad',
  '--model',
  join(EXAMPLES, 'exercise2.model.json'),
  '--data',
  join(EXAMPLES, 'exercise2.csv'),
];
const exact = exercise2Exact();
const SLOW = 120_000;

/** The worked example's loss and ∂L/∂W from grad's stdout, within float32's tolerance. */
function expectSeedGradients(stdout: string): void {
  const { loss, gradients } = JSON.parse(stdout);
  expect(isClose(loss, exact.loss[0][0], FLOAT32)).toBe(true);
  const got = gradients.flatMap((g: { weights: number[][] }) => g.weights.flat());
  const want = [...exact.dW_1.flat(), ...exact.dW_2.flat()];
  got.forEach((v: number, i: number) =>
    expect(isClose(v, want[i], FLOAT32), `${v} vs ${want[i]}`).toBe(true),
  );
}

describe('--backend auto, the default', () => {
  it(
    'runs wasm and names it on one stderr line after the output',
    () => {
      const run = deltamlUnpinned(GRAD, scratchDir());
      expect(run.stderr).toBe('note: ran on wasm (--backend auto)\n');
      expect(run.status).toBe(0);
      expectSeedGradients(run.stdout);
    },
    SLOW,
  );

  it(
    'a refusal under it is one line, without the note',
    () => {
      const run = deltamlUnpinned([...GRAD, '--loss', 'hinge', '--margin', 'x'], scratchDir());
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^error: [^\n]*\n$/);
    },
    SLOW,
  );
});

describe('--backend webgpu in Node', () => {
  it(
    "gives the worked example's gradients where Dawn finds an adapter, else exits 2 with one line saying why",
    () => {
      const run = deltamlUnpinned([...GRAD, '--backend', 'webgpu'], scratchDir());
      if (run.status === 0) {
        expectSeedGradients(run.stdout);
      } else {
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^error: backend "webgpu" cannot load here: webgpu: [^\n]+\n$/);
        expect(run.status).toBe(2);
      }
    },
    SLOW,
  );
});
