// Behaviours of tfjs engines that break deltaml's promises, corrected where a backend meets them
// (for tfjs 4.22, pinned in package.json):
// - tfjs-wasm does not check its allocations. Its heap is one WebAssembly memory of at most
//   4 GiB; when `malloc` fails it returns 0 and tfjs writes the tensor from address 0 (or, past
//   4 GiB, the size wraps to 32 bits), which traps with "memory access out of bounds" and leaves
//   the engine broken for the rest of the process. The guard below checks every allocation the
//   engine makes from JavaScript and throws core's OutOfMemoryError before the kernel runs, so the
//   engine stays usable. The check is a few comparisons per allocation while the heap is far from
//   full, and one more malloc/free (of the scratch below) when it is close.
// - The JavaScript engines (cpu, and webgl's host copies) fail an allocation past what V8 allows
//   with a RangeError; it leaves the engine usable, and becomes OutOfMemoryError like wasm's.
// - tfjs-cpu prints a three-line "install tfjs-node" banner on stderr at its first tensor in
//   Node; deltaml reports which engine runs in its own words (backend.name, backend.rejected), and
//   an error must stay one line on stderr.

import { OutOfMemoryError } from '@deltaml/core';
import * as tf from '@tensorflow/tfjs-core';

/** The most the wasm heap can grow to: emscripten's getHeapMax() in tfjs-backend-wasm (65 535 pages of 64 KiB). */
export const WASM_HEAP_MAX = 4_294_901_760;

/**
 * Room kept free beyond each tensor for what the kernels allocate inside WebAssembly, where a
 * failed allocation aborts the engine (XNNPACK's packed weights of a product, its operator
 * cache, tfjs's shape arrays). Generous: the largest packed operand of a product that fits at
 * all is far smaller than the product itself.
 */
const KERNEL_SCRATCH_BYTES = 64 * 2 ** 20;

const GUARDED = Symbol('deltaml.wasmHeapGuard');

/** The parts of tfjs-backend-wasm's emscripten module the guard uses. */
interface WasmModule {
  _malloc(bytes: number): number;
  HEAPU8: Uint8Array;
  asm?: { malloc(bytes: number): number; free(pointer: number): void };
  [GUARDED]?: true;
}

const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Makes every allocation of tfjs's wasm engine that cannot fit throw OutOfMemoryError (see the header). */
export function guardWasmHeap(): void {
  const module = (tf.engine().findBackend('wasm') as unknown as { wasm?: WasmModule } | null)?.wasm;
  // the raw exports: emscripten's `_malloc` wrapper replaces itself by the export on first call
  // (a build that names them differently keeps tfjs's own behaviour rather than failing to start)
  if (!module?.asm || module[GUARDED]) return;
  const { malloc, free } = module.asm;
  const outOfMemory = (bytes: number, heap: number) =>
    new OutOfMemoryError(
      `tfjs-wasm: a tensor of ${gigabytes(bytes)} does not fit in the WebAssembly heap (at most ${gigabytes(WASM_HEAP_MAX)}, ` +
        `${gigabytes(heap)} reserved); use smaller batches or layers, or the node engine`,
    );
  module._malloc = (bytes: number): number => {
    const heap = module.HEAPU8.length;
    // past the limit the size would wrap to 32 bits and "succeed"; else a failed malloc returns 0
    const pointer = bytes + KERNEL_SCRATCH_BYTES <= WASM_HEAP_MAX ? malloc(bytes) : 0;
    if (pointer === 0) throw outOfMemory(bytes, heap);
    if (heap + bytes + KERNEL_SCRATCH_BYTES <= WASM_HEAP_MAX) return pointer; // the heap can still grow for the scratch
    // close to the limit: the kernel's scratch must fit beside the tensor
    const scratch = malloc(KERNEL_SCRATCH_BYTES);
    if (scratch === 0) {
      free(pointer);
      throw outOfMemory(bytes, heap);
    }
    free(scratch);
    return pointer;
  };
  module[GUARDED] = true;
}

/** V8's messages for a typed array it cannot allocate. */
const JS_ALLOCATION_FAILURE = /^(Invalid typed array length|Array buffer allocation failed)/;

/** `error` as OutOfMemoryError when it is V8 refusing an allocation (see the header), else unchanged. */
export function asOutOfMemory(error: unknown, backendName: string): unknown {
  if (!(error instanceof RangeError) || !JS_ALLOCATION_FAILURE.test(error.message)) return error;
  return new OutOfMemoryError(
    `${backendName}: the result does not fit in JavaScript memory (${error.message}); use smaller batches or layers`,
  );
}

/** Switches off tfjs-cpu's first-use banner (backend_cpu.js sets `firstUse` false after printing it). */
export function silenceCpuBanner(): void {
  const cpu = tf.engine().findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && cpu.firstUse === true) cpu.firstUse = false;
}
