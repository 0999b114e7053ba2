// The playground's entry: load every backend this browser can run on the main thread (for the
// step-through panels), then build the panels. Training loads its own backend in a worker.

import './style.css';
import { BACKEND_CHOICES } from './backend-choices.js';
import { keepTfjsWasmOnOneThread } from './tfjs-wasm-one-thread.js';
import { BackendPicker } from './ui/backend-status.js';
import { BackendsPanel } from './ui/backends-panel.js';
import { Exercise2Panel } from './ui/exercise2-panel.js';
import { Exercise3Panel } from './ui/exercise3-panel.js';
import { MemoryPanel } from './ui/memory-panel.js';
import { TrainPanel } from './ui/train-panel.js';

const byId = (id: string) => document.getElementById(id)!;

async function main(): Promise<void> {
  const training = new TrainPanel(byId('train-panel')); // first: its worker loads while the page does
  const picker = new BackendPicker();
  await keepTfjsWasmOnOneThread();
  await picker.load(BACKEND_CHOICES, byId('backend-status'));
  const exercise = new Exercise2Panel(byId('exercise2-panel'), picker);
  new Exercise3Panel(byId('exercise3-panel'), picker);
  new MemoryPanel(byId('memory-panel'), picker, exercise);
  new BackendsPanel(byId('backends-panel'), picker, exercise);
  document.body.dataset.ready = 'true'; // the end-to-end tests wait for this
  void training;
}

main().catch((error: unknown) => {
  byId('exercise2-panel').textContent =
    `The playground could not start: ${error instanceof Error ? error.message : error}`;
  throw error;
});
