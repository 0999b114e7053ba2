// Getting a GPUDevice, with one clear error for each way it can fail: no WebGPU here at all, no
// adapter, or a device that cannot be created. Never a fallback to another engine: a caller who
// asked for the GPU is told why there is none.

import { BackendUnavailableError } from '@deltaml/core';

/** How to reach a GPU: the page's `navigator.gpu` unless another WebGPU entry point is given. */
export interface DeviceOptions {
  /**
   * The WebGPU entry point; default `navigator.gpu`. In Node pass one from a WebGPU implementation,
   * e.g. `create([])` from the `webgpu` package (Dawn).
   */
  readonly gpu?: GPU;
  /** passed to `requestAdapter` */
  readonly powerPreference?: GPUPowerPreference;
}

/** A device and the adapter it came from, described for people (vendor, architecture…). */
export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: string;
}

/** The adapter's vendor and architecture (else its device or description), e.g. `google swiftshader`. */
export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const named = [info.vendor, info.architecture].filter((p) => p);
  const parts = named.length > 0 ? named : [info.device, info.description].filter((p) => p);
  return parts.length > 0 ? parts.join(' ') : 'unknown adapter';
}

function entryPoint(options: DeviceOptions): GPU {
  if (options.gpu) return options.gpu;
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (gpu) return gpu;
  const inNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  throw new BackendUnavailableError(
    inNode
      ? 'webgpu: Node has no WebGPU of its own; pass { gpu } from a WebGPU implementation, e.g. create([]) from the `webgpu` package (Dawn, needs a Vulkan driver)'
      : 'webgpu: navigator.gpu is missing: this browser has no WebGPU, or the page is not a secure context (serve it from https:// or localhost)',
  );
}

/** Requests an adapter and a device with the adapter's largest buffer limits. */
export async function acquireDevice(options: DeviceOptions = {}): Promise<AcquiredDevice> {
  const gpu = entryPoint(options);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(
      options.powerPreference ? { powerPreference: options.powerPreference } : undefined,
    );
  } catch (error) {
    throw new BackendUnavailableError(`webgpu: requestAdapter failed: ${(error as Error).message}`);
  }
  if (!adapter) {
    throw new BackendUnavailableError(
      'webgpu: no WebGPU adapter: the GPU is blocklisted or absent (headless Chromium needs --enable-unsafe-webgpu --use-webgpu-adapter=swiftshader)',
    );
  }
  const { limits } = adapter;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxBufferSize: limits.maxBufferSize,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      },
    });
  } catch (error) {
    throw new BackendUnavailableError(`webgpu: requestDevice failed: ${(error as Error).message}`);
  }
  return { device, adapter: describeAdapter(adapter.info) };
}
