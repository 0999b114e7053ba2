// The strip at the top of the page: every backend the page offers, loaded one by one, with
// what runs (tfjs names its engine) or why it cannot run here.

import type { Backend } from '@deltaml/core';
import { type BackendChoice, type LoadedBackend, loadBackend } from '../logic/backends.js';
import { fill, h } from './dom.js';

export interface AvailableBackend {
  readonly id: string;
  readonly backend: Backend;
}

/** Loads every choice in order and lists the outcome in `root`; resolves with the ones that run. */
export async function loadAllBackends(
  choices: readonly BackendChoice[],
  root: HTMLElement,
): Promise<AvailableBackend[]> {
  const items = choices.map((choice) =>
    h('li', { class: 'backend loading', 'data-backend': choice.id }, h('b', {}, choice.id), ' loading…'),
  );
  fill(root, h('ul', { class: 'backend-list' }, ...items));
  const available: AvailableBackend[] = [];
  for (const [i, choice] of choices.entries()) {
    const loaded = await loadBackend(choice);
    renderStatus(items[i], loaded);
    if (loaded.backend) available.push({ id: choice.id, backend: loaded.backend });
  }
  return available;
}

function renderStatus(item: HTMLElement, loaded: LoadedBackend): void {
  const { choice, backend, error, rejected } = loaded;
  item.className = `backend ${backend ? 'ok' : 'unavailable'}`;
  const rejections = rejected.map((r) => h('li', {}, `${r.name} rejected: ${r.reason}`));
  fill(
    item,
    h('b', {}, backend ? `✔ ${backend.name}` : `✘ ${choice.id}`),
    ' ',
    h('span', { class: 'label' }, backend ? `${choice.label} (${backend.dtype})` : 'cannot run here: '),
    error ? h('span', { class: 'reason' }, error) : null,
    rejections.length ? h('ul', { class: 'rejected' }, ...rejections) : null,
  );
}
