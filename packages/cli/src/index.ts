// @deltaml/cli: the `deltaml` command, and the backend registry its benchmark and the support
// matrix share.

export * from './backends.js';
export { main } from './main.js';
export { createProgram } from './program.js';
