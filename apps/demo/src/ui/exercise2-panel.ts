// Panel 1: Exercise 2 one button at a time, on every backend that runs here. Inputs, targets
// and weights are editable; each matrix is shown by the seed's name, with its equation, the
// seed's printed values and the largest |difference| per backend.

import type { Mat } from '@deltaml/conformance';
import { CACHE_POLICIES, type CachePolicy } from '@deltaml/core';
import {
  type Exercise2Problem,
  isSeedProblem,
  type ProblemMatrix,
  parseCell,
  seedProblem,
  withCell,
  withLearningRate,
} from '../logic/exercise2-problem.js';
import { Exercise2Runner } from '../logic/exercise2-runner.js';
import {
  compareValues,
  EXERCISE2_VALUES,
  referenceValues,
  type Stage,
  seedValues,
  type ValueInfo,
  type ValueKey,
} from '../logic/exercise2-values.js';
import { formatBytes, formatDiff, formatLoss, formatValue } from '../logic/format.js';
import type { BackendPicker } from './backend-status.js';
import { fill, h, matrixTable, messageOf, resultsTable } from './dom.js';
import { networkSvg } from './network-svg.js';

const EDITABLE: { matrix: ProblemMatrix; label: string; note: string }[] = [
  { matrix: 'X', label: 'X = Z₀', note: '2 × N, one column per example' },
  { matrix: 'Y', label: 'Y_gt', note: '1 × N targets' },
  { matrix: 'W1', label: 'W₁', note: '3 × 2' },
  { matrix: 'W2', label: 'W₂', note: '1 × 3' },
];

const NEXT: Record<Stage, Stage | null> = { forward: 'backward', backward: 'update', update: null };

export class Exercise2Panel {
  problem: Exercise2Problem = seedProblem();
  policy: CachePolicy = 'all';
  runners: Exercise2Runner[] = [];
  stage: Stage | null = null;
  /** the backend whose numbers the cards show (every backend's are in the page, the others hidden) */
  shown = '';
  /** listeners told when the problem or policy changes (the memory panel follows the network) */
  readonly onChange: (() => void)[] = [];
  readonly #inputs = h('div', { class: 'editable' });
  readonly #drawing = h('div', { class: 'drawing' });
  readonly #values = h('div', { class: 'values' });
  readonly #message = h('p', { class: 'message', role: 'status' });
  readonly #buttons: Record<Stage, HTMLButtonElement>;
  readonly #shownSelect: HTMLSelectElement;

  constructor(
    root: HTMLElement,
    readonly picker: BackendPicker,
  ) {
    this.#buttons = {
      forward: h('button', { id: 'ex2-forward', onclick: () => this.run('forward') }, 'Forward'),
      backward: h('button', { id: 'ex2-backward', onclick: () => this.run('backward') }, 'Backward'),
      update: h('button', { id: 'ex2-update', onclick: () => this.run('update') }, 'Update'),
    };
    const policy = h(
      'select',
      {
        id: 'ex2-cache',
        onchange: (e) => this.setPolicy((e.target as HTMLSelectElement).value as CachePolicy),
      },
      ...CACHE_POLICIES.map((p) => h('option', { value: p }, p)),
    );
    const shown = h('select', {
      id: 'ex2-show',
      onchange: (e) => {
        this.shown = (e.target as HTMLSelectElement).value;
        this.#renderValues();
      },
    });
    this.#shownSelect = shown;
    picker.onChange.push(() => this.#restart());
    fill(
      root,
      h(
        'div',
        { class: 'ex2-top' },
        this.#drawing,
        h(
          'div',
          {},
          this.#inputs,
          h(
            'div',
            { class: 'controls' },
            h('label', {}, 'cache policy ', policy),
            h('label', {}, 'show values from ', shown),
            this.#buttons.forward,
            this.#buttons.backward,
            this.#buttons.update,
            h(
              'button',
              { id: 'ex2-reset', class: 'secondary', onclick: () => this.reset() },
              "Reset to the seed's numbers",
            ),
          ),
          this.#message,
        ),
      ),
      this.#values,
    );
    this.#renderInputs();
    this.#renderValues();
  }

