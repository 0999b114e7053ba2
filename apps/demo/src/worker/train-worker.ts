// The Train panel's Web Worker: it loads the backend itself (so the kernels run off the main
// thread), holds a TrainSession (core's Trainer), trains in slices between messages, paints the
// network, the boundary map and the loss curves on the OffscreenCanvases the page gave it, and
// posts a snapshot of the numbers about six times a second for the page's status line. It hands the
// page its network to download, and swaps in a loaded one only once that one is built. On a
// cross-origin-isolated page (the playground's servers send COOP/COEP) the wasm backend loaded
// here runs its default threads, one per core (navigator.hardwareConcurrency); elsewhere one.

/// <reference lib="webworker" />

import type { Backend } from '@deltaml/core';
import { BACKEND_CHOICES } from '../backend-choices.js';
import { LossChart } from '../draw/loss-chart.js';
import { type BoundaryMap, networkHeight, paintBoundary, paintNetwork } from '../draw/painters.js';
import { backendDetails, loadBackend } from '../logic/backends.js';
import { TrainSession } from '../logic/train-session.js';
import {
  type FromWorker,
  GRID_RESOLUTION,
  type Snapshot,
  type ToWorker,
  type ViewState,
  type WeightsSnapshot,
} from '../logic/worker-protocol.js';
import { keepTfjsWasmOnOneThread } from '../tfjs-wasm-one-thread.js';
import { messageOf } from '../ui/dom.js';

declare const self: DedicatedWorkerGlobalScope;

/** Training per slice before the worker looks at its messages again. */
const SLICE_MS = 25;
/** How often the page gets a snapshot while training (it redraws one picture per snapshot). */
const SNAPSHOT_EVERY_MS = 170;

const backends = new Map<string, Promise<Backend>>();
let session: TrainSession | null = null;
let generation = 0;
let running = false;
let loopActive = false;
let lastSnapshot = performance.now();
/** when the current run started and the step count then: steps/s is averaged over the whole run */
let runStarted = performance.now();
let stepsAtRunStart = 0;

let canvases: { network: OffscreenCanvas; boundary: OffscreenCanvas } | null = null;
let chart: LossChart | null = null;
let view: ViewState = {
  width: 0,
  pixelRatio: 1,
  preview: null,
  discretize: false,
  chart: { width: 0, height: 0 },
};
/** what the pictures were last painted from */
let painted: { weights: WeightsSnapshot; activations: Float32Array[]; scores: Float32Array } | null = null;
/** scratch canvas for one heat map at grid resolution */
const cell = new OffscreenCanvas(GRID_RESOLUTION, GRID_RESOLUTION);

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/** A backend loaded once per worker; a failure is kept as the reason that backend cannot run here. */
function backendFor(id: string): Promise<Backend> {
  let loading = backends.get(id);
  if (!loading) {
    const choice = BACKEND_CHOICES.find((c) => c.id === id);
    loading = choice
      ? keepTfjsWasmOnOneThread()
          .then(() => loadBackend(choice))
          .then((loaded) => {
            post({
              type: 'backend',
              id,
              ok: loaded.backend !== null,
              detail: loaded.backend ? backendDetails(loaded.backend) : (loaded.error ?? ''),
            });
            if (!loaded.backend)
              throw new Error(`${id} cannot run in this browser's worker: ${loaded.error}`);
            return loaded.backend;
          })
      : Promise.reject(
          new Error(
            `no backend called "${id}"; the page offers ${BACKEND_CHOICES.map((c) => c.id).join(', ')}`,
          ),
        );
    backends.set(id, loading);
  }
  return loading;
}

/** Yields to the worker's message queue without setTimeout's clamping. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Paints the network and the boundary map from `painted` as `view` says. */
function paint(): void {
  if (!canvases || !session || !painted) return;
  const sizes = session.network.sizes;
  const { width, pixelRatio: scale, preview } = view;
  if (width > 0) {
    const target = canvases.network;
    const [w, h] = [Math.round(width * scale), Math.round(networkHeight(sizes) * scale)];
    if (target.width !== w || target.height !== h) [target.width, target.height] = [w, h];
    const ctx = target.getContext('2d')!;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    paintNetwork(
      ctx,
      sizes,
      width,
      painted.weights,
      [session.inputMaps, ...painted.activations],
      GRID_RESOLUTION,
      cell,
    );
  }
  const M = GRID_RESOLUTION * GRID_RESOLUTION;
  const map: BoundaryMap = preview
    ? {
        kind: 'neuron',
        values: preview.layer === 0 ? session.inputMaps : painted.activations[preview.layer - 1],
        offset: preview.index * M,
      }
    : {
        kind: 'classes',
        scores: painted.scores,
        classes: session.data.toy.classes,
        discretize: view.discretize,
      };
  paintBoundary(canvases.boundary.getContext('2d')!, session.grid, map, cell);
}

