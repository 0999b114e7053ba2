// The Train panel's network, drawn live as TensorFlow Playground draws it: one column per layer,
// each neuron a small heat map of its own output over the input plane, each weight a line whose
// width is |w| and whose colour is its sign. Every neuron is a button: hovering, focusing or
// tapping it shows its heat map large in the boundary plot (tapping pins it), so nothing needs a
// mouse. Lines are made once per network and only restyled on each snapshot.

import { neuronPixels } from '../logic/heatmap.js';
import type { WeightsSnapshot } from '../logic/worker-protocol.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Side of a neuron's button, in CSS pixels (above the 24 px touch-target minimum). */
const NODE = 32;
/** Vertical room per neuron. */
const ROW = 42;
const POSITIVE = '#0072b2';
const NEGATIVE = '#d55e00';

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** Which map a neuron button stands for: an input feature (layer 0) or neuron i of layer l. */
export interface NeuronRef {
  readonly layer: number;
  readonly index: number;
}

/** What the view asks its owner to do when a neuron is hovered, focused or tapped. */
export interface NeuronEvents {
  /** show a neuron's map (null: back to the class boundary) */
  preview(ref: NeuronRef | null): void;
  /** tap or Enter: keep a neuron's map shown until tapped again */
  pin(ref: NeuronRef): void;
}

/** The network drawing; rebuilt by `build` for a new architecture, restyled by `update`. */
export class NetworkView {
  readonly element = h('div', { class: 'network-view' });
  readonly #svg = document.createElementNS(SVG, 'svg');
  #lines: SVGLineElement[][][] = [];
  #canvases: HTMLCanvasElement[][] = [];
  #buttons: HTMLButtonElement[][] = [];
  #sizes: number[] = [];
  #resolution = 1;
  #names: string[][] = [];

  constructor(readonly events: NeuronEvents) {
    this.#svg.setAttribute('class', 'edges');
    this.#svg.setAttribute('aria-hidden', 'true');
    new ResizeObserver(() => this.#place()).observe(this.element);
  }

  /** A new drawing for layers of `sizes`; `inputNames` label the features, `resolution` is the grid side. */
  build(sizes: readonly number[], inputNames: readonly string[], resolution: number): void {
    this.#sizes = [...sizes];
    this.#resolution = resolution;
    this.#names = sizes.map((d, l) =>
      Array.from({ length: d }, (_, i) =>
        l === 0 ? inputNames[i] : l === sizes.length - 1 ? `output ${i + 1}` : `h${sub(l)},${sub(i + 1)}`,
      ),
    );
    this.element.replaceChildren(this.#svg);
    this.#svg.replaceChildren();
    this.#lines = sizes.slice(1).map((d, index) =>
      Array.from({ length: d }, () =>
        Array.from({ length: sizes[index] }, () => {
          const line = document.createElementNS(SVG, 'line');
          this.#svg.append(line);
          return line;
        }),
      ),
    );
    this.#canvases = [];
    this.#buttons = [];
    sizes.forEach((d, layer) => {
      this.#canvases.push([]);
      this.#buttons.push([]);
      for (let index = 0; index < d; index++) {
        const canvas = h('canvas', { width: resolution, height: resolution, 'aria-hidden': 'true' });
        const ref = { layer, index };
        const name = this.#names[layer][index];
        const button = h(
          'button',
          {
            class: 'neuron',
            type: 'button',
            'data-neuron': `${layer}-${index}`,
            'data-focus': `neuron-${layer}-${index}`,
            'aria-pressed': 'false',
            'aria-label': `${name}: show its output as a heat map`,
            title: name,
            onmouseenter: () => this.events.preview(ref),
            onmouseleave: () => this.events.preview(null),
            onfocus: () => this.events.preview(ref),
            onblur: () => this.events.preview(null),
            onclick: () => this.events.pin(ref),
          },
          canvas,
        );
        this.#canvases[layer].push(canvas);
        this.#buttons[layer].push(button);
        this.element.append(button);
      }
    });
    this.element.style.height = `${Math.max(...sizes) * ROW + 8}px`;
    this.#place();
  }

  /** The name of a neuron as the page writes it. */
  nameOf(ref: NeuronRef): string {
    return this.#names[ref.layer]?.[ref.index] ?? '';
  }

  /** Marks the pinned neuron (or none). */
  setPinned(ref: NeuronRef | null): void {
    this.#buttons.forEach((column, l) =>
      column.forEach((b, i) => b.setAttribute('aria-pressed', String(ref?.layer === l && ref.index === i))),
    );
  }

  /** Input features' maps (fixed for a setup): d_0 × M row-major. */
  drawInputs(features: Float64Array): void {
    this.#drawLayer(0, features);
  }

  /** Restyles the lines from the weights and redraws every neuron's map from Z_l over the grid. */
  update(weights: WeightsSnapshot, activations: readonly Float32Array[]): void {
    weights.W.forEach((W, l) =>
      W.forEach((row, i) =>
        row.forEach((w, j) => {
          const line = this.#lines[l]?.[i]?.[j];
          if (!line) return;
          line.setAttribute('stroke', w >= 0 ? POSITIVE : NEGATIVE);
          line.setAttribute('stroke-width', String(Math.min(6, 0.4 + 1.6 * Math.abs(w))));
        }),
      ),
    );
    activations.forEach((Z, l) => this.#drawLayer(l + 1, Z));
  }

  #drawLayer(layer: number, values: ArrayLike<number>): void {
    const M = this.#resolution * this.#resolution;
    this.#canvases[layer]?.forEach((canvas, i) => {
      const image = new ImageData(neuronPixels(values, i * M, M), this.#resolution, this.#resolution);
      canvas.getContext('2d')!.putImageData(image, 0, 0);
    });
  }

  /** Positions the buttons and the lines for the current width. */
  #place(): void {
    const width = this.element.clientWidth;
    if (width === 0 || this.#sizes.length === 0) return;
    const height = Math.max(...this.#sizes) * ROW;
    const x = (l: number) => NODE / 2 + (l * (width - NODE)) / (this.#sizes.length - 1);
    const y = (d: number, i: number) => 4 + ((i + 0.5) * height) / d;
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height + 8}`);
    this.#buttons.forEach((column, l) =>
      column.forEach((button, i) => {
        button.style.left = `${x(l) - NODE / 2}px`;
        button.style.top = `${y(column.length, i) - NODE / 2}px`;
      }),
    );
    this.#lines.forEach((rows, l) =>
      rows.forEach((row, i) =>
        row.forEach((line, j) => {
          line.setAttribute('x1', String(x(l)));
          line.setAttribute('y1', String(y(this.#sizes[l], j)));
          line.setAttribute('x2', String(x(l + 1)));
          line.setAttribute('y2', String(y(this.#sizes[l + 1], i)));
        }),
      ),
    );
  }
}
