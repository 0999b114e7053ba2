// A training step on wasm runs in the network's workspace (the backend's IntoKernels) and
// allocates nothing, landing on the allocating path's weights bit for bit (the workspace checks
// of @deltaml/conformance), on one thread and on every core.
import { runWorkspaceConformance } from '@deltaml/conformance/vitest';
import { createWasmBackend } from '../src/index.js';

runWorkspaceConformance('wasm', () => createWasmBackend());
runWorkspaceConformance('wasm (one thread)', () => createWasmBackend({ threads: 1 }));
