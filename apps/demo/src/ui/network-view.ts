// The Train panel's network as TensorFlow Playground shows it: one column per layer, each neuron a
// small heat map of its own output over the input plane, each weight a line whose width is |w|
// and whose colour is its sign. The picture is one canvas the training worker paints (see
// draw/painters.ts); this view holds it and, over each neuron, a transparent button, so hovering,
// focusing or tapping a neuron shows its map large in the boundary plot (tapping pins it) and
// nothing needs a mouse.

import { NODE, networkHeight, neuronCentre } from '../draw/painters.js';
import type { NeuronRef } from '../logic/worker-protocol.js';
import { h } from './dom.js';

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** What the view asks its owner to do when a neuron is hovered, focused or tapped. */
export interface NeuronEvents {
  /** show a neuron's map (null: back to the class boundary) */
  preview(ref: NeuronRef | null): void;
  /** tap or Enter: keep a neuron's map shown until tapped again */
  pin(ref: NeuronRef): void;
  /** the drawing's width changed (the worker paints at this width) */
  resize(width: number): void;
}

/** The network drawing's buttons and canvas; `build` lays them out for a new architecture. */
export class NetworkView {
  readonly element = h('div', { class: 'network-view' });
  /** painted by the worker once transferred */
  readonly canvas = h('canvas', { class: 'network-canvas', 'aria-hidden': 'true' });
  #buttons: HTMLButtonElement[][] = [];
  #sizes: number[] = [];
  #names: string[][] = [];

  constructor(readonly events: NeuronEvents) {
    this.element.append(this.canvas);
    new ResizeObserver(() => {
      this.#place();
      this.events.resize(this.element.clientWidth);
    }).observe(this.element);
  }

  /** Buttons for layers of `sizes`; `inputNames` label the features. */
  build(sizes: readonly number[], inputNames: readonly string[]): void {
    this.#sizes = [...sizes];
    this.#names = sizes.map((d, l) =>
      Array.from({ length: d }, (_, i) =>
        l === 0 ? inputNames[i] : l === sizes.length - 1 ? `output ${i + 1}` : `h${sub(l)},${sub(i + 1)}`,
      ),
    );
    for (const column of this.#buttons) for (const button of column) button.remove();
    this.#buttons = sizes.map((d, layer) =>
      Array.from({ length: d }, (_, index) => {
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
        this.element.append(button);
        return button;
      }),
    );
    this.element.style.height = `${networkHeight(sizes)}px`;
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

  /** Puts each button over its neuron for the current width. */
  #place(): void {
    const width = this.element.clientWidth;
    if (width === 0 || this.#sizes.length === 0) return;
    this.#buttons.forEach((column, l) =>
      column.forEach((button, i) => {
        const [x, y] = neuronCentre(this.#sizes, l, i, width);
        button.style.left = `${x - NODE / 2}px`;
        button.style.top = `${y - NODE / 2}px`;
      }),
    );
  }
}