  /** Runs one stage on every backend. After Update, Forward starts the next step from the new weights. */
  run(stage: Stage): void {
    try {
      if (stage === 'forward' && this.stage === 'update') this.#continueFromUpdatedWeights();
      if (this.runners.length === 0) this.#startRunners();
      for (const runner of this.runners) runner[stage]();
      this.stage = stage;
      const bytes = this.runners.map((r) => `${r.backend.name} ${formatBytes(r.cacheBytes)}`).join(', ');
      this.#say(
        stage === 'forward'
          ? `Forward done. The forward cache (${this.policy}) holds: ${bytes}.`
          : `${stage} done.`,
      );
    } catch (error) {
      this.#say(messageOf(error), true);
    }
    this.#renderValues();
  }

  reset(): void {
    this.problem = seedProblem();
    this.#restart();
    this.#renderInputs();
  }

  setPolicy(policy: CachePolicy): void {
    this.policy = policy;
    this.#restart();
  }

  #continueFromUpdatedWeights(): void {
    const { W_1_updated, W_2_updated } = this.runners[0].values;
    this.problem = { ...this.problem, W1: W_1_updated!, W2: W_2_updated! };
    this.#disposeRunners();
    this.#renderInputs();
  }

  #startRunners(): void {
    this.runners = this.picker.enabled.map(
      ({ backend }) => new Exercise2Runner(backend, this.problem, this.policy),
    );
  }

  #disposeRunners(): void {
    for (const runner of this.runners) runner.dispose();
    this.runners = [];
    this.stage = null;
  }

  #restart(): void {
    this.#disposeRunners();
    this.#say('');
    this.#renderValues();
    for (const listener of this.onChange) listener();
  }

  #edit(matrix: ProblemMatrix | 'lr', i: number, j: number, input: HTMLInputElement): void {
    const where = matrix === 'lr' ? 'η' : `${matrix}[${i}][${j}]`;
    try {
      const value = parseCell(input.value, where);
      this.problem =
        matrix === 'lr' ? withLearningRate(this.problem, value) : withCell(this.problem, matrix, i, j, value);
      input.classList.remove('invalid');
      this.#restart();
      this.#drawNetwork();
    } catch (error) {
      input.classList.add('invalid');
      this.#say(messageOf(error), true);
    }
  }

  #renderInputs(): void {
    const cell = (matrix: ProblemMatrix | 'lr', i: number, j: number, value: number) =>
      h('input', {
        value: String(value),
        size: 6,
        'aria-label': matrix === 'lr' ? 'learning rate η' : `${matrix}[${i}][${j}]`,
        'data-cell': `${matrix}-${i}-${j}`,
        onchange: (e) => this.#edit(matrix, i, j, e.target as HTMLInputElement),
      });
    const grid = (matrix: ProblemMatrix, m: Mat) =>
      h(
        'table',
        { class: 'matrix edit' },
        h(
          'tbody',
          {},
          ...m.map((row, i) => h('tr', {}, ...row.map((x, j) => h('td', {}, cell(matrix, i, j, x))))),
        ),
      );
    fill(
      this.#inputs,
      ...EDITABLE.map(({ matrix, label, note }) =>
        h(
          'figure',
          {},
          h('figcaption', {}, h('b', {}, label), ' ', h('small', {}, note)),
          grid(matrix, this.problem[matrix]),
        ),
      ),
      h(
        'figure',
        {},
        h('figcaption', {}, h('b', {}, 'η'), ' ', h('small', {}, 'learning rate')),
        cell('lr', 0, 0, this.problem.lr),
      ),
    );
    this.#drawNetwork();
  }

  #drawNetwork(): void {
    fill(this.#drawing, networkSvg(this.problem.W1, this.problem.W2));
  }

  #renderValues(): void {
    const names = this.picker.enabled.map(({ backend }) => backend.name);
    if (!names.includes(this.shown)) this.shown = names[0] ?? '';
    fill(
      this.#shownSelect,
      ...names.map((name) => h('option', { value: name, selected: name === this.shown }, name)),
    );
    const next = this.stage ? NEXT[this.stage] : 'forward';
    this.#buttons.forward.disabled = !(next === 'forward' || this.stage === 'update');
    this.#buttons.backward.disabled = next !== 'backward';
    this.#buttons.update.disabled = next !== 'update';
    const seed = isSeedProblem(this.problem) ? seedValues() : null;
    const reference = referenceValues(this.problem);
    const diffs = this.runners.map((r) => compareValues(r.values, this.problem, reference));
    fill(
      this.#values,
      ...EXERCISE2_VALUES.map((info) => this.#card(info, seed?.[info.key] ?? null, reference, diffs)),
    );
  }

  #card(
    info: ValueInfo,
    seed: Mat | null,
    reference: Record<ValueKey, Mat>,
    diffs: ReturnType<typeof compareValues>[],
  ): HTMLElement {
    const format = info.key === 'loss' ? formatLoss : formatValue;
    const done = this.runners.length > 0 && this.runners[0].values[info.key] !== undefined;
    const results = () =>
      this.runners.map((runner) =>
        h(
          'figure',
          { class: 'got', 'data-backend': runner.backend.name, hidden: runner.backend.name !== this.shown },
          h('figcaption', {}, `${runner.backend.name} computes`),
          matrixTable(runner.values[info.key]!, format),
        ),
      );
    const diffRows = () =>
      this.runners.map((runner, b) => {
        const d = diffs[b][info.key]!;
        return h(
          'tr',
          {
            'data-backend': runner.backend.name,
            'data-seed-diff': d.seed ?? '',
            'data-reference-diff': d.reference,
          },
          h('td', {}, runner.backend.name),
          h('td', {}, d.seed === null ? '—' : formatDiff(d.seed)),
          h('td', {}, formatDiff(d.reference)),
        );
      });
    return h(
      'article',
      { class: `value-card stage-${info.stage}`, 'data-key': info.key },
      h('header', {}, h('h3', {}, info.name), h('code', { class: 'equation' }, info.equation)),
      done
        ? h(
            'div',
            { class: 'side-by-side' },
            ...results(),
            h(
              'figure',
              { class: 'seed' },
              h(
                'figcaption',
                {},
                seed ? 'the seed prints (truncated)' : 'float64 reference (numbers edited)',
              ),
              matrixTable(seed ?? reference[info.key], format),
            ),
          )
        : h('p', { class: 'pending' }, `press ${info.stage[0].toUpperCase()}${info.stage.slice(1)}`),
      done ? resultsTable(['backend', 'max |Δ| vs seed', 'max |Δ| vs float64'], diffRows(), 'diffs') : null,
    );
  }

  #say(text: string, isError = false): void {
    this.#message.textContent = text;
    this.#message.classList.toggle('error', isError);
  }
}
