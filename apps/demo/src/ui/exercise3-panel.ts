// Panel 2: Exercise 3, the softmax hinge, one step at a time on an editable 3-class example:
// logits → softmax → the margin and indicator of each wrong class (highlighted where it counts)
// → the loss → ∂L/∂o by the worked example's formula, checked on every backend and against
// finite differences computed here in the page.

import {
  type BackendExercise3,
  DEFAULT_EXERCISE3,
  type Exercise3Problem,
  exercise3OnBackend,
  exercise3Terms,
  finiteDifferences,
  matchesFiniteDifferences,
} from '../logic/exercise3.js';
import { formatDiff, formatTerm } from '../logic/format.js';
import type { BackendPicker } from './backend-status.js';
import { failedRow, fill, formula, h, keepFocus, messageLine, messageOf } from './dom.js';

const STAGES = [
  'the logits o',
  'p = softmax(o)',
  'the margins and their indicators',
  'the loss',
  '∂L/∂o by the formula',
  'checked on every backend and by finite differences',
] as const;

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** The Exercise 3 step-through. */
export class Exercise3Panel {
  problem: Exercise3Problem = DEFAULT_EXERCISE3;
  /** how many stages are shown (1 … STAGES.length) */
  revealed = 1;
  readonly #steps = h('ol', { class: 'ex3-steps' });
  readonly #message = messageLine();
  readonly #next: HTMLButtonElement;