async function sendSnapshot(): Promise<void> {
  if (!session) return;
  const elapsed = performance.now() - runStarted;
  const perSecond = running ? (1000 * (session.trainer.steps - stepsAtRunStart)) / Math.max(1, elapsed) : 0;
  const mine = generation;
  const snapshot: Snapshot = await session.snapshot(mine, running, perSecond);
  const grid = await session.gridOutputs();
  if (mine !== generation) return;
  lastSnapshot = performance.now();
  painted = { weights: snapshot.weights, ...grid };
  paint();
  chart?.add(snapshot.steps, snapshot.trainLoss, snapshot.testLoss);
  chart?.draw();
  post(snapshot);
}

function fail(error: unknown): void {
  running = false;
  post({ type: 'error', generation, message: messageOf(error) });
}

async function loop(): Promise<void> {
  if (loopActive) return;
  loopActive = true;
  lastSnapshot = runStarted = performance.now();
  stepsAtRunStart = session?.trainer.steps ?? 0;
  try {
    while (running && session) {
      await session.trainFor(SLICE_MS);
      if (performance.now() - lastSnapshot >= SNAPSHOT_EVERY_MS) await sendSnapshot();
      await yieldToMessages();
    }
    await sendSnapshot();
  } catch (error) {
    fail(error);
  } finally {
    loopActive = false;
  }
}

async function setup(message: Extract<ToWorker, { type: 'setup' }>): Promise<void> {
  running = false;
  const mine = ++generation;
  while (loopActive) await yieldToMessages(); // the loop finishes its slice on the old session first
  if (mine !== generation) return;
  session?.dispose();
  session = null;
  painted = null;
  chart?.clear();
  try {
    const backend = await backendFor(message.setup.backend);
    if (mine !== generation) return;
    session = new TrainSession(backend, message.setup);
    await sendSnapshot();
    if (running && mine === generation) void loop(); // Start was pressed while the backend loaded
  } catch (error) {
    if (mine === generation)
      post({
        type: 'error',
        generation: mine,
        message: messageOf(error),
        backend: message.setup.backend,
      });
  }
}

/** The current network as plain numbers, for the page to download. */
async function readNetwork(request: number): Promise<void> {
  const current = session;
  if (!current) {
    post({
      type: 'refused',
      request,
      message: 'there is no network yet: the backend is still loading, or failed',
    });
    return;
  }
  try {
    post({ type: 'network', request, model: await current.spec() });
  } catch (error) {
    post({ type: 'refused', request, message: messageOf(error) });
  }
}

/**
 * A loaded network as a new run (paused), on the current run's backend: it is built first, and
 * only then replaces the current run, so a model the backend refuses leaves everything as it was.
 */
async function load(message: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  const { request } = message;
  const before = generation;
  let next: TrainSession;
  try {
    if (session?.setup.backend !== message.setup.backend)
      throw new Error(
        `the ${message.setup.backend} backend is not ready yet; load the file again when it is`,
      );
    next = new TrainSession(session.backend, message.setup, message.model);
  } catch (error) {
    post({ type: 'refused', request, message: messageOf(error) });
    return;
  }
  running = false;
  while (loopActive) await yieldToMessages(); // the loop finishes its slice on the old session first
  if (generation !== before) {
    next.dispose();
    post({ type: 'refused', request, message: 'a new setup came first; load the file again' });
    return;
  }
  const mine = ++generation;
  session?.dispose();
  session = next;
  painted = null;
  chart?.clear();
  post({ type: 'loaded', request });
  try {
    await sendSnapshot();
  } catch (error) {
    if (mine === generation) fail(error);
  }
}

post({ type: 'worker', crossOriginIsolated: self.crossOriginIsolated });

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'setup':
        void setup(message);
        break;
      case 'read-network':
        void readNetwork(message.request);
        break;
      case 'load':
        void load(message);
        break;
      case 'run':
        running = message.running; // before the session is built, setup starts the run once it is
        if (running && session) void loop();
        break;
      case 'step':
        running = false;
        if (session && !loopActive) void session.trainFor(0).then(sendSnapshot, fail);
        break;
      case 'lr':
        session?.setLearningRate(message.lr);
        if (!running) void sendSnapshot();
        break;
      case 'batch':
        session?.setBatchSize(message.batchSize);
        if (!running) void sendSnapshot();
        break;
      case 'canvases':
        canvases = { network: message.network, boundary: message.boundary };
        chart = new LossChart(message.chart);
        paint();
        break;
      case 'view': {
        const resized =
          message.view.chart.width !== view.chart.width || message.view.chart.height !== view.chart.height;
        view = message.view;
        if (resized) chart?.resize(view.chart.width, view.chart.height, view.pixelRatio);
        paint();
        break;
      }
    }
  } catch (error) {
    fail(error);
  }
};
