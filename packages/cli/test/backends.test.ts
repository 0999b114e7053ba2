// Every backend name of docs/contract.md through `grad --backend`: where the backend loads, the worked example's
// gradients come out; where it cannot load here (an engine missing on this machine, a package not
// built), the command exits 2 with the one line the contract asks for — the names and the reason.

import { join } from 'node:path';
import { exercise2Exact, FLOAT32, isClose } from '@deltaml/conformance';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES } from '../src/backends.js';
import { deltaml, EXAMPLES, scratchDir } from './helpers/cli.js';

const CONTRACT_NAMES = ['auto', 'cpu', 'wasm', 'tfjs', 'tfjs-node', 'tfjs-wasm', 'tfjs-cpu', 'webgpu'];
const exact = exercise2Exact();

describe('--backend', () => {
  it('knows exactly the names of docs/contract.md', () => {
    expect([...BACKEND_NAMES]).toEqual(CONTRACT_NAMES);
  });

  for (const name of CONTRACT_NAMES) {
    it(`${name}: the worked example's gradients, or exit 2 with the names and why it cannot load`, () => {
      const args = [
        'grad',
        '--model',
        join(EXAMPLES, 'exercise2.model.json'),
        '--data',
        join(EXAMPLES, 'exercise2.csv'),
      ];
      const run = deltaml([...args, '--backend', name], scratchDir());
      if (run.status === 0) {
        // stderr may carry notes (which engine `tfjs` runs, an engine's own banner), never an error
        expect(run.stderr).not.toMatch(/^error: /m);
        const { loss, gradients } = JSON.parse(run.stdout);
        expect(isClose(loss, exact.loss[0][0], FLOAT32)).toBe(true);
        const got = gradients.flatMap((g: { weights: number[][] }) => g.weights.flat());
        const want = [...exact.dW_1.flat(), ...exact.dW_2.flat()];
        got.forEach((v: number, i: number) =>
          expect(isClose(v, want[i], FLOAT32), `${v} vs ${want[i]}`).toBe(true),
        );
      } else {
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(
          new RegExp(
            `^error: backend "${name}" cannot load here: .+; the backends are ${CONTRACT_NAMES.join(', ')}\\n$`,
          ),
        );
        expect(run.status).toBe(2);
      }
    });
  }
});
