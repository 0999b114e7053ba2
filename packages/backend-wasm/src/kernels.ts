// Loads the AssemblyScript kernels: picks the SIMD build when this engine validates it (else the
// scalar build of the same source), compiles it once per process, and instantiates it on a
// linear memory owned by one backend. The binaries are inlined (generated/kernels-wasm.ts), so
// this works in Node ESM and browsers alike with no bundler plugin and no file access.

import { BackendUnavailableError } from '@deltaml/core';
import {
  KERNELS_SCALAR_BASE64,
  KERNELS_SIMD_BASE64,
  KERNELS_THREADS_BASE64,
} from './generated/kernels-wasm.js';

/** The kernel exports (assembly/index.ts). Pointers are byte offsets; flags are 0 or 1. */
export interface Kernels {
  /** the product in the block at `args` (kernel-abi.mjs's `gemm`, written by writeGemmArgs) */
  gemm(args: number): void;
  gemmWorkspaceBytes(): number;
  activate(S: number, Z: number, n: number, f: number, alpha: number): void;
  activateBackward(X: number, dZ: number, delta: number, n: number, f: number, alpha: number): void;
  rowSum(delta: number, out: number, rows: number, cols: number): void;
  scaleAdd(y: number, x: number, n: number, a: number, b: number): void;
  scaleAddSquare(y: number, x: number, n: number, a: number, b: number): void;
  addQuotient(y: number, x: number, v: number, n: number, a: number, c: number, eps: number): void;
  /** one Adam step with the block at `args` (kernel-abi.mjs's `adam`, written by writeAdamArgs) */
  adam(args: number): void;
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

/** `simd` and `scalar` run on one thread; `threads` is the SIMD build on a shared memory, for any thread count. */
export type KernelBuild = 'simd' | 'scalar' | 'threads';

const BINARIES: Record<KernelBuild, string> = {
  simd: KERNELS_SIMD_BASE64,
  scalar: KERNELS_SCALAR_BASE64,
  threads: KERNELS_THREADS_BASE64,
};

const compiled = new Map<KernelBuild, Promise<WebAssembly.Module>>();

/** The compiled kernels module of one build; compiled at most once per process. */
export function kernelModule(build: KernelBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = WebAssembly.compile(decodeBase64(BINARIES[build]));
    compiled.set(build, module);
  }
  return module;
}

/** Instantiates the kernels on `memory`. Throws BackendUnavailableError without WebAssembly. */
export async function loadKernels(build: KernelBuild, memory: WebAssembly.Memory): Promise<Kernels> {
  if (typeof WebAssembly !== 'object') {
    throw new BackendUnavailableError('the wasm backend needs WebAssembly, which this engine does not have');
  }
  const instance = await WebAssembly.instantiate(await kernelModule(build), { env: { memory } });
  return instance.exports as unknown as Kernels;
}
