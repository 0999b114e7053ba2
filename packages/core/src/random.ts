// Seeded, platform-independent randomness: the same seed gives the same initial weights and
// the same shuffles on every backend and every machine, and a generator's state can be saved
// and restored so that a resumed run shuffles exactly as the uninterrupted one.

import { InputError } from './errors.js';

/**
 * The largest seed: seeds are whole numbers 0 … 2³² − 1 (a larger one is refused, never truncated),
 * the one range the library, the command line and the playground accept.
 */
export const MAX_SEED = 2 ** 32 - 1;

/** mulberry32: a small, fast 32-bit generator whose whole state is one uint32. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new InputError(`seed is ${seed}; it must be a whole number 0 … ${MAX_SEED}`);
    }
    this.#state = seed;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The generator's state, to save and restore. */
  get state(): number {
    return this.#state;
  }

  set state(value: number) {
    this.#state = value >>> 0;
  }
}

/** A seeded generator as a function returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** Fisher–Yates shuffle of 0..n-1 driven by `random`. */
export function shuffledIndices(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
