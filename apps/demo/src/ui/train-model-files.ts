// The Train panel's model files: download the network as a deltaml model file, as ONNX or as a
// TensorFlow.js layers model (a zip of model.json and its weights file), and load a deltaml model
// file or an ONNX file back in. The network comes from the worker and a loaded one goes to it
// through the panel (events); what the files hold is logic/model-file.ts and logic/model-exports.ts.
// A refusal is one line here naming the file, and nothing else changes.

import type { ModelSpec } from '@deltaml/core';
import { type ExportFormat, exportModel } from '../logic/model-exports.js';
import { fitModel, type LoadedModel, modelFileOf, readModelFile } from '../logic/model-file.js';
import type { TrainSetup } from '../logic/train-setup.js';
import { fileFailure, filePicker, h, messageLine, messageOf, say } from './dom.js';

/** What the model-file controls ask of the panel. */
export interface ModelFileEvents {
  /** the setup as it is now */
  setup(): TrainSetup;
  /** the number of classes of the setup's dataset */
  classes(): number;
  /** the current network, from the worker */
  network(): Promise<ModelSpec>;
  /** makes `loaded` the panel's run; rejects with the reason, nothing changed, when the worker cannot */
  load(loaded: LoadedModel): Promise<void>;
}

/** Each download: its button's label, and what the file is, for a refusal. */
const DOWNLOADS: Readonly<Record<ExportFormat, { readonly label: string; readonly what: string }>> = {
  deltaml: { label: 'Download model file', what: 'a deltaml model file' },
  onnx: { label: 'Download ONNX', what: 'ONNX' },
  tfjs: { label: 'Download TF.js (zip)', what: 'a TensorFlow.js model' },
};

/** How long a download's object URL is kept (the browser has read it long before). */
const KEEP_URL_MS = 60_000;

/** Hands `bytes` to the browser as a download named `name`. */
function save(name: string, type: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}

/** The download buttons, the file picker and their message line. */
export class TrainModelFiles {
  /** what the last download or load did, or why it could not */
  readonly message = messageLine('train-file-message');
  readonly #input = filePicker(
    {
      id: 'train-load-file',
      accept: '.json,.onnx,application/json',
      label: 'A deltaml model file or an ONNX file',
    },
    (file) => void this.#chosen(file),
  );
  /** the buttons, for the panel's controls row */
  readonly element = h(
    'div',
    { class: 'controls model-files', role: 'group', 'aria-label': 'Model files' },
    ...(Object.entries(DOWNLOADS) as [ExportFormat, { label: string }][]).map(([format, { label }]) =>
      h(
        'button',
        {
          id: `train-download-${format}`,
          type: 'button',
          class: 'secondary',
          onclick: () => void this.#download(format),
        },
        label,
      ),
    ),
    h(
      'button',
      { id: 'train-load', type: 'button', class: 'secondary', onclick: () => this.#input.click() },
      'Load a model…',
    ),
    this.#input,
  );

  constructor(readonly events: ModelFileEvents) {}

  async #download(format: ExportFormat): Promise<void> {
    try {
      const setup = this.events.setup();
      const spec = modelFileOf(setup, await this.events.network());
      const file = exportModel(spec, format, `deltaml-${setup.dataset}`);
      save(file.name, file.type, file.bytes);
      this.#say(`Downloaded ${file.name}.`, false);
    } catch (error) {
      this.#say(`Cannot download the network as ${DOWNLOADS[format].what}: ${messageOf(error)}`, true);
    }
  }

  async #chosen(file: File): Promise<void> {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const spec = readModelFile(file.name, bytes);
      const loaded = fitModel(this.events.setup(), spec, this.events.classes(), file.name);
      await this.events.load(loaded);
      const { hidden, activation, loss } = loaded.setup;
      const sizes = [spec.inputSize, ...hidden, loaded.model.layers.at(-1)?.weights.length].join(' → ');
      this.#say(
        `Loaded ${file.name}: ${sizes}, ${hidden.length ? `${activation}, ` : ''}${loss}; training continues from its weights${spec.classes ? ' (its class names are not kept: the toy classes are numbered)' : ''}.`,
        false,
      );
    } catch (error) {
      this.#say(fileFailure(file.name, error), true);
    }
  }

  #say(text: string, error: boolean): void {
    say(this.message, text, error);
  }
}
