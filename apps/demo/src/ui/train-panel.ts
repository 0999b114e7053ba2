// Panel 3: train a small network on a toy dataset. Steps run in short time slices between
// frames, so the page keeps responding; the loss curve and the heat map follow as it learns.

import { ACTIVATION_KINDS, CACHE_POLICIES } from '@deltaml/core';
import { makeToyDataset, TOY_NAMES, type ToyDataset, type ToyName } from '../logic/datasets.js';
import { formatLoss } from '../logic/format.js';
import { DEFAULT_FORM, DEFAULT_LR, parseTrainForm, type TrainForm } from '../logic/train-settings.js';
import { Trainer } from '../logic/trainer.js';
import type { AvailableBackend } from './backend-status.js';
import { fill, h, messageOf } from './dom.js';
import { HeatmapCanvas } from './heatmap-canvas.js';
import { LossChart } from './loss-chart.js';

/** At most this many milliseconds of training per frame, so clicks are answered within a frame or two. */
const SLICE_MS = 12;
/** Steps per frame the speed picker offers: few to watch the boundary move, many to train fast. */
const SPEEDS = ['1', '10', '50', '250'];
/** How often the heat map is redrawn while training (it runs the network on every grid cell). */
const HEATMAP_EVERY_MS = 250;

export class TrainPanel {
  trainer: Trainer | null = null;
  toy: ToyDataset = makeToyDataset('xor');
  running = false;
  /** listeners told when a new network is built (the memory panel follows it) */
  readonly onChange: (() => void)[] = [];
  readonly #fields: Record<keyof TrainForm | 'dataset' | 'backend', HTMLInputElement | HTMLSelectElement>;
  readonly #status = h('p', { id: 'train-status', class: 'status', role: 'status' });
  readonly #startButton = h('button', { id: 'train-start', onclick: () => this.toggle() }, 'Start');
  readonly #chart: LossChart;
  readonly #speed = h(
    'select',
    { id: 'train-speed' },
    ...SPEEDS.map((v) => h('option', { value: v, selected: v === '10' }, v)),
  );
  readonly #heatmapCanvas = h('canvas', { id: 'train-heatmap', width: 320, height: 320 });
  #heatmap: HeatmapCanvas;
  #lastHeatmap = 0;

  constructor(
    root: HTMLElement,
    readonly backends: readonly AvailableBackend[],
  ) {
    const select = (id: string, options: readonly string[], value: string, onchange = () => this.rebuild()) =>
      h(
        'select',
        { id, onchange },
        ...options.map((o) => h('option', { value: o, selected: o === value }, o)),
      );
    const input = (id: string, value: string, size = 6) =>
      h('input', { id, value, size, onchange: () => this.rebuild() });
    this.#fields = {
      backend: select(
        'train-backend',
        backends.map((b) => b.id),
        backends[0]?.id ?? '',
      ),
      dataset: select('train-dataset', TOY_NAMES, 'xor'),
      hidden: input('train-hidden', DEFAULT_FORM.hidden, 8),
      activation: select('train-activation', ACTIVATION_KINDS, DEFAULT_FORM.activation),
      loss: select('train-loss', ['mse', 'hinge'], DEFAULT_FORM.loss, () => this.#lossChanged()),
      margin: input('train-margin', DEFAULT_FORM.margin, 4),
      lr: input('train-lr', DEFAULT_FORM.lr, 5),
      batchSize: input('train-batch', DEFAULT_FORM.batchSize, 5),
      cache: select('train-cache', CACHE_POLICIES, DEFAULT_FORM.cache),
      seed: input('train-seed', DEFAULT_FORM.seed, 4),
    };
    const field = (label: string, el: HTMLElement) => h('label', {}, h('span', {}, label), el);
    const f = this.#fields;
    const chartCanvas = h('canvas', { id: 'train-chart', width: 420, height: 320 });
    fill(
      root,
      h(
        'div',
        { class: 'train-form' },
        field('backend', f.backend),
        field('dataset', f.dataset),
        field('hidden layers', f.hidden),
        field('activation', f.activation),
        field('loss', f.loss),
        field('margin', f.margin),
        field('learning rate', f.lr),
        field('batch size (or full)', f.batchSize),
        field('cache policy', f.cache),
        field('seed', f.seed),
      ),
      h(
        'div',
        { class: 'controls' },
        this.#startButton,
        h('button', { id: 'train-step', onclick: () => this.singleStep() }, 'Single step'),
        h('button', { id: 'train-reset', class: 'secondary', onclick: () => this.rebuild() }, 'Reset'),
        h('label', {}, 'steps per frame ', this.#speed),
      ),
      this.#status,
      h(
        'div',
        { class: 'train-plots' },
        h(
          'figure',
          {},
          this.#heatmapCanvas,
          h(
            'figcaption',
            {},
            'The class the network predicts at each point (paler: less sure); dots: the data.',
          ),
        ),
        h(
          'figure',
          {},
          chartCanvas,
          h('figcaption', {}, 'Loss over the whole dataset after each frame of steps (log scale).'),
        ),
      ),
    );
    this.#chart = new LossChart(chartCanvas);
    this.#heatmap = new HeatmapCanvas(this.#heatmapCanvas, this.toy);
    this.rebuild();
  }

  /** A new dataset and network from the form (pauses training). */
  rebuild(): void {
    this.pause();
    this.trainer?.dispose();
    this.trainer = null;
    this.#chart.clear();
    try {
      const f = this.#fields;
      f.margin.disabled = f.loss.value !== 'hinge';
      const settings = parseTrainForm({
        hidden: f.hidden.value,
        activation: f.activation.value,
        loss: f.loss.value,
        margin: f.margin.value,
        lr: f.lr.value,
        batchSize: f.batchSize.value,
        cache: f.cache.value,
        seed: f.seed.value,
      });
      const backend = this.backends.find((b) => b.id === f.backend.value);
      if (!backend) throw new Error('no backend runs here');
      this.toy = makeToyDataset(f.dataset.value as ToyName, { seed: settings.seed });
      this.#heatmap = new HeatmapCanvas(this.#heatmapCanvas, this.toy);
      this.trainer = new Trainer(backend.backend, this.toy, settings);
      this.#report(true);
    } catch (error) {
      this.#heatmap.draw(this.toy, null);
      this.#status.textContent = messageOf(error);
      this.#status.classList.add('error');
    }
    for (const listener of this.onChange) listener();
  }

  /** A new loss brings its own learning rate (the hinge sums over the batch). */
  #lossChanged(): void {
    this.#fields.lr.value = DEFAULT_LR[this.#fields.loss.value as keyof typeof DEFAULT_LR];
    this.rebuild();
  }

  toggle(): void {
    if (this.running) this.pause();
    else this.start();
  }

  start(): void {
    if (!this.trainer || this.running) return;
    this.running = true;
    this.#startButton.textContent = 'Pause';
    setTimeout(() => this.#slice(), 0);
  }

  pause(): void {
    this.running = false;
    this.#startButton.textContent = 'Start';
  }

  singleStep(): void {
    if (!this.trainer) return;
    this.pause();
    this.#guard(() => this.trainer!.step());
    this.#report(true);
  }

  #slice(): void {
    if (!this.running || !this.trainer) return;
    if (this.#guard(() => this.trainer!.runFor(SLICE_MS, Number(this.#speed.value)))) {
      this.#report(performance.now() - this.#lastHeatmap > HEATMAP_EVERY_MS);
      requestAnimationFrame(() => this.#slice());
    }
  }

  /** Runs a training call; a failure (a loss that became NaN) pauses and is shown. */
  #guard(run: () => unknown): boolean {
    try {
      run();
      return true;
    } catch (error) {
      this.pause();
      this.#status.textContent = messageOf(error);
      this.#status.classList.add('error');
      return false;
    }
  }

  #report(redrawHeatmap: boolean): void {
    const trainer = this.trainer!;
    const { loss, accuracy } = trainer.evaluate();
    this.#chart.add(trainer.steps, loss);
    this.#chart.draw();
    if (redrawHeatmap) {
      this.#heatmap.draw(this.toy, trainer.scores(this.#heatmap.batch));
      this.#lastHeatmap = performance.now();
    }
    const name = trainer.settings.loss.kind === 'mse' ? 'MSE' : 'hinge loss';
    this.#status.classList.remove('error');
    this.#status.dataset.steps = String(trainer.steps);
    this.#status.dataset.loss = String(loss);
    this.#status.textContent = `step ${trainer.steps} · ${name} ${formatLoss(loss)} · accuracy ${(100 * accuracy).toFixed(1)}% · ${trainer.backend.name}`;
  }
}
