// `--backend webgpu` in Node runs on Dawn (the `webgpu` package), which opens the Vulkan loader
// with dlopen. Where the system has none but Chromium ships one beside its SwiftShader driver
// (Debian's `chromium`), the loader's folder must be on LD_LIBRARY_PATH, which the dynamic linker
// reads only when a process starts: so the command runs again, once, in a child process that has
// it, with the same arguments, stdio and exit status, and the signals it receives passed on.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

/** Where Debian's Chromium keeps its Vulkan loader and SwiftShader driver. */
const CHROMIUM_LIBS = '/usr/lib/chromium';
const SYSTEM_VULKAN = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
].map((dir) => `${dir}/libvulkan.so.1`);

/** Whether `args` ask for the webgpu backend (`--backend webgpu`, `--backend=webgpu`, or among conformance's names). */
function asksForWebGpu(args: readonly string[]): boolean {
  return args.some(
    (arg, i) => arg === '--backend=webgpu' || (arg === 'webgpu' && args.slice(0, i).includes('--backend')),
  );
}

/** The environment the command must run in for Dawn to find Chromium's Vulkan loader; undefined when this one does. */
function vulkanEnvironment(webgpu: boolean): NodeJS.ProcessEnv | undefined {
  if (process.platform !== 'linux' || !webgpu) return undefined;
  const path = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (path.includes(CHROMIUM_LIBS) || SYSTEM_VULKAN.some((file) => existsSync(file))) return undefined;
  if (!existsSync(`${CHROMIUM_LIBS}/libvulkan.so.1`)) return undefined; // the backend says what is missing
  return { ...process.env, LD_LIBRARY_PATH: [...path, CHROMIUM_LIBS].join(':') };
}

/**
 * Runs `script` again in a child process with Chromium's Vulkan loader on the library path when
 * it will run webgpu (by default: when `args` ask for it); resolves to its exit status, or
 * undefined when this process can run it itself.
 */
export async function runWithVulkan(
  script: string,
  args: readonly string[],
  webgpu = asksForWebGpu(args),
): Promise<number | undefined> {
  const env = vulkanEnvironment(webgpu);
  if (!env) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward);
  return new Promise((resolve) => {
    // a child ended by a signal reports it the shell's way, 128 + its number
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    child.on('error', () => resolve(1));
  });
}
