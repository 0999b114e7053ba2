// tfjs's WebAssembly engine stays on one thread, in the page and in the training worker. On a
// cross-origin isolated page (the playground's servers send COOP/COEP) @tensorflow/tfjs-backend-wasm
// picks its threaded build, whose threads start from a Blob of the engine's factory function as
// text (`factory.toString()`); bundled and minified, that text refers to names outside itself and
// every thread dies with "ReferenceError: e is not defined". With tfjs's WASM_HAS_MULTITHREAD_SUPPORT
// flag off, tfjs-wasm keeps the SIMD build it ran before the page was isolated.

let done: Promise<void> | null = null;

/** Call before any tfjs backend loads (once is enough; later calls wait for the first). */
export function keepTfjsWasmOnOneThread(): Promise<void> {
  done ??= (async () => {
    // importing the engine registers its flags with tfjs-core's environment
    const [{ env }] = await Promise.all([
      import('@tensorflow/tfjs-core'),
      import('@tensorflow/tfjs-backend-wasm'),
    ]);
    env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  })();
  return done;
}
