// Conformance checks on the optimizers of core's registry: every optimizer, with its defaults and
// with each option switched on, trains a random network for 20 full-batch steps and must land on
// the float64 reference's weights; every fused kernel a backend offers must give the numbers of
// core's general path.

import {
  type Backend,
  datasetFromRows,
  initModel,
  LOSS_KINDS,
  lossAndGradientAsync,
  makeActivation,
  makeLoss,
  makeOptimizer,
  Network,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  Optimizer,
  type OptimizerKind,
  type OptimizerSpec,
  readRowsAsync,
  seededRandom,
  trainStepAsync,
  uploadBatch,
} from '@deltaml/core';
import { randomMatrix, readAndDispose, withUploaded } from './backend-io.js';
import { expectClose, fail } from './expect.js';
import { REFERENCE_LEARNING_RATES, referenceTraining } from './reference-optimizers.js';
import { FLOAT32 } from './tolerance.js';
import type { ConformanceCheck } from './types.js';

/** Steps each optimizer is run for. */
export const OPTIMIZER_STEPS = 20;

/** A value for an option whose default is off (0 or false). */
const ON = 0.3;

/** The defaults, each option switched on alone, and all of them on: the combinations the optimizer accepts. */
export function optimizerConfigurations(kind: OptimizerKind): OptimizerSpec[] {
  const off = OPTIMIZERS[kind].parameters.filter((p) => p.default === 0 || p.default === false);
  const on = (p: (typeof off)[number]) => [p.key, p.type === 'boolean' ? true : ON] as const;
  const candidates = [{}, ...off.map((p) => Object.fromEntries([on(p)])), Object.fromEntries(off.map(on))];
  const specs: OptimizerSpec[] = [];
  for (const values of candidates) {
    try {
      const spec = makeOptimizer(kind, values);
      if (!specs.some((s) => JSON.stringify(s) === JSON.stringify(spec))) specs.push(spec);
    } catch {
      // a combination the optimizer refuses (Nesterov without momentum) is not a configuration
    }
  }
  return specs;
}

const trainingCheck: ConformanceCheck = {
  name: `optimizers (${OPTIMIZER_KINDS.join(', ')}): ${OPTIMIZER_STEPS} steps against the float64 reference`,
  async run(backend) {
    for (const kind of OPTIMIZER_KINDS) {
      for (const [c, spec] of optimizerConfigurations(kind).entries()) {
        const seed = 300 + 10 * OPTIMIZER_KINDS.indexOf(kind) + c;
        const random = seededRandom(seed);
        const loss = makeLoss(LOSS_KINDS[c % 2 === 0 ? 0 : 2]); // mse and cross-entropy
        const sizes = [4, 6, 3];
        const model = initModel({
          sizes,
          activations: [makeActivation('tanh'), makeActivation('identity')],
          bias: true,
          seed,
        });
        const N = 8;
        const X = randomMatrix(random, 4, N);
        const T =
          loss.kind === 'mse'
            ? randomMatrix(random, 3, N)
            : [Array.from({ length: N }, () => Math.floor(random() * 3))];
        const lr = REFERENCE_LEARNING_RATES[kind];
        const want = referenceTraining(model, X, T, loss, spec, lr, OPTIMIZER_STEPS);
        using network = Network.fromModel(backend, model);
        using optimizer = new Optimizer(backend, spec);
        const data = datasetFromRows(
          X[0].map((_, n) => X.map((row) => row[n])),
          T[0].map((_, n) => T.map((row) => row[n])),
        );
        using batch = uploadBatch(
          backend,
          data,
          Uint32Array.from({ length: N }, (_, i) => i),
        );
        for (let t = 0; t < OPTIMIZER_STEPS; t++) {
          await trainStepAsync(network, batch.X, batch.T, { loss, lr, optimizer });
        }
        const got = await network.readModel();
        const where = `${JSON.stringify(spec)} with ${loss.kind}`;
        got.layers.forEach((layer, l) => {
          expectClose(layer.weights, want.layers[l].weights, FLOAT32, `${where}: W_${l + 1}`);
          expectClose(layer.bias ?? [], want.layers[l].bias ?? [], FLOAT32, `${where}: b_${l + 1}`);
        });
      }
    }
  },
};

