// Panel 1: Exercise 2 one button at a time, on every backend that runs here. Inputs, targets and
// weights are editable; every term of Exercise 1's equations has a card with its numbers,
// truncated as the worked example prints them; any entry opens its computation with the numbers
// filled in and the full value; one badge per card says whether the backends agree.

import type { Mat } from '@deltaml/conformance';
import { CACHE_POLICIES, type CachePolicy } from '@deltaml/core';
import { axisNames, entryName, explainEntry } from '../logic/exercise2-explain.js';
import {
  type Exercise2Problem,
  isWorkedExampleProblem,
  type ProblemMatrix,
  parseCell,
  withCell,
  withLearningRate,
  workedExampleProblem,
} from '../logic/exercise2-problem.js';
import { Exercise2Runner } from '../logic/exercise2-runner.js';
import {
  agreement,
  agreementText,
  compareValues,
  EXERCISE2_VALUES,
  printedValues,
  referenceValues,
  type Stage,
  type ValueDiff,
  type ValueInfo,
  type ValueKey,
} from '../logic/exercise2-values.js';
import { formatBytes, formatDiff, formatTruncated } from '../logic/format.js';
import type { BackendPicker } from './backend-status.js';
import { fill, h, keepFocus, messageLine, messageOf, resultsTable } from './dom.js';
import { networkSvg } from './network-svg.js';

const EDITABLE: { matrix: ProblemMatrix; label: string; note: string }[] = [
  { matrix: 'X', label: 'X = Z₀', note: '2 × N, one column per example' },
  { matrix: 'Y', label: 'Y_gt', note: '1 × N targets' },
  { matrix: 'W1', label: 'W₁', note: '3 × 2' },
  { matrix: 'W2', label: 'W₂', note: '1 × 3' },
];

const NEXT: Record<Stage, Stage | null> = { forward: 'backward', backward: 'update', update: null };

/** The open entry of a card: its computation is shown. */
interface OpenEntry {
  readonly key: ValueKey;
  readonly i: number;
  readonly j: number;
}

