// Serves the built playground on 127.0.0.1 and prints its address: the README's main job
// (`pnpm demo` builds it first). Usage: node scripts/preview.mjs [--port 4173]
// @ts-check (the demo's `typecheck` covers this file, see tsconfig.json)
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 4173;

if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error('The playground is not built yet: run `npx -y pnpm@12.4.2 build` first.');
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number 0…65535, got ${process.argv[portFlag + 1]}`);
  process.exit(2);
}
// strictPort false: when the port is taken, the next free one is used and printed
const server = await preview({
  root,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port, strictPort: false },
});
const [url] = server.resolvedUrls?.local ?? [`http://127.0.0.1:${port}/`];
console.log(`deltaml playground: ${url}  (Ctrl-C to stop)`);
