// The toy datasets of the Train panel — XOR, two moons, circles, spiral — generated from core's
// seededRandom, so the same random seed gives the same points on every machine and in every test.

import { seededRandom } from '@deltaml/core';

/** The name of a toy dataset. */
export type ToyName = 'xor' | 'moons' | 'circles' | 'spiral';

/** Every toy dataset, in the order the picker lists them. */
export const TOY_NAMES: readonly ToyName[] = ['xor', 'moons', 'circles', 'spiral'];

/** 2-D points with class labels 0 … classes−1: a toy dataset, or one loaded from a data file. */
export interface PointSet {
  readonly classes: number;
  /** the class names, in index order, when the data file named its classes */
  readonly classNames?: readonly string[];
  /** x_n = (points[2n], points[2n+1]) */
  readonly points: Float64Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** A generated toy dataset. */
export interface ToyDataset extends PointSet {
  readonly name: ToyName;
}

/** How many points, how noisy, and the random seed. */
export interface ToyOptions {
  readonly count?: number;
  readonly noise?: number;
  readonly seed?: number;
}

/** A standard normal sample from two uniforms (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log stays finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

type Sampler = (n: number, random: () => number, noise: number) => [x: number, y: number, label: number];

const samplers: Record<ToyName, { classes: number; noise: number; sample: Sampler }> = {
  // four clusters in the quadrants, kept 0.1 away from the axes: label 1 when x and y have the same sign
  xor: {
    classes: 2,
    noise: 0,
    sample: (_n, random) => {
      const x = (random() < 0.5 ? -1 : 1) * (0.1 + 0.9 * random());
      const y = (random() < 0.5 ? -1 : 1) * (0.1 + 0.9 * random());
      return [x, y, x * y > 0 ? 1 : 0];
    },
  },
  // two interleaved half circles (the upper one centred at the origin, the lower one shifted)
  moons: {
    classes: 2,
    noise: 0.1,
    sample: (n, random, noise) => {
      const label = n % 2;
      const t = Math.PI * random();
      const [x, y] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      // centre the pair on the origin: x ∈ [−1, 2] → [−1.5, 1.5], y ∈ [−0.5, 1] → [−0.75, 0.75]
      return [x - 0.5 + noise * gaussian(random), y - 0.25 + noise * gaussian(random), label];
    },
  },
  // an inner disc of radius ≤ 0.5 (label 0) inside a ring of radius 0.8 … 1.2 (label 1)
  circles: {
    classes: 2,
    noise: 0.05,
    sample: (n, random, noise) => {
      const label = n % 2;
      const r = label === 0 ? 0.5 * Math.sqrt(random()) : 0.8 + 0.4 * random();
      const t = 2 * Math.PI * random();
      return [r * Math.cos(t) + noise * gaussian(random), r * Math.sin(t) + noise * gaussian(random), label];
    },
  },
  // three arms winding out from the centre, one class per arm
  spiral: {
    classes: 3,
    noise: 0.05,
    sample: (n, random, noise) => {
      const label = n % 3;
      const r = random();
      const t = (label * 2 * Math.PI) / 3 + 1.75 * Math.PI * r;
      return [r * Math.cos(t) + noise * gaussian(random), r * Math.sin(t) + noise * gaussian(random), label];
    },
  },
};

/** Generates a toy dataset; the same name, count, noise and random seed always give the same points. */
export function makeToyDataset(name: ToyName, options: ToyOptions = {}): ToyDataset {
  const { classes, noise: defaultNoise, sample } = samplers[name];
  const count = options.count ?? 200;
  const noise = options.noise ?? defaultNoise;
  const random = seededRandom(options.seed ?? 1);
  const points = new Float64Array(2 * count);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const [x, y, label] = sample(n, random, noise);
    points[2 * n] = x;
    points[2 * n + 1] = y;
    labels[n] = label;
  }
  return { name, classes, points, labels, count };
}
