// Conformance checks on the losses of core's registry: each against its float64 reference and
// its reference against central finite differences, on problems away from the hinge's kinks;
// cross-entropy stays finite for logits of ±1e4; bad targets are refused the same way everywhere.

import {
  type Backend,
  InputError,
  LOSS_KINDS,
  LOSSES,
  type LossKind,
  type LossSpec,
  lossAndGradientAsync,
  makeLoss,
  seededRandom,
} from '@deltaml/core';
import { randomMatrix, readAndDispose, withUploaded } from './backend-io.js';
import { expectClose, expectRejects, expectTrue } from './expect.js';
import { type Mat, referenceLoss, softmax } from './reference.js';
import { FINITE_DIFFERENCES, FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

/** The specs each loss is checked with (the hinge with both reductions and several margins). */
function specsOf(kind: LossKind, seed: number): LossSpec[] {
  if (kind === 'hinge') {
    return [makeLoss(kind, { margin: 0.05 * seed }), makeLoss(kind, { margin: 0.3, reduction: 'mean' })];
  }
  return [makeLoss(kind)];
}

/** Whether every hinge term of Z is at least `gap` away from its kink (finite differences need that). */
function clearOfKinks(Z: Mat, labels: number[], margin: number, gap: number): boolean {
  return labels.every((y, n) => {
    const p = softmax(Z.map((row) => row[n]));
    return p.every((v, l) => l === y || Math.abs(v - p[y] + margin) > gap);
  });
}

/** A problem for `spec`: logits Z (d × N) and targets T as the loss reads them. */
function problem(spec: LossSpec, seed: number): { Z: Mat; T: Mat } {
  const random = seededRandom(seed);
  const targets = LOSSES[spec.kind].targets;
  for (;;) {
    const d =
      targets === 'binary'
        ? 1
        : targets === 'classes'
          ? 2 + Math.floor(random() * 9)
          : 1 + Math.floor(random() * 6);
    const N = 1 + Math.floor(random() * 16);
    const Z = randomMatrix(random, d, N).map((row) => row.map((v) => 2 * v));
    const T =
      targets === 'values'
        ? randomMatrix(random, d, N)
        : [Array.from({ length: N }, () => Math.floor(random() * (targets === 'classes' ? d : 2)))];
    if (
      spec.kind !== 'hinge' ||
      (clearOfKinks(Z, T[0], spec.margin, 1e-3) && referenceLoss(spec, Z, T).loss > 0)
    ) {
      return { Z, T };
    }
  }
}

async function lossOnBackend(
  backend: Backend,
  loss: LossSpec,
  Z: Mat,
  T: Mat,
): Promise<{ loss: number; dZ: Mat }> {
  return withUploaded(backend, [Z, T], async (Zm, Tm) => {
    const r = await lossAndGradientAsync(backend, loss, Zm, Tm);
    const dZ = await readAndDispose(backend, r.dZ);
    return { loss: await r.loss, dZ };
  });
}

const referenceCheck: ConformanceCheck = {
  name: `losses (${LOSS_KINDS.join(', ')}) against the float64 reference`,
  async run(backend) {
    for (const kind of LOSS_KINDS) {
      for (let seed = 1; seed <= 4; seed++) {
        for (const spec of specsOf(kind, seed)) {
          const { Z, T } = problem(spec, seed);
          const want = referenceLoss(spec, Z, T);
          const got = await lossOnBackend(backend, spec, Z, T);
          const where = `${JSON.stringify(spec)} (seed ${seed})`;
          expectClose([got.loss], [want.loss], FLOAT32, `${where}: loss`);
          expectClose(got.dZ, want.dZ, FLOAT32, `${where}: ∂L/∂Z`);
        }
      }
    }
  },
};

const finiteDifferencesCheck: ConformanceCheck = {
  name: 'losses: every gradient against central finite differences of its reference',
  async run(backend) {
    const h = 1e-6;
    for (const kind of LOSS_KINDS) {
      for (const spec of specsOf(kind, 4)) {
        const { Z, T } = problem(spec, 40 + LOSS_KINDS.indexOf(kind));
        const got = await lossOnBackend(backend, spec, Z, T);
        const numeric = Z.map((row, j) =>
          row.map((_, n) => {
            const at = (delta: number) =>
              referenceLoss(
                spec,
                Z.map((r, jj) => r.map((v, nn) => (jj === j && nn === n ? v + delta : v))),
                T,
              ).loss;
            return (at(h) - at(-h)) / (2 * h);
          }),
        );
        expectClose(got.dZ, numeric, FINITE_DIFFERENCES, `${kind}: ∂L/∂Z vs finite differences`);
      }
    }
  },
};

const stabilityCheck: ConformanceCheck = {
  name: 'losses: cross-entropy and binary cross-entropy stay finite for logits of ±1e4',
  async run(backend) {
    const ce = await lossOnBackend(
      backend,
      makeLoss('cross-entropy'),
      [
        [1e4, -1e4],
        [-1e4, 1e4],
        [0, 0],
      ],
      [[1, 0]],
    );
    expectClose([ce.loss], [2e4], FLOAT32, 'cross-entropy of confidently wrong logits');
    expectTrue(ce.dZ.flat().every(Number.isFinite), 'cross-entropy ∂L/∂Z is finite');
    const bce = await lossOnBackend(backend, makeLoss('binary-cross-entropy'), [[1e4, -1e4]], [[0, 1]]);
    expectClose([bce.loss], [1e4], FLOAT32, 'binary cross-entropy of confidently wrong logits');
    expectClose(bce.dZ, [[0.5, -0.5]], FLOAT32, 'binary cross-entropy ∂L/∂Z');
  },
};

const badTargetsCheck: ConformanceCheck = {
  name: 'losses: bad labels and targets are refused with the same error on every backend',
  async run(backend) {
    const Z = [
      [0.1, 0.2],
      [0.3, -0.1],
      [0.0, 0.5],
    ];
    for (const kind of ['hinge', 'cross-entropy'] as const) {
      for (const label of [3, 5, 0.5, -1]) {
        await expectRejects(
          () => lossOnBackend(backend, makeLoss(kind), Z, [[0, label]]),
          InputError,
          /labels\[0\]\[1\]: label .* is out of range/,
          `${kind} with label ${label}`,
        );
      }
      await expectRejects(
        () => lossOnBackend(backend, makeLoss(kind), Z, [[0, Number.NaN]]),
        InputError,
        /\[0\]\[1\] is NaN/,
        `${kind} with label NaN`,
      );
    }
    await expectRejects(
      () => lossOnBackend(backend, makeLoss('binary-cross-entropy'), [[0.1, 0.2]], [[0, 2]]),
      InputError,
      /target 2 must be 0 or 1/,
      'binary cross-entropy with target 2',
    );
  },
};

/** The checks on losses. */
export const lossChecks: ConformanceCheck[] = [
  referenceCheck,
  finiteDifferencesCheck,
  stabilityCheck,
  badTargetsCheck,
];
