// @deltaml/backend-tfjs: core's Backend on TensorFlow.js engines, and conversion of deltaml
// models to and from tfjs LayersModels.

export { activateOp } from './activations.js';
export type { TfjsBackend } from './backend.js';
export { createTfjsBackend, type TfjsBackendOptions } from './create.js';
export {
  AUTO_ENGINE_ORDER,
  EXPLICIT_TRANSPOSE_FROM,
  engineVersion,
  TFJS_NODE_INSTALL,
  TFJS_NODE_PACKAGE,
  type TfjsEngine,
} from './engines.js';
export { fromLayersModel, toLayersModel } from './interop.js';
export type { TfjsMatrix } from './memory.js';
