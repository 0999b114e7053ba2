// @deltaml/backend-wasm: core's checked SyncBackend on WebAssembly (SIMD) kernels written in AssemblyScript.

export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './backend.js';
export { simdSupported } from './kernels.js';
export type { WasmMatrix } from './memory.js';
