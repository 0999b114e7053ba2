#!/usr/bin/env node
// The `deltaml` executable.

import { fileURLToPath } from 'node:url';
import { main } from './main.js';
import { guardStdout } from './stdout-guard.js';
import { runWithVulkan } from './webgpu-process.js';

guardStdout();
const args = process.argv.slice(2);
process.exitCode = (await runWithVulkan(fileURLToPath(import.meta.url), args)) ?? (await main(args));
