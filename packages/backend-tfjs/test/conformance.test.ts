// The conformance suite on tfjs's cpu and wasm engines, and on its native node engine when its
// binding loads; where it does not, a test says so and checks the message users get. CI provisions
// tfjs-node (scripts/provision-tfjs-node.mjs) and then sets DELTAML_REQUIRE_TFJS_NODE=1: there, a
// binding that does not load fails the run instead of being reported.

import { runConformance } from '@deltaml/conformance/vitest';
import { BackendUnavailableError } from '@deltaml/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../src/index.js';

runConformance('tfjs-cpu', () => createTfjsBackend({ engine: 'cpu' }));
runConformance('tfjs-wasm', () => createTfjsBackend({ engine: 'wasm' }));

const nodeEngine = await createTfjsBackend({ engine: 'node' }).then(
  (backend) => ({ backend, failure: null }),
  (failure: unknown) => ({ backend: null, failure }),
);

if (nodeEngine.backend) {
  runConformance('tfjs-node', () => nodeEngine.backend);
} else if (process.env.DELTAML_REQUIRE_TFJS_NODE === '1') {
  describe('tfjs-node (required: DELTAML_REQUIRE_TFJS_NODE=1)', () => {
    it('loads', () => {
      throw nodeEngine.failure;
    });
  });
} else {
  describe('tfjs-node: native binding NOT available here, its conformance did not run', () => {
    it('rejects with a message saying what failed and how to fix it', () => {
      expect(nodeEngine.failure).toBeInstanceOf(BackendUnavailableError);
      expect((nodeEngine.failure as Error).message).toMatch(
        /@tensorflow\/tfjs-node .*(not installed|native binding did not load).*(npm install|npm rebuild) @tensorflow\/tfjs-node/,
      );
    });
  });
}
