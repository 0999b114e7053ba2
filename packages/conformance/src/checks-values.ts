// Conformance checks on values: the seed's Exercise 2 and Exercise 3, the kernels one by one,
// and random networks against the float64 reference, under both cache policies.

import {
  type Backend,
  type CachePolicy,
  computeGradients,
  hinge,
  type LossSpec,
  type ModelSpec,
  mse,
  Network,
  readRows,
  readVector,
  seededRandom,
  uploadRows,
} from '@deltaml/core';
import { exercise2Rows } from './exercise2-rows.js';
import { expectClose, expectMatrix, fail } from './expect.js';
import { randomCase } from './random-cases.js';
import {
  type Mat,
  matmul,
  referenceForward,
  referenceGradients,
  referenceLoss,
  transpose,
} from './reference.js';
import { FINITE_DIFFERENCES, FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

function exercise2Check(cache: CachePolicy): ConformanceCheck {
  return {
    name: `exercise 2 values (cache ${cache})`,
    run(backend) {
      const bad = exercise2Rows(backend, cache).filter((row) => !row.ok);
      if (bad.length > 0) {
        const list = bad
          .slice(0, 3)
          .map((r) => `${r.value}${r.index}: got ${r.got}, seed ${r.seed}, exact ${r.exact}`);
        fail(`${bad.length} values differ: ${list.join('; ')}`);
      }
    },
  };
}

/** A rows × cols matrix of uniform values in [-1, 1). */
function randomMatrix(random: () => number, rows: number, cols: number): Mat {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => 2 * random() - 1));
}

/** Runs `use` on uploaded matrices and frees them afterwards. */
function withUploaded<T>(
  backend: Backend,
  mats: Mat[],
  use: (...m: ReturnType<typeof uploadRows>[]) => T,
): T {
  const uploaded = mats.map((m, i) => uploadRows(backend, m, `operand ${i}`));
  try {
    return use(...uploaded);
  } finally {
    for (const m of uploaded) backend.dispose(m);
  }
}

const matmulCheck: ConformanceCheck = {
  name: 'kernel: matmul A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ',
  run(backend) {
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
          withUploaded(backend, [a, b], (am, bm) => {
            const C = backend.matmul(am, bm, { transA, transB });
            try {
              expectMatrix(
                backend,
                C,
                want,
                FLOAT32,
                `${M}×${K}·${K}×${N} transA=${transA} transB=${transB}`,
              );
            } finally {
              backend.dispose(C);
            }
          });
        }
      }
    }
  },
};

const ACTIVATION_CASES = [
  { kind: 'identity' },
  { kind: 'relu' },
  { kind: 'sigmoid' },
  { kind: 'tanh' },
  { kind: 'leaky_relu', alpha: 0.2 },
] as const;

const elementwiseCheck: ConformanceCheck = {
  name: "kernel: dense, f(S), dZ ⊙ f'(S), row sums, SGD update",
  run(backend) {
    const random = seededRandom(23);
    for (const f of ACTIVATION_CASES) {
      const [W, Z, b, dZ] = [
        randomMatrix(random, 6, 5),
        randomMatrix(random, 5, 7),
        randomMatrix(random, 6, 1),
        randomMatrix(random, 6, 7),
      ];
      const model: ModelSpec = {
        inputSize: 5,
        layers: [{ activation: f, weights: W, bias: b.map((r) => r[0]) }],
      };
      const r = referenceForward(model, Z);
      withUploaded(backend, [W, Z, b, dZ], (Wm, Zm, bm, dZm) => {
        const out = backend.dense(Wm, Zm, bm, f);
        const again = backend.activate(out.S, f);
        const delta = backend.activateBackward(out.S, dZm, f);
        const sums = backend.rowSum(delta);
        try {
          expectMatrix(backend, out.S, r.S[1], FLOAT32, `${f.kind}: S = W·Z + b`);
          expectMatrix(backend, out.Z, r.Z[1], FLOAT32, `${f.kind}: Z = f(S) in dense`);
          expectMatrix(backend, again, r.Z[1], FLOAT32, `${f.kind}: Z = f(S)`);
          const want = dZ.map((row, i) => row.map((g, n) => g * derivative(f, r.S[1][i][n])));
          expectMatrix(backend, delta, want, FLOAT32, `${f.kind}: dZ ⊙ f'(S)`);
          expectClose(
            readVector(backend, sums),
            want.map((row) => row.reduce((x, y) => x + y, 0)),
            FLOAT32,
            'rowSum',
          );
          backend.sgdUpdate(Wm, Wm, 0.25); // W ← W − 0.25·W
          expectMatrix(
            backend,
            Wm,
            W.map((row) => row.map((w) => 0.75 * w)),
            FLOAT32,
            'sgdUpdate',
          );
        } finally {
          for (const m of [out.S, out.Z, again, delta, sums]) backend.dispose(m);
        }
      });
    }
  },
};

/** f'(s), by central differences of the reference's f: an independent check of the kernels' f'. */
function derivative(f: (typeof ACTIVATION_CASES)[number], s: number): number {
  if (f.kind === 'relu' || f.kind === 'leaky_relu') return s > 0 ? 1 : f.kind === 'relu' ? 0 : f.alpha;
  if (f.kind === 'identity') return 1;
  const h = 1e-6;
  const fn = f.kind === 'sigmoid' ? (x: number) => 1 / (1 + Math.exp(-x)) : Math.tanh;
  return (fn(s + h) - fn(s - h)) / (2 * h);
}

