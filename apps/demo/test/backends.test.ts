import { createCpuBackend } from '@deltaml/backend-cpu';
import { BackendUnavailableError } from '@deltaml/core';
import { describe, expect, test } from 'vitest';
import { backendDetails, backendThreads, loadBackend, threadsText } from '../src/logic/backends.js';

describe('loading a backend', () => {
  test('one that runs comes back with no error and no rejections', async () => {
    const loaded = await loadBackend({ id: 'cpu', label: 'cpu', create: () => createCpuBackend() });
    expect(loaded.backend?.name).toBe('cpu');
    expect(loaded.error).toBeNull();
    expect(loaded.rejected).toEqual([]);
  });

  test('one that cannot run here comes back with its reason instead of throwing', async () => {
    const loaded = await loadBackend({
      id: 'tfjs-webgl',
      label: 'WebGL',
      create: async () => {
        throw new BackendUnavailableError('the webgl engine needs a browser with WebGL');
      },
    });
    expect(loaded.backend).toBeNull();
    expect(loaded.error).toBe('the webgl engine needs a browser with WebGL');
  });

  test("the engines a backend rejected on the way are kept (tfjs's `rejected`)", async () => {
    const rejected = [{ name: 'tfjs-node', reason: 'not installed' }];
    const loaded = await loadBackend({
      id: 'tfjs',
      label: 'tfjs auto',
      create: () => Object.assign(createCpuBackend(), { rejected }),
    });
    expect(loaded.rejected).toEqual(rejected);
  });

  test('details: the dtype, and which build of WebAssembly kernels runs', () => {
    expect(backendDetails(createCpuBackend({ dtype: 'float64' }))).toBe('float64');
    expect(backendDetails(Object.assign(createCpuBackend(), { simd: true }))).toBe('float32, SIMD kernels');
    expect(backendDetails(Object.assign(createCpuBackend(), { simd: false }))).toBe(
      'float32, scalar kernels',
    );
    expect(backendDetails(Object.assign(createCpuBackend(), { simd: true, threads: 4 }))).toBe(
      'float32, SIMD kernels, 4 threads',
    );
    expect(backendDetails(Object.assign(createCpuBackend(), { simd: true, threads: 1 }))).toBe(
      'float32, SIMD kernels, 1 thread',
    );
  });

  test('threads: what the backend reports, and one thread with no shared calls for a backend that says nothing', () => {
    expect(backendThreads(createCpuBackend())).toEqual({ count: 1, sharedCalls: 0 });
    let shared = 0;
    const threaded = Object.assign(createCpuBackend(), { threads: 3, sharedCalls: () => shared });
    shared = 7;
    expect(backendThreads(threaded)).toEqual({ count: 3, sharedCalls: 7 });
    expect([1, 2].map(threadsText)).toEqual(['1 thread', '2 threads']);
  });
});
