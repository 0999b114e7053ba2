// @deltaml/conformance: the seed's reference values, a float64 reference implementation and the
// checks every backend must pass (run them with runChecks, or under vitest via ./vitest).

export * from './backend-io.js';
export * from './checks-memory.js';
export { OPTIMIZER_STEPS, optimizerConfigurations } from './checks-optimizers.js';
export { RANDOM_CASES } from './checks-values.js';
export * from './exercise2.js';
export * from './exercise2-rows.js';
export * from './random-cases.js';
export * from './reference.js';
export * from './reference-optimizers.js';
export * from './run.js';
export * from './tolerance.js';
export type { ConformanceCheck } from './types.js';
