// Panel 5: Train, at TensorFlow Playground's level. Training runs in a Web Worker that holds the
// backend and core's Trainer (train-worker-client.ts speaks to it); this file lays the panel out
// — the controls row with the data file (train-data-file.ts) and the model files
// (train-model-files.ts), the status (train-status.ts), the form (train-form.ts) and the figures
// the worker paints (train-plots.ts) — and ties them together: a change of the form becomes a new
// run, a live change of the running Trainer or a redraw, a loaded data file a new run on its
// points, a loaded model file a new run of its network, and the address always holds the setup
// (train-url.ts).
import { FEATURES } from '../logic/features.js';
import { fingerprint, type TrainData, trainData } from '../logic/train-data.js';
import type { TrainSetup } from '../logic/train-setup.js';
import type { NeuronRef, Snapshot } from '../logic/worker-protocol.js';
import { fill, h, messageOf } from './dom.js';
import { TrainDataFile } from './train-data-file.js';
import { type ChangeEffect, TrainForm } from './train-form.js';
import { TrainModelFiles } from './train-model-files.js';
import { TrainPlots } from './train-plots.js';
import { TrainStatus } from './train-status.js';
import { setupFromAddress, showSetupInAddress } from './train-url.js';
import { TrainWorkerClient } from './train-worker-client.js';

