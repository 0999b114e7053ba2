// The playground's entry: load every backend this browser can run, then build the four panels.

import './style.css';
import { BACKEND_CHOICES } from './backend-choices.js';
import { BackendPicker } from './ui/backend-status.js';
import { BackendsPanel } from './ui/backends-panel.js';
import { Exercise2Panel } from './ui/exercise2-panel.js';
import { MemoryPanel } from './ui/memory-panel.js';
import { TrainPanel } from './ui/train-panel.js';

const byId = (id: string) => document.getElementById(id)!;

async function main(): Promise<void> {
  const picker = new BackendPicker();
  await picker.load(BACKEND_CHOICES, byId('backend-status'));
  const exercise = new Exercise2Panel(byId('exercise2-panel'), picker);
  new BackendsPanel(byId('backends-panel'), picker, exercise);
  const training = new TrainPanel(byId('train-panel'), picker.available);
  new MemoryPanel(byId('memory-panel'), exercise, training);
  document.body.dataset.ready = 'true'; // the end-to-end tests wait for this
}

main().catch((error: unknown) => {
  byId('exercise2-panel').textContent =
    `The playground could not start: ${error instanceof Error ? error.message : error}`;
  throw error;
});
