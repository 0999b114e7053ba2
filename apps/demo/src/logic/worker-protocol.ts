// The messages between the Train panel and its Web Worker. The worker owns the backend, the
// network and core's Trainer; the page sends the setup and the live changes, and receives
// snapshots to draw (numbers only, the grids as transferable Float32Arrays).

import type { TrainSetup } from './train-setup.js';

/** Page → worker. */
export type ToWorker =
  /** a new dataset and network (pauses) */
  | { readonly type: 'setup'; readonly setup: TrainSetup }
  | { readonly type: 'run'; readonly running: boolean }
  /** one step, then a snapshot */
  | { readonly type: 'step' }
  /** live, no reset */
  | { readonly type: 'lr'; readonly lr: number }
  /** live from the next step, no reset */
  | { readonly type: 'batch'; readonly batchSize: number | 'full' };

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
  /** Z_l over the heat-map grid for l = 1 … L, each d_l × M row-major */
  readonly activations: Float32Array[];
  /** class probabilities over the grid, classes × M row-major */
  readonly scores: Float32Array;
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
  /** a backend the worker loaded (or could not) */
  | { readonly type: 'backend'; readonly id: string; readonly ok: boolean; readonly detail: string };

/** Cells per side of the heat-map grid the worker evaluates the network on. */
export const GRID_RESOLUTION = 40;