  constructor(
    root: HTMLElement,
    readonly picker: BackendPicker,
  ) {
    const logit = (j: number) =>
      h(
        'label',
        {},
        `o${sub(j + 1)} `,
        h('input', {
          id: `ex3-o${j + 1}`,
          value: String(this.problem.logits[j]),
          inputmode: 'decimal',
          onchange: (e) =>
            this.#edit(() => {
              const logits = [...this.problem.logits];
              logits[j] = Number((e.target as HTMLInputElement).value);
              return { ...this.problem, logits };
            }, e.target as HTMLInputElement),
        }),
      );
    const label = h(
      'select',
      {
        id: 'ex3-label',
        onchange: (e) =>
          this.#edit(
            () => ({ ...this.problem, label: Number((e.target as HTMLSelectElement).value) }),
            e.target as HTMLSelectElement,
          ),
      },
      ...this.problem.logits.map((_, j) =>
        h('option', { value: j, selected: j === this.problem.label }, `class ${j + 1}`),
      ),
    );
    const margin = h('input', {
      id: 'ex3-margin',
      value: String(this.problem.margin),
      inputmode: 'decimal',
      onchange: (e) =>
        this.#edit(
          () => ({ ...this.problem, margin: Number((e.target as HTMLInputElement).value) }),
          e.target as HTMLInputElement,
        ),
    });
    this.#next = h('button', { id: 'ex3-next', onclick: () => this.#reveal(this.revealed + 1) }, 'Next step');
    fill(
      root,
      h(
        'div',
        { class: 'controls ex3-inputs' },
        ...this.problem.logits.map((_, j) => logit(j)),
        h('label', {}, 'correct class y ', label),
        h('label', {}, 'margin m ', margin),
      ),
      h(
        'div',
        { class: 'controls' },
        this.#next,
        h(
          'button',
          { id: 'ex3-all', class: 'secondary', onclick: () => this.#reveal(STAGES.length) },
          'Show every step',
        ),
        h('button', { id: 'ex3-restart', class: 'secondary', onclick: () => this.#reveal(1) }, 'Start over'),
      ),
      this.#message,
      this.#steps,
    );
    picker.onChange.push(() => this.render());
    this.render();
  }

  #edit(next: () => Exercise3Problem, input: HTMLInputElement | HTMLSelectElement): void {
    try {
      const problem = next();
      exercise3Terms(problem); // validates
      this.problem = problem;
      input.removeAttribute('aria-invalid');
      this.#message.textContent = '';
      this.render();
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      this.#message.textContent = messageOf(error);
    }
  }

  #reveal(count: number): void {
    this.revealed = Math.max(1, Math.min(STAGES.length, count));
    this.#message.textContent = `Step ${this.revealed} of ${STAGES.length}: ${STAGES[this.revealed - 1]}.`;
    this.render();
    if (this.#next.disabled) document.getElementById('ex3-restart')?.focus();
  }

  /** Draws the stages revealed so far. */
  render(): void {
    const t = exercise3Terms(this.problem);
    const { logits: o, label: y, margin } = this.problem;
    const classes = o.map((_, j) => `class ${j + 1}${j === y ? ' (y)' : ''}`);
    const row = (name: string | Node, cells: (string | Node)[], attrs: Record<string, string> = {}) =>
      h('tr', attrs, h('th', { scope: 'row' }, name), ...cells.map((c) => h('td', {}, c)));
    const table = (caption: string, ...rows: HTMLElement[]) =>
      h(
        'table',
        { class: 'matrix ex3-table' },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, h('td', {}), ...classes.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows),
      );
    const stage = (k: number, ...content: (Node | string)[]) =>
      k <= this.revealed ? h('li', { 'data-stage': k }, h('h3', {}, STAGES[k - 1]), ...content) : null;
    const py = t.p[y];
    const marginCells = o.map((_, l) => {
      if (l === y) return '—';
      const m = t.margins.find((x) => x.l === l)!;
      return h(
        'span',
        { class: m.active ? 'active' : 'inactive', 'data-margin': m.value },
        `${formatTerm(t.p[l])} − ${formatTerm(py)} + ${formatTerm(margin)} = ${formatTerm(m.value)}`,
      );
    });
    const indicatorCells = o.map((_, l) => {
      if (l === y) return '—';
      const m = t.margins.find((x) => x.l === l)!;
      return h('span', { class: m.active ? 'active' : 'inactive' }, m.active ? '1 (≥ 0: counts)' : '0 (< 0)');
    });
    const fd = finiteDifferences(this.problem);
    const checks = this.revealed >= 6 ? this.#backendRows(t) : [];
    keepFocus(this.#steps, () =>
      fill(
        this.#steps,
        stage(1, table('logits o', row('o', o.map(formatTerm)))),
        stage(
          2,
          h('p', {}, formula('p_j = e^{o_j} / Σ_r e^{o_r}')),
          table(
            'softmax p',
            row(
              'p',
              t.p.map((p) => h('span', { 'data-p': p }, formatTerm(p))),
            ),
            row('Σ p', [formatTerm(t.p.reduce((a, b) => a + b, 0)), '', '']),
          ),
        ),
        stage(
          3,
          h(
            'p',
            {},
            formula(
              'For each wrong class l ≠ y: p_l − p_y + m, and the indicator 1{p_l − p_y + m ≥ 0}. Highlighted: the terms that count.',
            ),
          ),
          table(
            'margins and indicators',
            row(formula('p_l − p_y + m'), marginCells),
            row('indicator', indicatorCells),
          ),
        ),
        stage(
          4,
          h(
            'p',
            { class: 'ex3-loss', 'data-loss': t.loss },
            formula(
              `L = Σ_{l≠y} max(0, p_l − p_y + m) = ${t.margins.map((m) => (m.active ? formatTerm(m.value) : '0')).join(' + ')} = ${formatTerm(t.loss)}`,
            ),
          ),
        ),
        stage(
          5,
          h(
            'p',
            {},
            formula(
              '∂L/∂o_j = Σ_{l≠y} p_j (1_l^j − 1_y^j − p_l + p_y) · 1{p_l − p_y + m ≥ 0}, as the worked example derives it',
            ),
          ),
          table(
            'gradient by the formula',
            ...t.margins.map((m, k) =>
              row(
                `l = ${m.l + 1}${m.active ? '' : ' (inactive: 0)'}`,
                t.contributions.map((c) => formatTerm(c[k])),
                { class: m.active ? 'active' : 'inactive' },
              ),
            ),
            row(
              '∂L/∂o',
              t.gradient.map((g) => h('span', { 'data-gradient': g }, formatTerm(g))),
            ),
          ),
        ),
        stage(
          6,
          table(
            'gradient checked',
            row('formula', t.gradient.map(formatTerm)),
            row(
              'finite differences',
              fd.map((g) => formatTerm(g)),
              { 'data-check': 'finite-differences', 'data-ok': String(matchesFiniteDifferences(t, fd)) },
            ),
            ...checks,
          ),
          h(
            'p',
            { class: 'note' },
            `Finite differences: (L(o + h e_j) − L(o − h e_j)) / 2h with h = 1e-6, in float64 here in the page; they disagree only at a kink (a margin exactly 0). Backends: core's hinge loss (reduction sum) through lossAndGradient, within float32 tolerance (1e-5 + 1e-4·|x|). Max |Δ| formula vs finite differences: ${formatDiff(Math.max(...fd.map((g, j) => Math.abs(g - t.gradient[j]))))}.`,
          ),
        ),
      ),
    );
    this.#next.disabled = this.revealed >= STAGES.length;
  }

  #backendRows(t: ReturnType<typeof exercise3Terms>): HTMLElement[] {
    return this.picker.enabledSync.map(({ backend }) => {
      let result: BackendExercise3;
      try {
        result = exercise3OnBackend(backend, this.problem, t);
      } catch (error) {
        return failedRow(backend.name, 3, error);
      }
      return h(
        'tr',
        {
          'data-backend': backend.name,
          'data-ok': String(result.agrees),
          'data-loss': result.loss,
          'data-gradient': result.gradient.join(','),
        },
        h('th', { scope: 'row' }, `${backend.name} ${result.agrees ? '✔' : '✘'}`),
        ...result.gradient.map((g) => h('td', {}, formatTerm(g))),
      );
    });
  }
}
