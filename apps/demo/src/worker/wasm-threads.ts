// Where the Train worker decides how many threads the wasm backend may use. Threads share one
// WebAssembly memory, which a browser allows only in a cross-origin isolated page (the
// playground's servers send COOP/COEP: vite.config.ts), so an isolated worker is the only place
// they can run. @deltaml/backend-wasm's option is `threads?: 1 | 2` (WasmBackendOptions), and
// its second thread runs on Node's worker_threads only: in a browser `threads: 2` is refused with
// BackendUnavailableError. So an isolated browser worker may use BROWSER_WORKER_THREADS, which is
// 1 until the backend starts threads in a browser; then it becomes their count, and the wasm
// entry of the backend catalogue passes `wasmThreads(self.crossOriginIsolated)` as `threads`.

import type { WasmBackendOptions } from '@deltaml/backend-wasm';

/** The wasm backend's thread count. */
export type WasmThreads = NonNullable<WasmBackendOptions['threads']>;

/** The most threads @deltaml/backend-wasm runs in a browser worker today (its `threads: 2` is Node only). */
export const BROWSER_WORKER_THREADS: WasmThreads = 1;

/** The thread count for a worker: one unless its page is cross-origin isolated. */
export function wasmThreads(crossOriginIsolated: boolean): WasmThreads {
  return crossOriginIsolated ? BROWSER_WORKER_THREADS : 1;
}
