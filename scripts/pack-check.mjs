#!/usr/bin/env node
// @ts-check
// CI's package linters: packs every published package, then runs publint (package.json fields,
// exports, files) and Are the Types Wrong (types resolve for ESM consumers under node16 and
// bundler resolution) on each tarball, and checks no `workspace:` range survived packing.
// Prints one line per package with its tarball size; exits non-zero if any check fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kilobytes, packAll } from './pack-packages.mjs';

/** @param {string} name a dev tool of the root package */
const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const destination = mkdtempSync(join(tmpdir(), 'deltaml-pack-'));
let failures = 0;

/**
 * Whether the command succeeds; prints its output if it does not.
 * @param {string} command
 * @param {string[]} args
 */
function passes(command, args) {
  try {
    execFileSync(command, args, { cwd: destination, encoding: 'utf8', stdio: 'pipe' });
    return true;
  } catch (error) {
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    process.stdout.write(`${stdout}${stderr}`);
    return false;
  }
}

try {
  for (const { name, file, bytes } of packAll(destination)) {
    const manifest = execFileSync('tar', ['-xOzf', file, 'package/package.json'], { encoding: 'utf8' });
    /** @type {Record<string, boolean>} */
    const results = {
      publint: passes(bin('publint'), ['run', file, '--strict']),
      attw: passes(bin('attw'), [file, '--profile', 'esm-only', '--format', 'table-flipped']),
      'no workspace: ranges': !manifest.includes('"workspace:'),
    };
    const failed = Object.keys(results).filter((check) => !results[check]);
    failures += failed.length;
    const verdict = failed.length ? `FAIL (${failed.join(', ')})` : 'ok (publint, attw, versions)';
    console.log(`${name.padEnd(22)} ${kilobytes(bytes).padStart(9)}  ${verdict}`);
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
console.log(failures ? `pack:check: FAIL (${failures} failed checks)` : 'pack:check: PASS');
process.exit(failures ? 1 : 0);
