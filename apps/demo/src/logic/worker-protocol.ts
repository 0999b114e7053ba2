// The messages between the Train panel and its Web Worker. The worker owns the backend, the
// network and core's Trainer, and paints the network, the boundary map and the loss curves on
// OffscreenCanvases the page handed over; the page sends the setup, the live changes and what to
// show, and receives snapshots of numbers for its status line. The page reads the network (to
// download it) and hands over a loaded one by request: the worker answers each by its number.

import type { ModelSpec } from '@deltaml/core';
import type { BackendThreads } from './backends.js';
import type { TrainSetup } from './train-setup.js';

/** Page → worker. */
export type ToWorker =
  /** a new dataset and network (pauses) */
  | { readonly type: 'setup'; readonly setup: TrainSetup }
  | { readonly type: 'run'; readonly running: boolean }
  /** the current network as plain numbers, answered by `network` (or `refused`) with the same `request` */
  | { readonly type: 'read-network'; readonly request: number }
  /**
   * `setup` with `model` as its network instead of the seeded one (pauses), answered by `loaded`;
   * or by `refused` with the current network untouched when `model` cannot be put on the backend
   */
  | { readonly type: 'load'; readonly request: number; readonly setup: TrainSetup; readonly model: ModelSpec }
  /** one step, then a snapshot */
  | { readonly type: 'step' }
  /** live, no reset */
  | { readonly type: 'lr'; readonly lr: number }
  /** live from the next step, no reset */
  | { readonly type: 'batch'; readonly batchSize: number | 'full' }
  /** once: the canvases the worker paints (transferred) */
  | {
      readonly type: 'canvases';
      readonly network: OffscreenCanvas;
      readonly boundary: OffscreenCanvas;
      readonly chart: OffscreenCanvas;
    }
  /** what to paint: the network's width on the page, the screen's pixel ratio, the neuron shown large, flat colours */
  | { readonly type: 'view'; readonly view: ViewState };

/** A neuron: an input feature (layer 0) or neuron `index` of layer `layer`. */
export interface NeuronRef {
  readonly layer: number;
  readonly index: number;
}

/** How the worker paints the pictures. */
export interface ViewState {
  /** the network drawing's width in CSS pixels */
  readonly width: number;
  readonly pixelRatio: number;
  /** the neuron whose map the boundary plot shows instead of the classes */
  readonly preview: NeuronRef | null;
  readonly discretize: boolean;
  /** the loss chart's size in CSS pixels */
  readonly chart: { readonly width: number; readonly height: number };
}

/** The network's weights as plain numbers: W_l rows and b_l per layer. */
export interface WeightsSnapshot {
  readonly W: number[][][];
  readonly b: number[][];
}

/** What the page draws after some steps. */
export interface Snapshot {
  readonly type: 'snapshot';
  /** which setup this belongs to (the page ignores snapshots of an old one) */
  readonly generation: number;
  readonly backend: string;
  /** the backend's threads, and the calls it has shared between them so far */
  readonly threads: BackendThreads;
  readonly running: boolean;
  readonly steps: number;
  readonly epoch: number;
  readonly lr: number;
  readonly batchSize: number | 'full';
  /** training steps per second, averaged since Start was pressed (0 when paused) */
  readonly stepsPerSecond: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly weights: WeightsSnapshot;
}

/** Worker → page. */
export type FromWorker =
  | Snapshot
  /** the setup could not be built or training failed; `backend` set when that backend cannot run here */
  | {
      readonly type: 'error';
      readonly generation: number;
      readonly message: string;
      readonly backend?: string;
    }
  /** the answer to `read-network` */
  | { readonly type: 'network'; readonly request: number; readonly model: ModelSpec }
  /** the answer to `load`: the loaded network is the current one (its snapshots follow, as for a new setup) */
  | { readonly type: 'loaded'; readonly request: number }
  /** a request the worker could not do, and why (nothing changed) */
  | { readonly type: 'refused'; readonly request: number; readonly message: string }
  /** a backend the worker loaded (or could not) */
  | { readonly type: 'backend'; readonly id: string; readonly ok: boolean; readonly detail: string }
  /** once, when the worker starts: whether it is cross-origin isolated (only then may the wasm backend run threads) */
  | { readonly type: 'worker'; readonly crossOriginIsolated: boolean };

/** Cells per side of the heat-map grid the worker evaluates the network on. */
export const GRID_RESOLUTION = 40;
