// @deltaml/backends: the catalogue of deltaml's backends, which the CLI, the support matrix and
// the playground read.

export * from './catalogue.js';
