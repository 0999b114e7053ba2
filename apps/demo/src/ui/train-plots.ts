// The Train panel's three figures: the network (each neuron a heat map), the boundary map with its
// legend and caption, and the loss curves. The worker paints all three canvases; this file lays
// the figures out and keeps what a reader without the pictures gets — the captions and the text
// alternatives — in step with the dataset, the neuron shown and the latest snapshot.

import { formatLoss } from '../logic/format.js';
import { boundsOf, CLASS_COLORS } from '../logic/heatmap.js';
import type { TrainData } from '../logic/train-data.js';
import type { NeuronRef, Snapshot } from '../logic/worker-protocol.js';
import { BoundaryCanvas } from './boundary-canvas.js';
import { fill, h } from './dom.js';
import { NetworkView, type NeuronEvents } from './network-view.js';
import { percent } from './train-status.js';

/** What the boundary plot shows and over which points. */
export interface BoundaryShown {
  readonly data: TrainData;
  /** flat class colours instead of shading by confidence */
  readonly discretize: boolean;
  /** the neuron whose map is shown instead of the classes */
  readonly neuron: NeuronRef | null;
  readonly latest: Snapshot | null;
}

/** The figures of the Train panel. */
export class TrainPlots {
  readonly network: NetworkView;
  readonly boundaryCanvas = h('canvas', {
    id: 'train-boundary',
    role: 'img',
    'aria-label': 'decision boundary',
  });
  readonly chartCanvas = h('canvas', { id: 'train-chart', role: 'img', 'aria-label': 'loss curves' });
  readonly element: HTMLElement;
  readonly #boundary = new BoundaryCanvas(this.boundaryCanvas);
  readonly #boundaryCaption = h('figcaption', { id: 'train-boundary-caption' });
  readonly #legend = h('ul', { class: 'legend' });

  constructor(neuronEvents: NeuronEvents) {
    this.network = new NetworkView(neuronEvents);
    this.element = h(
      'div',
      { class: 'train-plots' },
      h(
        'figure',
        { class: 'network-figure' },
        this.network.element,
        h(
          'figcaption',
          {},
          'The network: each square is a neuron’s output over the input plane (orange negative, blue positive); line width is |w|, blue w > 0, vermilion w < 0. Hover, focus or tap a neuron to see its map large; tap again to let go.',
        ),
      ),
      h('figure', { class: 'boundary-figure' }, this.#boundary.element, this.#boundaryCaption, this.#legend),
      h(
        'figure',
        { class: 'chart-figure' },
        h('div', { class: 'chart-box' }, this.chartCanvas),
        h('figcaption', {}, 'Training loss (solid) and test loss (dashed) over the whole sets, log scale.'),
      ),
    );
  }

  /** A new dataset: its points on the boundary plot and its classes in the legend. */
  showData(data: TrainData): void {
    fill(
      this.#legend,
      ...Array.from({ length: data.toy.classes }, (_, k) => {
        const [r, g, b] = CLASS_COLORS[k];
        return h(
          'li',
          {},
          h('span', { class: 'swatch', style: `background: rgb(${r}, ${g}, ${b})` }),
          data.toy.classNames?.[k] ?? `class ${k + 1}`,
        );
      }),
      h('li', {}, h('span', { class: 'dot filled' }), 'training point'),
      h('li', {}, h('span', { class: 'dot ring' }), 'test point'),
    );
    this.#boundary.drawPoints(data.toy, data.trainCount, boundsOf(data.toy.points));
  }

  /** The loss chart's text alternative for a snapshot. */
  describeLoss(s: Snapshot): void {
    this.chartCanvas.setAttribute(
      'aria-label',
      `Loss curves: at step ${s.steps}, training loss ${formatLoss(s.trainLoss)}, test loss ${formatLoss(s.testLoss)}.`,
    );
  }

  /** The boundary plot's caption and text alternative. */
  describeBoundary({ data, discretize, neuron, latest }: BoundaryShown): void {
    let what = discretize
      ? 'the class the network predicts at each point'
      : 'the class the network predicts at each point (paler: less sure)';
    if (neuron && neuron.layer === 0) what = `input feature ${this.network.nameOf(neuron)}`;
    else if (neuron)
      what = `the output of neuron ${this.network.nameOf(neuron)} (orange negative, blue positive)`;
    const accuracy = latest
      ? `; accuracy ${percent(latest.trainAccuracy)} on the training points, ${percent(latest.testAccuracy)} on the test points`
      : '';
    const summary = `Plot of x₁ against x₂ showing ${what}, with ${data.trainCount} training points (filled) and ${data.toy.count - data.trainCount} test points (rings) of ${data.toy.classes} classes${accuracy}.`;
    this.boundaryCanvas.setAttribute('aria-label', summary);
    this.#boundaryCaption.textContent = `Showing ${what}.`;
  }
}
