// The Train panel's status line and its polite live region: the numbers of the latest snapshot
// (also as data attributes, which the end-to-end tests read), errors named in words, and
// announcements rationed so a screen reader is not talked over while training runs.

import { threadsText } from '../logic/backends.js';
import { formatLoss } from '../logic/format.js';
import type { Snapshot } from '../logic/worker-protocol.js';
import { h } from './dom.js';

/** A screen reader hears the training status at most this often while training runs. */
const ANNOUNCE_EVERY_MS = 5000;
/** … and never twice within this, whatever happens. */
const ANNOUNCE_AT_MOST_MS = 1000;

/** A share as a percentage with one decimal; "—" when there is none (no accuracy for this loss). */
export const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

/** The status line and the live region of the Train panel. */
export class TrainStatus {
  readonly line = h('p', { id: 'train-status', class: 'status' });
  readonly announcer = h('p', {
    id: 'train-announce',
    class: 'visually-hidden',
    role: 'status',
    'aria-live': 'polite',
  });
  #lastAnnounce = 0;

  /** Forgets the network described: until the new network's first snapshot (the tests wait on this). */
  clearNetwork(): void {
    for (const key of ['steps', 'weights', 'loss', 'backend', 'threads', 'sharedCalls'])
      delete this.line.dataset[key];
  }

  /** Which dataset the status describes (a fingerprint of its points). */
  setDataset(fingerprint: string): void {
    this.line.dataset.dataset = fingerprint;
  }

  /** Which initial weights the status describes (a fingerprint, set from the first snapshot). */
  setWeights(fingerprint: string): void {
    this.line.dataset.weights = fingerprint;
  }

  /** What the worker said when it started (data attributes only: the end-to-end tests read them). */
  setWorker(crossOriginIsolated: boolean): void {
    this.line.dataset.workerIsolated = String(crossOriginIsolated);
  }

  /** Shows a snapshot's numbers, and announces them (rationed). */
  show(s: Snapshot): void {
    const text = `step ${s.steps} · epoch ${s.epoch} · training loss ${formatLoss(s.trainLoss)} · test loss ${formatLoss(s.testLoss)} · accuracy ${percent(s.trainAccuracy)} training, ${percent(s.testAccuracy)} test · ${s.backend}${s.threads.count > 1 ? ` on ${threadsText(s.threads.count)}` : ''}${s.running ? ` · ${Math.round(s.stepsPerSecond).toLocaleString('en')} steps/s` : ''}`;
    this.line.classList.remove('error');
    this.line.textContent = text;
    Object.assign(this.line.dataset, {
      steps: String(s.steps),
      loss: String(s.trainLoss),
      testLoss: String(s.testLoss),
      accuracy: String(s.trainAccuracy),
      stepsPerSecond: String(s.stepsPerSecond),
      lr: String(s.lr),
      batchSize: String(s.batchSize),
      backend: s.backend,
      threads: String(s.threads.count),
      sharedCalls: String(s.threads.sharedCalls),
    });
    this.announce(
      `Step ${s.steps}: training loss ${formatLoss(s.trainLoss)}, test accuracy ${percent(s.testAccuracy)}.`,
      false,
    );
  }

  /** Shows an error in place of the numbers, and announces it. */
  error(text: string): void {
    this.line.textContent = text;
    this.line.classList.add('error');
    this.announce(text, true);
  }

  /** Polite announcements: at most one a second, and while training only every few seconds. */
  announce(text: string, important: boolean): void {
    const now = performance.now();
    const wait = important ? ANNOUNCE_AT_MOST_MS : ANNOUNCE_EVERY_MS;
    if (now - this.#lastAnnounce < wait) return;
    this.#lastAnnounce = now;
    this.announcer.textContent = text;
  }
}
