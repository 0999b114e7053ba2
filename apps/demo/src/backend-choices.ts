// The backends the playground offers, in the order the picker lists them. Each package is
// imported only when its backend is loaded, so a backend that cannot run costs nothing.

import type { BackendChoice } from './logic/backends.js';

export const BACKEND_CHOICES: readonly BackendChoice[] = [
  {
    id: 'cpu',
    label: 'pure TypeScript kernels on Float32Array',
    create: async () => (await import('@deltaml/backend-cpu')).createCpuBackend(),
  },
];
