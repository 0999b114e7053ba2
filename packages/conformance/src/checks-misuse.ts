// Conformance checks on misuse: every bad call raises the same typed error, naming what and
// where, on every backend — by construction, since core's checked facade stands in front of
// each one — and nothing is left allocated or half-done afterwards.

import {
  type Backend,
  DisposedError,
  datasetFromRows,
  forward,
  InputError,
  initModel,
  type Matrix,
  makeLoss,
  mse,
  Network,
  ShapeError,
  train,
  uploadChecked,
  uploadRows,
} from '@deltaml/core';
import { readAndDispose } from './backend-io.js';
import { exercise2 } from './exercise2.js';
import { expectClose, expectRejects, expectTrue } from './expect.js';
import { EXACT } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

const shapesCheck: ConformanceCheck = {
  name: 'misuse: wrong shapes, short uploads and foreign matrices are refused',
  async run(backend) {
    const { model } = exercise2;
    using network = Network.fromModel(backend, model);
    const wide = uploadRows(backend, [[1], [2], [3]], 'X');
    try {
      await expectRejects(
        () => forward(network, wide),
        ShapeError,
        /3 rows.*d_0 = 2/,
        'input of the wrong width',
      );
      await expectRejects(
        () => backend.matmul(wide, wide),
        ShapeError,
        /3×1.*3×1/,
        'matmul with mismatched inner sizes',
      );
      await expectRejects(
        () => backend.scaleAdd(wide, network.layers[0].W, 1, 1),
        ShapeError,
        /same shape/,
        'scaleAdd of two shapes',
      );
    } finally {
      backend.dispose(wide);
    }
    await expectRejects(
      () =>
        Network.fromModel(backend, {
          ...model,
          layers: [model.layers[0], { ...model.layers[1], weights: [[1, 2]] }],
        }),
      ShapeError,
      /layers\[1\]\.weights has 2 columns, expected d_1 = 3/,
      'layers that do not chain',
    );
    await expectRejects(
      () => backend.upload([1, 2, 3], 2, 2),
      ShapeError,
      /needs 4 numbers, got 3/,
      'a short upload',
    );
    await expectRejects(() => backend.upload([1, 2, 3], 1.5, 2), ShapeError, /whole sizes/, 'a 1.5×2 shape');
    await expectRejects(
      () => uploadChecked(backend, [1, Number.NaN], 1, 2, 'X'),
      InputError,
      /X\[0\]\[1\] is NaN/,
      'a NaN input',
    );
    if (backend.dtype === 'float32') {
      await expectRejects(
        () => backend.upload([1, 1e39], 1, 2),
        InputError,
        /1e\+39, outside the float32 range/,
        'a value beyond float32',
      );
    }
    const plain = { rows: 1, cols: 1 } as Matrix;
    await expectRejects(
      () => backend.read(plain),
      InputError,
      /not a matrix of this/,
      'a plain {rows, cols} object',
    );
    await expectRejects(
      () => backend.activate(plain, { kind: 'relu' }),
      InputError,
      /not a matrix of this/,
      'a foreign matrix in a kernel',
    );
    const zero = backend.upload([], 2, 0);
    const zeroT = backend.upload([], 0, 3);
    try {
      expectClose(
        await readAndDispose(backend, backend.matmul(zero, zeroT)),
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
        EXACT,
        'a product with inner size 0',
      );
    } finally {
      backend.dispose(zero);
      backend.dispose(zeroT);
    }
    const one = backend.upload([1], 1, 1);
    try {
      await expectRejects(
        () => backend.activate(one, { kind: 'swish' } as never),
        InputError,
        /unknown activation "swish"/,
        'an unknown activation',
      );
    } finally {
      backend.dispose(one);
    }
  },
};

const trainingMisuseCheck: ConformanceCheck = {
  name: 'misuse: bad labels, learning rates, diverging runs and aborted signals',
  async run(backend) {
    using network = Network.fromModel(backend, exercise2.model);
    await expectRejects(
      () =>
        train(network, datasetFromRows([[0.5, 0.5]], [[3]]), {
          loss: makeLoss('hinge'),
          lr: 0.1,
          epochs: 1,
          batchSize: 1,
        }),
      ShapeError,
      /at least 2 outputs/,
      'a class loss on one output',
    );
    // a dataset's first problem in example order, whatever kind comes later (core checks a valid one in one pass)
    const rows = [
      [0.5, 0.5],
      [0.5, 0.5],
      [Number.NaN, 0.5],
    ];
    const cases: [number[][], number[][], RegExp, string][] = [
      [rows, [[0], [3], [1]], /^data: example 1: label 3 is out of range/, 'a bad label before a NaN input'],
      [rows, [[0], [1], [1]], /^data: example 2 input 0 is NaN; inputs must be finite$/, 'a NaN input'],
      [
        [[0.5, 0.5]],
        [[Number.POSITIVE_INFINITY]],
        /^data: example 0 target is Infinity/,
        'an infinite label',
      ],
    ];
    using classifier = Network.fromModel(
      backend,
      initModel({ sizes: [2, 3], activations: [{ kind: 'identity' }], seed: 3 }),
    );
    for (const [inputs, labels, message, what] of cases) {
      await expectRejects(
        () =>
          train(classifier, datasetFromRows(inputs, labels), {
            loss: makeLoss('cross-entropy'),
            lr: 0.1,
            epochs: 1,
            batchSize: 1,
          }),
        InputError,
        message,
        what,
      );
    }
    for (const lr of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expectRejects(
        () =>
          train(network, datasetFromRows([[0.5, 0.5]], [[1]]), { loss: mse(), lr, epochs: 1, batchSize: 1 }),
        InputError,
        /learning rate/,
        `learning rate ${lr}`,
      );
    }
    using line = Network.fromModel(
      backend,
      initModel({ sizes: [2, 1], activations: [{ kind: 'identity' }], seed: 3 }),
    );
    const far = datasetFromRows(
      [
        [1e3, -2e3],
        [3e3, 1e3],
      ],
      [[1], [-1]],
    );
    await expectRejects(
      () => train(line, far, { loss: mse(), lr: 1e6, epochs: 50, batchSize: 'full' }),
      InputError,
      /loss became|diverged|weights became non-finite/,
      'a diverging run',
    );
    const before = await network.readModel();
    const aborted = AbortSignal.abort();
    const result = await train(network, datasetFromRows([[0.5, 0.5]], [[1]]), {
      loss: mse(),
      lr: 0.5,
      epochs: 3,
      batchSize: 1,
      signal: aborted,
    });
    expectTrue(result.steps === 0, `an already-aborted signal took ${result.steps} steps`);
    expectClose(
      (await network.readModel()).layers[0].weights,
      before.layers[0].weights,
      EXACT,
      'weights after an aborted run',
    );
  },
};

const disposeCheck: ConformanceCheck = {
  name: 'misuse: matrices and networks used after dispose',
  async run(backend: Backend) {
    const m = backend.upload([1, 2], 1, 2);
    backend.dispose(m);
    await expectRejects(() => backend.read(m), DisposedError, /dispose/, 'reading a disposed matrix');
    await expectRejects(() => backend.dispose(m), DisposedError, /dispose/, 'disposing twice');
    const gone = Network.fromModel(backend, exercise2.model);
    gone.dispose();
    await expectRejects(() => gone.readModel(), DisposedError, /network/, 'a disposed network');
  },
};

/** The checks on misuse. */
export const misuseChecks: ConformanceCheck[] = [shapesCheck, trainingMisuseCheck, disposeCheck];
