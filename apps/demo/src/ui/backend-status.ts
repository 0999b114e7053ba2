// The backend picker at the top of the page: every backend the page offers, loaded one by one,
// with what runs (tfjs names its engine) or why it cannot run here, and a tick box per backend
// choosing which ones panels 1 and 2 compare.

import type { Backend, SyncBackend } from '@deltaml/core';
import { type BackendChoice, backendDetails, type LoadedBackend, loadBackend } from '../logic/backends.js';
import { fill, h } from './dom.js';

/** A backend that loaded on the main thread, by the id the picker lists it under. */
export interface AvailableBackend {
  readonly id: string;
  readonly backend: Backend;
}

/** A loaded backend whose reads return at once: the step-through panels read every term synchronously. */
export interface AvailableSyncBackend {
  readonly id: string;
  readonly backend: SyncBackend;
}

/** Loads the offered backends and keeps which of them are ticked for comparison. */
export class BackendPicker {
  /** every backend that loaded, in the order offered */
  readonly available: AvailableBackend[] = [];
  /** listeners told when a backend is ticked or unticked */
  readonly onChange: (() => void)[] = [];
  readonly #unticked = new Set<string>();

  /** the loaded backends that are ticked */
  get enabled(): AvailableBackend[] {
    return this.available.filter((b) => !this.#unticked.has(b.id));
  }

  /** the ticked backends with synchronous reads (an asynchronous one, WebGPU, trains only in the Train panel) */
  get enabledSync(): AvailableSyncBackend[] {
    return this.enabled.filter((b): b is AvailableSyncBackend => b.backend.reads === 'sync');
  }

  /** Loads every choice in order, listing the outcome in `root` as it goes. */
  async load(choices: readonly BackendChoice[], root: HTMLElement): Promise<void> {
    const items = choices.map((choice) =>
      h('li', { class: 'backend loading', 'data-backend': choice.id }, h('b', {}, choice.id), ' loading…'),
    );
    fill(root, h('ul', { class: 'backend-list' }, ...items));
    for (const [i, choice] of choices.entries()) {
      const loaded = await loadBackend(choice);
      this.#render(items[i], loaded);
      if (loaded.backend) this.available.push({ id: choice.id, backend: loaded.backend });
    }
  }

  #toggle(id: string, ticked: boolean): void {
    if (ticked) this.#unticked.delete(id);
    else this.#unticked.add(id);
    for (const listener of this.onChange) listener();
  }

  #render(item: HTMLElement, loaded: LoadedBackend): void {
    const { choice, backend, error, rejected } = loaded;
    item.className = `backend ${backend ? 'ok' : 'unavailable'}`;
    const rejections = rejected.map((r) => h('li', {}, `${r.name} rejected: ${r.reason}`));
    const tick = h('input', {
      type: 'checkbox',
      checked: backend !== null,
      disabled: backend === null,
      'aria-label': `compare ${choice.id}`,
      onchange: (e) => this.#toggle(choice.id, (e.target as HTMLInputElement).checked),
    });
    fill(
      item,
      h('label', {}, tick, ' ', h('b', {}, backend ? `✔ ${backend.name}` : `✘ ${choice.id}`)),
      ' ',
      h(
        'span',
        { class: 'label' },
        backend ? `${choice.label} (${backendDetails(backend)})` : 'cannot run here: ',
      ),
      error ? h('span', { class: 'reason' }, error) : null,
      rejections.length ? h('ul', { class: 'rejected' }, ...rejections) : null,
    );
  }
}
