// What the end-to-end checks add to the page's window (checks.mjs): axe-core, injected as a
// script, and the long tasks and long animation frames their observers collect while training.

import type axe from 'axe-core';

declare global {
  interface Window {
    axe: typeof axe;
    __longTasks: number[];
    __frames: string[];
  }
}
