// @ts-check
// The workspace's packages, read from packages/*/package.json: the one source for what TypeDoc
// documents (typedoc.config.mjs) and what is packed and checked before a release
// (pack-packages.mjs). A new package is picked up here; a `"private": true` one is left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
export const ROOT = new URL('..', import.meta.url).pathname;

/**
 * One package under packages/.
 * @typedef {object} WorkspacePackage
 * @property {string} dir its folder under packages/
 * @property {string} name its npm name
 * @property {string} version its version
 * @property {boolean} published whether it is published to npm (not `"private": true`)
 */

/** @returns {WorkspacePackage[]} every package under packages/, by folder name */
export function workspacePackages() {
  const packages = join(ROOT, 'packages');
  return readdirSync(packages, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packages, entry.name, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(join(packages, entry.name, 'package.json'), 'utf8'));
      return {
        dir: entry.name,
        name: String(manifest.name),
        version: String(manifest.version),
        published: manifest.private !== true,
      };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** @returns {WorkspacePackage[]} the packages published to npm */
export function publishedPackages() {
  return workspacePackages().filter((pkg) => pkg.published);
}
