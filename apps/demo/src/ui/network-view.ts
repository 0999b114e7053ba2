// The Train panel's network, drawn live as TensorFlow Playground draws it: one column per layer,
// each neuron a small heat map of its own output over the input plane, each weight a line whose
// width is |w| and whose colour is its sign. Everything is painted on one canvas (one layer for
// the browser to composite, which keeps each redraw short); over each neuron sits a transparent
// button, so hovering, focusing or tapping it shows its heat map large in the boundary plot
// (tapping pins it) and nothing needs a mouse.

import { neuronPixels } from '../logic/heatmap.js';
import type { WeightsSnapshot } from '../logic/worker-protocol.js';
import { h } from './dom.js';

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
  readonly #canvas = h('canvas', { class: 'network-canvas', 'aria-hidden': 'true' });
  /** one neuron's map at grid resolution, scaled onto the main canvas */
  readonly #cell = document.createElement('canvas');
  #buttons: HTMLButtonElement[][] = [];
  #sizes: number[] = [];
  #resolution = 1;
  #names: string[][] = [];
  /** each neuron's map as pixels, kept to repaint after a resize */
  #maps: (Uint8ClampedArray<ArrayBuffer> | null)[][] = [];
  #weights: WeightsSnapshot | null = null;

  constructor(readonly events: NeuronEvents) {
    new ResizeObserver(() => {
      this.#place();
      this.#paint();
    }).observe(this.element);
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
    this.element.replaceChildren(this.#canvas);
    this.#cell.width = resolution;
    this.#cell.height = resolution;
    this.#maps = sizes.map((d) => Array.from({ length: d }, () => null));
    this.#weights = null;
    this.#buttons = [];
    sizes.forEach((d, layer) => {
      this.#buttons.push([]);
      for (let index = 0; index < d; index++) {
        const ref = { layer, index };
        const name = this.#names[layer][index];
        const button = h('button', {
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
        });
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
    this.#keepMaps(0, features);
    this.#paint();
  }

  /** Takes the new weights and every neuron's map from Z_l over the grid, and repaints. */
  update(weights: WeightsSnapshot, activations: readonly Float32Array[]): void {
    this.#weights = weights;
    activations.forEach((Z, l) => this.#keepMaps(l + 1, Z));
    this.#paint();
  }

  #keepMaps(layer: number, values: ArrayLike<number>): void {
    const M = this.#resolution * this.#resolution;
    const maps = this.#maps[layer];
    if (!maps) return;
    for (let i = 0; i < maps.length; i++) maps[i] = neuronPixels(values, i * M, M);
  }

  #x(l: number, width: number): number {
    return NODE / 2 + (l * (width - NODE)) / (this.#sizes.length - 1);
  }

  #y(d: number, i: number): number {
    return 4 + ((i + 0.5) * Math.max(...this.#sizes) * ROW) / d;
  }

  /** Paints the lines and the neuron maps onto the canvas. */
  #paint(): void {
    const width = this.element.clientWidth;
    if (width === 0 || this.#sizes.length === 0) return;
    const height = Math.max(...this.#sizes) * ROW + 8;
    const scale = window.devicePixelRatio || 1;
    if (
      this.#canvas.width !== Math.round(width * scale) ||
      this.#canvas.height !== Math.round(height * scale)
    ) {
      this.#canvas.width = Math.round(width * scale);
      this.#canvas.height = Math.round(height * scale);
    }
    const ctx = this.#canvas.getContext('2d')!;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.#weights?.W.forEach((W, l) =>
      W.forEach((row, i) =>
        row.forEach((w, j) => {
          ctx.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
          ctx.globalAlpha = 0.75;
          ctx.lineWidth = Math.min(6, 0.4 + 1.6 * Math.abs(w));
          ctx.beginPath();
          ctx.moveTo(this.#x(l, width), this.#y(this.#sizes[l], j));
          ctx.lineTo(this.#x(l + 1, width), this.#y(this.#sizes[l + 1], i));
          ctx.stroke();
        }),
      ),
    );
    ctx.globalAlpha = 1;
    ctx.imageSmoothingEnabled = false;
    const cellContext = this.#cell.getContext('2d')!;
    this.#maps.forEach((maps, l) =>
      maps.forEach((pixels, i) => {
        const x = this.#x(l, width) - NODE / 2;
        const y = this.#y(maps.length, i) - NODE / 2;
        ctx.fillStyle = '#fff';
        ctx.fillRect(x, y, NODE, NODE);
        if (pixels) {
          cellContext.putImageData(new ImageData(pixels, this.#resolution, this.#resolution), 0, 0);
          ctx.drawImage(this.#cell, x, y, NODE, NODE);
        }
        ctx.strokeStyle = '#333';
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, NODE - 1, NODE - 1);
      }),
    );
  }

  /** Positions the buttons over their neurons for the current width. */
  #place(): void {
    const width = this.element.clientWidth;
    if (width === 0 || this.#sizes.length === 0) return;
    this.#buttons.forEach((column, l) =>
      column.forEach((button, i) => {
        button.style.left = `${this.#x(l, width) - NODE / 2}px`;
        button.style.top = `${this.#y(column.length, i) - NODE / 2}px`;
      }),
    );
  }
}
