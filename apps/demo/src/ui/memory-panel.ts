// Panel 3: Exercise 4 side by side. For the Exercise 2 network (with panel 1's numbers), what
// the forward cache keeps under `all` and under `preactivations` — name, shape and bytes as the
// chosen backend accounts for them — and the backward pass played kernel by kernel under both
// policies, with the recomputation of Z_{l−1} highlighted as it happens.

import { formatBytes } from '../logic/format.js';
import { type BackwardEvent, backwardTrace, exercise2Memory, type PolicyMemory } from '../logic/memory.js';
import type { BackendPicker } from './backend-status.js';
import { fill, formula, h, messageLine, messageOf } from './dom.js';
import type { Exercise2Panel } from './exercise2-panel.js';

/** Milliseconds between two kernels when the backward pass plays by itself. */
const PLAY_EVERY_MS = 900;

/** Exercise 4: both cache policies side by side. */
export class MemoryPanel {
  readonly #backend: HTMLSelectElement;
  readonly #columns = h('div', { class: 'policies' });
  readonly #announce = messageLine();
  readonly #play = h('button', { id: 'memory-play', onclick: () => this.play() }, 'Play Backward');
  readonly #step = h(
    'button',
    { id: 'memory-step', class: 'secondary', onclick: () => this.advance() },
    'Next kernel',
  );
  #traces: Record<'all' | 'preactivations', BackwardEvent[]> = { all: [], preactivations: [] };
  /** the kernel being shown, −1 before Backward starts */
  #position = -1;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    root: HTMLElement,
    readonly picker: BackendPicker,
    readonly exercise: Exercise2Panel,
  ) {
    this.#backend = h('select', { id: 'memory-backend', onchange: () => this.measure() });
    fill(
      root,
      h(
        'p',
        { class: 'intro' },
        formula(
          'The worked example’s Exercise 4: instead of keeping S_l and Z_l for the backward pass, keep only S_l and recompute Z_l = f_l(S_l) when ∂L/∂W_{l+1} = δ_{l+1} Z_l^T needs it. Below, the Exercise 2 network with the numbers of panel 1; the bytes are the backend’s own accounting (',
        ),
        h('code', {}, 'backend.memory()'),
        ').',
      ),
      h('div', { class: 'controls' }, h('label', {}, 'backend ', this.#backend), this.#play, this.#step),
      this.#announce,
      this.#columns,
    );
    exercise.onChange.push(() => this.measure());
    picker.onChange.push(() => this.measure());
    this.measure();
  }

  /** Measures both policies on the chosen backend and records both backward passes. */
  measure(): void {
    this.#stop();
    const names = this.picker.enabledSync.map((b) => b.backend.name);
    const chosen = names.includes(this.#backend.value) ? this.#backend.value : names[0];
    fill(this.#backend, ...names.map((n) => h('option', { value: n, selected: n === chosen }, n)));
    const backend = this.picker.enabledSync.find((b) => b.backend.name === chosen)?.backend;
    if (!backend) {
      fill(this.#columns, h('p', { class: 'fail' }, 'No backend with synchronous reads is ticked.'));
      return;
    }
    try {
      const memory = exercise2Memory(backend, this.exercise.problem);
      this.#traces = {
        all: backwardTrace(backend, this.exercise.problem, 'all'),
        preactivations: backwardTrace(backend, this.exercise.problem, 'preactivations'),
      };
      this.#position = -1;
      this.#memory = memory;
      this.#render();
    } catch (error) {
      fill(this.#columns, h('p', { class: 'fail' }, messageOf(error)));
    }
  }

  #memory: PolicyMemory[] = [];

  /** Plays the backward pass one kernel at a time; pressing again pauses. */
  play(): void {
    if (this.#timer) {
      this.#stop();
      return;
    }
    if (this.#position >= this.#length() - 1) this.#position = -1;
    this.#play.textContent = 'Pause';
    this.#timer = setInterval(() => {
      this.advance();
      if (this.#position >= this.#length() - 1) this.#stop();
    }, PLAY_EVERY_MS);
  }

  /** Shows the next kernel of both backward passes. */
  advance(): void {
    this.#position = this.#position >= this.#length() - 1 ? 0 : this.#position + 1;
    this.#render();
    const pre = this.#traces.preactivations[this.#position];
    if (pre?.recompute) this.#announce.textContent = `preactivations: ${pre.text}`;
  }

  #length(): number {
    return Math.max(this.#traces.all.length, this.#traces.preactivations.length);
  }

  #stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#play.textContent = 'Play Backward';
  }

  #render(): void {
    const column = (m: PolicyMemory) => {
      const trace = this.#traces[m.policy];
      const listed = m.matrices.reduce((sum, x) => sum + x.bytes, 0);
      return h(
        'section',
        { class: `policy policy-${m.policy}`, 'data-policy': m.policy, 'data-total': m.total },
        h(
          'h3',
          {},
          formula(m.policy === 'all' ? 'all: keeps S_l and Z_l' : 'preactivations: keeps S_l only'),
        ),
        h(
          'table',
          { class: 'results cached' },
          h('caption', {}, `What the forward cache keeps (${m.policy})`),
          h(
            'thead',
            {},
            h('tr', {}, ...['matrix', 'shape', 'bytes'].map((c) => h('th', { scope: 'col' }, c))),
          ),
          h(
            'tbody',
            {},
            ...m.matrices.map((x) =>
              h(
                'tr',
                { 'data-matrix': x.name, 'data-bytes': x.bytes },
                h('th', { scope: 'row' }, x.name),
                h('td', {}, `${x.rows} × ${x.cols}`),
                h('td', {}, formatBytes(x.bytes)),
              ),
            ),
          ),
          h(
            'tfoot',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, 'total'),
              h('td', {}, listed === m.total ? 'as listed' : `listed ${formatBytes(listed)}`),
              h('td', { class: 'total' }, formatBytes(m.total)),
            ),
          ),
        ),
        h(
          'ol',
          { class: 'trace', 'aria-label': `backward pass under ${m.policy}` },
          ...trace.map((e, k) =>
            h(
              'li',
              {
                class: `${e.recompute ? 'recompute' : ''} ${k === this.#position ? 'current' : ''} ${k < this.#position ? 'done' : ''}`,
                'aria-current': k === this.#position ? 'step' : undefined,
              },
              e.text,
              e.recompute ? h('span', { class: 'tag' }, ' recomputed') : null,
            ),
          ),
        ),
      );
    };
    fill(this.#columns, ...this.#memory.map(column));
  }
}