/** p, g, m, v for a fused Adam check: m and v as after a few steps (v ≥ 0). */
function adamState(seed: number): number[][][] {
  const random = seededRandom(seed);
  const [p, g, m, v] = [0, 1, 2, 3].map(() => randomMatrix(random, 7, 5));
  return [p, g, m.map((r) => r.map((x) => 0.1 * x)), v.map((r) => r.map((x) => 0.01 * x * x))];
}

async function adamOn(backend: Backend, seed: number, decoupled: boolean): Promise<number[][][]> {
  const [p, g, m, v] = adamState(seed);
  return withUploaded(backend, [p, g, m, v], async (pm, gm, mm, vm) => {
    const step = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      t: 3,
      weightDecay: decoupled ? 0 : 0.1,
      decoupledWeightDecay: decoupled ? 0.1 : 0,
    };
    if (backend.fused?.adam) backend.fused.adam(pm, gm, mm, vm, step);
    else fail('adamOn needs a backend with a fused Adam');
    const out: number[][][] = [];
    for (const x of [pm, mm, vm]) out.push(await readRowsAsync(backend, x));
    return out;
  });
}

async function adamGeneral(backend: Backend, seed: number, decoupled: boolean): Promise<number[][][]> {
  const general = backend.withoutFusedKernels();
  const [p, g, m, v] = adamState(seed);
  const spec = makeOptimizer(decoupled ? 'adamw' : 'adam', { weightDecay: 0.1 });
  return withUploaded(general, [p, g, m, v], async (pm, gm, mm, vm) => {
    OPTIMIZERS[spec.kind].update({
      backend: general,
      spec: spec as never,
      lr: 0.01,
      t: 3,
      p: pm,
      g: gm,
      state: [mm, vm],
    });
    const out: number[][][] = [];
    for (const x of [pm, mm, vm]) out.push(await readRowsAsync(general, x));
    return out;
  });
}

const fusedCheck: ConformanceCheck = {
  name: 'fused kernels give the numbers of core’s general path',
  async run(backend) {
    if (backend.fused?.adam) {
      for (const decoupled of [false, true]) {
        const fused = await adamOn(backend, 77, decoupled);
        const general = await adamGeneral(backend, 77, decoupled);
        ['p', 'm', 'v'].forEach((name, i) =>
          expectClose(
            fused[i],
            general[i],
            FLOAT32,
            `fused ${decoupled ? 'AdamW' : 'Adam'} vs general path: ${name}`,
          ),
        );
      }
    }
    if (backend.fused?.loss) {
      const general = backend.withoutFusedKernels();
      for (const kind of LOSS_KINDS) {
        const spec = makeLoss(kind);
        const Z = [
          [0.3, -0.2, 1.1],
          [0.5, 0.1, -0.7],
        ];
        const T =
          kind === 'mse'
            ? [
                [0.1, 0.2, 0.3],
                [0.0, -0.5, 1.0],
              ]
            : [[1, 0, 1]];
        const Zs = kind === 'binary-cross-entropy' ? [Z[0]] : Z;
        await withUploaded(backend, [Zs, T], async (Zm, Tm) => {
          const fused = backend.fused?.loss?.(spec, Zm, Tm);
          if (!fused) return; // no kernel for this loss
          const host = await lossAndGradientAsync(general, spec, Zm, Tm);
          expectClose([await fused.loss], [await host.loss], FLOAT32, `fused ${kind} loss vs general path`);
          expectClose(
            await readAndDispose(backend, fused.dZ),
            await readAndDispose(general, host.dZ),
            FLOAT32,
            `fused ${kind} ∂L/∂Z`,
          );
        });
      }
    }
  },
};

/** The checks on optimizers and fused kernels. */
export const optimizerChecks: ConformanceCheck[] = [trainingCheck, fusedCheck];
