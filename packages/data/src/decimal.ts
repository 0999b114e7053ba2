// Decimal numbers without strings: the arithmetic of the CSV reader's fast path (issue #21). A
// cell's digits arrive as an integer mantissa and a power of ten; the answer is given only where
// it is provably the double that `Number(text)` gives, bit for bit: a mantissa below 2^53 (so
// every step of its accumulation was exact: a larger one never rounds back below 2^53) and a
// power of ten up to 10^22 (also exact), where one IEEE multiplication or division rounds
// correctly (Clinger's fast path). Elsewhere NaN, which a decimal never is: the caller then reads
// the cell as text, with the full checks and messages. Such a number is also always within
// float32's range: below 2^53 × 10^22 ≈ 9e37 < 3.4e38.

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const EXACT_POWERS = new Float64Array(23).map((_, k) => 10 ** k);
/** The mantissas held exactly: below 2^53. */
const EXACT_MANTISSA = 2 ** 53;

/** An exponent beyond any double's: a longer exponent stops growing there, so it cannot overflow. */
export const EXPONENT_CAP = 100_000;

/**
 * ±mantissa × 10^exponent, where `mantissa` was accumulated digit by digit as `m * 10 + d`:
 * exactly `Number` of the text it came from, or NaN where that cannot be had this way.
 */
export function exactDecimal(negative: boolean, mantissa: number, exponent: number): number {
  if (!(mantissa < EXACT_MANTISSA)) return Number.NaN;
  let value: number;
  if (exponent >= 0) {
    if (exponent >= EXACT_POWERS.length) return mantissa === 0 ? (negative ? -0 : 0) : Number.NaN;
    value = mantissa * EXACT_POWERS[exponent];
  } else {
    if (-exponent >= EXACT_POWERS.length) return mantissa === 0 ? (negative ? -0 : 0) : Number.NaN;
    value = mantissa / EXACT_POWERS[-exponent];
  }
  return negative ? -value : value;
}
