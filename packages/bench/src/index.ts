// @deltaml/bench: the benchmark of docs/benchmarks.md as a library — its workloads, one interface
// for every system it times (a deltaml backend, sync or async, or an idiomatic-tfjs peer), the
// timing, and the rows. `deltaml bench` runs it in Node and backend-webgpu's browser benchmark in
// a page. The idiomatic-tfjs peers are `@deltaml/bench/tfjs` (TensorFlow.js loads only with them),
// the Node-only `e2e` workload `@deltaml/bench/e2e`.

export * from './deltaml-system.js';
export * from './rows.js';
export * from './run.js';
export type * from './system.js';
export * from './timing.js';
export * from './workloads.js';
