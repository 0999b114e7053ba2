// Panel 5: Train, at TensorFlow Playground's level. Training runs in a Web Worker that holds the
// backend and core's Trainer; this thread only keeps the form, draws the snapshots the worker
// sends (network, neuron maps, boundary, loss curves) and keeps the URL equal to the setup, so a
// link restores it. Learning rate and batch size go to the running Trainer without a reset.

import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  LOSS_KINDS,
  LOSSES,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  type Parameter,
} from '@deltaml/core';
import { BACKEND_CHOICES } from '../backend-choices.js';
import { TOY_NAMES, type ToyName } from '../logic/datasets.js';
import { FEATURE_NAMES, FEATURES, type FeatureName } from '../logic/features.js';
import { formatLoss } from '../logic/format.js';
import { boundsOf, CLASS_COLORS, type Grid } from '../logic/heatmap.js';
import { fingerprint, type TrainData, trainData } from '../logic/train-data.js';
import {
  decodeSetup,
  encodeSetup,
  LIMITS,
  type ParameterValue,
  parametersOf,
  parseBatchSize,
  parseHidden,
  parseLearningRate,
  parseParameter,
  type TrainSetup,
} from '../logic/train-setup.js';
import {
  type FromWorker,
  GRID_RESOLUTION,
  type NeuronRef,
  type Snapshot,
  type ToWorker,
} from '../logic/worker-protocol.js';
import { BoundaryCanvas } from './boundary-canvas.js';
import { fill, formula, h, messageOf } from './dom.js';
import { NetworkView } from './network-view.js';

/** A screen reader hears the training status at most this often while training runs. */
const ANNOUNCE_EVERY_MS = 5000;
/** … and never twice within this, whatever happens. */
const ANNOUNCE_AT_MOST_MS = 1000;

const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

