// A training step on cpu runs in the network's workspace and allocates nothing, landing on the
// allocating path's weights bit for bit (the workspace checks of @deltaml/conformance).
import { runWorkspaceConformance } from '@deltaml/conformance/vitest';
import { createCpuBackend } from '../src/index.js';

runWorkspaceConformance('cpu', () => createCpuBackend());
