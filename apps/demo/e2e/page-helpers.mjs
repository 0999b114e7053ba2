// What the end-to-end checks share: an assertion, and reading and waiting on the page's elements
// (the Train status line's data attributes above all).
// @ts-check (the demo's `typecheck` covers this file: JSDoc types, see tsconfig.json)

/** @typedef {import('playwright-core').Page} Page */

/**
 * @param {unknown} condition
 * @param {string} message
 * @returns {asserts condition}
 */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * The Train status line's data attributes and text.
 * @param {Page} page
 * @returns {Promise<Record<string, string | undefined> & { text: string }>}
 */
export async function trainStatus(page) {
  return page.$eval('#train-status', (el) => ({
    .../** @type {HTMLElement} */ (el).dataset,
    text: el.textContent ?? '',
  }));
}

/**
 * An element's text ('' when it has none).
 * @param {Page} page
 * @param {string} selector
 */
export async function textOf(page, selector) {
  return (await page.textContent(selector)) ?? '';
}

/**
 * An element's attribute ('' when it has none).
 * @param {Page} page
 * @param {string} selector
 * @param {string} name
 */
export async function attributeOf(page, selector, name) {
  return (await page.getAttribute(selector, name)) ?? '';
}

/**
 * Waits until `test` (run in the page, usually on the Train status's dataset) holds.
 * @param {Page} page
 * @param {(arg: any) => boolean} test
 * @param {unknown} [arg] what `test` is given
 * @param {number} [timeout] ms
 */
export async function waitForTrain(page, test, arg, timeout = 20_000) {
  await page.waitForFunction(test, arg, { timeout, polling: 50 });
}