/** The Train panel. */
export class TrainPanel {
  setup: TrainSetup;
  running = false;
  /** the last snapshot drawn */
  latest: Snapshot | null = null;
  readonly #worker: Worker;
  #generation = 0;
  #data: TrainData;
  #grid: Grid;
  #pending: Snapshot | null = null;
  #frame = 0;
  #preview: NeuronRef | null = null;
  #pinned: NeuronRef | null = null;
  #lastAnnounce = 0;
  /** the network drawing's width, for the worker */
  #width = 0;
  /** the loss chart's size, for the worker */
  #chartSize = { width: 0, height: 0 };
  #unavailable = new Map<string, string>();
  readonly #form = h('form', { class: 'train-form', onsubmit: (e) => e.preventDefault() });
  readonly #status = h('p', { id: 'train-status', class: 'status' });
  readonly #announcer = h('p', {
    id: 'train-announce',
    class: 'visually-hidden',
    role: 'status',
    'aria-live': 'polite',
  });
  readonly #start = h('button', { id: 'train-start', type: 'button', onclick: () => this.toggle() }, 'Start');
  readonly #share = h('a', { id: 'train-link', href: '#train' }, 'Link to this setup');
  readonly #network: NetworkView;
  readonly #boundaryCanvas = h('canvas', {
    id: 'train-boundary',
    role: 'img',
    'aria-label': 'decision boundary',
  });
  readonly #boundary = new BoundaryCanvas(this.#boundaryCanvas);
  readonly #boundaryCaption = h('figcaption', { id: 'train-boundary-caption' });
  readonly #chartCanvas = h('canvas', { id: 'train-chart', role: 'img', 'aria-label': 'loss curves' });
  readonly #legend = h('ul', { class: 'legend' });
  readonly #lossHint = h('p', { class: 'hint', id: 'train-loss-hint' });

  constructor(root: HTMLElement) {
    const { setup, problems } = decodeSetup(location.search);
    this.setup = setup;
    this.#data = trainData(setup);
    this.#grid = this.#gridFor(this.#data);
    this.#network = new NetworkView({
      preview: (ref) => {
        this.#preview = ref;
        this.#redraw();
      },
      pin: (ref) => {
        const same = this.#pinned?.layer === ref.layer && this.#pinned.index === ref.index;
        this.#pinned = same ? null : ref;
        this.#network.setPinned(this.#pinned);
        this.#redraw();
      },
      resize: (width) => {
        this.#width = width;
        this.#sendView();
      },
    });
    fill(
      root,
      h(
        'div',
        { class: 'controls' },
        this.#start,
        h(
          'button',
          {
            id: 'train-step',
            type: 'button',
            class: 'secondary',
            onclick: () => this.#send({ type: 'step' }),
          },
          'One step',
        ),
        h(
          'button',
          { id: 'train-reset', type: 'button', class: 'secondary', onclick: () => this.rebuild() },
          'Reset',
        ),
        this.#share,
      ),
      this.#status,
      this.#announcer,
      this.#form,
      h(
        'div',
        { class: 'train-plots' },
        h(
          'figure',
          { class: 'network-figure' },
          this.#network.element,
          h(
            'figcaption',
            {},
            'The network: each square is a neuron’s output over the input plane (orange negative, blue positive); line width is |w|, blue w > 0, vermilion w < 0. Hover, focus or tap a neuron to see its map large; tap again to let go.',
          ),
        ),
        h(
          'figure',
          { class: 'boundary-figure' },
          this.#boundary.element,
          this.#boundaryCaption,
          this.#legend,
        ),
        h(
          'figure',
          { class: 'chart-figure' },
          h('div', { class: 'chart-box' }, this.#chartCanvas),
          h('figcaption', {}, 'Training loss (solid) and test loss (dashed) over the whole sets, log scale.'),
        ),
      ),
    );
    this.#worker = new Worker(new URL('../worker/train-worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#worker.onerror = (event) => this.#showError(`the training worker failed: ${event.message}`);
    // the worker paints the network and the boundary map itself: their frames bypass this thread
    const network = this.#network.canvas.transferControlToOffscreen();
    const boundary = this.#boundaryCanvas.transferControlToOffscreen();
    const chart = this.#chartCanvas.transferControlToOffscreen();
    this.#worker.postMessage({ type: 'canvases', network, boundary, chart } satisfies ToWorker, [
      network,
      boundary,
      chart,
    ]);
    new ResizeObserver(([entry]) => {
      this.#chartSize = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.#sendView();
    }).observe(this.#chartCanvas.parentElement!);
    this.#renderForm();
    this.rebuild();
    if (problems.length)
      this.#showError(`The link had values this page cannot use (defaults kept): ${problems.join('; ')}`);
  }

  /** Starts or pauses training. */
  toggle(): void {
    this.running = !this.running;
    this.#start.textContent = this.running ? 'Pause' : 'Start';
    this.#send({ type: 'run', running: this.running });
    this.#announce(this.running ? 'Training started.' : 'Training paused.', true);
  }

  /** A new dataset and network from the setup (pauses). */
  rebuild(): void {
    this.running = false;
    this.#start.textContent = 'Start';
    this.#generation++;
    this.latest = null;
    // until the new network's first snapshot, the status describes no network (the tests wait on this)
    for (const key of ['steps', 'weights', 'loss', 'backend']) delete this.#status.dataset[key];
    this.#pinned = null;
    this.#preview = null;
    history.replaceState(null, '', `?${encodeSetup(this.setup)}${location.hash}`);
    this.#share.href = `?${encodeSetup(this.setup)}#train`;
    try {
      this.#data = trainData(this.setup);
      this.#grid = this.#gridFor(this.#data);
      const sizes = [this.#data.inputSize, ...this.setup.hidden, this.#data.outputSize];
      this.#network.build(
        sizes,
        this.setup.features.map((f) => FEATURES[f].label),
      );
      this.#status.dataset.dataset = fingerprint(this.#data.toy.points, this.#data.toy.labels);
      this.#renderLegend();
      this.#boundary.drawPoints(this.#data.toy, this.#data.trainCount, this.#grid.bounds);
      this.#redraw();
    } catch (error) {
      this.#showError(messageOf(error));
    }
    this.#send({ type: 'setup', setup: this.setup });
  }

  #gridFor(data: TrainData): Grid {
    return { bounds: boundsOf(data.toy.points), cols: GRID_RESOLUTION, rows: GRID_RESOLUTION };
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case 'snapshot':
        if (message.generation !== this.#generation) return;
        this.#pending = message;
        if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#drawSnapshot());
        break;
      case 'error':
        if (message.generation !== this.#generation) return;
        this.running = false;
        this.#start.textContent = 'Start';
        this.#showError(message.message);
        break;
      case 'backend':
        if (message.ok) this.#unavailable.delete(message.id);
        else this.#unavailable.set(message.id, message.detail);
        this.#renderBackendOptions();
        break;
    }
  }

  /**
   * Draws the latest snapshot. While training, each snapshot redraws the status and one of the
   * three pictures in turn (curves, network, boundary), so every task on this thread stays small;
   * when paused, everything is drawn at once.
   */
  #drawSnapshot(): void {
    this.#frame = 0;
    const s = this.#pending;
    if (!s) return;
    this.#pending = null;
    const first = this.latest === null;
    this.latest = s;
    if (first) this.#status.dataset.weights = fingerprint(s.weights.W.flat(2), s.weights.b.flat());
    this.#showStatus(s);
    this.#describe();
  }

  #showStatus(s: Snapshot): void {
    const text = `step ${s.steps} · epoch ${s.epoch} · training loss ${formatLoss(s.trainLoss)} · test loss ${formatLoss(s.testLoss)} · accuracy ${percent(s.trainAccuracy)} training, ${percent(s.testAccuracy)} test · ${s.backend}${s.running ? ` · ${Math.round(s.stepsPerSecond).toLocaleString('en')} steps/s` : ''}`;
    this.#status.classList.remove('error');
    this.#status.textContent = text;
    Object.assign(this.#status.dataset, {
      steps: String(s.steps),
      loss: String(s.trainLoss),
      testLoss: String(s.testLoss),
      accuracy: String(s.trainAccuracy),
      stepsPerSecond: String(s.stepsPerSecond),
      lr: String(s.lr),
      batchSize: String(s.batchSize),
      backend: s.backend,
    });
    this.#chartCanvas.setAttribute(
      'aria-label',
      `Loss curves: at step ${s.steps}, training loss ${formatLoss(s.trainLoss)}, test loss ${formatLoss(s.testLoss)}.`,
    );
    this.#announce(
      `Step ${s.steps}: training loss ${formatLoss(s.trainLoss)}, test accuracy ${percent(s.testAccuracy)}.`,
      false,
    );
  }

  /** What the worker paints: the width, the pixel ratio, the neuron shown large, flat colours. */
  #sendView(): void {
    this.#send({
      type: 'view',
      view: {
        width: this.#width,
        pixelRatio: window.devicePixelRatio || 1,
        preview: this.#preview ?? this.#pinned,
        discretize: this.setup.discretize,
        chart: this.#chartSize,
      },
    });
  }

  /** Shows the pinned or previewed neuron's map, else the classes: tells the worker, and says it in words. */
  #redraw(): void {
    this.#sendView();
    this.#describe();
  }

  /** The boundary plot's caption and text alternative. */
  #describe(): void {
    const s = this.latest;
    const ref = this.#preview ?? this.#pinned;
    let what = this.setup.discretize
      ? 'the class the network predicts at each point'
      : 'the class the network predicts at each point (paler: less sure)';
    if (ref && ref.layer === 0) what = `input feature ${this.#network.nameOf(ref)}`;
    else if (ref) what = `the output of neuron ${this.#network.nameOf(ref)} (orange negative, blue positive)`;
    const accuracy = s
      ? `; accuracy ${percent(s.trainAccuracy)} on the training points, ${percent(s.testAccuracy)} on the test points`
      : '';
    const summary = `Plot of x₁ against x₂ showing ${what}, with ${this.#data.trainCount} training points (filled) and ${this.#data.toy.count - this.#data.trainCount} test points (rings) of ${this.#data.toy.classes} classes${accuracy}.`;
    this.#boundaryCanvas.setAttribute('aria-label', summary);
    this.#boundaryCaption.textContent = `Showing ${what}.`;
  }

  #renderLegend(): void {
    fill(
      this.#legend,
      ...Array.from({ length: this.#data.toy.classes }, (_, k) => {
        const [r, g, b] = CLASS_COLORS[k];
        return h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background: rgb(${r}, ${g}, ${b})` }),
          `class ${k + 1}`,
        );
      }),
      h('li', {}, h('span', { class: 'dot filled' }), 'training point'),
      h('li', {}, h('span', { class: 'dot ring' }), 'test point'),
    );
  }

  #showError(text: string): void {
    this.#status.textContent = text;
    this.#status.classList.add('error');
    this.#announce(text, true);
  }

  /** Polite announcements: at most one a second, and while training only every few seconds. */
  #announce(text: string, important: boolean): void {
    const now = performance.now();
    const wait = important ? ANNOUNCE_AT_MOST_MS : ANNOUNCE_EVERY_MS;
    if (now - this.#lastAnnounce < wait) return;
    this.#lastAnnounce = now;
    this.#announcer.textContent = text;
  }

  /** Changes the setup; `live` fields go to the running Trainer, the rest rebuild. */
  #change(next: Partial<TrainSetup>, how: 'rebuild' | 'live' | 'draw' = 'rebuild'): void {
    this.setup = { ...this.setup, ...next };
    history.replaceState(null, '', `?${encodeSetup(this.setup)}${location.hash}`);
    this.#share.href = `?${encodeSetup(this.setup)}#train`;
    if ('loss' in next || 'optimizer' in next) {
      const focused = document.activeElement?.id; // the form is redrawn with the new parameters: keep the focus
      this.#renderForm();
      if (focused) document.getElementById(focused)?.focus();
    }
    if (how === 'rebuild') this.rebuild();
    else if (how === 'draw') this.#redraw();
  }

  /** A form field that parses its text and reports a bad value next to the status, naming the field. */
  #field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
    control.id = id;
    return h('label', { for: id }, h('span', {}, label), control, hint ? h('small', {}, hint) : null);
  }

  #guard(input: HTMLInputElement | HTMLSelectElement, apply: () => void): void {
    try {
      apply();
      input.removeAttribute('aria-invalid');
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      this.#showError(messageOf(error));
    }
  }

  #select(
    values: readonly string[],
    value: string,
    describe: (v: string) => string,
    onchange: (v: string) => void,
  ): HTMLSelectElement {
    return h(
      'select',
      { onchange: (e) => onchange((e.target as HTMLSelectElement).value) },
      ...values.map((v) => h('option', { value: v, selected: v === value, title: describe(v) }, v)),
    );
  }

  #renderBackendOptions(): void {
    const select = this.#form.querySelector<HTMLSelectElement>('#train-backend');
    if (!select) return;
    for (const option of Array.from(select.options)) {
      const reason = this.#unavailable.get(option.value);
      option.textContent = reason ? `${option.value} (cannot run here)` : option.value;
      option.title = reason ?? BACKEND_CHOICES.find((c) => c.id === option.value)?.label ?? '';
    }
  }

  #parameterFields(kind: 'loss' | 'optimizer'): HTMLElement[] {
    const values = kind === 'loss' ? this.setup.lossParameters : this.setup.optimizerParameters;
    const owner = kind === 'loss' ? `loss ${this.setup.loss}` : `optimizer ${this.setup.optimizer}`;
    const set = (p: Parameter, value: ParameterValue) => {
      const now = kind === 'loss' ? this.setup.lossParameters : this.setup.optimizerParameters;
      const next = { ...now, [p.key]: value };
      this.#change(kind === 'loss' ? { lossParameters: next } : { optimizerParameters: next });
    };
    return parametersOf(kind, this.setup).map((p) => {
      const id = `train-${kind}-${p.flag}`;
      const current = values[p.key] ?? p.default;
      const label = p.key === 'weightDecay' ? 'weight decay' : p.key;
      switch (p.type) {
        case 'boolean': {
          const box = h('input', {
            type: 'checkbox',
            checked: current === true,
            onchange: (e) => set(p, (e.target as HTMLInputElement).checked),
          });
          return h(
            'label',
            { for: id, class: 'check', title: p.description },
            Object.assign(box, { id }),
            ` ${label}`,
          );
        }
        case 'choice':
          return this.#field(
            id,
            label,
            this.#select(
              p.choices,
              String(current),
              () => p.description,
              (v) => set(p, v),
            ),
            p.description,
          );
        case 'number': {
          const input: HTMLInputElement = h('input', {
            value: String(current),
            inputmode: 'decimal',
            onchange: () => this.#guard(input, () => set(p, parseParameter(p, input.value, owner))),
          });
          return this.#field(id, label, input, p.description);
        }
      }
    });
  }

  #renderForm(): void {
    const s = this.setup;
    const range = (min: number, max: number, step: number, value: number, onchange: (v: number) => void) => {
      const output = h('output', {}, String(value));
      const input = h('input', {
        type: 'range',
        min,
        max,
        step,
        value,
        oninput: (e) => {
          output.textContent = (e.target as HTMLInputElement).value;
        },
        onchange: (e) => onchange(Number((e.target as HTMLInputElement).value)),
      });
      return { input, output };
    };
    const noise = range(LIMITS.noise.min, LIMITS.noise.max, 0.01, s.noise, (noise) =>
      this.#change({ noise }),
    );
    const split = range(LIMITS.trainPercent.min, LIMITS.trainPercent.max, 5, s.trainPercent, (trainPercent) =>
      this.#change({ trainPercent }),
    );
    const hidden: HTMLInputElement = h('input', {
      value: s.hidden.join(', '),
      onchange: () => this.#guard(hidden, () => this.#change({ hidden: parseHidden(hidden.value) })),
    });
    const lr: HTMLInputElement = h('input', {
      value: String(s.lr),
      inputmode: 'decimal',
      onchange: () =>
        this.#guard(lr, () => {
          const value = parseLearningRate(lr.value);
          this.#change({ lr: value }, 'live');
          this.#send({ type: 'lr', lr: value });
        }),
    });
    const batch: HTMLInputElement = h('input', {
      value: String(s.batchSize),
      onchange: () =>
        this.#guard(batch, () => {
          const value = parseBatchSize(batch.value);
          this.#change({ batchSize: value }, 'live');
          this.#send({ type: 'batch', batchSize: value });
        }),
    });
    const seed: HTMLInputElement = h('input', {
      value: String(s.seed),
      inputmode: 'numeric',
      onchange: () =>
        this.#guard(seed, () => {
          const value = Number(seed.value);
          if (!Number.isInteger(value) || value < 0)
            throw new Error(`seed is "${seed.value}"; it must be a whole number ≥ 0`);
          this.#change({ seed: value });
        }),
    });
    const features = h(
      'fieldset',
      { class: 'features' },
      h('legend', {}, 'input features'),
      ...FEATURE_NAMES.map((f) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            'data-feature': f,
            checked: s.features.includes(f),
            onchange: (e) => {
              const box = e.target as HTMLInputElement;
              const next = FEATURE_NAMES.filter((name) =>
                name === f ? box.checked : this.setup.features.includes(name),
              );
              if (next.length === 0) {
                box.checked = true;
                this.#showError('keep at least one input feature');
                return;
              }
              this.#change({ features: next as FeatureName[] });
            },
          }),
          ` ${FEATURES[f].label}`,
        ),
      ),
    );
    fill(this.#lossHint, formula(`${LOSSES[s.loss].description}. Learning rate: ${LOSSES[s.loss].lrGuide}.`));
    const discretize = h('input', {
      type: 'checkbox',
      id: 'train-discretize',
      checked: s.discretize,
      onchange: (e) => this.#change({ discretize: (e.target as HTMLInputElement).checked }, 'draw'),
    });
    fill(
      this.#form,
      h(
        'fieldset',
        {},
        h('legend', {}, 'data'),
        this.#field(
          'train-backend',
          'backend (runs in a worker)',
          this.#select(
            BACKEND_CHOICES.map((c) => c.id),
            s.backend,
            (v) => BACKEND_CHOICES.find((c) => c.id === v)?.label ?? v,
            (backend) => this.#change({ backend }),
          ),
        ),
        this.#field(
          'train-dataset',
          'dataset',
          this.#select(
            TOY_NAMES,
            s.dataset,
            (v) => v,
            (dataset) => this.#change({ dataset: dataset as ToyName }),
          ),
        ),
        h(
          'label',
          { for: 'train-noise' },
          h('span', {}, 'noise '),
          Object.assign(noise.input, { id: 'train-noise' }),
          noise.output,
        ),
        h(
          'label',
          { for: 'train-split' },
          h('span', {}, 'training share (%) '),
          Object.assign(split.input, { id: 'train-split' }),
          split.output,
        ),
        this.#field('train-seed', 'seed', seed),
      ),
      features,
      h(
        'fieldset',
        {},
        h('legend', {}, 'network'),
        this.#field(
          'train-hidden',
          'hidden layers',
          hidden,
          `sizes, comma-separated (≤ ${LIMITS.layers} layers of ≤ ${LIMITS.width})`,
        ),
        this.#field(
          'train-activation',
          'activation',
          this.#select(
            ACTIVATION_KINDS,
            s.activation,
            (v) => ACTIVATIONS[v as keyof typeof ACTIVATIONS].description,
            (activation) => this.#change({ activation: activation as TrainSetup['activation'] }),
          ),
          ACTIVATIONS[s.activation].description,
        ),
        this.#field(
          'train-loss',
          'loss',
          this.#select(
            LOSS_KINDS,
            s.loss,
            (v) => LOSSES[v as keyof typeof LOSSES].description,
            (loss) => this.#change({ loss: loss as TrainSetup['loss'], lossParameters: {} }),
          ),
        ),
        this.#lossHint,
        ...this.#parameterFields('loss'),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'optimizer'),
        this.#field(
          'train-optimizer',
          'optimizer',
          this.#select(
            OPTIMIZER_KINDS,
            s.optimizer,
            (v) => OPTIMIZERS[v as keyof typeof OPTIMIZERS].description,
            (optimizer) =>
              this.#change({ optimizer: optimizer as TrainSetup['optimizer'], optimizerParameters: {} }),
          ),
          OPTIMIZERS[s.optimizer].description,
        ),
        ...this.#parameterFields('optimizer'),
        this.#field('train-lr', 'learning rate (live)', lr),
        this.#field('train-batch', 'batch size or "full" (live)', batch),
        h('label', { for: 'train-discretize', class: 'check' }, discretize, ' discretize the boundary'),
      ),
    );
    this.#renderBackendOptions();
  }
}
