// Panel 4: the same Exercise 2 step on every backend side by side — loss, largest difference
// from the float64 reference and from the worked example's print, the conformance rows, and
// time per step.

import { exercise2Rows } from '@deltaml/conformance';
import type { CachePolicy, SyncBackend } from '@deltaml/core';
import { type Exercise2Problem, isWorkedExampleProblem } from '../logic/exercise2-problem.js';
import { Exercise2Runner } from '../logic/exercise2-runner.js';
import { compareValues, referenceValues } from '../logic/exercise2-values.js';
import { formatDiff, formatLoss, formatMs } from '../logic/format.js';
import { timeStep } from '../logic/timing.js';
import type { BackendPicker } from './backend-status.js';
import { failedRow, fill, h, resultsTable } from './dom.js';
import type { Exercise2Panel } from './exercise2-panel.js';

/** Every ticked backend on the same step. */
export class BackendsPanel {
  /** scrolls sideways on a narrow screen (focusable, so a keyboard can scroll it too) */
  readonly #table = h('div', {
    class: 'side-table',
    tabindex: 0,
    role: 'region',
    'aria-label': 'one step on every backend',
  });

  constructor(
    root: HTMLElement,
    readonly picker: BackendPicker,
    readonly exercise: Exercise2Panel,
  ) {
    fill(
      root,
      h(
        'p',
        {},
        h(
          'button',
          { id: 'backends-run', onclick: () => this.run() },
          'Run one step on every ticked backend',
        ),
        ' with the numbers and cache policy of Exercise 2 above.',
      ),
      this.#table,
    );
  }

  /** Runs the step on every ticked backend and fills the table. */
  async run(): Promise<void> {
    const { problem, policy } = this.exercise;
    const reference = referenceValues(problem);
    const rows: HTMLElement[] = [];
    for (const { backend } of this.picker.enabledSync)
      rows.push(await this.#row(backend, problem, policy, reference));
    this.#fillTable(rows);
  }

  async #row(
    backend: SyncBackend,
    problem: Exercise2Problem,
    policy: CachePolicy,
    reference: ReturnType<typeof referenceValues>,
  ): Promise<HTMLElement> {
    try {
      const runner = new Exercise2Runner(backend, problem, policy);
      let values: Exercise2Runner['values'];
      try {
        values = runner.step();
      } finally {
        runner.dispose();
      }
      const diffs = Object.values(compareValues(values, problem, reference));
      const largestReference = Math.max(0, ...diffs.map((d) => d.reference));
      const fromPrint = diffs.map((d) => d.fromPrint).filter((d): d is number => d !== null);
      const largestFromPrint = isWorkedExampleProblem(problem) ? Math.max(0, ...fromPrint) : null;
      const conformance = await exercise2Rows(backend, policy);
      const ok = conformance.filter((r) => r.ok).length;
      return h(
        'tr',
        { 'data-backend': backend.name },
        h('th', { scope: 'row' }, backend.name),
        h('td', {}, backend.dtype),
        h('td', { class: 'loss' }, formatLoss(values.loss![0][0])),
        h('td', { class: 'reference-diff', 'data-value': largestReference }, formatDiff(largestReference)),
        h(
          'td',
          { class: 'print-diff' },
          largestFromPrint === null ? '— (edited)' : formatDiff(largestFromPrint),
        ),
        h('td', { class: ok === conformance.length ? 'pass' : 'fail' }, `${ok}/${conformance.length}`),
        h('td', { class: 'time' }, formatMs(timeStep(backend, problem, policy))),
      );
    } catch (error) {
      return failedRow(backend.name, 6, error);
    }
  }

  #fillTable(rows: HTMLElement[]): void {
    fill(
      this.#table,
      resultsTable(
        [
          'backend',
          'dtype',
          'loss L',
          'max |Δ| vs float64',
          'max |Δ| vs the print',
          'printed values ok',
          'time per step',
        ],
        rows,
      ),
      h(
        'p',
        { class: 'note' },
        '“printed values ok”: every number the worked example prints for Exercise 2, within 1e-4 of the print and within float32 tolerance of the exact value (exercise2Rows of @deltaml/conformance). Time per step: one training step (forward, loss, backward, update), the median of 5 rounds of 20 ms each.',
      ),
    );
  }
}
