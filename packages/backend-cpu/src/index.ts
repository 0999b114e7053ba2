// @deltaml/backend-cpu: core's Backend in pure TypeScript on Float32Array (or Float64Array).

export { type CpuBackendOptions, createCpuBackend } from './backend.js';
