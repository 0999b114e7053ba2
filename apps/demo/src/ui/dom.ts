// A few lines of DOM building so the panels read as markup: h('div', { class: 'x' }, child, …).

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A matrix as a table of formatted numbers. */
export function matrixTable(
  m: readonly (readonly number[])[],
  format: (x: number) => string,
  cls = '',
): HTMLTableElement {
  return h(
    'table',
    { class: `matrix ${cls}` },
    h(
      'tbody',
      {},
      ...m.map((row) => h('tr', {}, ...row.map((x) => h('td', { title: String(x) }, format(x))))),
    ),
  );
}

/** A table of results: one header row of column names, then the given rows. */
export function resultsTable(
  columns: readonly string[],
  rows: readonly Node[],
  cls = 'results',
): HTMLTableElement {
  return h(
    'table',
    { class: cls },
    h('thead', {}, h('tr', {}, ...columns.map((name) => h('th', {}, name)))),
    h('tbody', {}, ...rows),
  );
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
