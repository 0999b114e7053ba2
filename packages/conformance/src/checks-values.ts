// Conformance checks on values: the worked example's Exercise 2, the kernels one by one, and
// random networks against the float64 reference, under both cache policies.

import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  type CachePolicy,
  type ModelSpec,
  makeActivation,
  seededRandom,
} from '@deltaml/core';
import { gradientsOnBackend, randomMatrix, readAndDispose, withUploaded } from './backend-io.js';
import { exercise2Rows } from './exercise2-rows.js';
import { expectClose, expectMatrix, fail } from './expect.js';
import { randomCase } from './random-cases.js';
import { matmul, referenceForward, referenceGradients, transpose } from './reference.js';
import { EXACT, FINITE_DIFFERENCES, FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

function exercise2Check(cache: CachePolicy): ConformanceCheck {
  return {
    name: `exercise 2 values (cache ${cache})`,
    async run(backend) {
      const bad = (await exercise2Rows(backend, cache)).filter((row) => !row.ok);
      if (bad.length > 0) {
        const list = bad
          .slice(0, 3)
          .map((r) => `${r.value}${r.index}: got ${r.got}, seed ${r.seed}, exact ${r.exact}`);
        fail(`${bad.length} values differ: ${list.join('; ')}`);
      }
    },
  };
}

const matmulCheck: ConformanceCheck = {
  name: 'kernel: matmul A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ',
  async run(backend) {
    const random = seededRandom(11);
    for (const [M, N, K] of [
      [1, 1, 1],
      [5, 7, 3],
      [33, 17, 65],
      [4, 8, 16],
      [2, 1, 9],
    ]) {
      const A = randomMatrix(random, M, K);
      const B = randomMatrix(random, K, N);
      const want = matmul(A, B);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = transA ? transpose(A) : A;
          const b = transB ? transpose(B) : B;
          await withUploaded(backend, [a, b], async (am, bm) => {
            const C = backend.matmul(am, bm, { transA, transB });
            if (backend.reads === 'sync') {
              expectClose(
                Array.from(backend.view(C)),
                Array.from(backend.read(C)),
                EXACT,
                'view() and read() of C',
              );
            }
            expectClose(
              await readAndDispose(backend, C),
              want,
              FLOAT32,
              `${M}×${K}·${K}×${N} transA=${transA} transB=${transB}`,
            );
          });
        }
      }
    }
  },
};

/** f'(s) by central differences of the float64 f (h = 1e-6): an independent check of the kernels' f'. */
function numericDerivative(f: ReturnType<typeof makeActivation>, s: number): number {
  const def = ACTIVATIONS[f.kind];
  const alpha = 'alpha' in f ? f.alpha : 0;
  if (f.kind === 'relu' || f.kind === 'leaky_relu') return s > 0 ? 1 : alpha; // the kink: f'(0) = 0 by convention
  const h = 1e-6;
  return (def.f(s + h, alpha) - def.f(s - h, alpha)) / (2 * h);
}

const elementwiseCheck: ConformanceCheck = {
  name: `kernel: dense, f(S), dZ ⊙ f' for every activation (${ACTIVATION_KINDS.join(', ')}), row sums`,
  async run(backend) {
    const random = seededRandom(23);
    for (const kind of ACTIVATION_KINDS) {
      const f = makeActivation(kind, 0.2);
      const [W, Z, b, dZ] = [
        randomMatrix(random, 6, 5).map((row) => row.map((v) => 3 * v)),
        randomMatrix(random, 5, 7),
        randomMatrix(random, 6, 1),
        randomMatrix(random, 6, 7),
      ];
      const model: ModelSpec = {
        inputSize: 5,
        layers: [{ activation: f, weights: W, bias: b.map((r) => r[0]) }],
      };
      const r = referenceForward(model, Z);
      await withUploaded(backend, [W, Z, b, dZ], async (Wm, Zm, bm, dZm) => {
        const out = backend.dense(Wm, Zm, bm, f);
        try {
          await expectMatrix(backend, out.S, r.S[1], FLOAT32, `${kind}: S = W·Z + b`);
          await expectMatrix(backend, out.Z, r.Z[1], FLOAT32, `${kind}: Z = f(S) in dense`);
          expectClose(
            await readAndDispose(backend, backend.activate(out.S, f)),
            r.Z[1],
            FLOAT32,
            `${kind}: Z = f(S)`,
          );
          const X = ACTIVATIONS[kind].derivativeFrom === 'S' ? out.S : out.Z;
          const delta = backend.activateBackward(X, dZm, f);
          const want = dZ.map((row, i) => row.map((g, n) => g * numericDerivative(f, r.S[1][i][n])));
          const sums = backend.rowSum(delta);
          expectClose(await readAndDispose(backend, delta), want, FINITE_DIFFERENCES, `${kind}: dZ ⊙ f'`);
          expectClose(
            await readAndDispose(backend, sums),
            want.map((row) => [row.reduce((x, y) => x + y, 0)]),
            FINITE_DIFFERENCES,
            `${kind}: rowSum`,
          );
        } finally {
          backend.dispose(out.S);
          backend.dispose(out.Z);
        }
      });
    }
  },
};

