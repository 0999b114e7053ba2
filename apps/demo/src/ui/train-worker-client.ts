// The page's side of the Train worker's protocol (logic/worker-protocol.ts): starts the worker,
// hands it the canvases it paints, sends the setup, the run state, the live changes and the view,
// and passes on only what belongs to the current setup — a snapshot or an error of a setup that
// has since been replaced is dropped here, so the panel never sees one. Reading the network and
// loading one are requests: each is a promise the worker's answer of the same number settles.

import type { ModelSpec } from '@deltaml/core';
import type { TrainSetup } from '../logic/train-setup.js';
import type { FromWorker, Snapshot, ToWorker, ViewState } from '../logic/worker-protocol.js';

/** What the worker tells the panel. */
export interface TrainWorkerEvents {
  /** a snapshot of the current setup's run */
  snapshot(snapshot: Snapshot): void;
  /** the current setup could not be built or its training failed (training has stopped) */
  error(message: string): void;
  /** the worker itself threw outside any message it handles (what it was doing goes on) */
  crashed(message: string): void;
  /** a backend the worker loaded (`ok`) or could not load (`detail` says why) */
  backend(id: string, ok: boolean, detail: string): void;
  /** once: whether the worker is cross-origin isolated (where the wasm backend runs threads) */
  started(crossOriginIsolated: boolean): void;
}

/** The canvases the worker paints; each is transferred to it once and painted only there. */
export interface WorkerCanvases {
  readonly network: HTMLCanvasElement;
  readonly boundary: HTMLCanvasElement;
  readonly chart: HTMLCanvasElement;
}

/** A request waiting for the worker's answer. */
interface Pending {
  resolve(model?: ModelSpec): void;
  reject(error: Error): void;
}

/** The Train worker as the panel talks to it. */
export class TrainWorkerClient {
  readonly #worker = new Worker(new URL('../worker/train-worker.ts', import.meta.url), { type: 'module' });
  /** how many setups were sent: the worker counts them the same way and stamps its messages with it */
  #generation = 0;
  /** the requests the worker has not answered yet, by number */
  readonly #requests = new Map<number, Pending>();
  #request = 0;

  constructor(canvases: WorkerCanvases, events: TrainWorkerEvents) {
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data, events);
    this.#worker.onerror = (event) => events.crashed(`the training worker failed: ${event.message}`);
    const network = canvases.network.transferControlToOffscreen();
    const boundary = canvases.boundary.transferControlToOffscreen();
    const chart = canvases.chart.transferControlToOffscreen();
    this.#worker.postMessage({ type: 'canvases', network, boundary, chart } satisfies ToWorker, [
      network,
      boundary,
      chart,
    ]);
  }

  /** A new dataset and network (the worker pauses); what the old setup still sends is dropped. */
  setup(setup: TrainSetup): void {
    this.#generation++;
    this.#send({ type: 'setup', setup });
  }

  /** Starts or pauses training. */
  run(running: boolean): void {
    this.#send({ type: 'run', running });
  }

  /** One step, then a snapshot. */
  step(): void {
    this.#send({ type: 'step' });
  }

  /** Live: the next step runs at `lr`, without a reset. */
  learningRate(lr: number): void {
    this.#send({ type: 'lr', lr });
  }

  /** Live: the next step takes `batchSize` examples, without a reset. */
  batchSize(batchSize: number | 'full'): void {
    this.#send({ type: 'batch', batchSize });
  }

  /** The current network as plain numbers; rejects with the worker's reason when there is none. */
  network(): Promise<ModelSpec> {
    return this.#ask((request) => ({ type: 'read-network', request })) as Promise<ModelSpec>;
  }

  /**
   * `setup` with `model` as its network (the worker pauses); resolves once it is the current run,
   * whose snapshots follow. Rejects with the worker's reason, the current run untouched, when the
   * backend cannot take `model`.
   */
  async load(setup: TrainSetup, model: ModelSpec): Promise<void> {
    await this.#ask((request) => ({ type: 'load', request, setup, model }));
  }

  /** How the worker paints the pictures. */
  view(view: ViewState): void {
    this.#send({ type: 'view', view });
  }

  #ask(message: (request: number) => ToWorker): Promise<ModelSpec | undefined> {
    const request = ++this.#request;
    return new Promise((resolve, reject) => {
      this.#requests.set(request, { resolve, reject });
      this.#send(message(request));
    });
  }

  /** Settles request `request` (and forgets it). */
  #answer(request: number, settle: (pending: Pending) => void): void {
    const pending = this.#requests.get(request);
    this.#requests.delete(request);
    if (pending) settle(pending);
  }

  #send(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #receive(message: FromWorker, events: TrainWorkerEvents): void {
    switch (message.type) {
      case 'snapshot':
        if (message.generation === this.#generation) events.snapshot(message);
        break;
      case 'error':
        if (message.generation === this.#generation) events.error(message.message);
        break;
      case 'network':
        this.#answer(message.request, (p) => p.resolve(message.model));
        break;
      case 'loaded':
        this.#generation++; // the worker counted the loaded run as a new setup; its snapshots follow
        this.#answer(message.request, (p) => p.resolve());
        break;
      case 'refused':
        this.#answer(message.request, (p) => p.reject(new Error(message.message)));
        break;
      case 'backend':
        events.backend(message.id, message.ok, message.detail);
        break;
      case 'worker':
        events.started(message.crossOriginIsolated);
        break;
    }
  }
}
