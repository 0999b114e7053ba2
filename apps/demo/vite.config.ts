// Builds the playground. Workspace packages resolve to their TypeScript sources (the `source`
// export condition), so the page builds and serves without building the packages first.
// Both servers (`dev`, and `preview`, which scripts/preview.mjs and the end-to-end tests start)
// send COOP/COEP, so the page is cross-origin isolated: only then may a browser share memory
// between workers, which the wasm backend's threads need. Every asset is served by this page
// itself, so `require-corp` blocks nothing.
import { defaultClientConditions, defineConfig } from 'vite';

/** The headers that make the page cross-origin isolated (`crossOriginIsolated` is true). */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
  server: { host: '127.0.0.1', headers: CROSS_ORIGIN_ISOLATION },
});
