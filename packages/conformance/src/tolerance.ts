// Named tolerances, and the one comparison every check uses: |got − want| ≤ abs + rel·|want|,
// where NaN never equals anything and an infinity only equals the same infinity.

/** How close a value must be: |got − want| ≤ abs + rel·|want|; `name` says where the bound comes from. */
export interface Tolerance {
  readonly name: string;
  readonly abs: number;
  readonly rel: number;
}

/**
 * float32 backends against the float64 reference (CONTRACT.md): a float32 carries ~7 significant
 * digits (ε = 1.2e-7) and a product of K terms accumulates up to ~K·ε relative error, so 1e-4
 * relative covers K in the hundreds; 1e-5 absolute covers values that cancel to near zero.
 */
export const FLOAT32: Tolerance = { name: 'float32 vs float64 reference', abs: 1e-5, rel: 1e-4 };

/** The seed prints its values truncated to 4 decimals, so a printed value is within 1e-4 of the truth. */
export const SEED_PRINTED: Tolerance = { name: 'seed value truncated to 4 decimals', abs: 1e-4, rel: 0 };

/**
 * Analytic gradient against central finite differences of the float64 reference loss
 * (step h = 1e-6: truncation error O(h²) ≈ 1e-12, rounding error ≈ ε/h ≈ 1e-10), compared with a
 * float32 backend's gradient, so the float32 tolerance dominates.
 */
export const FINITE_DIFFERENCES: Tolerance = { name: 'finite differences (h = 1e-6)', abs: 2e-5, rel: 2e-4 };

/** The same numbers: a view and a copy of one matrix, a state saved and restored. */
export const EXACT: Tolerance = { name: 'exact', abs: 0, rel: 0 };

/** Whether `got` is within `tol` of `want`; NaN is never close, an infinity only to the same infinity. */
export function isClose(got: number, want: number, tol: Tolerance): boolean {
  if (Number.isNaN(got) || Number.isNaN(want)) return false;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tol.abs + tol.rel * Math.abs(want);
}

/** The first index where two lists differ beyond `tol`, with a message; null when they agree. */
export function firstMismatch(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: Tolerance,
  what: string,
): string | null {
  if (got.length !== want.length) return `${what}: got ${got.length} values, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!isClose(got[i], want[i], tol)) {
      return `${what}[${i}]: got ${got[i]}, expected ${want[i]} (|diff| ${Math.abs(got[i] - want[i]).toExponential(2)} > ${tol.name}: ${tol.abs} + ${tol.rel}·|x|)`;
    }
  }
  return null;
}
