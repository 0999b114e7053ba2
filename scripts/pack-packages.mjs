// Packs every published package with `pnpm pack` (which rewrites `workspace:*` to real versions)
// into one folder, so the package linters and the consumer smoke test check the very tarballs a
// release would upload. Each package must be built first (dist/ is what ships).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The folders under packages/ that are published to npm (apps/demo is private). */
export const PUBLISHED = [
  'core',
  'backend-cpu',
  'backend-wasm',
  'backend-tfjs',
  'backend-webgpu',
  'conformance',
  'bench',
  'interop',
  'cli',
];

/** Packs each published package into `destination`; returns `{ dir, name, version, file, bytes }` per package. */
export function packAll(destination) {
  return PUBLISHED.map((dir) => {
    const cwd = join(root, 'packages', dir);
    const { name, version } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const file = join(destination, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    return { dir, name, version, file, bytes: statSync(file).size };
  });
}

/** "42.3 kB" */
export function kilobytes(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
