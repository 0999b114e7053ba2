// @deltaml/interop: deltaml models out to ONNX and TensorFlow.js layers models, and the
// multilayer perceptrons of other libraries in. Plain data in, plain data out: no file system, so
// it runs in browsers as in Node.

export * from './errors.js';
export { ONNX_OPSET, toOnnx } from './onnx/export.js';
export { fromOnnx } from './onnx/import.js';
export { outputKindOf } from './spec-output.js';
export { type TfjsModel, toTfjs } from './tfjs/export.js';
export { WEIGHTS_FILE } from './tfjs/format.js';
export { fromTfjs, tfjsWeightFiles } from './tfjs/import.js';
