// The wasm backend passes the whole conformance suite, with the SIMD kernels and the scalar ones.
import { runConformance } from '@deltaml/conformance/vitest';
import { createWasmBackend } from '../src/index.js';

runConformance('wasm', () => createWasmBackend());
runConformance('wasm (scalar build)', () => createWasmBackend({ simd: false }));
runConformance('wasm (two threads)', () => createWasmBackend({ threads: 2 }));
