// The Train panel's form: data (backend, dataset, noise, split, random seed), input features,
// network (hidden layers, activation, loss and its parameters) and optimizer (its parameters,
// learning rate, batch size). The choices come from core's registries and the page's tables;
// every value is parsed by logic/train-setup.ts, and each edit is handed to the panel as a change
// of the setup, saying whether it rebuilds the run, goes to the running Trainer or only redraws.

import { ACTIVATIONS, LOSSES, OPTIMIZERS, registryChoices } from '@deltaml/core';
import { BACKEND_CHOICES } from '../backend-choices.js';
import { TOY_NAMES } from '../logic/datasets.js';
import { FEATURE_NAMES, FEATURES, type FeatureName } from '../logic/features.js';
import {
  LIMITS,
  parseBatchSize,
  parseHidden,
  parseLearningRate,
  parseSeed,
  type TrainSetup,
} from '../logic/train-setup.js';
import { fill, formula, h } from './dom.js';
import { field, parsedInput, rangeField, select } from './form-controls.js';
import { parameterFields } from './train-parameter-fields.js';

/** What a change does: a new run, a change of the running Trainer (no reset), or only a redraw. */
export type ChangeEffect = 'rebuild' | 'live' | 'draw';

/** What the form asks of the panel. */
export interface TrainFormEvents {
  /** the setup as it is now (read when a control changes, so edits never start from a stale copy) */
  setup(): TrainSetup;
  change(next: Partial<TrainSetup>, effect?: ChangeEffect): void;
  /** a value the form refused, in words naming the field */
  error(message: string): void;
}

const BACKENDS = BACKEND_CHOICES.map((c) => ({ kind: c.id, description: c.label }));
const DATASETS = TOY_NAMES.map((kind) => ({ kind, description: kind }));

/** The form; `render` draws it for a setup, `backendLoaded` marks the backends that cannot run here. */
export class TrainForm {
  readonly element = h('form', { class: 'train-form', onsubmit: (e) => e.preventDefault() });
  readonly #lossHint = h('p', { class: 'hint', id: 'train-loss-hint' });
  /** backends the worker could not load, with the reason */
  readonly #unavailable = new Map<string, string>();

  constructor(readonly events: TrainFormEvents) {}

  /** Draws every field from `s` (the loss's and optimizer's parameters are those of their kinds). */
  render(s: TrainSetup): void {
    fill(this.element, this.#data(s), this.#features(s), this.#network(s), this.#optimizer(s));
    this.#markBackends();
  }

  /** The worker loaded backend `id` (`ok`) or could not (`detail` says why). */
  backendLoaded(id: string, ok: boolean, detail: string): void {
    if (ok) this.#unavailable.delete(id);
    else this.#unavailable.set(id, detail);
    this.#markBackends();
  }

  #data(s: TrainSetup): HTMLElement {
    const { change, error } = this.events;
    return h(
      'fieldset',
      {},
      h('legend', {}, 'data'),
      field(
        'train-backend',
        'backend (runs in a worker)',
        select(BACKENDS, s.backend, (backend) => change({ backend })),
      ),
      field(
        'train-dataset',
        'dataset',
        // a loaded data file is one more choice, until another dataset is picked
        s.file
          ? select([...DATASETS, { kind: 'file', description: s.file.name }], 'file', (dataset) => {
              if (dataset !== 'file') change({ dataset, file: undefined });
            })
          : select(DATASETS, s.dataset, (dataset) => change({ dataset })),
      ),
      rangeField('train-noise', 'noise', { ...LIMITS.noise, step: 0.01 }, s.noise, (noise) =>
        change({ noise }),
      ),
      rangeField(
        'train-split',
        'training share (%)',
        { ...LIMITS.trainPercent, step: 5 },
        s.trainPercent,
        (trainPercent) => change({ trainPercent }),
      ),
      field(
        'train-seed',
        'random seed',
        parsedInput({
          value: String(s.seed),
          inputmode: 'numeric',
          parse: parseSeed,
          apply: (seed) => change({ seed }),
          report: error,
        }),
      ),
    );
  }

