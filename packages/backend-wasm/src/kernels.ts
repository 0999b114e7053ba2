// Loads the AssemblyScript kernels: picks the SIMD build when this engine validates it (else the
// scalar build of the same source), compiles it once per process, and instantiates it on a
// linear memory owned by one backend. The binaries are inlined (generated/kernels-wasm.ts), so
// this works in Node ESM and browsers alike with no bundler plugin and no file access.

import { BackendUnavailableError } from '@deltaml/core';
import { KERNELS_SCALAR_BASE64, KERNELS_SIMD_BASE64 } from './generated/kernels-wasm.js';

/** The kernel exports (assembly/index.ts). Pointers are byte offsets; flags are 0 or 1. */
export interface Kernels {
  gemm(
    M: number,
    N: number,
    K: number,
    A: number,
    transA: number,
    B: number,
    transB: number,
    C: number,
    bias: number,
    Z: number,
    f: number,
    alpha: number,
    work: number,
  ): void;
  gemmWorkspaceBytes(): number;
  activate(S: number, Z: number, n: number, f: number, alpha: number): void;
  activateBackward(S: number, dZ: number, delta: number, n: number, f: number, alpha: number): void;
  rowSum(delta: number, out: number, rows: number, cols: number): void;
  sgdUpdate(param: number, grad: number, n: number, lr: number): void;
  mse(Z: number, Y: number, dZ: number, n: number, N: number): number;
  hinge(Z: number, labels: number, dZ: number, d: number, N: number, margin: number, p: number): number;
  heapBase(): number;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether this engine runs 128-bit WebAssembly SIMD (validates the SIMD build itself). */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(KERNELS_SIMD_BASE64));
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The compiled kernels module, SIMD or scalar; compiled at most once per process. */
function kernelModule(simd: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(simd);
  if (!module) {
    module = WebAssembly.compile(decodeBase64(simd ? KERNELS_SIMD_BASE64 : KERNELS_SCALAR_BASE64));
    compiled.set(simd, module);
  }
  return module;
}

/** Instantiates the kernels on `memory`. Throws BackendUnavailableError without WebAssembly. */
export async function loadKernels(simd: boolean, memory: WebAssembly.Memory): Promise<Kernels> {
  if (typeof WebAssembly !== 'object') {
    throw new BackendUnavailableError('the wasm backend needs WebAssembly, which this engine does not have');
  }
  const instance = await WebAssembly.instantiate(await kernelModule(simd), { env: { memory } });
  return instance.exports as unknown as Kernels;
}
