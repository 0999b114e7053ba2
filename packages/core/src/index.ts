// @deltaml/core: the Backend interface and backpropagation written once against it, with every
// loss, optimizer and activation defined once in its registry.

export * from './activations.js';
export * from './backend.js';
export * from './backward.js';
export * from './checked-backend.js';
export * from './dataset.js';
export * from './dataset-split.js';
export * from './errors.js';
export * from './evaluate.js';
export * from './forward.js';
export * from './input-transform.js';
export { stableSigmoid } from './losses/binary-cross-entropy.js';
export type { LossDefinition, OutputKind, TargetKind } from './losses/loss.js';
export { softmaxColumn } from './losses/loss.js';
export type * from './losses/registry.js';
export * from './losses.js';
export * from './matrices.js';
export * from './model-file.js';
export * from './network.js';
export * from './optimizer.js';
export type { OptimizerDefinition, UpdateContext } from './optimizers/definition.js';
export type * from './optimizers/registry.js';
export * from './parameters.js';
export * from './pass-memory.js';
export * from './random.js';
export * from './schedule.js';
export * from './select.js';
export * from './step.js';
export * from './train.js';
export * from './trainer.js';
export * from './workspace.js';
