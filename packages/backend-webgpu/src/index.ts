// @deltaml/backend-webgpu: core's Backend on WebGPU (WGSL kernels, asynchronous reads), for
// browsers with WebGPU and for Node with a WebGPU implementation such as the `webgpu` package.
// Its types name WebGPU's (GPU, GPUBuffer), so the declarations pull in @webgpu/types.

/// <reference types="@webgpu/types" preserve="true" />

export {
  createWebGpuBackend,
  type WebGpuBackendOptions,
  type WebGpuExtras,
  type WebGpuMatrix,
} from './backend.js';
export { type DeviceOptions, describeAdapter } from './device.js';
