// The CPU backend passes the whole conformance suite, in float32 and in float64.
import { runConformance } from '@deltaml/conformance/vitest';
import { createCpuBackend } from '../src/index.js';

runConformance('cpu', () => createCpuBackend());
runConformance('cpu (float64)', () => createCpuBackend({ dtype: 'float64' }));
