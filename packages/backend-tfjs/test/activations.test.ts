// Every activation of core's table as tfjs ops, on the cpu and wasm engines and on the node
// engine where its binding loads (its ReLU derivative takes another path), against core's
// float64 definitions: Z = f(S), and δ = dZ ⊙ f'(X) with X = S or Z as the table's
// `derivativeFrom` says (sigmoid and tanh from Z, the others from S).

import { FLOAT32, firstMismatch } from '@deltaml/conformance';
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  activateScalar,
  derivativeScalar,
  makeActivation,
} from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsEngine } from '../src/index.js';

const nodeLoads = await createTfjsBackend({ engine: 'node' }).then(
  () => true,
  () => false,
);
const engines: TfjsEngine[] = nodeLoads ? ['cpu', 'wasm', 'node'] : ['cpu', 'wasm'];

/** pre-activations: 0 (ReLU's kink, f'(0) = 0), both signs, and ±30 where softplus overflows naively */
const S = [-30, -14, -3, -1, -0.25, 0, 0.25, 1, 3, 14, 30, 0.5];
const dZ = S.map((_, i) => 1 - 0.15 * i);

for (const engine of engines) {
  describe(`tfjs-${engine} activations`, () => {
    for (const kind of ACTIVATION_KINDS) {
      it(`${kind}: f and dZ ⊙ f' match core's float64 definition`, async () => {
        const backend = await createTfjsBackend({ engine });
        const f = makeActivation(kind, 0.1);
        const Sm = backend.upload(S, 3, 4);
        const dZm = backend.upload(dZ, 3, 4);
        const Z = backend.activate(Sm, f);
        const X = ACTIVATIONS[kind].derivativeFrom === 'S' ? Sm : Z;
        const delta = backend.activateBackward(X, dZm, f);
        const S32 = Array.from(Float32Array.from(S));
        expect(
          firstMismatch(
            backend.read(Z),
            S32.map((s) => activateScalar(f, s)),
            FLOAT32,
            'Z',
          ),
        ).toBeNull();
        expect(
          firstMismatch(
            backend.read(delta),
            S32.map((s, i) => dZ[i] * derivativeScalar(f, s)),
            FLOAT32,
            'δ',
          ),
        ).toBeNull();
        for (const m of [Sm, dZm, Z, delta]) backend.dispose(m);
      });
    }
  });
}
