// The wasm backend passes the whole conformance suite: by default (every core), on one thread,
// with the scalar kernels, and with an odd thread count (three parts of every large product).
import { runConformance } from '@deltaml/conformance/vitest';
import { createWasmBackend } from '../src/index.js';

runConformance('wasm', () => createWasmBackend());
runConformance('wasm (one thread)', () => createWasmBackend({ threads: 1 }));
runConformance('wasm (scalar build)', () => createWasmBackend({ simd: false }));
runConformance('wasm (three threads)', () => createWasmBackend({ threads: 3 }));
