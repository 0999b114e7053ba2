// The fields of a loss's or an optimizer's parameters, listed from core's registry definition of
// the chosen kind (a checkbox, a select or a number field by the parameter's type), so a new
// parameter in core appears in the Train form with no change here.

import type { Parameter } from '@deltaml/core';
import { type ParameterValue, parametersOf, parseParameter, type TrainSetup } from '../logic/train-setup.js';
import { h } from './dom.js';
import { field, parsedInput, select } from './form-controls.js';
import type { TrainFormEvents } from './train-form.js';

/** One field per parameter of the setup's loss or optimizer; an edit changes that one parameter. */
export function parameterFields(
  kind: 'loss' | 'optimizer',
  s: TrainSetup,
  events: TrainFormEvents,
): HTMLElement[] {
  const values = kind === 'loss' ? s.lossParameters : s.optimizerParameters;
  const owner = kind === 'loss' ? `loss ${s.loss}` : `optimizer ${s.optimizer}`;
  const set = (p: Parameter, value: ParameterValue) => {
    const now = events.setup();
    const next = { ...(kind === 'loss' ? now.lossParameters : now.optimizerParameters), [p.key]: value };
    events.change(kind === 'loss' ? { lossParameters: next } : { optimizerParameters: next });
  };
  return parametersOf(kind, s).map((p) => {
    const id = `train-${kind}-${p.flag}`;
    const current = values[p.key] ?? p.default;
    const label = p.key === 'weightDecay' ? 'weight decay' : p.key;
    switch (p.type) {
      case 'boolean': {
        const box = h('input', {
          id,
          type: 'checkbox',
          checked: current === true,
          onchange: (e) => set(p, (e.target as HTMLInputElement).checked),
        });
        return h('label', { for: id, class: 'check', title: p.description }, box, ` ${label}`);
      }
      case 'choice': {
        const choices = p.choices.map((c) => ({ kind: c, description: p.description }));
        return field(
          id,
          label,
          select(choices, String(current), (v) => set(p, v)),
          p.description,
        );
      }
      case 'number':
        return field(
          id,
          label,
          parsedInput({
            value: String(current),
            inputmode: 'decimal',
            parse: (text) => parseParameter(p, text, owner),
            apply: (value) => set(p, value),
            report: events.error,
          }),
          p.description,
        );
    }
  });
}
