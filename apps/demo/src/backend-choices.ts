// The backends the playground offers, in the order the pickers list them (the main thread's
// picker for the step-through panels and the Train worker's). Each package is imported only when
// its backend is loaded, so a backend that cannot run here costs nothing and shows its reason. tfjs's
// WebAssembly engine fetches its .wasm files from the URLs given here, served by this page.

import type { TfjsEngine } from '@deltaml/backend-tfjs';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice } from './logic/backends.js';

/** Registers what tfjs needs in a browser for `engine`, then starts it through @deltaml/backend-tfjs. */
async function createTfjs(engine: TfjsEngine) {
  if (engine === 'wasm') {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths({
      'tfjs-backend-wasm.wasm': tfjsWasm,
      'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreadedSimd,
    });
  }
  if (engine === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  const { createTfjsBackend } = await import('@deltaml/backend-tfjs');
  return createTfjsBackend({ engine });
}

/** Every backend the page offers. */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  {
    id: 'cpu',
    label: 'pure TypeScript kernels on Float32Array',
    create: async () => (await import('@deltaml/backend-cpu')).createCpuBackend(),
  },
  {
    id: 'wasm',
    label: 'WebAssembly kernels (SIMD where the browser has it)',
    create: async () => (await import('@deltaml/backend-wasm')).createWasmBackend(),
  },
  { id: 'tfjs-wasm', label: 'TensorFlow.js, WebAssembly engine', create: () => createTfjs('wasm') },
  { id: 'tfjs-webgl', label: 'TensorFlow.js, WebGL engine (needs a GPU)', create: () => createTfjs('webgl') },
  { id: 'tfjs-cpu', label: 'TensorFlow.js, JavaScript engine', create: () => createTfjs('cpu') },
  {
    id: 'webgpu',
    label: 'WGSL kernels on WebGPU (asynchronous reads: trains in the Train panel)',
    create: async () => (await import('@deltaml/backend-webgpu')).createWebGpuBackend(),
  },
];
