// Decimal numbers without strings: the arithmetic of the CSV reader's fast path (issue #21). A
// cell's digits arrive as an integer mantissa and a power of ten; the answer is given only where
// it is provably the double that `Number(text)` gives, bit for bit: at most 15 significant digits
// (an integer below 2^53, so held exactly) and a power of ten up to 10^22 (also exact), where one
// IEEE multiplication or division rounds correctly (Clinger's fast path). Elsewhere NaN, which a
// decimal never is: the caller then reads the cell as text, with the full checks and messages.

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const EXACT_POWERS = new Float64Array(23).map((_, k) => 10 ** k);
/** Significant digits an exact integer mantissa can have: 10^15 < 2^53. */
const EXACT_DIGITS = 15;

/** An exponent beyond any double's: a longer exponent stops growing there, so it cannot overflow. */
export const EXPONENT_CAP = 100_000;

/**
 * ±mantissa × 10^exponent, where `mantissa` was read from `digits` significant decimal digits:
 * exactly `Number` of the text it came from, or NaN where that cannot be had this way.
 */
export function exactDecimal(negative: boolean, mantissa: number, digits: number, exponent: number): number {
  let value: number;
  if (mantissa === 0) value = 0;
  else if (digits > EXACT_DIGITS) return Number.NaN;
  else if (exponent >= 0 && exponent < EXACT_POWERS.length) value = mantissa * EXACT_POWERS[exponent];
  else if (exponent < 0 && -exponent < EXACT_POWERS.length) value = mantissa / EXACT_POWERS[-exponent];
  else return Number.NaN;
  return negative ? -value : value;
}
