// Panel 2: the same Exercise 2 step on every backend side by side — loss, largest difference
// from the float64 reference and from the seed, the conformance rows, and time per step.

import { exercise2Rows } from '@deltaml/conformance';
import { Exercise2Runner } from '../logic/exercise2-runner.js';
import { compareValues, largestDiff, referenceValues } from '../logic/exercise2-values.js';
import { formatDiff, formatLoss, formatMs } from '../logic/format.js';
import { timeStep } from '../logic/timing.js';
import type { BackendPicker } from './backend-status.js';
import { fill, h, messageOf, resultsTable } from './dom.js';
import type { Exercise2Panel } from './exercise2-panel.js';

export class BackendsPanel {
  readonly #table = h('div', { class: 'side-table' });

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
        ' with the numbers and cache policy of panel 1.',
      ),
      this.#table,
    );
  }

  run(): void {
    const { problem, policy } = this.exercise;
    const reference = referenceValues(problem);
    const rows = this.picker.enabled.map(({ backend }) => {
      try {
        const runner = new Exercise2Runner(backend, problem, policy);
        let values: Exercise2Runner['values'];
        try {
          values = runner.step();
        } finally {
          runner.dispose();
        }
        const largest = largestDiff(compareValues(values, problem, reference));
        const conformance = exercise2Rows(backend, policy);
        const ok = conformance.filter((r) => r.ok).length;
        return h(
          'tr',
          { 'data-backend': backend.name },
          h('td', {}, backend.name),
          h('td', {}, backend.dtype),
          h('td', { class: 'loss' }, formatLoss(values.loss![0][0])),
          h(
            'td',
            { class: 'reference-diff', 'data-value': largest.reference },
            formatDiff(largest.reference),
          ),
          h('td', { class: 'seed-diff' }, largest.seed === null ? '— (edited)' : formatDiff(largest.seed)),
          h('td', { class: ok === conformance.length ? 'pass' : 'fail' }, `${ok}/${conformance.length}`),
          h('td', { class: 'time' }, formatMs(timeStep(backend, problem, policy))),
        );
      } catch (error) {
        return h(
          'tr',
          { 'data-backend': backend.name },
          h('td', {}, backend.name),
          h('td', { colspan: 6, class: 'fail' }, messageOf(error)),
        );
      }
    });
    fill(
      this.#table,
      resultsTable(
        [
          'backend',
          'dtype',
          'loss L',
          'max |Δ| vs float64',
          'max |Δ| vs seed',
          'seed rows ok',
          'time per step',
        ],
        rows,
      ),
      h(
        'p',
        { class: 'note' },
        '“seed rows ok”: every number the seed prints for Exercise 2, within 1e-4 of the print and within float32 tolerance of the exact value (exercise2Rows of @deltaml/conformance). Time per step: one training step (forward, loss, backward, update), the median of 5 rounds of 20 ms each.',
      ),
    );
  }
}
