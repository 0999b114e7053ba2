// The Train form's controls, each built one way: a labelled field, a select over typed choices
// (no casts back from the option's text), a range slider with its value shown, and a text input
// whose value is parsed on change — a bad value marks the input invalid and is reported in words,
// naming the field, and changes nothing.

import type { RegistryChoice } from '@deltaml/core';
import { h, messageOf } from './dom.js';

/** A control with its label (and a hint under it); the control gets `id` so the label names it. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  control.id = id;
  return h('label', { for: id }, h('span', {}, label), control, hint ? h('small', {}, hint) : null);
}

/**
 * A select of `choices` (a registry's, or any list of kinds with descriptions) with `value`
 * selected; each option's tooltip is its description, and `onchange` gets the chosen kind, typed.
 */
export function select<K extends string>(
  choices: readonly RegistryChoice<K>[],
  value: K,
  onchange: (kind: K) => void,
): HTMLSelectElement {
  const element: HTMLSelectElement = h(
    'select',
    {
      onchange: () => {
        const chosen = choices.find((c) => c.kind === element.value);
        if (chosen) onchange(chosen.kind);
      },
    },
    ...choices.map((c) =>
      h('option', { value: c.kind, selected: c.kind === value, title: c.description }, c.kind),
    ),
  );
  return element;
}

/** A labelled range slider showing its value as it moves; `onchange` when it is let go. */
export function rangeField(
  id: string,
  label: string,
  range: { readonly min: number; readonly max: number; readonly step: number },
  value: number,
  onchange: (value: number) => void,
): HTMLLabelElement {
  const output = h('output', {}, String(value));
  const input: HTMLInputElement = h('input', {
    id,
    type: 'range',
    ...range,
    value,
    oninput: () => {
      output.textContent = input.value;
    },
    onchange: () => onchange(Number(input.value)),
  });
  return h('label', { for: id }, h('span', {}, `${label} `), input, output);
}

/** How a parsed input reads its text and what it does with the value. */
export interface ParsedInput<T> {
  readonly value: string;
  readonly inputmode?: 'decimal' | 'numeric';
  /** the value from the text; throws a message naming the field when the text is bad */
  readonly parse: (text: string) => T;
  readonly apply: (value: T) => void;
  /** where a bad value is said */
  readonly report: (message: string) => void;
}

/** A text input parsed on change: applied when good, else marked invalid and reported. */
export function parsedInput<T>(options: ParsedInput<T>): HTMLInputElement {
  const input: HTMLInputElement = h('input', {
    value: options.value,
    inputmode: options.inputmode,
    onchange: () => {
      try {
        options.apply(options.parse(input.value));
        input.removeAttribute('aria-invalid');
      } catch (error) {
        input.setAttribute('aria-invalid', 'true');
        options.report(messageOf(error));
      }
    },
  });
  return input;
}
