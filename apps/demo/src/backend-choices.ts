// The backends the playground offers: the browser entries of @deltaml/backends' catalogue, in its
// order (the main thread's picker for the step-through panels and the Train worker's). Each
// package is imported only when its backend is loaded, so a backend that cannot run here costs
// nothing and shows its reason. tfjs's WebAssembly engine fetches its .wasm files from the URLs
// given here, served by this page.

import { backendsFor } from '@deltaml/backends';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice } from './logic/backends.js';

const tfjsWasmPaths = {
  'tfjs-backend-wasm.wasm': tfjsWasm,
  'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreadedSimd,
};

/** Every backend the page offers: one a user picks by name (`auto`, which picks for them, aside). */
export const BACKEND_CHOICES: readonly BackendChoice[] = backendsFor('browser')
  .filter((entry) => !entry.picksFrom)
  .map((entry) => {
    const load = entry.loaders.browser;
    if (!load) throw new Error(`${entry.name} has no browser loader`); // backendsFor('browser') keeps only those that do
    return {
      id: entry.name,
      label: entry.summary,
      create: async () => (await load({ tfjsWasmPaths })).backend,
    };
  });
