// @deltaml/core: the Backend interface and backpropagation written once against it.

export * from './activations.js';
export * from './backend.js';
export * from './backward.js';
export * from './dataset.js';
export * from './errors.js';
export * from './forward.js';
export * from './losses.js';
export * from './matrices.js';
export * from './model-file.js';
export * from './network.js';
export * from './random.js';
export * from './select.js';
export * from './step.js';
export * from './train.js';
