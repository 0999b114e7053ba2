// How numbers appear on the page: matrix entries beside the seed's 4-decimal values, differences
// in scientific notation, bytes and milliseconds. Pure functions, unit-tested.

/** A matrix entry: 4 decimals like the seed prints, more when the value is tiny but not zero. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs < 1e-3 || abs >= 1e5) return x.toExponential(3);
  return x.toFixed(4);
}

/** A loss: 5 decimals like the seed's 0.49161. */
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
