// The whole conformance suite on the WebGPU backend in Node, on Dawn (the `webgpu` package) over
// SwiftShader's Vulkan driver. Where Dawn finds no adapter the suite is skipped with the reason.
import { runConformance } from '@deltaml/conformance/vitest';
import { describe, it } from 'vitest';
import { createWebGpuBackend } from '../src/index.js';
import { nodeGpu } from './node-gpu.js';

const found = await nodeGpu();
if ('gpu' in found) {
  runConformance('webgpu (Dawn in Node)', () => createWebGpuBackend({ gpu: found.gpu }));
} else {
  describe('conformance: webgpu (Dawn in Node)', () => {
    it.skip(`no WebGPU in this Node: ${found.reason}`, () => {});
  });
}
