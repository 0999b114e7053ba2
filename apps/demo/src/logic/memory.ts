// Exercise 4 made visible: the bytes the forward cache holds on the backend under each cache
// policy, measured as backend.memory().bytes after core's forward minus before.

import {
  allIndices,
  type Backend,
  type CachePolicy,
  forward,
  type Matrix,
  Network,
  uploadBatch,
  uploadRows,
} from '@deltaml/core';
import { type Exercise2Problem, problemModel } from './exercise2-problem.js';
import type { Trainer } from './trainer.js';

/** Bytes that core's forward pass keeps for the backward pass of `network` on X under `policy`. */
export function forwardCacheBytes(network: Network, X: Matrix, policy: CachePolicy): number {
  const before = network.backend.memory().bytes;
  const cache = forward(network, X, policy);
  try {
    return network.backend.memory().bytes - before;
  } finally {
    cache.dispose();
  }
}

export interface CacheMemory {
  readonly all: number;
  readonly preactivations: number;
}

/** The forward cache's bytes under both policies, for the same network and batch. */
export function compareCachePolicies(network: Network, X: Matrix): CacheMemory {
  return {
    all: forwardCacheBytes(network, X, 'all'),
    preactivations: forwardCacheBytes(network, X, 'preactivations'),
  };
}

/** Both policies for the Exercise 2 network on its own batch X. */
export function exercise2CacheMemory(backend: Backend, problem: Exercise2Problem): CacheMemory {
  const network = Network.fromModel(backend, problemModel(problem));
  const X = uploadRows(backend, problem.X, 'X');
  try {
    return compareCachePolicies(network, X);
  } finally {
    backend.dispose(X);
    network.dispose();
  }
}

/** Both policies for a trainer's network on its first `count` examples (one mini-batch, or all). */
export function trainerCacheMemory(trainer: Trainer, count: number): CacheMemory {
  const batch = uploadBatch(trainer.backend, trainer.data, allIndices(Math.min(count, trainer.data.count)));
  try {
    return compareCachePolicies(trainer.network, batch.X);
  } finally {
    batch.dispose();
  }
}
