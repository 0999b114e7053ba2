// `auto`, the default backend: the WebAssembly kernels where the engine runs their SIMD build
// (the fastest engine that needs no native code or GPU), else the TypeScript kernels. What was
// rejected, and why, is reported so that the caller can say which backend ran.

import type { Backend, Rejection } from '@deltaml/core';
import type { LoadedBackend } from './catalogue.js';

/** Loads `wasm` if its SIMD build runs here, else `cpu`; `rejected` says why wasm did not. */
export async function autoBackend(): Promise<LoadedBackend> {
  let reason: string;
  try {
    const { createWasmBackend, simdSupported } = await import('@deltaml/backend-wasm');
    if (simdSupported()) return { backend: await createWasmBackend({ simd: true }), rejected: [] };
    reason = 'this engine has no WebAssembly SIMD';
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const { createCpuBackend } = await import('@deltaml/backend-cpu');
  const backend: Backend = createCpuBackend();
  const rejected: readonly Rejection[] = [{ name: 'wasm', reason }];
  return { backend, rejected };
}
