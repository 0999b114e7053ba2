// @deltaml/bench/tfjs: the idiomatic-tfjs peers, apart from the rest so that TensorFlow.js loads
// only where a peer runs.

export * from './peer.js';