/** Logits and labels whose hinge terms are all at least `gap` away from their kink. */
function hingeProblem(seed: number, margin: number, gap: number): { Z: Mat; labels: Mat } {
  const random = seededRandom(seed);
  for (;;) {
    const d = 2 + Math.floor(random() * 9);
    const N = 1 + Math.floor(random() * 16);
    const Z = randomMatrix(random, d, N).map((row) => row.map((v) => 2 * v));
    const labels = [Array.from({ length: N }, () => Math.floor(random() * d))];
    const { loss } = referenceLoss(hinge(margin), Z, labels);
    const clear = labels[0].every((y, n) => {
      const column = Z.map((row) => row[n]);
      const e = column.map((v) => Math.exp(v - Math.max(...column)));
      const total = e.reduce((a, b) => a + b, 0);
      return e.every((v, l) => l === y || Math.abs(v / total - e[y] / total + margin) > gap);
    });
    if (clear && loss > 0) return { Z, labels };
  }
}

function lossOnBackend(backend: Backend, loss: LossSpec, Z: Mat, T: Mat): { loss: number; dZ: Mat } {
  return withUploaded(backend, [Z, T], (Zm, Tm) => {
    const r = loss.kind === 'mse' ? backend.mse(Zm, Tm) : backend.hinge(Zm, Tm, loss.margin);
    try {
      return { loss: r.loss, dZ: readRows(backend, r.dZ) };
    } finally {
      backend.dispose(r.dZ);
    }
  });
}

const lossesCheck: ConformanceCheck = {
  name: 'losses: MSE and softmax hinge (Exercise 3) against the float64 reference',
  run(backend) {
    for (let seed = 1; seed <= 6; seed++) {
      const margin = 0.05 * seed;
      const { Z, labels } = hingeProblem(seed, margin, 1e-3);
      const want = referenceLoss(hinge(margin), Z, labels);
      const got = lossOnBackend(backend, hinge(margin), Z, labels);
      expectClose([got.loss], [want.loss], FLOAT32, `hinge loss (seed ${seed})`);
      expectClose(got.dZ, want.dZ, FLOAT32, `hinge ∂L/∂Z (seed ${seed})`);
      const Y = randomMatrix(seededRandom(seed), Z.length, Z[0].length);
      const mseWant = referenceLoss(mse(), Z, Y);
      const mseGot = lossOnBackend(backend, mse(), Z, Y);
      expectClose([mseGot.loss], [mseWant.loss], FLOAT32, `mse loss (seed ${seed})`);
      expectClose(mseGot.dZ, mseWant.dZ, FLOAT32, `mse ∂L/∂Z (seed ${seed})`);
    }
  },
};

const hingeFiniteDifferencesCheck: ConformanceCheck = {
  name: 'losses: hinge gradient against central finite differences',
  run(backend) {
    const h = 1e-6;
    for (let seed = 7; seed <= 10; seed++) {
      const margin = 0.2;
      const { Z, labels } = hingeProblem(seed, margin, 1e-3);
      const got = lossOnBackend(backend, hinge(margin), Z, labels);
      const numeric = Z.map((row, j) =>
        row.map((_, n) => {
          const at = (delta: number) =>
            referenceLoss(
              hinge(margin),
              Z.map((r, jj) => r.map((v, nn) => (jj === j && nn === n ? v + delta : v))),
              labels,
            ).loss;
          return (at(h) - at(-h)) / (2 * h);
        }),
      );
      expectClose(got.dZ, numeric, FINITE_DIFFERENCES, `hinge ∂L/∂Z vs finite differences (seed ${seed})`);
    }
  },
};

/** Loss and gradients of a model on a backend, read back as plain numbers. */
export function gradientsOnBackend(
  backend: Backend,
  model: ModelSpec,
  X: Mat,
  T: Mat,
  loss: LossSpec,
  cache: CachePolicy,
) {
  using network = Network.fromModel(backend, model);
  return withUploaded(backend, [X, T], (Xm, Tm) => {
    using g = computeGradients(network, Xm, Tm, { loss, cache });
    return {
      loss: g.loss,
      gradW: g.layers.map((layer) => readRows(backend, layer.W)),
      gradb: g.layers.map((layer) => (layer.b ? readVector(backend, layer.b) : null)),
    };
  });
}

/** How many random networks each cache policy is checked on. */
export const RANDOM_CASES = 24;

function randomNetworksCheck(cache: CachePolicy): ConformanceCheck {
  return {
    name: `random networks against the float64 reference (cache ${cache})`,
    run(backend) {
      for (let seed = 0; seed < RANDOM_CASES; seed++) {
        const c = randomCase(seed);
        const want = referenceGradients(c.model, c.X, c.T, c.loss);
        const got = gradientsOnBackend(backend, c.model, c.X, c.T, c.loss, cache);
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

export const valueChecks: ConformanceCheck[] = [
  exercise2Check('all'),
  exercise2Check('preactivations'),
  matmulCheck,
  elementwiseCheck,
  lossesCheck,
  hingeFiniteDifferencesCheck,
  randomNetworksCheck('all'),
  randomNetworksCheck('preactivations'),
];