/** Exercise 2's step-through on every ticked backend. */
export class Exercise2Panel {
  problem: Exercise2Problem = workedExampleProblem();
  policy: CachePolicy = 'all';
  runners: Exercise2Runner[] = [];
  stage: Stage | null = null;
  /** the backend whose numbers the cards show */
  shown = '';
  /** the example whose Z and δ the drawing shows */
  example = 0;
  /** listeners told when the problem or policy changes (the memory panel follows the network) */
  readonly onChange: (() => void)[] = [];
  #open: OpenEntry | null = null;
  readonly #inputs = h('div', { class: 'editable' });
  readonly #drawing = h('div', { class: 'drawing' });
  readonly #values = h('div', { class: 'values' });
  readonly #message = messageLine();
  readonly #buttons: Record<Stage, HTMLButtonElement>;
  readonly #shownSelect: HTMLSelectElement;
  readonly #exampleSelect: HTMLSelectElement;

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
    this.#shownSelect = h('select', {
      id: 'ex2-show',
      onchange: (e) => {
        this.shown = (e.target as HTMLSelectElement).value;
        this.#renderValues();
      },
    });
    this.#exampleSelect = h('select', {
      id: 'ex2-example',
      onchange: (e) => {
        this.example = Number((e.target as HTMLSelectElement).value);
        this.#drawNetwork();
      },
    });
    picker.onChange.push(() => this.#restart());
    fill(
      root,
      h(
        'div',
        { class: 'ex2-top' },
        h(
          'figure',
          { class: 'drawing-figure' },
          this.#drawing,
          h(
            'figcaption',
            {},
            h('label', {}, 'node values for ', this.#exampleSelect),
            ' Z above each node, δ below it after Backward; edge width and colour: W, or ∂L/∂W after Backward.',
          ),
        ),
        h(
          'div',
          { class: 'ex2-side' },
          this.#inputs,
          h(
            'div',
            { class: 'controls' },
            h('label', {}, 'cache policy ', policy),
            h('label', {}, 'show values from ', this.#shownSelect),
          ),
          h(
            'div',
            { class: 'controls' },
            this.#buttons.forward,
            this.#buttons.backward,
            this.#buttons.update,
            h(
              'button',
              { id: 'ex2-reset', class: 'secondary', onclick: () => this.reset() },
              'Reset to the worked example',
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
    this.#drawNetwork();
    // the pressed button may now be disabled: keep focus on the next step instead of the page body
    const next = this.stage ? (NEXT[this.stage] ?? 'forward') : 'forward';
    if (document.activeElement === document.body || (document.activeElement as HTMLButtonElement)?.disabled) {
      this.#buttons[next].focus();
    }
  }

  /** Back to the worked example's numbers. */
  reset(): void {
    this.problem = workedExampleProblem();
    this.#restart();
    this.#renderInputs();
  }

  /** Switches the forward cache policy (a fresh start). */
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
    this.runners = this.picker.enabledSync.map(
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
    this.#drawNetwork();
    for (const listener of this.onChange) listener();
  }

  #edit(matrix: ProblemMatrix | 'lr', i: number, j: number, input: HTMLInputElement): void {
    const where = matrix === 'lr' ? 'η' : `${matrix}[${i}][${j}]`;
    try {
      const value = parseCell(input.value, where);
      this.problem =
        matrix === 'lr' ? withLearningRate(this.problem, value) : withCell(this.problem, matrix, i, j, value);
      input.removeAttribute('aria-invalid');
      this.#restart();
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      this.#say(messageOf(error), true);
    }
  }

  #renderInputs(): void {
    const cell = (matrix: ProblemMatrix | 'lr', i: number, j: number, value: number) =>
      h('input', {
        value: String(value),
        inputmode: 'decimal',
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
    const N = this.problem.X[0].length;
    this.example = Math.min(this.example, N - 1);
    fill(
      this.#exampleSelect,
      ...Array.from({ length: N }, (_, n) =>
        h('option', { value: n, selected: n === this.example }, `example ${n + 1}`),
      ),
    );
    this.#drawNetwork();
  }

  #drawNetwork(): void {
    const v = this.runners.find((r) => r.backend.name === this.shown)?.values ?? {};
    const updated = this.stage === 'update' && v.W_1_updated && v.W_2_updated;
    fill(
      this.#drawing,
      networkSvg({
        weights: updated ? [v.W_1_updated!, v.W_2_updated!] : [this.problem.W1, this.problem.W2],
        gradients: this.stage === 'backward' && v.dW_1 && v.dW_2 ? [v.dW_1, v.dW_2] : null,
        Z: [this.problem.X, v.Z_1 ?? null, v.Y_out ?? null],
        delta: [null, v.delta_1 ?? null, v.delta_2 ?? null],
        example: this.example,
      }),
    );
  }

  #renderValues(): void {
    const names = this.runners.map((r) => r.backend.name);
    const all = names.length ? names : this.picker.enabledSync.map((b) => b.backend.name);
    if (!all.includes(this.shown)) this.shown = all[0] ?? '';
    fill(
      this.#shownSelect,
      ...all.map((name) => h('option', { value: name, selected: name === this.shown }, name)),
    );
    const next = this.stage ? NEXT[this.stage] : 'forward';
    this.#buttons.forward.disabled = !(next === 'forward' || this.stage === 'update');
    this.#buttons.backward.disabled = next !== 'backward';
    this.#buttons.update.disabled = next !== 'update';
    const reference = referenceValues(this.problem);
    const diffs = this.runners.map((r) => compareValues(r.values, this.problem, reference));
    keepFocus(this.#values, () =>
      fill(this.#values, ...EXERCISE2_VALUES.map((info) => this.#card(info, reference, diffs))),
    );
  }

  #card(
    info: ValueInfo,
    reference: Record<ValueKey, Mat>,
    diffs: ReturnType<typeof compareValues>[],
  ): HTMLElement {
    const shown = this.runners.find((r) => r.backend.name === this.shown);
    const m = shown?.values[info.key];
    const header = h('header', {}, h('h3', {}, info.name), h('code', { class: 'equation' }, info.equation));
    if (!shown || !m) {
      const button = `${info.stage[0].toUpperCase()}${info.stage.slice(1)}`;
      return h(
        'article',
        { class: `value-card stage-${info.stage}`, 'data-key': info.key },
        header,
        h('p', { class: 'pending' }, `press ${button}`),
      );
    }
    const decimals = info.key === 'loss' ? 5 : 4;
    const open = this.#open?.key === info.key ? this.#open : null;
    const printed = isWorkedExampleProblem(this.problem) ? printedValues()[info.key] : undefined;
    const entry = (x: number, i: number, j: number) =>
      h(
        'button',
        {
          class: 'entry',
          'data-entry': `${info.key}-${i}-${j}`,
          'data-focus': `${info.key}-${i}-${j}`,
          'data-value': x,
          'aria-expanded': open?.i === i && open?.j === j ? 'true' : 'false',
          'aria-label': `${entryName(info.name, i, j)} = ${formatTruncated(x, decimals)}, show its computation`,
          onclick: () => this.#toggle(info.key, i, j),
        },
        formatTruncated(x, decimals),
      );
    const rowNames = axisNames(info.rows, m.length);
    const colNames = axisNames(info.cols, m[0].length);
    const table =
      info.key === 'loss'
        ? h('p', { class: 'scalar' }, 'L = ', entry(m[0][0], 0, 0))
        : h(
            'table',
            { class: 'matrix values-table', 'data-backend': shown.backend.name },
            h('caption', { class: 'visually-hidden' }, `${info.name} on ${shown.backend.name}`),
            h('thead', {}, h('tr', {}, h('td', {}), ...colNames.map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              ...m.map((row, i) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, rowNames[i]),
                  ...row.map((x, j) => h('td', {}, entry(x, i, j))),
                ),
              ),
            ),
          );
    const explanation = open
      ? h(
          'div',
          { class: 'explain', 'data-explain': `${info.key}-${open.i}-${open.j}` },
          h('p', { class: 'computation' }, explainEntry(info.key, open.i, open.j, this.problem, reference)),
          h(
            'p',
            { class: 'full' },
            `full value on ${shown.backend.name} (${shown.backend.dtype}): ${m[open.i][open.j]}`,
          ),
          printed
            ? h('p', { class: 'printed' }, `the worked example prints ${printed[open.i][open.j]}`)
            : null,
        )
      : null;
    return h(
      'article',
      { class: `value-card stage-${info.stage}`, 'data-key': info.key },
      header,
      table,
      explanation,
      this.#badge(
        info,
        diffs.map((d) => d[info.key]),
      ),
    );
  }

  #badge(info: ValueInfo, diffs: (ValueDiff | undefined)[]): HTMLElement {
    const a = agreement(diffs);
    const printed =
      a.matchesPrint === null
        ? ''
        : a.matchesPrint
          ? '; matches the worked example'
          : '; differs from the worked example';
    const rows = this.runners.map((runner, b) => {
      const d = diffs[b];
      return h(
        'tr',
        {
          'data-backend': runner.backend.name,
          'data-reference-diff': d?.reference ?? '',
          'data-print-diff': d?.fromPrint ?? '',
        },
        h('th', { scope: 'row' }, `${runner.backend.name} (${runner.backend.dtype})`),
        h('td', {}, d ? formatDiff(d.reference) : '—'),
        h('td', {}, d?.fromPrint === null || d === undefined ? '—' : formatDiff(d.fromPrint)),
        h('td', { class: d?.agrees ? 'pass' : 'fail' }, d?.agrees ? 'yes' : 'no'),
      );
    });
    return h(
      'details',
      {
        class: `agreement ${a.agree === a.total ? 'pass' : 'fail'}`,
        'data-agree': a.agree,
        'data-total': a.total,
      },
      h('summary', {}, `${agreementText(a, formatDiff)}${printed}`),
      resultsTable(['backend', '|Δ| vs float64', '|Δ| vs print', 'agrees'], rows, 'diffs'),
      h(
        'p',
        { class: 'note' },
        `${info.name}: float32 tolerance |Δ| ≤ 1e-5 + 1e-4·|x| (docs/contract.md); the print is truncated to 4 decimals, so within 1e-4.`,
      ),
    );
  }

  #toggle(key: ValueKey, i: number, j: number): void {
    const same = this.#open?.key === key && this.#open.i === i && this.#open.j === j;
    this.#open = same ? null : { key, i, j };
    this.#renderValues();
  }

  #say(text: string, isError = false): void {
    this.#message.textContent = text;
    this.#message.classList.toggle('error', isError);
  }
}
