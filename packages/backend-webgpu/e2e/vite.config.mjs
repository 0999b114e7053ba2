// The pages of the browser tests and the browser benchmark. Workspace packages resolve to their
// TypeScript sources (the `source` export condition), so nothing needs building first.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  logLevel: 'warn',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8192,
    emptyOutDir: true,
    rollupOptions: { input: { conformance: join(root, 'index.html'), bench: join(root, 'bench.html') } },
  },
});