/** The Train panel. */
export class TrainPanel {
  setup: TrainSetup;
  running = false;
  /** the last snapshot drawn */
  latest: Snapshot | null = null;
  #data: TrainData;
  #pending: Snapshot | null = null;
  #frame = 0;
  #preview: NeuronRef | null = null;
  #pinned: NeuronRef | null = null;
  /** the network drawing's width, for the worker */
  #width = 0;
  /** the loss chart's size, for the worker */
  #chartSize = { width: 0, height: 0 };
  readonly #status = new TrainStatus();
  readonly #form = new TrainForm({
    setup: () => this.setup,
    change: (next, effect) => this.#change(next, effect),
    error: (message) => this.#status.error(message),
  });
  readonly #start = h('button', { id: 'train-start', type: 'button', onclick: () => this.toggle() }, 'Start');
  readonly #share = h('a', { id: 'train-link', href: '#train' }, 'Link to this setup');
  readonly #files = new TrainModelFiles({
    setup: () => this.setup,
    classes: () => this.#data.toy.classes,
    network: () => this.#worker.network(),
    load: async ({ setup, model }) => {
      await this.#worker.load(setup, model);
      this.setup = setup;
      this.#form.render(setup);
      this.#show();
    },
  });
  readonly #dataFile = new TrainDataFile({
    load: (file) => {
      this.setup = { ...this.setup, file };
      this.#form.render(this.setup);
      this.rebuild();
    },
  });
  readonly #plots = new TrainPlots({
    preview: (ref) => {
      this.#preview = ref;
      this.#redraw();
    },
    pin: (ref) => {
      const same = this.#pinned?.layer === ref.layer && this.#pinned.index === ref.index;
      this.#pinned = same ? null : ref;
      this.#plots.network.setPinned(this.#pinned);
      this.#redraw();
    },
    resize: (width) => {
      this.#width = width;
      this.#sendView();
    },
  });
  readonly #worker: TrainWorkerClient;

  constructor(root: HTMLElement) {
    const { setup, problems } = setupFromAddress();
    this.setup = setup;
    this.#data = trainData(setup);
    fill(
      root,
      this.#controls(),
      this.#status.line,
      this.#files.message,
      this.#dataFile.message,
      this.#status.announcer,
      this.#form.element,
      this.#plots.element,
    );
    // the worker paints the network, the boundary map and the chart itself: their frames bypass this thread
    this.#worker = new TrainWorkerClient(
      {
        network: this.#plots.network.canvas,
        boundary: this.#plots.boundaryCanvas,
        chart: this.#plots.chartCanvas,
      },
      {
        snapshot: (s) => {
          this.#pending = s;
          if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#drawSnapshot());
        },
        error: (message) => {
          this.#stopped();
          this.#status.error(message);
        },
        crashed: (message) => this.#status.error(message),
        backend: (id, ok, detail) => this.#form.backendLoaded(id, ok, detail),
        started: (isolated) => this.#status.setWorker(isolated),
      },
    );
    new ResizeObserver(([entry]) => {
      this.#chartSize = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.#sendView();
    }).observe(this.#plots.chartCanvas.parentElement!);
    this.#form.render(this.setup);
    this.rebuild();
    if (problems.length)
      this.#status.error(`The link had values this page cannot use (defaults kept): ${problems.join('; ')}`);
  }

  /** Starts or pauses training. */
  toggle(): void {
    this.running = !this.running;
    this.#start.textContent = this.running ? 'Pause' : 'Start';
    this.#worker.run(this.running);
    this.#status.announce(this.running ? 'Training started.' : 'Training paused.', true);
  }

  /** A new dataset and network from the setup (pauses). */
  rebuild(): void {
    this.#show();
    this.#worker.setup(this.setup);
  }

  /** Shows the setup's dataset and network, paused, waiting for the worker's first snapshot of it. */
  #show(): void {
    this.#stopped();
    this.latest = null;
    this.#status.clearNetwork();
    this.#pinned = null;
    this.#preview = null;
    showSetupInAddress(this.setup, this.#share);
    try {
      this.#data = trainData(this.setup);
      const sizes = [this.#data.inputSize, ...this.setup.hidden, this.#data.outputSize];
      this.#plots.network.build(
        sizes,
        this.setup.features.map((f) => FEATURES[f].label),
      );
      this.#status.setDataset(fingerprint(this.#data.toy.points, this.#data.toy.labels));
      this.#plots.showData(this.#data);
      this.#redraw();
    } catch (error) {
      this.#status.error(messageOf(error));
    }
  }

  /** The row of buttons over the panel: Start/Pause, One step, Reset, the link to this setup and the model files. */
  #controls(): HTMLElement {
    const button = (id: string, label: string, onclick: () => void) =>
      h('button', { id, type: 'button', class: 'secondary', onclick }, label);
    return h(
      'div',
      { class: 'controls' },
      this.#start,
      button('train-step', 'One step', () => this.#worker.step()),
      button('train-reset', 'Reset', () => this.rebuild()),
      this.#share,
      this.#dataFile.element,
      this.#files.element,
    );
  }

  /** Training is not running (a new run, or the worker stopped it). */
  #stopped(): void {
    this.running = false;
    this.#start.textContent = 'Start';
  }

  /** Changes the setup; `live` fields go to the running Trainer, `draw` only repaints, the rest rebuild. */
  #change(next: Partial<TrainSetup>, effect: ChangeEffect = 'rebuild'): void {
    this.setup = { ...this.setup, ...next };
    showSetupInAddress(this.setup, this.#share);
    if ('loss' in next || 'optimizer' in next) {
      const focused = document.activeElement?.id; // the form is redrawn with the new parameters: keep the focus
      this.#form.render(this.setup);
      if (focused) document.getElementById(focused)?.focus();
    }
    switch (effect) {
      case 'rebuild':
        this.rebuild();
        break;
      case 'live':
        if (next.lr !== undefined) this.#worker.learningRate(next.lr);
        if (next.batchSize !== undefined) this.#worker.batchSize(next.batchSize);
        break;
      case 'draw':
        this.#redraw();
        break;
    }
  }

  /**
   * Draws the latest snapshot: the status, its numbers in words and the captions (the worker has
   * painted the pictures), at most once per animation frame.
   */
  #drawSnapshot(): void {
    this.#frame = 0;
    const s = this.#pending;
    if (!s) return;
    this.#pending = null;
    const first = this.latest === null;
    this.latest = s;
    if (first) this.#status.setWeights(fingerprint(s.weights.W.flat(2), s.weights.b.flat()));
    this.#status.show(s);
    this.#plots.describeLoss(s);
    this.#describe();
  }

  /** What the worker paints: the width, the pixel ratio, the neuron shown large, flat colours. */
  #sendView(): void {
    this.#worker.view({
      width: this.#width,
      pixelRatio: window.devicePixelRatio || 1,
      preview: this.#preview ?? this.#pinned,
      discretize: this.setup.discretize,
      chart: this.#chartSize,
    });
  }

  /** Shows the pinned or previewed neuron's map, else the classes: tells the worker, and says it in words. */
  #redraw(): void {
    this.#sendView();
    this.#describe();
  }

  /** The boundary plot's caption and text alternative. */
  #describe(): void {
    this.#plots.describeBoundary({
      data: this.#data,
      discretize: this.setup.discretize,
      neuron: this.#preview ?? this.#pinned,
      latest: this.latest,
    });
  }
}
