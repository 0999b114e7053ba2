// `deltaml walkthrough`: the worked example's Exercise 2 step by step in the terminal — forward, loss,
// backward, update — each matrix computed by deltaml on a backend, printed beside the value the
// worked example prints. The values come from conformance's exercise2Values, which runs core's forward,
// computeGradients (δ_l through its `observe` callback) and sgdUpdate.

import { type Exercise2, exercise2, exercise2Values, isClose, SEED_PRINTED } from '@deltaml/conformance';
import { Command } from 'commander';
import { DEFAULT_BACKEND } from '../backends.js';
import { CheckFailedError } from '../failure.js';
import { type Mat, matrixLines, sideBySide } from '../matrix-text.js';
import { addBackendOption } from '../options.js';
import { openBackend } from '../problem.js';

type Printed = keyof Exercise2['printed'];

interface Step {
  readonly key: Printed;
  readonly equation: string;
}

const SECTIONS: readonly { title: string; steps: readonly Step[] }[] = [
  {
    title: 'Forward: S_l = W_l Z_{l-1}, Z_l = f_l(S_l)',
    steps: [
      { key: 'S_1', equation: 'S_1 = W_1 X' },
      { key: 'Z_1', equation: 'Z_1 = relu(S_1)' },
      { key: 'Y_out', equation: 'Y_out = Z_2 = S_2 = W_2 Z_1   (f_2 is the identity)' },
    ],
  },
  {
    title: 'Loss: L = ‖Y_out − Y_gt‖²_F / (2N), N = 4',
    steps: [{ key: 'loss', equation: 'L' }],
  },
  {
    title: 'Backward: δ_l = ∂L/∂Z_l ⊙ f_l′(S_l), ∂L/∂W_l = δ_l Z_{l-1}ᵀ',
    steps: [
      { key: 'delta_2', equation: 'δ_2 = (1/N)(Y_out − Y_gt) ⊙ f_2′(S_2)   (f_2′ = 1)' },
      { key: 'dW_2', equation: '∂L/∂W_2 = δ_2 Z_1ᵀ' },
      { key: 'delta_1', equation: 'δ_1 = (W_2ᵀ δ_2) ⊙ relu′(S_1)   (relu′ is 1 where S_1 > 0, else 0)' },
      { key: 'dW_1', equation: '∂L/∂W_1 = δ_1 Xᵀ' },
    ],
  },
  {
    title: `Update: W_l ← W_l − r·∂L/∂W_l, r = ${exercise2.lr}`,
    steps: [
      { key: 'W_2_updated', equation: `W_2 ← W_2 − ${exercise2.lr}·∂L/∂W_2` },
      { key: 'W_1_updated', equation: `W_1 ← W_1 − ${exercise2.lr}·∂L/∂W_1` },
    ],
  },
];

const computedCell = (v: number) => v.toFixed(6);
const seedCell = (v: number) => String(v);

/** The first [i][j] where `got` is farther than SEED_PRINTED from the worked example's printed value, or null. */
function firstDifference(got: Mat, seed: Mat): string | null {
  for (let i = 0; i < seed.length; i++) {
    for (let j = 0; j < seed[i].length; j++) {
      if (!isClose(got[i][j], seed[i][j], SEED_PRINTED)) return `[${i}][${j}]: ${got[i][j]} vs ${seed[i][j]}`;
    }
  }
  return null;
}

function introduction(backendLabel: string): string {
  const { model, X, Y } = exercise2;
  const [W_1, W_2] = model.layers.map((layer) => layer.weights);
  const blocks = [
    { title: 'W_1 (relu)', lines: matrixLines(W_1, seedCell) },
    { title: 'W_2 (identity)', lines: matrixLines(W_2, seedCell) },
    { title: 'X (one example per column)', lines: matrixLines(X, seedCell) },
    { title: 'Y_gt', lines: matrixLines(Y, seedCell) },
  ];
  return (
    `Exercise 2 of the seed on the ${backendLabel} backend: a 2-3-1 network without biases, four examples, MSE,\n` +
    `one SGD step. Each value deltaml computes is shown beside the one the seed prints (truncated to 4 decimals).\n\n` +
    `${sideBySide(blocks)}\n`
  );
}

export function walkthroughCommand(): Command {
  const command = new Command('walkthrough').description(
    "walk through the worked example's Exercise 2 (forward, loss, backward, update) beside the worked example's values",
  );
  addBackendOption(command);
  return command
    .addHelpText(
      'after',
      `
Example:
  deltaml walkthrough --backend ${DEFAULT_BACKEND}`,
    )
    .action(async (flags: { backend: string }) => {
      const { name, backend } = await openBackend(flags.backend);
      const label = `${name} (${backend.dtype})`;
      const got = await exercise2Values(backend);
      const out: string[] = [introduction(label)];
      const differences: string[] = [];
      for (const section of SECTIONS) {
        out.push(`── ${section.title}\n`);
        for (const { key, equation } of section.steps) {
          const seed = key === 'loss' ? [[exercise2.printed.loss]] : exercise2.printed[key];
          const difference = firstDifference(got[key], seed);
          if (difference) differences.push(`${equation.split(' ')[0]}${difference}`);
          const verdict = difference ? `✗ differs at ${difference}` : '✓ matches the seed';
          const blocks = [
            { title: `deltaml on ${name}`, lines: matrixLines(got[key], computedCell) },
            { title: 'seed', lines: matrixLines(seed, seedCell) },
          ];
          out.push(`${equation}\n${sideBySide(blocks)}\n${verdict}\n`);
        }
      }
      process.stdout.write(`${out.join('\n')}\n`);
      if (differences.length > 0) {
        throw new CheckFailedError(`values differ from the seed: ${differences.join('; ')}`);
      }
    });
}
