// The shared vitest settings, plus what Dawn (the `webgpu` package) needs to find a Vulkan driver
// in Node: Chromium's SwiftShader ICD and the Vulkan loader Chromium ships beside it. Set before
// the test workers start, so their dynamic loader sees them; test/node-gpu.ts says when it fails.
import { existsSync } from 'node:fs';
import shared from '../../vitest.shared.js';

const CHROMIUM_LIBS = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIBS}/vk_swiftshader_icd.json`;
if (existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  process.env.LD_LIBRARY_PATH = [process.env.LD_LIBRARY_PATH, CHROMIUM_LIBS].filter(Boolean).join(':');
}

export default shared;
