// Shared vitest settings: resolve workspace packages to their TypeScript sources (the `source`
// export condition), so tests run without a prior build while published packages use dist/.
import { defineConfig } from 'vitest/config';

export const sourceConditions = ['source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // the JSON report lets .ci/run print one total over every package
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
