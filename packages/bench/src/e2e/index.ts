// @deltaml/bench/e2e: the Node-only `e2e` workload — the generated data file and its Parquet copy,
// and `deltaml train` timed end to end beside numpy.loadtxt + scikit-learn.

export * from './data.js';
export * from './run.js';