const updatesCheck: ConformanceCheck = {
  name: 'kernel: the optimizers’ in-place updates (scaleAdd, scaleAddSquare, addQuotient)',
  async run(backend) {
    const random = seededRandom(29);
    const [Y, X, V] = [randomMatrix(random, 5, 9), randomMatrix(random, 5, 9), randomMatrix(random, 5, 9)];
    const Vpos = V.map((row) => row.map((v) => v * v + 0.01));
    await withUploaded(backend, [Y, X, Vpos], async (y, x, v) => {
      backend.scaleAdd(y, x, 0.9, -0.3);
      let want = Y.map((row, i) => row.map((w, j) => 0.9 * w - 0.3 * X[i][j]));
      await expectMatrix(backend, y, want, FLOAT32, 'scaleAdd: y ← 0.9y − 0.3x');
      backend.scaleAddSquare(y, x, 0.5, 2);
      want = want.map((row, i) => row.map((w, j) => 0.5 * w + 2 * X[i][j] * X[i][j]));
      await expectMatrix(backend, y, want, FLOAT32, 'scaleAddSquare: y ← 0.5y + 2x²');
      backend.addQuotient(y, x, v, -0.1, 4, 1e-3);
      want = want.map((row, i) =>
        row.map((w, j) => w - (0.1 * X[i][j]) / (Math.sqrt(4 * Vpos[i][j]) + 1e-3)),
      );
      await expectMatrix(backend, y, want, FLOAT32, 'addQuotient: y ← y − 0.1x/(√(4v) + 1e-3)');
      backend.scaleAdd(y, y, 0.5, 0);
      await expectMatrix(
        backend,
        y,
        want.map((row) => row.map((w) => 0.5 * w)),
        FLOAT32,
        'scaleAdd with y as x',
      );
    });
  },
};

/** How many random networks each cache policy is checked on. */
export const RANDOM_CASES = 24;

function randomNetworksCheck(cache: CachePolicy): ConformanceCheck {
  return {
    name: `random networks, every loss and activation, against the float64 reference (cache ${cache})`,
    async run(backend) {
      for (let seed = 0; seed < RANDOM_CASES; seed++) {
        const c = randomCase(seed);
        const want = referenceGradients(c.model, c.X, c.T, c.loss);
        const got = await gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, cache);
        const where = `case ${seed} (${c.label})`;
        expectClose([got.loss], [want.loss], FLOAT32, `${where}: loss`);
        got.gradW.forEach((g, l) => expectClose(g, want.gradW[l], FLOAT32, `${where}: ∂L/∂W_${l + 1}`));
        got.gradb.forEach((g, l) => {
          const w = want.gradb[l];
          if ((g === null) !== (w === null)) fail(`${where}: layer ${l + 1} bias gradient presence differs`);
          if (g && w) expectClose(g, w, FLOAT32, `${where}: ∂L/∂b_${l + 1}`);
        });
      }
    },
  };
}

/** The checks on values: Exercise 2, the kernels and random networks. */
export const valueChecks: ConformanceCheck[] = [
  exercise2Check('all'),
  exercise2Check('preactivations'),
  matmulCheck,
  elementwiseCheck,
  updatesCheck,
  randomNetworksCheck('all'),
  randomNetworksCheck('preactivations'),
];
