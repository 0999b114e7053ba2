// What a class label in a data file means, decided once for `train`, `eval`, `predict` and the
// library (docs/contract.md, "Data file"): a label is read without the spaces around it; it is a
// class index when it is a plain decimal number, unless the model's own class names look like
// numbers (a model imported from scikit-learn with classes 2, 1, 0), in which case every label is
// a name. Any other text is a class name.

/** A plain decimal number: digits, an optional fraction and exponent; no hex, binary, Infinity. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `text` is a plain decimal number as it stands (`2`, `-1`, `.5`, `1e3`; not ` 1`, `0x10` or `Infinity`): the data file's notation. */
export function isPlainDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** Whether `text`, without the spaces around it, is a plain decimal number (`2`, `-1`, `0.5`, `1e3`). */
export function looksLikeNumber(text: string): boolean {
  return isPlainDecimal(text.trim());
}

/** What one label means: a class index as written, or a class name (with its index when the model has that name). */
export type LabelMeaning =
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'name'; readonly name: string; readonly index: number | undefined };

/** The rule for reading the labels of one data file against a model's class names (or none). */
export class LabelRule {
  /** every label is a class name: the model's names include one that looks like a number */
  readonly namesOnly: boolean;
  readonly #indexOf: ReadonlyMap<string, number>;

  /** `classes`: the model's class names in index order, when it has them. */
  constructor(readonly classes?: readonly string[]) {
    this.namesOnly = classes?.some(looksLikeNumber) ?? false;
    this.#indexOf = new Map((classes ?? []).map((name, i) => [name.trim(), i]));
  }

  /**
   * What the label `text` means. An index is returned as written (the caller checks its range);
   * a name carries the model's index for it, or undefined when the model has no such class.
   */
  read(text: string): LabelMeaning {
    const trimmed = text.trim();
    if (!this.namesOnly && DECIMAL.test(trimmed)) return { kind: 'index', index: Number(trimmed) };
    return { kind: 'name', name: trimmed, index: this.#indexOf.get(trimmed) };
  }
}
