// How numbers appear on the page: matrix entries truncated the way the worked example prints them,
// differences in scientific notation, bytes and milliseconds. Pure functions, unit-tested.

/**
 * A value within this many units of the last printed decimal of a whole step is taken as that
 * step before truncating: float32 holds 0.458 as 0.45799998, which the worked example means as
 * 0.458, not 0.4579 (1e-3 of a 4th-decimal unit is 1e-7, float32's relative precision).
 */
const TRUNCATION_GUARD = 1e-3;

/**
 * x truncated toward zero to `decimals` decimals, as the worked example prints its values
 * (Y_out = 0.09855… prints as 0.0985), trailing zeros dropped; −0 prints as 0.
 */
export function formatTruncated(x: number, decimals = 4): string {
  if (!Number.isFinite(x)) return String(x);
  const scaled = x * 10 ** decimals;
  const nearest = Math.round(scaled);
  const units = Math.abs(scaled - nearest) < TRUNCATION_GUARD ? nearest : Math.trunc(scaled);
  if (units === 0) return '0';
  return (units / 10 ** decimals).toFixed(decimals).replace(/\.?0+$/, '');
}

/** A number in a worked computation: up to 4 significant decimals, trailing zeros dropped. */
export function formatTerm(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e5) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** A matrix entry: 4 decimals like the worked example prints, more when the value is tiny but not zero. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < 1e-3 || abs >= 1e5) return x.toExponential(3);
  return x.toFixed(4);
}

/** A loss: 5 decimals like the worked example's 0.49161. */
export function formatLoss(x: number): string {
  return Number.isFinite(x) ? x.toFixed(5) : String(x);
}

/** A |difference|: `0` when exact, else 2 significant digits in scientific notation. */
export function formatDiff(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  return x === 0 ? '0' : x.toExponential(1);
}

/** Bytes as B / KiB / MiB with one decimal above 1 KiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A duration in milliseconds with 3 significant digits (µs below 0.1 ms). */
export function formatMs(ms: number): string {
  if (ms < 0.1) return `${(ms * 1000).toPrecision(3)} µs`;
  return `${ms.toPrecision(3)} ms`;
}

/** The largest |a − b| over two matrices of the same shape. */
export function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let max = 0;
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      const d = Math.abs(x - b[i][j]);
      max = Number.isNaN(d) || d > max ? d : max;
    }),
  );
  return max;
}
