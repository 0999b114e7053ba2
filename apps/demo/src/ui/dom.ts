// A few lines of DOM building so the panels read as markup: h('div', { class: 'x' }, child, …).

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/** Creates an element with attributes (`on…` functions become listeners) and children. */
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

/** Appends children, skipping null, undefined and false. */
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

/** A matrix as a table of formatted numbers, with header cells naming its rows and columns. */
export function matrixTable(
  m: readonly (readonly number[])[],
  format: (x: number) => string,
  names: { readonly rows: readonly string[]; readonly cols: readonly string[]; readonly caption: string },
  cls = '',
): HTMLTableElement {
  return h(
    'table',
    { class: `matrix ${cls}` },
    h('caption', { class: 'visually-hidden' }, names.caption),
    h('thead', {}, h('tr', {}, h('td', {}), ...names.cols.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...m.map((row, i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, names.rows[i]),
          ...row.map((x) => h('td', { 'data-value': x }, format(x))),
        ),
      ),
    ),
  );
}

/**
 * Runs `render`, which replaces children of `container`, and puts the focus back on the element
 * with the same `data-focus` it was on, so a keyboard or screen-reader user stays where they were.
 */
export function keepFocus(container: Element, render: () => void): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && container.contains(active) ? active.dataset.focus : undefined;
  render();
  if (id) container.querySelector<HTMLElement>(`[data-focus="${CSS.escape(id)}"]`)?.focus();
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

/**
 * Text in the worked example's notation as HTML: `x_{ab}` and `x_a` become subscripts, `x^{ab}`
 * and `x^a` superscripts (`∂L/∂W_{l+1}` → ∂L/∂W<sub>l+1</sub>), everything else stays text.
 */
export function formula(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const pattern = /([_^])(\{[^}]*\}|[^\s{}()·,.=+−\-/])/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.append(text.slice(last, match.index));
    const body = match[2].startsWith('{') ? match[2].slice(1, -1) : match[2];
    out.append(h(match[1] === '_' ? 'sub' : 'sup', {}, formula(body)));
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

/** A results row for a backend that failed: its name, then the error across the other `columns` cells. */
export function failedRow(backend: string, columns: number, error: unknown): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-backend': backend },
    h('th', { scope: 'row' }, backend),
    h('td', { colspan: columns, class: 'fail' }, messageOf(error)),
  );
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure to read the file `name`, said with its name first (once, whether or not the message names it). */
export function fileFailure(name: string, error: unknown): string {
  const message = messageOf(error);
  return message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
}

/** A status line under a control, saying what it last did; read out as it changes. */
export function messageLine(id?: string): HTMLParagraphElement {
  return h('p', { id, class: 'message', role: 'status', 'aria-live': 'polite' });
}

/** What a hidden file picker is: its id, the files it offers, its accessible name. */
export interface FilePickerOptions {
  readonly id: string;
  readonly accept: string;
  readonly label: string;
}

/**
 * A hidden file picker (a button opens it with `click()`) that hands each chosen file to `chosen`,
 * then forgets it, so that the same file can be chosen again.
 */
export function filePicker(options: FilePickerOptions, chosen: (file: File) => void): HTMLInputElement {
  const input = h('input', {
    id: options.id,
    type: 'file',
    accept: options.accept,
    'aria-label': options.label,
    hidden: true,
    onchange: () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) chosen(file);
    },
  });
  return input;
}

/** Shows `text` on a message line under a control, marked as an error or not. */
export function say(line: HTMLElement, text: string, error: boolean): void {
  line.textContent = text;
  line.classList.toggle('error', error);
}