  #features(s: TrainSetup): HTMLElement {
    const box = (f: FeatureName) =>
      h('input', {
        type: 'checkbox',
        'data-feature': f,
        checked: s.features.includes(f),
        onchange: (e) => {
          const input = e.target as HTMLInputElement;
          const now = this.events.setup().features;
          const next = FEATURE_NAMES.filter((name) => (name === f ? input.checked : now.includes(name)));
          if (next.length === 0) {
            input.checked = true;
            this.events.error('keep at least one input feature');
            return;
          }
          this.events.change({ features: next });
        },
      });
    return h(
      'fieldset',
      { class: 'features' },
      h('legend', {}, 'input features'),
      ...FEATURE_NAMES.map((f) => h('label', { class: 'check' }, box(f), ` ${FEATURES[f].label}`)),
    );
  }

  #network(s: TrainSetup): HTMLElement {
    const { change, error } = this.events;
    fill(this.#lossHint, formula(`${LOSSES[s.loss].description}. Learning rate: ${LOSSES[s.loss].lrGuide}.`));
    return h(
      'fieldset',
      {},
      h('legend', {}, 'network'),
      field(
        'train-hidden',
        'hidden layers',
        parsedInput({
          value: s.hidden.join(', '),
          parse: parseHidden,
          apply: (hidden) => change({ hidden }),
          report: error,
        }),
        `sizes, comma-separated (≤ ${LIMITS.layers} layers of ≤ ${LIMITS.width})`,
      ),
      field(
        'train-activation',
        'activation',
        select(registryChoices(ACTIVATIONS), s.activation, (activation) => change({ activation })),
        ACTIVATIONS[s.activation].description,
      ),
      field(
        'train-loss',
        'loss',
        select(registryChoices(LOSSES), s.loss, (loss) => change({ loss, lossParameters: {} })),
      ),
      this.#lossHint,
      ...parameterFields('loss', s, this.events),
    );
  }

  #optimizer(s: TrainSetup): HTMLElement {
    const { change, error } = this.events;
    const discretize = h('input', {
      type: 'checkbox',
      id: 'train-discretize',
      checked: s.discretize,
      onchange: (e) => change({ discretize: (e.target as HTMLInputElement).checked }, 'draw'),
    });
    return h(
      'fieldset',
      {},
      h('legend', {}, 'optimizer'),
      field(
        'train-optimizer',
        'optimizer',
        select(registryChoices(OPTIMIZERS), s.optimizer, (optimizer) =>
          change({ optimizer, optimizerParameters: {} }),
        ),
        OPTIMIZERS[s.optimizer].description,
      ),
      ...parameterFields('optimizer', s, this.events),
      field(
        'train-lr',
        'learning rate (live)',
        parsedInput({
          value: String(s.lr),
          inputmode: 'decimal',
          parse: parseLearningRate,
          apply: (lr) => change({ lr }, 'live'),
          report: error,
        }),
      ),
      field(
        'train-batch',
        'batch size or "full" (live)',
        parsedInput({
          value: String(s.batchSize),
          parse: parseBatchSize,
          apply: (batchSize) => change({ batchSize }, 'live'),
          report: error,
        }),
      ),
      h('label', { for: 'train-discretize', class: 'check' }, discretize, ' discretize the boundary'),
    );
  }

  /** Each backend option says whether it can run here; its tooltip is its label or the reason. */
  #markBackends(): void {
    const backend = this.element.querySelector<HTMLSelectElement>('#train-backend');
    if (!backend) return;
    for (const option of Array.from(backend.options)) {
      const reason = this.#unavailable.get(option.value);
      option.textContent = reason ? `${option.value} (cannot run here)` : option.value;
      option.title = reason ?? BACKEND_CHOICES.find((c) => c.id === option.value)?.label ?? '';
    }
  }
}
