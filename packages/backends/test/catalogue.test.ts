// The catalogue's entries are consistent (one entry per name, every entry loads somewhere, a
// picking name picks among entries of its environments), and its Node loaders give the backend
// they name: cpu and wasm exactly, auto one of those it picks from.

import { describe, expect, it } from 'vitest';
import { BACKEND_CATALOGUE, backendsFor, type Environment } from '../src/index.js';

const ENVIRONMENTS: readonly Environment[] = ['node', 'browser'];

describe('the backend catalogue', () => {
  it('has one entry per name, each loading in at least one environment', () => {
    const names = BACKEND_CATALOGUE.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of BACKEND_CATALOGUE) {
      expect(Object.keys(entry.loaders).length, entry.name).toBeGreaterThan(0);
      expect(entry.summary.length, entry.name).toBeGreaterThan(0);
    }
  });

  it('picks only among entries offered in the same environments', () => {
    for (const environment of ENVIRONMENTS) {
      const offered = new Set(backendsFor(environment).map((entry) => entry.name));
      for (const entry of backendsFor(environment)) {
        for (const name of entry.picksFrom ?? [])
          expect(offered.has(name), `${entry.name} → ${name}`).toBe(true);
      }
    }
  });

  it('lists in Node the names of the command line, in order', () => {
    expect(backendsFor('node').map((entry) => entry.name)).toEqual([
      'auto',
      'cpu',
      'wasm',
      'tfjs',
      'tfjs-node',
      'tfjs-wasm',
      'tfjs-cpu',
      'webgpu',
    ]);
  });

  for (const name of ['cpu', 'wasm', 'auto']) {
    it(`${name}'s Node loader gives a backend it names`, async () => {
      const entry = BACKEND_CATALOGUE.find((candidate) => candidate.name === name);
      const loaded = await entry?.loaders.node?.({});
      expect(entry?.picksFrom ?? [name]).toContain(loaded?.backend.name);
      // Node 20 runs WebAssembly SIMD, so auto runs wasm and has rejected nothing
      if (name === 'auto') expect(loaded?.backend.name).toBe('wasm');
      expect(loaded?.rejected).toEqual([]);
    });
  }
});
