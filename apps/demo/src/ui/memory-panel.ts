// Panel 4: what the forward cache holds under `all` and `preactivations` (the seed's Exercise 4),
// for the Exercise 2 network and for the network of the Train panel.

import { formatBytes } from '../logic/format.js';
import { type CacheMemory, exercise2CacheMemory, trainerCacheMemory } from '../logic/memory.js';
import { fill, h, messageOf, resultsTable } from './dom.js';
import type { Exercise2Panel } from './exercise2-panel.js';
import type { TrainPanel } from './train-panel.js';

export class MemoryPanel {
  readonly #table = h('div', { id: 'memory-table' });

  constructor(
    root: HTMLElement,
    readonly exercise: Exercise2Panel,
    readonly training: TrainPanel,
  ) {
    fill(
      root,
      h(
        'p',
        {},
        'Bytes the forward pass keeps for the backward pass (',
        h('code', {}, 'backend.memory().bytes'),
        ' after core’s forward minus before). ',
        h('code', {}, 'all'),
        ' keeps S_l and Z_l; ',
        h('code', {}, 'preactivations'),
        ' keeps only S_l and recomputes Z_l = f_l(S_l) when ∂L/∂W_{l+1} needs it: about half the memory, the same numbers (the seed’s Exercise 4). Switch the cache policy in panels 1 and 3 to see the values stay put.',
      ),
      this.#table,
    );
    exercise.onChange.push(() => this.measure());
    training.onChange.push(() => this.measure());
    this.measure();
  }

  measure(): void {
    const rows: HTMLElement[] = [];
    const row = (id: string, what: string, backend: string, measure: () => CacheMemory) => {
      try {
        const m = measure();
        const saved = m.all > 0 ? (100 * (m.all - m.preactivations)) / m.all : 0;
        rows.push(
          h(
            'tr',
            { 'data-row': id, 'data-all': m.all, 'data-preactivations': m.preactivations },
            h('td', {}, what),
            h('td', {}, backend),
            h('td', {}, formatBytes(m.all)),
            h('td', {}, formatBytes(m.preactivations)),
            h('td', {}, `${saved.toFixed(0)}%`),
          ),
        );
      } catch (error) {
        rows.push(
          h(
            'tr',
            { 'data-row': id },
            h('td', {}, what),
            h('td', { colspan: 4, class: 'fail' }, messageOf(error)),
          ),
        );
      }
    };
    const first = this.exercise.picker.available[0];
    if (first) {
      row('exercise2', 'Exercise 2 (2-3-1, N = 4)', first.backend.name, () =>
        exercise2CacheMemory(first.backend, this.exercise.problem),
      );
    }
    const trainer = this.training.trainer;
    if (trainer) {
      const sizes = trainer.network.sizes.join('-');
      row('train-batch', `Train ${sizes}, one batch (N = ${trainer.batchSize})`, trainer.backend.name, () =>
        trainerCacheMemory(trainer, trainer.batchSize),
      );
      row(
        'train-full',
        `Train ${sizes}, whole dataset (N = ${trainer.data.count})`,
        trainer.backend.name,
        () => trainerCacheMemory(trainer, trainer.data.count),
      );
    }
    fill(this.#table, resultsTable(['network and batch', 'backend', 'all', 'preactivations', 'saved'], rows));
  }
}
