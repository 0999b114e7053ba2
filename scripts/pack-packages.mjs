// @ts-check
// Packs every published package with `pnpm pack` (which rewrites `workspace:*` to real versions)
// into one folder, so the package linters and the consumer smoke test check the very tarballs a
// release would upload. Each package must be built first (dist/ is what ships). The packages are
// those of workspace-packages.mjs: every folder under packages/ that is not private.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages, ROOT } from './workspace-packages.mjs';

/**
 * One packed package.
 * @typedef {object} PackedPackage
 * @property {string} dir its folder under packages/
 * @property {string} name its npm name
 * @property {string} version its version
 * @property {string} file the tarball's path
 * @property {number} bytes the tarball's size
 */

/**
 * Packs each published package into `destination`.
 * @param {string} destination a folder
 * @returns {PackedPackage[]}
 */
export function packAll(destination) {
  return publishedPackages().map(({ dir, name, version }) => {
    execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], {
      cwd: join(ROOT, 'packages', dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const file = join(destination, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    return { dir, name, version, file, bytes: statSync(file).size };
  });
}

/**
 * "42.3 kB"
 * @param {number} bytes
 */
export function kilobytes(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
