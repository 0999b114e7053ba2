// Where a list of numbers first leaves ±limit (or is not a number): the one value check that
// uploads (checked-backend.ts) and datasets (dataset.ts) make before anything runs. Internal to
// core: not exported from the package.

import type { FloatArray } from './backend.js';

/** The index of the first value of `data` that is not a number within ±limit, or −1. */
export function firstOutside(data: ArrayLike<number>, limit: number): number {
  for (let i = 0; i < data.length; i++) if (!(data[i] >= -limit && data[i] <= limit)) return i;
  return -1;
}

/**
 * firstOutside for a Float32Array or Float64Array, as every dataset and every batch a run uploads
 * is: a function of its own, so that its loop stays specialised to them (the one that also sees
 * plain arrays and array-likes runs about 7× slower per value).
 */
export function firstOutsideTyped(data: FloatArray, limit: number): number {
  for (let i = 0; i < data.length; i++) if (!(data[i] >= -limit && data[i] <= limit)) return i;
  return -1;
}
