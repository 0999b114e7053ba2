// The WebGPU backend: in a browser on the page's `navigator.gpu`; in Node on Dawn through the
// optional `webgpu` package, which needs a Vulkan driver (a GPU's, or Chromium's SwiftShader). Where
// there is no adapter, one line says what is missing and how to get it.

import { BackendUnavailableError } from '@deltaml/core';
import type { BackendLoader, Environment } from './catalogue.js';

/** The npm package that gives Node a WebGPU (Dawn); an optional peer dependency of this package. */
const NODE_WEBGPU_PACKAGE = 'webgpu';

/** The Vulkan driver Chromium ships (Debian's `chromium` package): a CPU adapter when there is no GPU. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Where Linux keeps the Vulkan loader Dawn opens, besides the folders of LD_LIBRARY_PATH. */
const SYSTEM_LIBRARY_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
];

/**
 * On Linux, refuses before Dawn loads when there is no Vulkan loader at all (Dawn would print its
 * own multi-line warning and find no adapter). Chromium's copy counts once its folder is on
 * LD_LIBRARY_PATH, which the `deltaml` command arranges.
 */
async function checkVulkanLoader(): Promise<void> {
  if (process.platform !== 'linux') return;
  const { existsSync } = await import('node:fs');
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...SYSTEM_LIBRARY_DIRS];
  if (dirs.some((dir) => existsSync(`${dir}/libvulkan.so.1`))) return;
  throw new BackendUnavailableError(
    'webgpu: no Vulkan loader (libvulkan.so.1) for Dawn: install libvulkan1 and a Vulkan driver, or Chromium for its SwiftShader driver',
  );
}

/**
 * Dawn's entry point, once per process and held for its life: Dawn's instance dies when its `GPU`
 * object is garbage-collected, and a device still in use then crashes the process.
 */
let dawnGpu: Promise<GPU> | undefined;

/** Dawn's WebGPU entry point in Node, with its globals (GPUBufferUsage, …) installed. */
async function dawn(): Promise<GPU> {
  dawnGpu ??= startDawn();
  return dawnGpu;
}

async function startDawn(): Promise<GPU> {
  await checkVulkanLoader();
  const { existsSync } = await import('node:fs');
  if (existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  // A variable specifier: the package is optional, so neither TypeScript nor bundlers may require it.
  const specifier: string = NODE_WEBGPU_PACKAGE;
  let module: { create(flags: string[]): GPU; globals: object };
  try {
    module = await import(specifier);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new BackendUnavailableError(
      code === 'ERR_MODULE_NOT_FOUND'
        ? `webgpu: Node has no WebGPU of its own and the \`${NODE_WEBGPU_PACKAGE}\` package (Dawn) is not installed; add it with \`npm install ${NODE_WEBGPU_PACKAGE}\``
        : `webgpu: the \`${NODE_WEBGPU_PACKAGE}\` package did not load (${(error as Error).message.split('\n')[0]})`,
    );
  }
  Object.assign(globalThis, module.globals);
  return module.create([]);
}

/** A loader of backend-webgpu in `environment`. */
export function webGpuBackend(environment: Environment): BackendLoader {
  return async () => {
    const { createWebGpuBackend } = await import('@deltaml/backend-webgpu');
    if (environment === 'browser') return { backend: await createWebGpuBackend(), rejected: [] };
    const gpu = await dawn();
    if (!(await gpu.requestAdapter())) {
      throw new BackendUnavailableError(
        `webgpu: Dawn found no WebGPU adapter (no Vulkan driver: install one for your GPU, or Chromium for its SwiftShader driver at ${SWIFTSHADER_ICD}, or point VK_ICD_FILENAMES at one)`,
      );
    }
    return { backend: await createWebGpuBackend({ gpu }), rejected: [] };
  };
}
