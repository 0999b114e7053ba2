// The input features the Train panel can feed the network, as TensorFlow Playground offers them:
// the coordinates x₁, x₂ and the derived x₁², x₂², x₁x₂, sin x₁, sin x₂. The grid of the heat
// maps goes through the same table, so the network always sees what it was trained on.

/** The name of an input feature. */
export type FeatureName = 'x1' | 'x2' | 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';

/** One feature: its label on the page and how it is computed from a point (x₁, x₂). */
export interface Feature {
  readonly label: string;
  readonly compute: (x1: number, x2: number) => number;
}

/** Every feature, in the order the page lists them. */
export const FEATURES: { readonly [K in FeatureName]: Feature } = {
  x1: { label: 'x₁', compute: (x1) => x1 },
  x2: { label: 'x₂', compute: (_x1, x2) => x2 },
  x1sq: { label: 'x₁²', compute: (x1) => x1 * x1 },
  x2sq: { label: 'x₂²', compute: (_x1, x2) => x2 * x2 },
  x1x2: { label: 'x₁x₂', compute: (x1, x2) => x1 * x2 },
  sinx1: { label: 'sin x₁', compute: (x1) => Math.sin(x1) },
  sinx2: { label: 'sin x₂', compute: (_x1, x2) => Math.sin(x2) },
};

/** Every feature name. */
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

/** Whether `name` names a feature. */
export function isFeatureName(name: string): name is FeatureName {
  return Object.hasOwn(FEATURES, name);
}

/** Computes every chosen feature of every point (stored as (x₁, x₂) pairs) into the entry `at(n, k)` says. */
function featureMatrix(
  points: ArrayLike<number>,
  features: readonly FeatureName[],
  at: (n: number, k: number, count: number) => number,
): Float64Array {
  const count = points.length / 2;
  const out = new Float64Array(count * features.length);
  for (let n = 0; n < count; n++) {
    const x1 = points[2 * n];
    const x2 = points[2 * n + 1];
    features.forEach((f, k) => {
      out[at(n, k, count)] = FEATURES[f].compute(x1, x2);
    });
  }
  return out;
}

/**
 * The chosen features of every point, one row per point (row-major, `features.length` columns),
 * from points stored as (x₁, x₂) pairs.
 */
export function featureRows(points: ArrayLike<number>, features: readonly FeatureName[]): Float64Array {
  return featureMatrix(points, features, (n, k) => n * features.length + k);
}

/** The same features as columns, one per point: X = d_0 × M row-major, the layout a batch has. */
export function featureColumns(points: ArrayLike<number>, features: readonly FeatureName[]): Float64Array {
  return featureMatrix(points, features, (n, k, count) => k * count + n);
}
