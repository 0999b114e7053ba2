// A WebGPU entry point for the tests in Node: the `webgpu` package (Dawn) on a Vulkan driver, or
// the reason it does not load here (the tests then say so and are skipped, never passed).
import { create, globals } from 'webgpu';

/** Dawn's GPU with its globals (GPUBufferUsage, …) installed, or why there is none. */
export async function nodeGpu(): Promise<{ gpu: GPU } | { reason: string }> {
  try {
    Object.assign(globalThis, globals);
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return {
        reason:
          'the webgpu package loaded but found no adapter (no Vulkan driver: install chromium for its SwiftShader ICD)',
      };
    }
    return { gpu };
  } catch (error) {
    return { reason: `the webgpu package did not load: ${(error as Error).message}` };
  }
}
